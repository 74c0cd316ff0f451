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

import hashlib
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from . import output
from ._version import __version__
from .checks import check_all
from .frames import check_frames, to_arrow
from .ingest import RawData, read_raw
from .problems import BuildFailed, Problem

PACKAGE_DATA = Path(__file__).parent / "data"
VIEWS_DIR = Path(__file__).parent / "sql" / "views"


@dataclass
class BuildResult:
    rows: dict[str, int]
    seconds: dict[str, float] = field(default_factory=dict)
    out_dir: Path | None = None
    package_dir: Path | None = None
    raw: RawData | None = None


def raw_fingerprint(raw_dir: Path) -> str:
    """SHA-256 over every raw file's path and bytes: what the build was made from."""
    h = hashlib.sha256()
    for path in sorted(p for p in raw_dir.rglob("*") if p.is_file()):
        h.update(path.relative_to(raw_dir).as_posix().encode() + b"\0")
        h.update(output.sha256_file(path).encode())
    return h.hexdigest()


def view_files() -> list[Path]:
    return sorted(VIEWS_DIR.glob("*.sql"))


def validate(raw_dir: Path) -> tuple[RawData, dict, dict[str, float]]:
    """Stages 1-3; raise BuildFailed with every problem found."""
    raw_dir = Path(raw_dir)
    if not (raw_dir / "records").is_dir():
        raise BuildFailed([Problem(str(raw_dir), 0, "", "not a raw/ folder (no records/ inside); run from the project root or pass --raw")])
    t = {}
    t0 = time.perf_counter()
    raw = read_raw(raw_dir)
    t["parse"] = time.perf_counter() - t0
    if raw.problems:
        raise BuildFailed(raw.problems)
    t0 = time.perf_counter()
    problems = check_all(raw, raw_dir)
    t["check"] = time.perf_counter() - t0
    if problems:
        raise BuildFailed(problems)
    t0 = time.perf_counter()
    tables = to_arrow(raw, __version__)
    problems = check_frames(tables)
    t["tables"] = time.perf_counter() - t0
    if problems:
        raise BuildFailed(problems)
    return raw, tables, t


def _write_folder(target: Path, tables: dict, fingerprint: str, with_duckdb: bool, after_file: Callable | None) -> None:
    stage = output.staging_dir(target)
    output.write_parquet(tables, stage)
    if after_file:
        after_file(stage)
    if with_duckdb:
        output.write_duckdb(tables, stage / output.DUCKDB_FILE, view_files())
        if after_file:
            after_file(stage)
    output.write_manifest(stage, __version__, {n: t.num_rows for n, t in tables.items()}, fingerprint)
    if after_file:
        after_file(stage)
    output.swap_in(stage, target)


def build(raw_dir: Path, out_dir: Path | None = Path("build"), package_dir: Path | None = None, after_file: Callable | None = None) -> BuildResult:
    """Validate raw_dir and write out_dir (and package_dir if given)."""
    raw, tables, seconds = validate(raw_dir)
    fingerprint = raw_fingerprint(Path(raw_dir))
    t0 = time.perf_counter()
    if out_dir is not None:
        _write_folder(Path(out_dir) / "data", tables, fingerprint, True, after_file)
    if package_dir is not None:
        _write_folder(Path(package_dir), tables, fingerprint, False, after_file)
    seconds["write"] = time.perf_counter() - t0
    rows = {n: t.num_rows for n, t in tables.items()}
    return BuildResult(rows, seconds, out_dir, package_dir, raw)
