"""The cache of per-document results, kept between builds in <out>/.cache."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

from .columns import DOC_TABLES, work_schema

CACHE_FORMAT = "1"


def code_version() -> str:
    """Changes whenever anything that shapes a document's result may change."""
    import pyarrow
    import pydantic
    import pydantic_core
    import yaml

    h = hashlib.sha256(CACHE_FORMAT.encode())
    package = Path(__file__).resolve().parent.parent
    for path in _code_files():
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for mod in (pydantic, pydantic_core, yaml, pyarrow):
        h.update(f"{mod.__name__}={getattr(mod, '__version__', '?')};".encode())
    h.update(sys.version.encode())
    return h.hexdigest()


def _code_files() -> list[Path]:
    """Every file of the build/ and schema/ folders, and the shared paths module: the code a document's result may depend on.

    Their bytes are part of every cache key, so a change to any of them
    invalidates the cache, while a change elsewhere in the package (the
    readers, the CLI, the plots, the release tools) does not. Whole folders
    rather than the modules the worker happens to import: nothing to keep
    in step when an import moves.
    """
    package = Path(__file__).resolve().parent.parent
    files = [package / "paths.py"]
    for folder in ("build", "schema"):
        files += [p for p in (package / folder).rglob("*.py") if "__pycache__" not in p.parts]
    return sorted(files)


def doc_key(code: str, display: str, digest: str) -> str:
    return hashlib.sha256(f"{code}\0{display}\0{digest}".encode()).hexdigest()


class Cache:
    """Per-document results kept between builds: <dir>/index.json and one Arrow file per table.

    index.json maps each document's key to its row ranges in the table
    files and to the source text it depends on (path and SHA-256). The
    folder is replaced as a whole (write beside, then rename), so a crash
    leaves the old cache or the new one, and a damaged cache is ignored.
    """

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder else None
        self.index: dict = {}
        self.tables: dict = {}
        self.exclusions: dict = {}  # key of an exclusions file -> its entries [sentence, reason, line]
        if self.folder is None:
            return
        try:
            index = json.loads((self.folder / "index.json").read_text(encoding="utf-8"))
            if index.get("format") != CACHE_FORMAT:
                return
            import pyarrow as pa

            tables = {}
            for t in DOC_TABLES:
                with pa.memory_map(str(self.folder / f"{t}.arrow")) as src:
                    tables[t] = pa.ipc.open_file(src).read_all()
                if tables[t].schema != work_schema(t):
                    return
            self.index, self.tables = index["docs"], tables
            self.exclusions = index.get("exclusions", {})
        except (OSError, ValueError, KeyError, TypeError):
            self.index, self.tables = {}, {}

    def lookup(self, key: str, file_sha256) -> dict | None:
        """The entry of a document, if its source text is still the one it was checked with."""
        entry = self.index.get(key)
        if entry is None:
            return None
        if file_sha256(entry["source_file"]) != entry["source_sha256"]:
            return None
        return entry

    def save(self, entries: dict, tables: dict, exclusions: dict | None = None) -> None:
        """Write a new cache: entries (key -> entry with row offsets) for the rows of tables."""
        if self.folder is None:
            return
        import pyarrow as pa

        tmp = self.folder.with_name(self.folder.name + ".new")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        for t, tbl in tables.items():
            with pa.OSFile(str(tmp / f"{t}.arrow"), "wb") as sink:
                with pa.ipc.new_file(sink, tbl.schema) as writer:
                    writer.write_table(tbl, max_chunksize=1 << 20)
        (tmp / "index.json").write_text(json.dumps({"format": CACHE_FORMAT, "docs": entries, "exclusions": exclusions or {}}), encoding="utf-8")
        old = self.folder.with_name(self.folder.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if self.folder.exists():
            os.rename(self.folder, old)
        os.rename(tmp, self.folder)
        shutil.rmtree(old, ignore_errors=True)
