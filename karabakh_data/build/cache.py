"""The cache of per-document results, kept between builds in <out>/.cache."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from pathlib import Path

from ..paths import sha256_file
from .tables import DOC_TABLES, work_schema

CACHE_FORMAT = "2"  # 2: index.json holds the SHA-256 of each table file


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
    files and to the source text it depends on (path and SHA-256), and
    holds each table file's SHA-256: a file changed since (damaged, or
    edited by hand) makes the whole cache unused. The folder is replaced as
    a whole (written beside, renamed once the build has succeeded), so a
    crash or a failed build leaves the old cache, and a damaged one is
    ignored. A release build (`build --package`) reads no cache at all
    (pipeline.py): what ships is read from raw/ alone.
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
                if sha256_file(self.folder / f"{t}.arrow") != index["tables_sha256"][t]:
                    return  # changed since it was written (damaged, or edited by hand): not used
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
        self.prepare(entries, tables, exclusions)
        self.commit()

    def _new(self) -> Path:
        return self.folder.with_name(self.folder.name + ".new")

    def prepare(self, entries: dict, tables: dict, exclusions: dict | None = None) -> None:
        """Write the new cache beside the old one (<dir>.new); commit() puts it in place, once the build has succeeded."""
        if self.folder is None:
            return
        import pyarrow as pa

        tmp = self._new()
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        digests = {}
        for t, tbl in tables.items():
            with pa.OSFile(str(tmp / f"{t}.arrow"), "wb") as sink:
                with pa.ipc.new_file(sink, tbl.schema) as writer:
                    writer.write_table(tbl, max_chunksize=1 << 20)
            digests[t] = sha256_file(tmp / f"{t}.arrow")
        index = {"format": CACHE_FORMAT, "docs": entries, "exclusions": exclusions or {}, "tables_sha256": digests}
        (tmp / "index.json").write_text(json.dumps(index), encoding="utf-8")

    def commit(self) -> None:
        """Replace the cache by the one prepare() wrote, if any."""
        if self.folder is None or not self._new().exists():
            return
        old = self.folder.with_name(self.folder.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if self.folder.exists():
            os.rename(self.folder, old)
        os.rename(self._new(), self.folder)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        """Forget what prepare() wrote: a failed build leaves the cache as it was."""
        if self.folder is not None:
            shutil.rmtree(self._new(), ignore_errors=True)
