"""Read-only SQL for the command line, without pandas on the path.

Two locks keep the command line from changing anything. Only statements
that read (SELECT, WITH ... SELECT, EXPLAIN of a read, DESCRIBE, SHOW,
SUMMARIZE, PRAGMA) are run; anything else is refused before it reaches
DuckDB, with a clear message. And the queries run on connect()'s
connection: in-memory copies of the tables with file access switched off
and the configuration locked, so even a statement that slipped through
(EXPLAIN ANALYZE runs its statement) could neither read nor write a file.
"""

from __future__ import annotations

import csv
import io
import json
import re


class QueryRefused(Exception):
    """A query that would change data, or that DuckDB rejects."""


class QueryFailed(QueryRefused):
    """DuckDB could not run the query (syntax, unknown name...); the message is DuckDB's."""


_ALLOWED = {"SELECT", "EXPLAIN", "PRAGMA"}
_EXPLAIN = re.compile(r"^\s*EXPLAIN\s+(?:ANALY[SZ]E\s+|\([^)]*\)\s*)?", re.IGNORECASE)


def _connection():
    import duckdb

    from . import DataIntegrityError, _open

    try:
        return _open(materialise=False)  # safe here: run_query refuses every writing statement
    except (duckdb.Error, OSError, DataIntegrityError) as err:
        raise QueryFailed(f"cannot open the data: {err}") from None


def _kind(con, statement) -> str:
    """The statement's type; for EXPLAIN, the type of the statement it explains."""
    kind = statement.type.name if hasattr(statement.type, "name") else str(statement.type)
    kind = kind.removesuffix("_STATEMENT")
    if kind == "EXPLAIN":
        stripped = _EXPLAIN.sub("", statement.query, count=1)
        if stripped == statement.query:  # an EXPLAIN the pattern cannot take apart (a comment before it): refused, never recursed on
            return "commented EXPLAIN"
        inner = con.extract_statements(stripped)
        return "EXPLAIN" if len(inner) == 1 and _kind(con, inner[0]) in _ALLOWED else "EXPLAIN of a " + _kind(con, inner[0])
    return kind


def run_query(sql: str) -> tuple[list[str], list[tuple]]:
    import duckdb

    con = _connection()
    try:
        statements = con.extract_statements(sql)
        kinds = [_kind(con, st) for st in statements]
    except duckdb.Error as err:
        raise QueryFailed(str(err)) from None
    if not statements:
        raise QueryRefused("no SQL statement given")
    for kind in kinds:
        if kind not in _ALLOWED:
            raise QueryRefused(f"only read-only queries are allowed; refused a {kind} statement (the data cannot be changed)")
    try:
        result = None
        for st in statements:
            result = con.execute(st)
        columns = [d[0] for d in result.description]
        return columns, result.fetchall()
    except duckdb.Error as err:
        raise QueryFailed(str(err)) from None


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
