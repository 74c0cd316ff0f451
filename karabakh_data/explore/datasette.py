"""Browse the dataset in Datasette: ``karabakh-data serve [--port 8001]``.

Journalists and researchers already use Datasette to browse and publish
datasets; this puts the dataset in front of them with no SQL to write. The
data is exported to a fresh SQLite file (sqlite_export.py), and Datasette's
metadata is generated from the schemas, never typed: table and column
descriptions from table_specs.TABLES, the licence, the source and the
dataset version. Each view becomes a canned query titled with the question
its file's header comment asks (named ``ask_<view>``, because a canned query
would hide the materialised table of the same name); a view "as known on" a
date asks for the day as a parameter (canned_sql).

Served from a checkout (raw/sources beside it), the evidence pages
(evidence.py) are written into the same temporary folder and served under
/evidence/, and each claim table gets an ``evidence`` column: the URL of the
record's mark, which Datasette shows as a link.

Datasette is an optional extra: ``pip install 'karabakh-data[explore]'``.

Safe to leave running on localhost (BOUNDS): any web page the user opens
can send requests to 127.0.0.1, so arbitrary SQL is off unless ``--sql``
is given (one ``?sql=select zeroblob(1000000000)`` drove a server to 16 GB);
with it, a query has a time limit, a row limit and a limit on the size of
any value it makes. Requests whose Host header is not this server's
(127.0.0.1, localhost or [::1] on its port) are refused, so a page on
another site cannot reach it by rebinding its own name to 127.0.0.1.
"""

from __future__ import annotations

import json
import re
import signal
import sqlite3
import tempfile
from pathlib import Path

DB_NAME = "karabakh"
LICENSE, LICENSE_URL = "CC BY 4.0", "https://creativecommons.org/licenses/by/4.0/"
LABEL_COLUMNS = {"actors": "name", "places": "name"}


def view_header(path: Path) -> tuple[str, str]:
    """(question, description) from a view file's leading comment block."""
    lines = []
    for line in Path(path).read_text(encoding="utf-8").splitlines():
        if not line.startswith("--"):
            break
        lines.append(line[2:].strip())
    text = "\n".join(lines)
    m = re.search(r"Question:\s*(.+)", text)
    question = m.group(1).strip() if m else Path(path).stem
    rest = text[m.end() :] if m else text
    paras = [" ".join(p.split()) for p in re.split(r"\n\s*\n", rest) if p.strip()]
    return question, "\n\n".join(paras)


_CALENDAR = re.compile(r"\bAS\s+known_on\b", re.IGNORECASE)


def canned_sql(view: str, path: Path) -> str:
    """The canned query of a view: all its rows; for a view over a calendar (a known_on column), one day's.

    A view that answers "as known on a date" (claims_known_on, totals_known_on)
    has a row per day; its canned query asks for the day as a Datasette
    parameter, :known_on (YYYY-MM-DD), and shows the last day when it is left
    empty.
    """
    if _CALENDAR.search(Path(path).read_text(encoding="utf-8")):
        return f'select * from "{view}" where known_on = coalesce(nullif(:known_on, \'\'), (select max(known_on) from "{view}"))'
    return f'select * from "{view}"'


def metadata(evidence: bool = False) -> dict:
    """Datasette metadata: titles, licence, source, version, descriptions, canned queries.

    evidence: the claim tables carry the evidence column (served from a checkout, evidence.link_records).
    """
    from .._version import __version__
    from ..paths import view_files
    from ..schema.table_specs import TABLES

    described = {}
    for t in TABLES.values():
        for c in t.columns:
            described.setdefault(c.name, c.description)
    tables = {}
    for name, t in TABLES.items():
        tables[name] = {"description": t.description, "columns": {c.name: c.description for c in t.columns}}
        if name in LABEL_COLUMNS:
            tables[name]["label_column"] = LABEL_COLUMNS[name]
        if evidence and (t.is_claim or name == "incidents"):
            from .evidence import INCIDENT_LINK_DESCRIPTION, LINK_COLUMN, LINK_DESCRIPTION

            tables[name]["columns"][LINK_COLUMN] = LINK_DESCRIPTION if t.is_claim else INCIDENT_LINK_DESCRIPTION
    queries = {}
    for path in view_files():
        question, description = view_header(path)
        view = path.stem
        tables[view] = {"description": f"View: {question} (materialised from sql/views/{path.name} at export time.) {description}"}
        queries[f"ask_{view}"] = {"sql": canned_sql(view, path), "title": question, "description": description or f"Rows of the {view} view."}
    return {
        "title": f"karabakh-data {__version__}",
        "description": (
            f"A versioned, citable dataset of the 2020 Nagorno-Karabakh war (dataset version {__version__}), "
            "hand-coded from news reports: who claimed what, when, and who denied it. Every row is a claim "
            "with its claimant, source and verbatim quote, not a verified fact. Start with a question under "
            "'Queries', or a table such as events or casualties."
        ),
        "license": LICENSE,
        "license_url": LICENSE_URL,
        "source": f"karabakh-data {__version__}: news reports listed in the sources table",
        "databases": {DB_NAME: {"description": f"Every table and view of karabakh-data {__version__}.", "tables": tables, "queries": queries}},
    }


