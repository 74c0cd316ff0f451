"""Stage 4 of the build: write Parquet, DuckDB and the manifest, atomically.

Everything is written to a fresh staging folder beside the target; only
when every file is complete does the staging folder replace the target, by
an atomic exchange of the two directories (renameat2 RENAME_EXCHANGE) where
the kernel offers it, else by two renames with recovery. A crash or a failed
check therefore leaves the last good build in place.

One build writes a folder at a time (folders_locked): two builds writing
the same staging folder would mix their files. The lock is an advisory
lock (flock) on the folder itself, so no lock file is left behind and a
killed build releases it with its process. A second build refuses at once,
with one line; it never waits on a build that may run for minutes. Where
the system has no flock (Windows), there is no lock.

An incremental build's DuckDB file is the last build's with only the changed
documents' rows replaced (update_duckdb, at the end of this module).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import shutil
import sys
from collections.abc import Callable
from pathlib import Path

from ..paths import DUCKDB_FILE, INPUTS, MANIFEST, recover, sha256_file, view_files  # noqa: F401  (output.MANIFEST... for the build's modules)
from ..schema.registry import DOCUMENT_TABLES, TABLES
from .problems import BuildStopped

PARQUET_OPTIONS = dict(compression="zstd", compression_level=9, use_dictionary=True, write_statistics=True)


def write_parquet(arrow_tables: dict, folder: Path, after_file: Callable | None = None) -> None:
    """One Parquet file per table; after_file(path) is called after each, in table order (tests inject crashes).

    The files are encoded by two threads (pyarrow releases the GIL); each
    file's bytes depend only on its table, so the order of work changes nothing.
    """
    from concurrent.futures import ThreadPoolExecutor

    import pyarrow.parquet as pq

    def write(name: str) -> Path:
        pq.write_table(arrow_tables[name], folder / f"{name}.parquet", **PARQUET_OPTIONS)
        return folder / f"{name}.parquet"

    with ThreadPoolExecutor(max_workers=2, thread_name_prefix="write-parquet") as pool:
        for done in [pool.submit(write, name) for name in arrow_tables]:
            path = done.result()
            if after_file:
                after_file(path)


def write_duckdb(arrow_tables: dict, path: Path, view_files: list[Path]) -> None:
    """A DuckDB database with every table and every view of sql/views/."""
    import duckdb

    from ..schema.table_specs import TABLES  # here, not at the top: access and the CLI import this module and need no Pydantic

    con = duckdb.connect(str(path))
    try:
        con.execute("SET threads = 1")  # the Parquet files are written by two threads meanwhile: more would only contend
        for name, tbl in arrow_tables.items():
            con.register("_incoming", tbl)
            con.execute(f'CREATE TABLE "{name}" AS SELECT * FROM _incoming')
            con.unregister("_incoming")
            con.execute(f"COMMENT ON TABLE \"{name}\" IS '{TABLES[name].description.replace(chr(39), chr(39) * 2)}'")
        for view in view_files:
            con.execute(view.read_text(encoding="utf-8"))
        con.execute("CHECKPOINT")
    finally:
        con.close()


def write_inputs(folder: Path, inputs: dict) -> None:
    """inputs.json (build folder only): every raw file's SHA-256, the source each records file codes, a digest of the code.

    What the build was made from, file by file; the next build compares it
    to reuse this folder's DuckDB file (update_duckdb, below). Apart from the
    manifest, which readers load on every call and which it would swell (a
    line per raw file: 30,000 at a million records).
    """
    (folder / INPUTS).write_text(json.dumps(inputs, indent=1, sort_keys=True) + "\n", encoding="utf-8")


def write_manifest(folder: Path, version: str, rows: dict, inputs_sha256: str) -> dict:
    """Row counts and SHA-256 of every file of the folder (the manifest excepted)."""
    files = {}
    for path in sorted(folder.iterdir()):
        if path.name != MANIFEST:
            files[path.name] = {"sha256": sha256_file(path), "bytes": path.stat().st_size}
    manifest = {
        "dataset": "karabakh-data",
        "dataset_version": version,
        "raw_sha256": inputs_sha256,
        "tables": {name: {"file": f"{name}.parquet", "rows": n} for name, n in sorted(rows.items())},
        "files": files,
    }
    (folder / MANIFEST).write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return manifest


def staging_dir_of(target: Path) -> Path:
    return target.with_name(f".{target.name}.staging")


def staging_dir(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    stage = staging_dir_of(target)
    if stage.exists():
        shutil.rmtree(stage)
    stage.mkdir()
    return stage


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two directories (Linux renameat2); False if unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _fsync(folder: Path, files: bool = True) -> None:
    """Flush every file of folder (if files), and the folder itself, to disk."""
    for path in sorted(folder.iterdir()) if files else []:
        if path.is_file():
            with open(path, "rb") as f:
                os.fsync(f.fileno())
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:  # directories cannot be opened on some systems
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def swap_in(stage: Path, target: Path) -> None:
    """Replace target by stage so that readers see the old or the new, never a mix."""
    _fsync(stage)
    recover(target)
    if target.exists() and _exchange(stage, target):
        _fsync(target.parent, files=False)  # the exchange itself, on disk
        shutil.rmtree(stage)
        return
    old = target.with_name(f".{target.name}.previous")
    if target.exists():
        os.rename(target, old)
    os.rename(stage, target)
    _fsync(target.parent, files=False)
    shutil.rmtree(old, ignore_errors=True)


@contextlib.contextmanager
def folders_locked(folders: list[Path]):
    """Hold the lock of every folder (each once, created if missing) while the block runs; BuildStopped if another build holds one."""
    try:
        import fcntl
    except ImportError:  # no flock on this system
        yield
        return
    fds = []
    try:
        for folder in sorted({Path(f).resolve() for f in folders}):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                fd = os.open(folder, os.O_RDONLY)
            except OSError as err:
                raise BuildStopped(f"cannot write {folder}: {(err.strerror or str(err)).lower()} (nothing was written)") from None
            fds.append(fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BuildStopped(f"another build is writing {folder} now; run this one when it has finished (nothing was written)") from None
        yield
    finally:
        for fd in fds:
            os.close(fd)  # closing releases the lock


# The DuckDB file of an incremental build: the last build's file, with the changed documents' rows replaced.
#
# Writing karabakh.duckdb from scratch costs about 0.6 s per 100,000
# records, most of an incremental build once the documents come from the
# cache. The rows a document gives depend only on the document's bytes, the
# bytes of the source text it codes, and the build's code (stages caches
# documents on the same rule), so the last build's file can be reused: copy
# it, delete the rows of the documents that changed or went, insert those of
# the documents that changed or came, and rewrite every table whose rows are
# not a document's: the reference tables (actors, places) and the incidents,
# whose dates, counts, `disputed` flag and deaths are derived from the claims
# of every document (incidents.py). Those tables hold one row per actor,
# place or incident, so rewriting them on every update costs little, and no
# rule has to say which edit touches which derived column.
#
# What changed is read from the build folder, never from the cache: its
# inputs.json records every raw file's SHA-256, the source each document
# codes and a digest of the code and libraries that shaped the file. The
# last file is reused only when its SHA-256 and that of inputs.json still
# match the manifest, the dataset version and the code digest are unchanged, and every
# table's row count comes out equal to the new tables'; otherwise, or on any
# error, the file is written from scratch. Either way it holds the same rows,
# types, comments and views (tests/build/test_incremental.py compares them); only
# the physical order of rows differs, as SQL allows: the Parquet files are the
# sorted, byte-stable form.

WHOLE_TABLES = tuple(sorted(set(TABLES) - set(DOCUMENT_TABLES)))
"""Tables rewritten on every update: their rows are not a document's (reference tables, and incidents derived from every claim)."""


