"""The Pandera checks of the built tables, generated from the table specs.

Pandera checks the tables as a user will see them (uniqueness,
nullability, allowed values, ranges), a second line of defence behind
Pydantic that also covers derived tables such as meeting_participants. It
runs on every release build (`build --package`) and in the tests; the
everyday build runs the same rules in Arrow (assemble.table_checks).
"""

from __future__ import annotations

from ..schema.table_specs import TABLES, Table, rules
from .problems import Problem


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
    """The Pandera schema of a table, generated from its rules (table_specs.rules)."""
    pa = _import_pandera().pandas

    make = {"isin": pa.Check.isin, "greater_than_or_equal_to": pa.Check.ge, "less_than_or_equal_to": pa.Check.le}
    found = rules(table)
    cols = {}
    for c in table.columns:
        mine = [r for r in found if r.columns == (c.name,)]
        checks = [make[r.check](list(r.value) if r.check == "isin" else r.value) for r in mine if r.check in make]
        nullable = not any(r.check == "not_nullable" for r in mine)
        cols[c.name] = pa.Column(nullable=nullable, unique=any(r.check == "field_uniqueness" for r in mine), checks=checks)
    together = [list(r.columns) for r in found if r.check == "multiple_fields_uniqueness"]
    return pa.DataFrameSchema(cols, strict=True, unique=together[0] if together else None, name=table.name)


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
                value = _as_arrow(case.failure_case, tbl, case.column)
                problems.append(Problem(f"table {name}", 0, str(case.column), f"{case.check} failed for value {value!r}"))
    return problems


def _as_arrow(value, tbl, column):
    """A failure case as the table holds it, not as pandas converted it: a null (pandas' NaN) is None,
    an integer of a column with nulls (a float in pandas) an int. The words of a problem then do not depend
    on the pandas version, and equal those of the build's Arrow checks (assemble.table_checks)."""
    import math

    import pyarrow as pa

    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float) and column in tbl.column_names and pa.types.is_integer(tbl.schema.field(column).type):
        return int(value)
    return value
