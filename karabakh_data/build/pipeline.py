"""The build: raw/ -> validated tables -> Parquet + DuckDB + manifest.

Stages, each timed:
  1. parse     read every raw YAML file and validate each record (Pydantic);
  2. check     ids, references, source hashes, quotes placed in their source;
  3. tables    Arrow tables in a stable order, checked with Pandera;
  4. write     Parquet, DuckDB and manifest into a staging folder, then swap.

Any problem in stages 1-3 stops the build before anything is written, with
every problem listed; a failure in stage 4 leaves the previous build in
place. The package's own copy (karabakh_data/data/) is refreshed the same
way, so the installed data is always a complete build.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .._version import __version__
from ..paths import view_files
from . import output
from .problems import BuildFailed, BuildStopped, Problem

CACHE_DIR = ".cache"  # per-document results, inside the build folder (see stages.py)


@dataclass
class BuildResult:
    rows: dict[str, int]
    seconds: dict[str, float] = field(default_factory=dict)
    out_dir: Path | None = None
    package_dir: Path | None = None
    stats: dict = field(default_factory=dict)  # documents read, taken from the cache, worker processes


def raw_fingerprint(raw_dir: Path) -> str:
    """SHA-256 over every raw file's path and bytes: what the build was made from (the manifest's raw_sha256, computed as the build does)."""
    from .stages import Hashes, fingerprint

    return fingerprint(Path(raw_dir), Hashes(Path(raw_dir)))[0]


def not_raw(raw_dir: Path) -> None:
    if not (raw_dir / "records").is_dir():
        raise BuildFailed([Problem(str(raw_dir), 0, "", "not a raw/ folder (no records/ inside); run from the project root or pass --raw")])


def with_strays(raw_dir: Path, run: Callable):
    """run(), with a problem for every file under raw/ the build would not read, reported with all the others."""
    from .feedback import complete
    from .rawtree import stray_files

    strays = stray_files(raw_dir, raw_dir.name)
    try:
        result = run()
    except BuildFailed as err:
        raise BuildFailed(complete(raw_dir, strays + err.problems)) from None  # every stage's problems, each with its fix
    if strays:
        result.discard()  # a failed build changes nothing, the cache included
        raise BuildFailed(complete(raw_dir, strays))
    return result


def _validate_fast(raw_dir: Path, cache_dir: Path | None, jobs: int | None, pandera: bool):
    from . import stages

    raw_dir = Path(raw_dir)
    not_raw(raw_dir)
    result = with_strays(raw_dir, lambda: stages.run(raw_dir, cache_dir, jobs, __version__))
    if pandera:
        from .tables import check_frames

        t0 = time.perf_counter()
        problems = check_frames(result.tables)
        result.seconds["tables"] += time.perf_counter() - t0
        if problems:
            result.discard()
            raise BuildFailed(problems)
    return result


def validate(raw_dir: Path, cache_dir: Path | None = None, jobs: int | None = None, pandera: bool = False) -> tuple[None, dict, dict[str, float]]:
    """Stages 1-3; raise BuildFailed with every problem found. Nothing is written but the cache.

    The build's stages (stages.py): documents read in parallel and, given a
    cache_dir, reused when unchanged; checks across documents in columns.
    Same tables and same problems as the reference build of the tests
    (tests/build/oracle.py). pandera=True also
    runs the Pandera table checks (as every release build does).
    """
    result = _validate_fast(raw_dir, cache_dir, jobs, pandera)
    result.commit()
    return None, result.tables, result.seconds


def write_folder(
    target: Path,
    tables: dict,
    fingerprint: str,
    with_duckdb: bool,
    after_file: Callable | None,
    parquet_from: Path | None = None,
    inputs: dict | None = None,
    stats: dict | None = None,
) -> Path:
    """Write every file into a staging folder beside target; return the staging folder.

    after_file (tests) is called with the path of each file once it is written.
    The DuckDB file is written in a thread while the Parquet files are (both
    spend most of their time in C++, outside the GIL), from target's last one when inputs allow it
    (output.update_duckdb); parquet_from: a staging folder holding the same tables'
    Parquet files already (byte-identical, as the writer is deterministic),
    copied instead of encoded again. inputs: written to inputs.json.
    """
    import shutil
    from concurrent.futures import ThreadPoolExecutor

    stage = output.staging_dir(target)

    def write_duckdb() -> str:

        previous = target if target.is_dir() else None
        return output.update_duckdb(tables, stage / output.DUCKDB_FILE, view_files(), previous, __version__, inputs)

    with ThreadPoolExecutor(max_workers=1, thread_name_prefix="write-duckdb") as pool:  # leaving it waits for the DuckDB file
        duck = pool.submit(write_duckdb) if with_duckdb else None
        if parquet_from is None:
            output.write_parquet(tables, stage, after_file)
        else:
            for name in tables:
                shutil.copyfile(parquet_from / f"{name}.parquet", stage / f"{name}.parquet")
                if after_file:
                    after_file(stage / f"{name}.parquet")
    if duck is not None:
        how = duck.result()  # its error, if any, raised here in the caller's thread
        if stats is not None:
            stats["duckdb"] = how
    if with_duckdb and after_file:
        after_file(stage / output.DUCKDB_FILE)
    if inputs is not None:
        output.write_inputs(stage, inputs)
        if after_file:
            after_file(stage / output.INPUTS)
    output.write_manifest(stage, __version__, {n: t.num_rows for n, t in tables.items()}, fingerprint)
    if after_file:
        after_file(stage / output.MANIFEST)
    return stage


def build(
    raw_dir: Path,
    out_dir: Path | None = Path("build"),
    package_dir: Path | None = None,
    after_file: Callable | None = None,
    *,
    cache: bool = True,
    jobs: int | None = None,
    pandera: bool | None = None,
) -> BuildResult:
    """Validate raw_dir and write out_dir (and package_dir if given).

    cache: keep per-document results in <out_dir>/.cache and reuse those of
    unchanged documents (the output is byte-identical to a build without
    it). jobs: processes reading documents, this one and jobs-1 workers
    (default: one per core); workers start only when over 1 MB of records
    is to be read (not from the cache). They are a standard process pool
    with the spawn start method, which imports the caller's main script
    again in each worker, as any spawn pool does: a script that calls
    build() with jobs > 1 must do so under ``if __name__ == "__main__":``
    (the ``karabakh-data`` command does). pandera: run the Pandera table
    checks too (default: for release builds, i.e. when package_dir is
    given). Another build writing the same folders: BuildStopped at once,
    with one line (output.folders_locked).
    """
    # the build folder (its data/, staging folder and cache) and the package copy's folder: one build at a time
    folders = [Path(out_dir)] if out_dir is not None else []
    folders += [Path(package_dir).parent] if package_dir is not None else []
    with output.folders_locked(folders):
        return _build(Path(raw_dir), out_dir, package_dir, after_file, cache, jobs, pandera)


def _build(raw_dir: Path, out_dir, package_dir, after_file, cache: bool, jobs, pandera) -> BuildResult:
    from .output import code_digest

    pandera = package_dir is not None if pandera is None else pandera
    # a release build reads no cache: what ships is read from raw/ alone
    cache_dir = Path(out_dir) / CACHE_DIR if cache and out_dir is not None and package_dir is None else None
    result = _validate_fast(raw_dir, cache_dir, jobs, pandera)
    tables, seconds = result.tables, result.seconds
    inputs = {**result.inputs, "code": code_digest()}
    t0 = time.perf_counter()
    targets = ([Path(out_dir) / "data"] if out_dir is not None else []) + ([Path(package_dir)] if package_dir is not None else [])
    try:
        # Both folders are staged completely before either is swapped in.
        staged = []
        if out_dir is not None:
            staged.append((write_folder(targets[0], tables, result.fingerprint, True, after_file, inputs=inputs, stats=result.stats), targets[0]))
        if package_dir is not None:
            copy = staged[0][0] if staged else None
            staged.append((write_folder(targets[-1], tables, result.fingerprint, False, after_file, copy), targets[-1]))
        result.wait()  # the new cache, prepared meanwhile
        for stage, target in staged:
            output.swap_in(stage, target)
    except OSError as err:  # a full or read-only disk: one line, and the last good build stays
        _clean_up(targets, result)
        where = f" {err.filename}" if err.filename else ""
        raise BuildStopped(f"cannot write{where}: {(err.strerror or str(err)).lower()}; the previous build was left untouched") from None
    except BaseException:
        _clean_up(targets, result)
        raise
    result.commit()
    seconds["write"] = time.perf_counter() - t0
    rows = {n: t.num_rows for n, t in tables.items()}
    return BuildResult(rows, seconds, out_dir, package_dir, result.stats)


def _clean_up(targets: list[Path], result) -> None:
    """After a failed write: no staging folder left, the cache as it was."""
    import shutil

    result.discard()
    for target in targets:
        shutil.rmtree(output.staging_dir_of(target), ignore_errors=True)
