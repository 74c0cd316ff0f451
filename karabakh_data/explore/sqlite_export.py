"""Export the dataset as one SQLite file, for Datasette and any SQLite tool.

    karabakh-data export --format sqlite -o karabakh.sqlite

Tables keep their types as far as SQLite allows: declared types INTEGER,
REAL, TEXT, DATE (ISO 'YYYY-MM-DD' text), BOOLEAN (0/1) and JSON (list
columns as JSON arrays), NOT NULL, the primary key, CHECK constraints for
the controlled vocabularies, and foreign keys to actors, places, sources,
events and meetings (so Datasette links ids to their records).

The views (sql/views/*.sql) are written in DuckDB's SQL, which SQLite
cannot run, so each view's *result* is materialised as a table of the same
name at export time; its rows are those ``karabakh_data.connect()`` gives.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from pathlib import Path

DECLARED = {"string": "TEXT", "category": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "BOOLEAN", "date": "DATE", "list": "JSON"}


def _q(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _lit(value: str) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def foreign_keys(table) -> dict[str, str]:
    """column -> referenced table (SQLite references the table's key)."""
    from ..schema.table_specs import foreign_keys as table_foreign_keys

    return {col: ref_table for col, (ref_table, _) in table_foreign_keys(table).items()}


def _table_ddl(table) -> str:
    """CREATE TABLE of a dataset table, from its spec."""
    from ..schema.table_specs import TABLES

    lines = []
    for c in table.columns:
        line = f"{_q(c.name)} {DECLARED[c.kind]}"
        if c.name == table.key:
            line += " PRIMARY KEY"
        if not c.nullable:
            line += " NOT NULL"
        if c.allowed:
            line += f" CHECK ({_q(c.name)} IN ({', '.join(_lit(v) for v in c.allowed)}))"
        elif c.kind == "boolean":
            line += f" CHECK ({_q(c.name)} IN (0, 1))"
        lines.append(line)
    for col, target in foreign_keys(table).items():
        lines.append(f"FOREIGN KEY ({_q(col)}) REFERENCES {_q(target)}({_q(TABLES[target].key)})")
    return f"CREATE TABLE {_q(table.name)} (\n  " + ",\n  ".join(lines) + "\n)"


def _arrow_kind(t) -> str:
    """Column kind of an Arrow type (for the views' results)."""
    import pyarrow as pa

    if pa.types.is_dictionary(t):
        return "category"
    for test, kind in (
        (pa.types.is_boolean, "boolean"),
        (pa.types.is_integer, "integer"),
        (pa.types.is_floating, "number"),
        (pa.types.is_date, "date"),
        (pa.types.is_list, "list"),
        (pa.types.is_large_list, "list"),
        (pa.types.is_struct, "list"),
        (pa.types.is_map, "list"),
    ):
        if test(t):
            return kind
    if pa.types.is_decimal(t):
        return "integer" if t.scale == 0 else "number"
    return "string"


def _value(v, kind: str):
    if v is None:
        return None
    if kind == "list":
        return json.dumps(v, ensure_ascii=False, default=str)
    if kind == "boolean":
        return int(v)
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if kind == "integer":
        return int(v)
    if kind == "number":
        return float(v)
    return v


def _insert(con, name: str, arrow_table, kinds: list[str]) -> None:
    cols = arrow_table.column_names
    rows = [tuple(_value(r[c], k) for c, k in zip(cols, kinds)) for r in arrow_table.to_pylist()]
    con.executemany(f"INSERT INTO {_q(name)} VALUES ({', '.join('?' * len(cols))})", rows)


def export_sqlite(path: Path) -> dict[str, int]:
    """Write every table and every view (materialised) to a new SQLite file at path.

    Written to a temporary file first and moved into place, so a failure
    never leaves half a database. Returns rows per table.
    """
    from ..access import connect, load
    from ..paths import view_files
    from ..schema.table_specs import TABLES

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.unlink(missing_ok=True)
    rows = {}
    con = sqlite3.connect(tmp)
    try:
        for name, table in TABLES.items():
            con.execute(_table_ddl(table))
            data = load(name, backend="arrow")
            _insert(con, name, data.select([c.name for c in table.columns]), [c.kind for c in table.columns])
            rows[name] = data.num_rows
        duck = connect()
        for view in view_names(view_files()):
            result = duck.sql(f"SELECT * FROM {_q(view)}").arrow()
            if hasattr(result, "read_all"):  # newer duckdb returns a RecordBatchReader
                result = result.read_all()
            kinds = [_arrow_kind(f.type) for f in result.schema]
            cols = [f"{_q(f.name)} {DECLARED[k]}" for f, k in zip(result.schema, kinds)]
            con.execute(f"CREATE TABLE {_q(view)} ({', '.join(cols)})")
            _insert(con, view, result, kinds)
            rows[view] = result.num_rows
        con.commit()
        problems = con.execute("PRAGMA foreign_key_check").fetchall()
        if problems:
            raise ValueError(f"foreign keys broken in the export: {problems[:5]}")
    except BaseException:
        con.close()
        tmp.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(tmp, path)
    return rows


def view_names(files) -> list[str]:
    """The view each sql/views file defines (named after the file, by convention)."""
    return [Path(f).stem for f in files]
