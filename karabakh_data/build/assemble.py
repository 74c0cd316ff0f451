"""The tables as released: the work tables cast to their final schemas in their row order, and the table checks."""

from __future__ import annotations

from operator import itemgetter

from ..schema.registry import BUILD_ORDER
from ..schema.table_specs import TABLES, Rule, rules
from .columns import arrow_array, arrow_table, column_names
from .ingest import RawData
from .problems import Problem


def final_tables(ref: RawData, work: dict, version: str) -> dict:
    """Sorted by the registry's row order, enumerations dictionary-encoded, in the build order: the reference build's tables."""
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
    corpus (benchmarks/README.md). frames.check_frames (Pandera itself) still checks every
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
