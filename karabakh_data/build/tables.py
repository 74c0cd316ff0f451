"""The tables as the build makes them: their work schemas and Arrow columns, the tables as released, and their checks.

* Work schemas and columns: while a table is built its enumerations are
  plain strings; short columns are built without pyarrow.array, whose first
  call imports pandas (benchmarks/README.md).
* final_tables: the work tables sorted by the registry's row order and cast
  to their released schemas.
* table_checks: the tables' rules (table_specs.rules, which the Pandera
  schema is generated from too) in Arrow compute, on every build.
* check_frames: Pandera itself, a second line of defence behind Pydantic
  that also covers derived tables such as meeting_participants; it checks
  every release build (`build --package`) and runs in the tests.
"""

from __future__ import annotations

from operator import itemgetter

from ..schema.registry import BUILD_ORDER, DOCUMENT_TABLES
from ..schema.table_specs import TABLES, Rule, Table, rules
from .problems import Problem

DOC_TABLES = list(DOCUMENT_TABLES)
MP_HIDDEN = ["_meeting", "_part"]  # where a participant row came from: meeting and participant index in its file


def column_names(table: str) -> list[str]:
    return [c.name for c in TABLES[table].columns]


def work_schema(table: str):
    """The Arrow schema of a table while it is built: enumerations as plain strings."""
    import pyarrow as pa

    fields = []
    for c in TABLES[table].columns:
        fields.append(pa.field(c.name, pa.string() if c.kind == "category" else c.arrow_type()))
    if table == "meeting_participants":
        fields += [pa.field(n, pa.int32()) for n in MP_HIDDEN]
    return pa.schema(fields)


SMALL = 5_000
"""Columns shorter than this are built by arrow_array (no pandas); longer ones by pyarrow.array."""


def arrow_array(values, typ, small: bool | None = None):
    """An Arrow array of Python values, as pyarrow.array(values, type=typ) gives it.

    pyarrow.array imports pandas on first use (to check whether it was given
    a pandas object), which costs more than a whole incremental build
    (benchmarks/README.md). For short columns (the documents that changed, the reference
    tables) the buffers are built here instead; long columns (a cold build's
    workers, where the import is paid once) go to pyarrow.array. The two
    give equal arrays (tests/build/test_oracle_equality.py builds both ways).
    """
    import pyarrow as pa

    n = len(values)
    if not (n < SMALL if small is None else small):
        return pa.array(values, type=typ)
    from array import array
    from itertools import accumulate

    nulls = values.count(None)
    validity = _bits([v is not None for v in values]) if nulls else None
    if pa.types.is_string(typ):
        enc = [v.encode() if v is not None else b"" for v in values]
        offsets = array("i", accumulate(map(len, enc), initial=0))
        return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(b"".join(enc)), validity, nulls)
    if pa.types.is_list(typ):
        flat = [x for v in values if v is not None for x in v]
        offsets = array("i", accumulate((len(v) if v is not None else 0 for v in values), initial=0))
        return pa.Array.from_buffers(typ, n, [validity, pa.py_buffer(offsets)], nulls, children=[arrow_array(flat, typ.value_type, small=True)])
    if pa.types.is_boolean(typ):
        data = _bits([bool(v) for v in values])
    elif pa.types.is_date32(typ):
        data = pa.py_buffer(array("i", [0 if v is None else v.toordinal() - 719163 for v in values]))
    elif pa.types.is_int64(typ):
        data = pa.py_buffer(array("q", [0 if v is None else v for v in values]))
    elif pa.types.is_int32(typ):
        data = pa.py_buffer(array("i", [0 if v is None else v for v in values]))
    elif pa.types.is_float64(typ):
        data = pa.py_buffer(array("d", [0.0 if v is None else v for v in values]))
    else:
        return pa.array(values, type=typ)
    return pa.Array.from_buffers(typ, n, [validity, data], nulls)


def _bits(flags: list[bool]):
    """An Arrow bitmap (least significant bit first)."""
    import numpy as np
    import pyarrow as pa

    return pa.py_buffer(np.packbits(np.array(flags, dtype=bool), bitorder="little").tobytes())


def arrow_table(rows: list[tuple], schema):
    """An Arrow table of row tuples in schema's column order."""
    import pyarrow as pa

    cols = list(zip(*rows)) if rows else [()] * len(schema)
    return pa.Table.from_arrays([arrow_array(c, f.type) for c, f in zip(cols, schema)], schema=schema)