def code_digest() -> str:
    """SHA-256 of every module and view of the package and of the libraries' versions: what shapes the file."""
    import duckdb
    import pyarrow
    import pydantic

    package = Path(__file__).resolve().parent.parent
    from .cache import code_version  # here: access and the CLI import this module and need no Pydantic

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


def update_plan(previous: Path, version: str, inputs: dict) -> tuple[set, set, set] | None:
    """(tables to rewrite, source ids to delete, source ids to insert), or None: write from scratch."""
    try:
        manifest = json.loads((previous / MANIFEST).read_text(encoding="utf-8"))
        for name in (DUCKDB_FILE, INPUTS):  # both as that build wrote them
            if sha256_file(previous / name) != manifest["files"][name]["sha256"]:
                return None
        old = json.loads((previous / INPUTS).read_text(encoding="utf-8"))
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


def _apply_update(path: Path, tables: dict, rewrite: set, gone: set, came: set) -> None:
    import duckdb
    import pyarrow as pa
    import pyarrow.compute as pc

    from .tables import arrow_array

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
            ids = arrow_array(sorted(came), pa.string())  # pyarrow.array's first call would import pandas
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


def update_duckdb(tables: dict, path: Path, view_files: list[Path], previous: Path | None, version: str, inputs: dict | None) -> str:
    """Write the DuckDB file at path, from previous/karabakh.duckdb when it can be reused; say which way."""
    steps = update_plan(previous, version, inputs) if previous is not None and inputs else None
    if steps is not None:
        try:
            shutil.copyfile(previous / DUCKDB_FILE, path)
            _apply_update(path, tables, *steps)
            return "updated"
        except Exception:  # noqa: BLE001 - any surprise in the old file: write it whole, as a full build does
            path.unlink(missing_ok=True)
    write_duckdb(tables, path, view_files)
    return "written"
