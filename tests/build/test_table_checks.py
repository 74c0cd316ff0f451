"""The build's Arrow table checks and Pandera, generated from the same rules, report the same problems.

Pydantic and the checks across documents stop nearly every broken value
before the tables are built, so these rules seldom fire in a build; here
the built tables are broken directly.
"""

from __future__ import annotations

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from karabakh_data.build.tables import check_frames, table_checks
from karabakh_data.paths import PACKAGE_DATA
from karabakh_data.schema.table_specs import TABLES, rules


def _table(name: str) -> pa.Table:
    return pq.read_table(PACKAGE_DATA / f"{name}.parquet")


def _with(name: str, column: str, change) -> dict:
    """The table with column's values changed by change(list of values)."""
    tbl = _table(name)
    i = tbl.schema.get_field_index(column)
    field = tbl.schema.field(column)
    plain = field.type.value_type if pa.types.is_dictionary(field.type) else field.type
    values = tbl.column(column).to_pylist()
    change(values)
    arr = pa.array(values, type=plain)
    if pa.types.is_dictionary(field.type):
        arr = arr.dictionary_encode().cast(field.type)
    return {name: tbl.set_column(i, field.with_nullable(True), arr)}


def _set(i: int, value):
    def change(values):
        values[i] = value

    return change


def _duplicate_participant() -> dict:
    tbl = _table("meeting_participants")
    rows = tbl.to_pylist()
    rows[1] = dict(rows[0])
    return {"meeting_participants": pa.Table.from_pylist(rows, schema=tbl.schema)}


BROKEN = {
    "null in a required column": lambda: _with("events", "claimant_id", _set(0, None)),
    "value outside the vocabulary": lambda: _with("events", "date_precision", _set(0, "daily")),
    "two values below the lower bound": lambda: _with("casualties", "count_best", lambda v: v.__setitem__(slice(0, 2), [-1, -2])),
    "value above the upper bound": lambda: _with("casualties", "person_age", _set(0, 200)),
    "duplicate key": lambda: _with("events", "event_id", lambda v: v.__setitem__(1, v[0])),
    "duplicate participant": _duplicate_participant,
}


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_arrow_checks_report_what_pandera_reports(case):
    tables = BROKEN[case]()
    expected = sorted(set(check_frames(tables)))
    assert expected, "the break must break a rule"
    assert sorted(set(table_checks(tables))) == expected


def test_intact_tables_pass_both():
    tables = {name: _table(name) for name in TABLES}
    assert table_checks(tables) == [] and check_frames(tables) == []


def test_every_kind_of_rule_is_broken_above():
    kinds = {r.check for t in TABLES.values() for r in rules(t)}
    assert kinds == {"not_nullable", "isin", "greater_than_or_equal_to", "less_than_or_equal_to", "field_uniqueness", "multiple_fields_uniqueness"}
