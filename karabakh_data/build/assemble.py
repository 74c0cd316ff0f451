"""The tables as released: the work tables cast to their final schemas in their row order, and the table checks."""

from __future__ import annotations

from operator import itemgetter

from .ingest import RawData
from .problems import Problem
from ..schema.table_specs import TABLES
from .columns import arrow_array, arrow_table, column_names
from ..schema.registry import BUILD_ORDER





def final_tables(ref: RawData, work: dict, version: str) -> dict:
    """Sorted by the registry's row order, enumerations dictionary-encoded, in the build order: the reference build's tables."""
    import pyarrow as pa
    import pyarrow.compute as pc

    refs = {"actors": ref.actors, "places": ref.places}
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
    """frames.check_frames' rules (nullability, allowed values, ranges, uniqueness) in Arrow compute.

    Pandera imports in over a second; these run in milliseconds on a
    million rows. frames.check_frames (Pandera itself) still checks every
    release (`build --package`) and runs in the tests.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..schema.table_specs import bounds

    problems = []
    for name, tbl in tables.items():
        spec = TABLES[name]
        ranges = bounds(spec)
        where = f"table {name}"
        for c in spec.columns:
            col = tbl.column(c.name)
            if not c.nullable and col.null_count:
                problems.append(Problem(where, 0, c.name, "not_nullable failed for value None"))
            if c.allowed:
                values = col.combine_chunks()
                values = values.dictionary if pa.types.is_dictionary(values.type) else pc.unique(values)
                for v in values.to_pylist():
                    if v is not None and v not in c.allowed:
                        problems.append(Problem(where, 0, c.name, f"isin({list(c.allowed)}) failed for value {v!r}"))
            lo, hi = ranges.get(c.name, (None, None))
            if (lo is not None or hi is not None) and col.null_count < len(col):
                mm = pc.min_max(col).as_py()
                if lo is not None and mm["min"] < lo:
                    problems.append(Problem(where, 0, c.name, f"greater_than_or_equal_to({lo}) failed for value {mm['min']!r}"))
                if hi is not None and mm["max"] > hi:
                    problems.append(Problem(where, 0, c.name, f"less_than_or_equal_to({hi}) failed for value {mm['max']!r}"))
            if c.name == spec.key and pc.count_distinct(col).as_py() != len(col):
                problems.append(Problem(where, 0, c.name, "field_uniqueness failed"))
        if spec.unique and tbl.num_rows:
            cols = list(spec.unique)
            # ids are slugs and role a vocabulary word: NUL cannot occur, so the joined key is unique iff the triple is
            parts = [tbl.column(c).cast(pa.string()) for c in cols]
            nul = arrow_array(["\x00"], pa.string())[0]  # a scalar made without pa.scalar, which imports pandas
            n = pc.count_distinct(pc.binary_join_element_wise(*parts, nul)).as_py()
            if n != tbl.num_rows:
                problems.append(Problem(where, 0, ",".join(cols), "multiple_fields_uniqueness failed"))
    return problems
