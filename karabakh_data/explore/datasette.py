"""Browse the dataset in Datasette: ``karabakh-data serve [--port 8001]``.

Journalists and researchers already use Datasette to browse and publish
datasets; this puts the dataset in front of them with no SQL to write. The
data is exported to a fresh SQLite file (sqlite_export.py), and Datasette's
metadata is generated from the schemas, never typed: table and column
descriptions from table_specs.TABLES, the licence, the source and the
dataset version. Each view becomes a canned query titled with the question
its file's header comment asks (named ``ask_<view>``, because a canned query
would hide the materialised table of the same name).

Datasette is an optional extra: ``pip install 'karabakh-data[explore]'``.
"""

from __future__ import annotations

import json
import re
import signal
import sys
import tempfile
from pathlib import Path

DB_NAME = "karabakh"
INSTALL_HINT = "Datasette is not installed; install it with:  pip install 'karabakh-data[explore]'"
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


def metadata() -> dict:
    """Datasette metadata: titles, licence, source, version, descriptions, canned queries."""
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
    queries = {}
    for path in view_files():
        question, description = view_header(path)
        view = path.stem
        tables[view] = {"description": f"View: {question} (materialised from sql/views/{path.name} at export time.) {description}"}
        queries[f"ask_{view}"] = {"sql": f'select * from "{view}"', "title": question, "description": description or f"Rows of the {view} view."}
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


def _interrupt(signum, frame):
    raise KeyboardInterrupt


def serve(port: int = 8001, host: str = "127.0.0.1") -> int:
    """Export to a temporary SQLite file and run Datasette on it until stopped."""
    try:
        from datasette.cli import cli
    except ImportError:
        print(INSTALL_HINT, file=sys.stderr)
        return 1
    from .sqlite_export import export_sqlite

    with tempfile.TemporaryDirectory(prefix="karabakh-serve-") as tmp:
        db = Path(tmp) / f"{DB_NAME}.db"
        rows = export_sqlite(db)
        meta = Path(tmp) / "metadata.json"
        meta.write_text(json.dumps(metadata(), indent=2), encoding="utf-8")
        print(f"karabakh-data serve: {len(rows)} tables and views at http://{host}:{port}/ (Ctrl-C to stop)", flush=True)
        args = ["serve", "--immutable", str(db), "--metadata", str(meta), "--host", host, "--port", str(port), "--setting", "default_page_size", "50"]
        # uvicorn re-raises SIGTERM after its clean shutdown: make that an exception, so the
        # temporary folder is removed instead of the process dying on the spot
        previous = signal.signal(signal.SIGTERM, _interrupt)
        try:
            cli.main(args=args, prog_name="datasette", standalone_mode=False)
        except KeyboardInterrupt:
            pass
        finally:
            signal.signal(signal.SIGTERM, previous)
    return 0
