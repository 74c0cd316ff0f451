"""Read-only SQL for the command line, without pandas on the path.

Only statements that read (SELECT, WITH ... SELECT, EXPLAIN, DESCRIBE,
SHOW, SUMMARIZE) are run; anything else is refused before it reaches DuckDB.
"""

from __future__ import annotations

import csv
import io
import json


class QueryRefused(Exception):
    """A query that would change data, or that DuckDB rejects."""


def _connection():
    import duckdb

    from .access import data_dir
    from .build import view_files
    from .catalog import TABLE_DESCRIPTIONS

    folder = data_dir()
    con = duckdb.connect(":memory:")
    for name in TABLE_DESCRIPTIONS:
        path = str(folder / f"{name}.parquet").replace("'", "''")
        con.execute(f"CREATE VIEW \"{name}\" AS SELECT * FROM read_parquet('{path}')")
    for view in view_files():
        con.execute(view.read_text(encoding="utf-8"))
    return con


def run_query(sql: str) -> tuple[list[str], list[tuple]]:
    import duckdb

    con = _connection()
    try:
        statements = con.extract_statements(sql)
    except duckdb.Error as err:
        raise QueryRefused(str(err)) from None
    if not statements:
        raise QueryRefused("no SQL statement given")
    allowed = {"SELECT", "EXPLAIN", "PRAGMA"}
    for st in statements:
        kind = st.type.name if hasattr(st.type, "name") else str(st.type)
        if kind.removesuffix("_STATEMENT") not in allowed:
            raise QueryRefused(f"only read-only queries are allowed; this is a {kind.removesuffix('_STATEMENT')} statement (the data cannot be changed)")
    try:
        result = None
        for st in statements:
            result = con.execute(st)
        columns = [d[0] for d in result.description]
        return columns, result.fetchall()
    except duckdb.Error as err:
        raise QueryRefused(str(err)) from None


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ", ".join(map(_cell, v))
    return str(v)


def render(columns: list[str], rows: list[tuple], fmt: str = "table") -> str:
    if fmt == "json":
        return json.dumps([dict(zip(columns, r)) for r in rows], default=str, ensure_ascii=False, indent=1)
    if fmt == "csv":
        buf = io.StringIO()
        w = csv.writer(buf, lineterminator="\n")
        w.writerow(columns)
        w.writerows([[_cell(v) for v in r] for r in rows])
        return buf.getvalue().rstrip("\n")
    cells = [[_cell(v).replace("\n", " ").replace("|", "\\|" if fmt == "markdown" else "|") for v in r] for r in rows]
    widths = [max([len(c)] + [len(r[i]) for r in cells]) for i, c in enumerate(columns)]
    if fmt == "markdown":
        line = lambda vals: "| " + " | ".join(v.ljust(w) for v, w in zip(vals, widths)) + " |"
        out = [line(columns), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
        return "\n".join(out + [line(r) for r in cells])
    line = lambda vals: "  ".join(v.ljust(w) for v, w in zip(vals, widths)).rstrip()
    out = [line(columns), "  ".join("-" * w for w in widths)] + [line(r) for r in cells]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''})")
    return "\n".join(out)
