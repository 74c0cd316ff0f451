"""Stage 3 of the build: validated records -> Arrow tables -> Pandera checks.

Rows are sorted by their key so the same records always give the same bytes.
Pandera checks the built tables as a user will see them (uniqueness,
nullability, allowed values, ranges), a second line of defence behind
Pydantic that also covers derived tables such as meeting_participants.
"""

from __future__ import annotations

from .ingest import RawData
from .problems import Problem
from ..schema.table_specs import TABLES, Table, bounds


def _rows(raw: RawData) -> dict[str, list]:
    rows = {
        "sources": [s for s, _ in raw.sources],
        "actors": [a for a, _ in raw.actors],
        "places": [p for p, _ in raw.places],
        "incidents": [i for i, _ in raw.incidents],
    }
    rows.update({t: [r for r, _ in items] for t, items in raw.records.items()})
    rows["meeting_participants"] = [
        {"meeting_id": mt.meeting_id, "actor_id": p.actor_id, "role": p.role}
        for mt in rows["meetings"]
        for p in mt.participants
    ]
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


def _import_pandera():
    """Import pandera quietly: where pyspark is installed, pandera imports it,
    and pyspark warns about the pandas version; that noise is not ours."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", FutureWarning)
        import pandera
        import pandera.pandas

    return pandera


def pandera_schema(table: Table):
    """The Pandera schema of a table, generated from its columns."""
    pa = _import_pandera().pandas

    ranges = bounds(table)
    cols = {}
    for c in table.columns:
        checks = []
        if c.allowed:
            checks.append(pa.Check.isin(list(c.allowed)))
        lo, hi = ranges.get(c.name, (None, None))
        if lo is not None:
            checks.append(pa.Check.ge(lo))
        if hi is not None:
            checks.append(pa.Check.le(hi))
        cols[c.name] = pa.Column(nullable=c.nullable, unique=(c.name == table.key), checks=checks)
    return pa.DataFrameSchema(cols, strict=True, unique=list(table.unique) or None, name=table.name)


def check_frames(arrow_tables: dict) -> list[Problem]:
    """Validate every built table with Pandera; failures become problems."""
    pandera = _import_pandera()

    problems = []
    for name, tbl in arrow_tables.items():
        df = tbl.to_pandas()
        try:
            pandera_schema(TABLES[name]).validate(df, lazy=True)
        except pandera.errors.SchemaErrors as err:
            for case in err.failure_cases.itertuples():
                problems.append(Problem(f"table {name}", 0, str(case.column), f"{case.check} failed for value {case.failure_case!r}"))
    return problems
