"""The reference build: record by record, every record a Pydantic object, checked in Python.

Not part of the package. The build (karabakh_data.build) must give exactly
what this gives: byte-identical Parquet files and word-identical problems
(tests/build/test_oracle_equality.py and tests/test_properties.py compare them). It
is slow (tens of microseconds per record in every stage) and plain, which
is the point: each rule reads as it is stated in the codebook.
"""

from __future__ import annotations

import time
from pathlib import Path

from karabakh_data._version import __version__
from karabakh_data.build import output, pipeline
from karabakh_data.build.crosscheck import duplicate_id, exclusion_problems, own_ancestor, retired_id, unknown
from karabakh_data.build.documents import check_quotes, check_sources
from karabakh_data.build.incidents import derive as derive_incidents
from karabakh_data.build.ingest import RECORD_LISTS, Origin, RawData, read_raw
from karabakh_data.build.problems import BuildFailed, Problem
from karabakh_data.build.tables import check_frames
from karabakh_data.schema.table_specs import ACTOR_FIELDS, INCIDENT_FIELDS, PLACE_FIELDS, TABLES


def _line(origin: Origin, field: str) -> int:
    raw = origin.raw
    return raw.line_of(field) if hasattr(raw, "line_of") else origin.line


def _namespace(table: str) -> str:
    """Actors, places, incidents and sources each have their own ids; all claims share one."""
    return table if table in ("actors", "places", "incidents", "sources") else "records"


def check_ids(raw: RawData, problems: list[Problem]) -> None:
    """Every id unique in its namespace; no claim id one of a removed record."""
    seen: dict[tuple[str, str], Origin] = {}
    groups = [("sources", raw.sources), ("actors", raw.actors), ("places", raw.places), ("incidents", raw.incidents)]
    groups += [(t, raw.records[t]) for t in RECORD_LISTS]
    for table, items in groups:
        key = TABLES[table].key
        for rec, origin in items:
            rid = getattr(rec, key)
            slot = (_namespace(table), rid)
            if slot in seen:
                prev = seen[slot]
                problems.append(Problem(origin.file, _line(origin, key), key, duplicate_id(rid, prev.file, prev.line)))
                continue
            if rid in raw.retired and _namespace(table) == "records":
                problems.append(Problem(origin.file, _line(origin, key), key, retired_id(rid, raw.retired[rid])))
            seen[slot] = origin


def _ref(problems, origin, table, field, value, space, target):
    if value is not None and value not in space:
        problems.append(Problem(origin.file, _line(origin, field), f"{table}.{field}", unknown(target, value)))


def check_parent_chains(raw: RawData, problems: list[Problem]) -> None:
    """An actor or place that is its own parent, or its own ancestor: every member of the circle is a problem."""
    for table, items in (("actors", raw.actors), ("places", raw.places)):
        _circles(table, items, problems)


def _circles(table: str, items: list, problems: list[Problem]) -> None:
    parent = {getattr(rec, TABLES[table].key): (rec.parent_id, origin) for rec, origin in items}
    for rid, (pid, origin) in parent.items():
        chain, cur = [rid], pid
        while cur is not None and cur in parent and cur not in chain:
            chain.append(cur)
            cur = parent[cur][0]
        if cur == rid:
            problems.append(Problem(origin.file, _line(origin, "parent_id"), f"{table}.parent_id", own_ancestor(table[:-1], rid, [*chain, rid])))


def check_references(raw: RawData, problems: list[Problem]) -> None:
    """Every actor, place, incident, event, agreement, meeting participant and record reference resolves."""
    actors = {a.actor_id for a, _ in raw.actors}
    places = {p.place_id for p, _ in raw.places}
    incidents = {i.incident_id for i, _ in raw.incidents}
    events = {r.event_id for r, _ in raw.records["events"]}
    agreements = {r.agreement_id for r, _ in raw.records["agreements"]}
    claims = {getattr(r, TABLES[t].key) for t in RECORD_LISTS for r, _ in raw.records[t]}
    for a, origin in raw.actors:
        _ref(problems, origin, "actors", "parent_id", a.parent_id, actors, "actors")
    for p, origin in raw.places:
        _ref(problems, origin, "places", "parent_id", p.parent_id, places, "places")
    for i, origin in raw.incidents:
        _ref(problems, origin, "incidents", "place_id", i.place_id, places, "places")
        _ref(problems, origin, "incidents", "possibly_same_as", i.possibly_same_as, incidents, "incidents")
    for table in RECORD_LISTS:
        for rec, origin in raw.records[table]:
            for f in ACTOR_FIELDS:
                _ref(problems, origin, table, f, getattr(rec, f, None), actors, "actors")
            for f in PLACE_FIELDS:
                _ref(problems, origin, table, f, getattr(rec, f, None), places, "places")
            for f in INCIDENT_FIELDS:
                _ref(problems, origin, table, f, getattr(rec, f, None), incidents, "incidents")
            _ref(problems, origin, table, "event_id", getattr(rec, "event_id", None) if table != "events" else None, events, "events")
            _ref(problems, origin, table, "agreement_id", getattr(rec, "agreement_id", None) if table != "agreements" else None, agreements, "agreements")
            for f in ("record_id", "other_record_id"):
                _ref(problems, origin, table, f, getattr(rec, f, None), claims, "records")
            for i, part in enumerate(getattr(rec, "participants", [])):
                field = f"participants[{i}].actor_id"
                if part.actor_id not in actors:
                    problems.append(Problem(origin.file, _line(origin, field), f"{table}.{field}", unknown("actors", part.actor_id)))


def check_exclusions(raw: RawData, texts: dict[str, str], problems: list[Problem]) -> None:
    """Each excluded sentence must exist in its source text."""
    by_stem = {Path(s.file).stem: s.source_id for s, _ in raw.sources}
    problems += exclusion_problems(raw.exclusions, by_stem, texts.get)


def check_all(raw: RawData, root: Path) -> list[Problem]:
    problems: list[Problem] = []
    check_ids(raw, problems)
    texts = check_sources(raw, root, problems)
    check_quotes(raw, texts, problems)
    check_references(raw, problems)
    check_parent_chains(raw, problems)
    check_exclusions(raw, texts, problems)
    return problems


def _rows(raw: RawData) -> dict[str, list]:
    rows = {
        "sources": [s for s, _ in raw.sources],
        "actors": [a for a, _ in raw.actors],
        "places": [p for p, _ in raw.places],
        "incidents": [i for i, _ in raw.incidents],
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
    """Read, check and assemble record by record; raise BuildFailed with every problem (stray raw/ files too)."""
    raw_dir = Path(raw_dir)
    pipeline.not_raw(raw_dir)
    return pipeline.with_strays(raw_dir, lambda: _validate(raw_dir))


def _validate(raw_dir: Path):
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
    tables["incidents"], problems = derive_incidents(tables, {i.incident_id: o for i, o in raw.incidents}, __version__)
    problems += check_frames(tables)
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