def final_tables(ref, work: dict, version: str) -> dict:
    """Sorted by the registry's row order, enumerations dictionary-encoded, in the build order: the reference build's tables.

    ref: the reference tables as ingest read them (ingest.RawData's actors, places and incidents).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    refs = {"actors": ref.actors, "places": ref.places, "incidents": ref.incidents}
    out = {}
    for name in BUILD_ORDER:
        spec = TABLES[name]
        if name in refs:
            names = column_names(name)
            get = itemgetter(*names)
            schema = spec.arrow_schema(version)
            plain = pa.schema([pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type) for f in schema])
            tbl = arrow_table([get(r.__dict__) for r, _ in refs[name]], plain)
        else:
            tbl = work[name].select(column_names(name))
        if tbl.num_rows:
            tbl = tbl.take(pc.sort_indices(tbl, sort_keys=[(k, "ascending") for k in spec.sort_keys]))
        out[name] = tbl.combine_chunks().cast(spec.arrow_schema(version))
    return out


def table_checks(tables: dict) -> list[Problem]:
    """The tables' rules (table_specs.rules: the Pandera schema's) in Arrow compute, with Pandera's words.

    Pandera's import alone costs more than these checks on the largest
    corpus (benchmarks/README.md). check_frames (Pandera itself) still checks every
    release (`build --package`), and the tests compare the two on broken tables.
    """
    problems = []
    for name, tbl in tables.items():
        where = f"table {name}"
        for rule in rules(TABLES[name]):
            for column, value in _breaking(rule, tbl):
                problems.append(Problem(where, 0, column, rule.reason(value)))
    return problems


def _breaking(rule: Rule, tbl) -> list[tuple[str, object]]:
    """(column, value) for every distinct value that breaks the rule, as Pandera lists them.

    The common case, nothing broken, is decided from a count or the
    minimum and maximum; only a broken rule looks for its values (where
    pyarrow may import pandas: no matter, the build fails anyway).
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    if not tbl.num_rows:  # an empty table breaks no rule (and combining its no chunks would import pandas)
        return []
    if rule.check == "multiple_fields_uniqueness":
        return _duplicate_rows(rule.columns, tbl)
    column = rule.columns[0]
    col = tbl.column(column)
    if rule.check == "not_nullable":
        return [(column, None)] if col.null_count else []
    if rule.check == "isin":
        values = col.combine_chunks()
        values = values.dictionary if pa.types.is_dictionary(values.type) else pc.unique(values)
        return [(column, v) for v in values.to_pylist() if v is not None and v not in rule.value]
    if rule.check == "field_uniqueness":
        if pc.count_distinct(col).as_py() == len(col):
            return []
        counts = pc.value_counts(col).to_pylist()
        return [(column, c["values"]) for c in counts if c["counts"] > 1]
    if col.null_count == len(col):
        return []
    mm = pc.min_max(col).as_py()
    low = rule.check == "greater_than_or_equal_to"
    if (mm["min"] >= rule.value) if low else (mm["max"] <= rule.value):
        return []
    bad = pc.filter(col, (pc.less if low else pc.greater)(col, rule.value))
    return [(column, v) for v in pc.unique(bad).to_pylist()]


def _duplicate_rows(columns: tuple[str, ...], tbl) -> list[tuple[str, object]]:
    """Each column's value in every row whose columns repeat another row's (Pandera's failure cases)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    if not tbl.num_rows:
        return []
    # ids are slugs and role a vocabulary word: NUL cannot occur, so the joined key is unique iff the columns are
    parts = [tbl.column(c).cast(pa.string()) for c in columns]
    nul = arrow_array(["\x00"], pa.string())[0]  # a scalar made without pa.scalar, which imports pandas
    joined = pc.binary_join_element_wise(*parts, nul)
    if pc.count_distinct(joined).as_py() == tbl.num_rows:
        return []
    repeated = {c["values"] for c in pc.value_counts(joined).to_pylist() if c["counts"] > 1}
    rows = [i for i, key in enumerate(joined.to_pylist()) if key in repeated]
    return [(c, tbl.column(c)[i].as_py()) for i in rows for c in columns]


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
    on the pandas version, and equal those of the build's Arrow checks (table_checks)."""
    import math

    import pyarrow as pa

    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, float) and column in tbl.column_names and pa.types.is_integer(tbl.schema.field(column).type):
        return int(value)
    return value
