"""The Pandera checks of the built tables, generated from the table specs.

Pandera checks the tables as a user will see them (uniqueness,
nullability, allowed values, ranges), a second line of defence behind
Pydantic that also covers derived tables such as meeting_participants. It
runs on every release build (`build --package`) and in the tests; the
everyday build runs the same rules in Arrow (assemble.table_checks).
"""

from __future__ import annotations

from .problems import Problem
from ..schema.table_specs import TABLES, Table, bounds


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