SETTINGS = {
    "default_page_size": 50,
    "default_allow_sql": False,  # arbitrary SQL only with --sql (the canned queries, tables and facets stay)
    "sql_time_limit_ms": 1000,
    "max_returned_rows": 1000,
    "max_csv_mb": 10,
}
VALUE_BYTES = 10_000_000
"""With --sql: the largest string or blob a query may make (SQLite's length limit; Python 3.11 and later)."""


def settings(sql: bool = False) -> dict:
    """Datasette's settings of `serve` (with --sql: arbitrary SQL allowed, under the same time and row limits)."""
    return {**SETTINGS, "default_allow_sql": bool(sql)}


def allowed_hosts(port: int) -> set[str]:
    """The Host headers of requests to this server: 127.0.0.1, localhost and [::1] on its port."""
    names = ("127.0.0.1", "localhost", "[::1]")
    return {f"{n}:{port}" for n in names} | (set(names) if port == 80 else set())


def host_check(hosts: set[str]):
    """An ASGI wrapper answering 403 to a request whose Host header is not one of hosts."""

    def wrap(app):
        async def checked(scope, receive, send):
            if scope["type"] == "http":
                host = dict(scope.get("headers") or []).get(b"host", b"").decode("latin-1").lower()
                if host not in hosts:
                    body = f"Host {host!r} refused: this server answers only {', '.join(sorted(hosts))}\n".encode()
                    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode())]
                    await send({"type": "http.response.start", "status": 403, "headers": headers})
                    await send({"type": "http.response.body", "body": body})
                    return
            await app(scope, receive, send)

        return checked

    return wrap


def register(port: int):
    """Register serve's plugin with Datasette: refuse a foreign Host header, bound the size of a value a query makes; return it, to unregister."""
    import types

    from datasette import hookimpl
    from datasette.plugins import pm

    hosts = allowed_hosts(port)

    def asgi_wrapper(datasette):
        return host_check(hosts)

    def prepare_connection(conn):
        if hasattr(conn, "setlimit"):  # Python 3.11+
            conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, VALUE_BYTES)

    plugin = types.ModuleType("karabakh_data_serve_bounds")  # Datasette lists plugins by module name
    plugin.asgi_wrapper, plugin.prepare_connection = hookimpl(asgi_wrapper), hookimpl(prepare_connection)
    pm.register(plugin, name=f"karabakh_data_serve_bounds_{port}")
    return plugin


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def serve(port: int = 8001, host: str = "127.0.0.1", sql: bool = False) -> int:
    """Export to a temporary SQLite file and run Datasette on it until stopped, within BOUNDS (module docstring)."""
    from ..extras import require

    cli = require("datasette.cli").cli
    from datasette.plugins import pm

    from .sqlite_export import export_sqlite

    with tempfile.TemporaryDirectory(prefix="karabakh-serve-") as tmp:
        db = Path(tmp) / f"{DB_NAME}.db"
        rows = export_sqlite(db)
        from .evidence import for_datasette

        pages = for_datasette(Path(tmp) / "evidence", db, f"http://{host}:{port}/evidence")
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(evidence=pages is not None), indent=2), encoding="utf-8")
        print(f"karabakh-data serve: {len(rows)} tables and views at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
        if sql:
            print(
                f"karabakh-data serve: SQL allowed (--sql): {SETTINGS['sql_time_limit_ms']} ms and {SETTINGS['max_returned_rows']} rows a query; any page you open may use it",
                flush=True,
            )
        args = ["serve", "--immutable", str(db), "--metadata", str(meta), "--host", host, "--port", str(port)]
        for name, value in settings(sql).items():
            args += ["--setting", name, ("on" if value else "off") if isinstance(value, bool) else str(value)]
        plugin = register(port)
        args += ["--static", f"evidence:{pages}"] if pages else []
        # uvicorn re-raises SIGTERM after its clean shutdown: make that an exception, so the
        # temporary folder is removed instead of the process dying on the spot
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            cli.main(args=args, prog_name="datasette", standalone_mode=False)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
            pm.unregister(plugin)
    return 0
