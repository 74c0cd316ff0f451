"""The DuckDB file of an incremental build: the last build's file, with the changed documents' rows replaced.

Writing karabakh.duckdb from scratch costs about 0.6 s per 100,000
records, most of an incremental build once the documents come from the
cache. The rows a document gives depend only on the document's bytes, the
bytes of the source text it codes, and the build's code (stages caches
documents on the same rule), so the last build's file can be reused: copy
it, delete the rows of the documents that changed or went, insert those of
the documents that changed or came, and rewrite every table whose rows are
not a document's: the reference tables (actors, places) and the incidents,
whose dates, counts, `disputed` flag and deaths are derived from the claims
of every document (incidents.py). Those tables hold one row per actor,
place or incident, so rewriting them on every update costs little, and no
rule has to say which edit touches which derived column.

What changed is read from the build folder, never from the cache: its
inputs.json records every raw file's SHA-256, the source each document
codes and a digest of the code and libraries that shaped the file. The
last file is reused only when its SHA-256 and that of inputs.json still
match the manifest, the dataset version and the code digest are unchanged, and every
table's row count comes out equal to the new tables'; otherwise, or on any
error, the file is written from scratch. Either way it holds the same rows,
types, comments and views (tests/build/test_incremental.py compares them); only
the physical order of rows differs, as SQL allows: the Parquet files are the
sorted, byte-stable form.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

from ..paths import view_files
from ..schema.registry import DOCUMENT_TABLES, TABLES
from . import output
from .cache import code_version

WHOLE_TABLES = tuple(sorted(set(TABLES) - set(DOCUMENT_TABLES)))
"""Tables rewritten on every update: their rows are not a document's (reference tables, and incidents derived from every claim)."""


def code_digest() -> str:
    """SHA-256 of every module and view of the package and of the libraries' versions: what shapes the file."""
    import duckdb
    import pyarrow
    import pydantic

    package = Path(__file__).resolve().parent.parent
    h = hashlib.sha256(code_version().encode())  # the per-document code and its libraries (PyYAML included)
    for path in sorted([*package.rglob("*.py"), *view_files()]):
        if "__pycache__" not in path.parts:
            h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    h.update(f"duckdb={duckdb.__version__};pyarrow={pyarrow.__version__};pydantic={pydantic.__version__};{sys.version}".encode())
    return h.hexdigest()


def _changed_sources(old: dict, new: dict) -> tuple[set[str], set[str]]:
    """(source ids whose rows go, source ids whose rows come), comparing two manifests' inputs."""
    gone, came = set(), set()
    old_docs, new_docs = old["documents"], new["documents"]
    for rel in old_docs.keys() | new_docs.keys():
        a, b = old_docs.get(rel), new_docs.get(rel)
        same = (
            a is not None
            and b is not None
            and a == b
            and old["files"].get(rel) == new["files"].get(rel)
            and old["files"].get(a["source_file"]) == new["files"].get(b["source_file"])
        )
        if not same:
            gone |= {a["source_id"]} if a else set()
            came |= {b["source_id"]} if b else set()
    return gone, came


def plan(previous: Path, version: str, inputs: dict) -> tuple[set, set, set] | None:
    """(tables to rewrite, source ids to delete, source ids to insert), or None: write from scratch."""
    try:
        manifest = json.loads((previous / output.MANIFEST).read_text(encoding="utf-8"))
        for name in (output.DUCKDB_FILE, output.INPUTS):  # both as that build wrote them
            if output.sha256_file(previous / name) != manifest["files"][name]["sha256"]:
                return None
        old = json.loads((previous / output.INPUTS).read_text(encoding="utf-8"))
        if manifest["dataset_version"] != version or old["code"] != inputs["code"]:
            return None
        rewrite = set(WHOLE_TABLES)
        gone, came = _changed_sources(old, inputs)
    except (OSError, ValueError, KeyError, TypeError):
        return None
    return rewrite, gone, came


def _insert(con, name: str, tbl) -> None:
    con.register("_incoming", tbl)
    try:
        con.execute(f'INSERT INTO "{name}" SELECT * FROM _incoming')
    finally:
        con.unregister("_incoming")


def _apply(path: Path, tables: dict, rewrite: set, gone: set, came: set) -> None:
    import duckdb
    import pyarrow as pa
    import pyarrow.compute as pc

    con = duckdb.connect(str(path))
    try:
        con.execute("SET threads = 1")  # small statements: threads cost more than they give
        for name in sorted(rewrite):
            con.execute(f'DELETE FROM "{name}"')
            _insert(con, name, tables[name])
        if gone:
            con.execute("CREATE TEMP TABLE _gone AS SELECT unnest(?::VARCHAR[]) AS source_id", [sorted(gone)])
            con.execute(
                "DELETE FROM meeting_participants WHERE meeting_id IN (SELECT meeting_id FROM meetings WHERE source_id IN (SELECT source_id FROM _gone))"
            )
            for name, tbl in tables.items():
                if "source_id" in tbl.column_names:
                    con.execute(f'DELETE FROM "{name}" WHERE source_id IN (SELECT source_id FROM _gone)')
        if came:
            ids = pa.array(sorted(came), pa.string())
            for name, tbl in tables.items():
                if "source_id" in tbl.column_names:
                    _insert(con, name, tbl.filter(pc.is_in(tbl.column("source_id"), value_set=ids)))
            meetings = tables["meetings"].filter(pc.is_in(tables["meetings"].column("source_id"), value_set=ids))
            mp = tables["meeting_participants"]
            _insert(con, "meeting_participants", mp.filter(pc.is_in(mp.column("meeting_id"), value_set=meetings.column("meeting_id").combine_chunks())))
        for name, tbl in tables.items():
            n = con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0]
            if n != tbl.num_rows:
                raise RuntimeError(f"{name}: {n} rows after the update, {tbl.num_rows} expected")
        con.execute("CHECKPOINT")
    finally:
        con.close()


def write(tables: dict, path: Path, view_files: list[Path], previous: Path | None, version: str, inputs: dict | None) -> str:
    """Write the DuckDB file at path, from previous/karabakh.duckdb when it can be reused; say which way."""
    steps = plan(previous, version, inputs) if previous is not None and inputs else None
    if steps is not None:
        try:
            shutil.copyfile(previous / output.DUCKDB_FILE, path)
            _apply(path, tables, *steps)
            return "updated"
        except Exception:  # noqa: BLE001 - any surprise in the old file: write it whole, as a full build does
            path.unlink(missing_ok=True)
    output.write_duckdb(tables, path, view_files)
    return "written"
