"""The reference build: record by record, every record a Pydantic object, checked in Python.

Not part of the package. The build (karabakh_data.build) must give exactly
what this gives: byte-identical Parquet files and word-identical problems
(tests/build/test_incremental.py and tests/test_properties.py compare them). It
is slow (tens of microseconds per record in every stage) and plain, which
is the point: each rule reads as it is stated in the codebook.
"""

from __future__ import annotations

import time
from pathlib import Path

from karabakh_data._version import __version__
from karabakh_data.build import output, pipeline
from karabakh_data.build.checks import check_ids, check_quotes, check_references, check_sources, exclusion_problems
from karabakh_data.build.frames import check_frames
from karabakh_data.build.ingest import RawData, read_raw
from karabakh_data.build.problems import BuildFailed, Problem
from karabakh_data.schema.table_specs import TABLES


def check_exclusions(raw: RawData, texts: dict[str, str], problems: list[Problem]) -> None:
    """Each excluded sentence must exist in its source text."""
    by_stem = {Path(s.file).stem: s.source_id for s, _ in raw.sources}
    exclusion_problems(raw.exclusions, by_stem, texts.get, problems)


def check_all(raw: RawData, root: Path) -> list[Problem]:
    problems: list[Problem] = []
    ids = check_ids(raw, problems)
    texts = check_sources(raw, root, problems)
    check_quotes(raw, texts, problems)
    check_references(raw, ids, problems)
    check_exclusions(raw, texts, problems)
    return problems


def _rows(raw: RawData) -> dict[str, list]:
    rows = {
        "sources": [s for s, _ in raw.sources],
        "actors": [a for a, _ in raw.actors],
        "places": [p for p, _ in raw.places],
    }
    rows.update({t: [r for r, _ in items] for t, items in raw.records.items()})
    rows["meeting_participants"] = [{"meeting_id": mt.meeting_id, "actor_id": p.actor_id, "role": p.role} for mt in rows["meetings"] for p in mt.participants]
    return rows


def _as_dict(rec, names: list[str]) -> dict:
    if isinstance(rec, dict):
        return {n: rec[n] for n in names}
    return {n: getattr(rec, n) for n in names}


def to_arrow(raw: RawData, version: str) -> dict:
    """One Arrow table per dataset table, in a stable row order."""
    import pyarrow as pa

    out = {}
    for name, rows in _rows(raw).items():
        table = TABLES[name]
        names = [c.name for c in table.columns]
        dicts = [_as_dict(r, names) for r in rows]
        dicts.sort(key=lambda d: tuple(d[k] for k in table.sort_keys))
        out[name] = pa.Table.from_pylist(dicts, schema=table.arrow_schema(version))
    return out


def validate_reference(raw_dir: Path) -> tuple[RawData, dict, dict[str, float]]:
    """Read, check and assemble record by record; raise BuildFailed with every problem."""
    raw_dir = Path(raw_dir)
    pipeline.not_raw(raw_dir)
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


def build_reference(raw_dir: Path, package_dir: Path) -> dict[str, int]:
    """The reference tables written as the build writes a package folder (Parquet and manifest)."""
    raw_dir, target = Path(raw_dir), Path(package_dir)
    _, tables, _ = validate_reference(raw_dir)
    stage = pipeline.write_folder(target, tables, pipeline.raw_fingerprint(raw_dir), False, None)
    output.swap_in(stage, target)
    return {n: t.num_rows for n, t in tables.items()}
