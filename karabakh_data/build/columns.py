"""Arrow columns of the build: the tables' work schemas, and arrays built without pandas."""

from __future__ import annotations

from ..schema.registry import DOCUMENT_TABLES
from ..schema.table_specs import TABLES

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
