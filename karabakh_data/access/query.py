"""Read-only SQL for the command line, without pandas on the path.

Two locks keep the command line from changing anything. Only statements
that read (SELECT, WITH ... SELECT, EXPLAIN of a read, DESCRIBE, SHOW,
SUMMARIZE, PRAGMA) are run; anything else is refused before it reaches
DuckDB, with a clear message. And the statement runs on a sealed
connection (access.open_relations): the tables are views over their
Parquet files, checked against the manifest, file access is limited to
exactly those files and the configuration locked, so even a statement that
slipped through (EXPLAIN ANALYZE runs its statement) could write nothing.

Only what the statement reads is opened: its tables and views, found in
DuckDB's parse tree (views.reads), and what those views read, so a query
of one table costs about what a bare DuckDB reading one Parquet file does.
A statement whose relations cannot be told (SHOW TABLES, a table
function, information_schema) gets every table and view.

The statement runs in a worker thread, so that the caller can stop it:
after ``timeout`` seconds, or on Ctrl-C (KeyboardInterrupt in the main
thread), DuckDB is asked to interrupt it (connection.interrupt()).
"""

from __future__ import annotations

import json
import re
import threading

FORMATS = ("table", "csv", "json", "markdown")
"""What render() writes; the command line's --format choices."""
DEFAULT_TIMEOUT = 60.0
"""Seconds a statement of the command line may run (0: no limit). Any query of the dataset takes well under a second."""


class QueryRefused(Exception):
    """A query that would change data, or that DuckDB rejects."""


class QueryFailed(QueryRefused):
    """DuckDB could not run the query (syntax, unknown name...); the message is DuckDB's."""


class QueryStopped(Exception):
    """The statement was interrupted: it ran out of time (timed_out) or the user pressed Ctrl-C."""

    def __init__(self, message: str, timed_out: bool):
        super().__init__(message)
        self.timed_out = timed_out


_ALLOWED = {"SELECT", "EXPLAIN", "PRAGMA"}
_EXPLAIN = re.compile(r"^\s*EXPLAIN\s+(?:ANALY[SZ]E\s+|\([^)]*\)\s*)?", re.IGNORECASE)


def sealed_connection(names=None, con=None):
    """con (default: a new one) with the relations named (None: every one) and what they read, sealed.

    Views over the Parquet files, not copies: safe only because run_query
    and export refuse every writing statement before it runs. QueryFailed if
    the data cannot be opened; DataIntegrityError if a file does not match
    the manifest.
    """
    import duckdb

    from . import open_relations

    try:
        return open_relations(con or duckdb.connect(":memory:"), names, materialise=False)
    except (duckdb.Error, OSError) as err:
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


def _statement(con, sql: str):
    """The one reading statement in sql and the relations it names (None: cannot tell); QueryRefused otherwise.

    Parsing only (extract_statements, json_serialize_sql): nothing is run.
    """
    import duckdb

    from .views import reads

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
    if len(statements) > 1:
        raise QueryRefused(f"one statement at a time: got {len(statements)}; run each with its own query")
    (statement,) = statements
    return statement, reads(con, statement.query) if kinds[0] == "SELECT" else None


def run_query(sql: str, timeout: float | None = None) -> tuple[list[str], list[tuple]]:
    """Columns and rows of one reading statement.

    QueryRefused (a writing statement, several statements), QueryFailed
    (DuckDB's error), QueryStopped (after timeout seconds, None or 0 for no
    limit, or on Ctrl-C), DataIntegrityError (a file it reads is not the
    released one).
    """
    import duckdb

    con = duckdb.connect(":memory:")
    statement, names = _statement(con, sql)
    sealed_connection(names, con)
    try:
        return _interruptible(con, statement, timeout or None)
    except duckdb.CatalogException as err:
        if names is None:
            raise QueryFailed(str(err)) from None
    except duckdb.Error as err:
        raise QueryFailed(str(err)) from None
    finally:
        _close(con)
    # a name the parse tree missed: run again with every table and view (and DuckDB's own error if it still fails)
    con = sealed_connection(None)
    try:
        return _interruptible(con, statement, timeout or None)
    except duckdb.Error as err:
        raise QueryFailed(str(err)) from None
    finally:
        _close(con)


def _close(con) -> None:
    """Close, unless a stopped statement still holds the connection (it goes with the process)."""
    import duckdb

    try:
        con.close()
    except duckdb.Error:
        pass


def _interruptible(con, statement, timeout: float | None):
    """Run the statement in a worker thread; interrupt it on timeout or Ctrl-C and raise QueryStopped.

    The main thread waits on an Event, not on Thread.join: a join cut short
    by KeyboardInterrupt can leave the thread looking finished while it runs.
    """
    outcome: dict = {}
    done = threading.Event()

    def work():
        try:
            result = con.execute(statement)
            outcome["value"] = ([d[0] for d in result.description], result.fetchall())
        except BaseException as err:  # handed to the caller's thread
            outcome["error"] = err
        finally:
            done.set()

    threading.Thread(target=work, name="karabakh-data query", daemon=True).start()
    try:
        finished = done.wait(timeout)
    except KeyboardInterrupt:
        _stop(con, done)
        raise QueryStopped("interrupted (Ctrl-C); the statement was stopped", timed_out=False) from None
    if not finished:
        _stop(con, done)
        raise QueryStopped(f"timed out: stopped after {timeout:g} s (raise --timeout, or 0 for no limit)", timed_out=True)
    if "error" in outcome:
        raise outcome["error"]
    return outcome["value"]


def _stop(con, done: threading.Event) -> None:
    """Ask DuckDB to stop the statement, again and again for up to 5 s: a request made while the worker thread has
    not yet begun the statement is lost (DuckDB clears it when a statement begins), which a busy machine makes likely."""
    for _ in range(50):
        con.interrupt()
        if done.wait(0.1):
            return


def _cell(v) -> str:
    if v is None:
        return ""
    if isinstance(v, list):
        return ", ".join(map(_cell, v))
    return str(v)


def render(columns: list[str], rows: list[tuple], fmt: str = "table") -> str:
    """Rows as a text table, Markdown, JSON or CSV (R-ready, as export and the downloads write it: r_csv)."""
    if fmt == "json":
        return json.dumps([dict(zip(columns, r)) for r in rows], default=str, ensure_ascii=False, indent=1)
    if fmt == "csv":
        from . import r_csv

        return r_csv.text(columns, rows)
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
