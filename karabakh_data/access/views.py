"""The SQL views: which question each answers, and how to use them anywhere.

The views are plain .sql files in sql/views/, one per view, named after it,
so that a SQL user can read them and so that the build (into the DuckDB
file), connect(), the CLI and a plain duckdb session over the Parquet files
all create exactly the same views. Each file starts with a ``-- Question:``
comment; this module reads it for ``karabakh-data views`` and the README
(``python -m karabakh_data.views``, karabakh_data/views.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

_QUESTION = re.compile(r"^--\s*Question:\s*(.+?)\s*$", re.MULTILINE)
_CREATE = re.compile(r"^CREATE OR REPLACE VIEW\s+(\w+)\s+AS\b", re.MULTILINE | re.IGNORECASE)


@dataclass(frozen=True)
class View:
    name: str
    question: str
    path: Path

    @property
    def sql(self) -> str:
        return self.path.read_text(encoding="utf-8")


def parse(path: Path) -> View:
    """Read a view file's name and question; ValueError if the file breaks the conventions."""
    text = path.read_text(encoding="utf-8")
    question, create = _QUESTION.search(text), _CREATE.findall(text)
    if not question:
        raise ValueError(f"{path.name}: no '-- Question: ...' header comment")
    if create != [path.stem]:
        raise ValueError(f"{path.name}: must define exactly one view, named {path.stem!r} (found {create})")
    return View(path.stem, question.group(1), path)


def views() -> list[View]:
    """Every view, in the order the build creates them (file name order)."""
    from ..paths import view_files

    return [parse(p) for p in view_files()]


def get(name: str) -> View:
    found = {v.name: v for v in views()}
    if name not in found:
        import difflib

        close = difflib.get_close_matches(name, found, n=1)
        hint = f" Did you mean {close[0]!r}?" if close else ""
        raise KeyError(f"unknown view {name!r}.{hint} Views: {', '.join(found)}")
    return found[name]


def duckdb_script(folder: Path) -> str:
    """SQL that sets up a plain duckdb session over the Parquet files in folder.

    Each table becomes a view over its Parquet file, then every view is
    created: ``duckdb -init setup.sql`` gives the same tables and views as
    connect(), with nothing but duckdb installed.
    """
    from ..schema.registry import TABLE_DESCRIPTIONS

    folder = Path(folder).resolve()
    lines = [f"-- karabakh-data: tables and views over the Parquet files in {folder}"]
    for name in TABLE_DESCRIPTIONS:
        path = str(folder / f"{name}.parquet").replace("'", "''")
        lines.append(f"CREATE OR REPLACE VIEW \"{name}\" AS SELECT * FROM read_parquet('{path}');")
    return "\n".join(lines) + "\n\n" + "\n".join(v.sql.rstrip() + "\n" for v in views())


def listing() -> str:
    width = max(len(v.name) for v in views())
    return "\n".join(f"{v.name:<{width}}  {v.question}" for v in views())
