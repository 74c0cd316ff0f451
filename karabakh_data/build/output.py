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
"""

from __future__ import annotations

import contextlib
import ctypes
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

from ..paths import DUCKDB_FILE, INPUTS, MANIFEST, recover, sha256_file  # noqa: F401  (output.MANIFEST... for the build's modules)
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
    to reuse this folder's DuckDB file (duckdb_update.py). Apart from the
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
