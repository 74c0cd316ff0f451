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

    @property
    def select(self) -> str:
        """The view's query: its file without the comments and the CREATE ... AS line."""
        text = self.sql
        return text[_CREATE.search(text).end() :].strip().rstrip(";")


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


GENERATORS = ("generate_series", "range", "unnest")
"""Table functions that make rows from their arguments and read no table or file (the panels' calendar)."""


def reads(con, select: str) -> set[str] | None:
    """The relations (tables or views, lower case) a SELECT names, from DuckDB's parse tree; None if it cannot tell.

    json_serialize_sql parses without binding: nothing is read and no name
    needs to exist. None for anything but a plain SELECT over named
    relations: another kind of statement, a syntax error, a table function
    other than the GENERATORS (read_parquet, duckdb_tables() ...), SHOW, DESCRIBE or SUMMARIZE, or a
    name in another schema (information_schema ...): the caller then opens
    everything. A CTE's
    own name is not a relation; a name that is both is counted (opening
    one table too many costs a little; one too few would fail).
    """
    import json

    tree = json.loads(con.execute("SELECT json_serialize_sql($1)", [select]).fetchone()[0])
    if tree.get("error"):
        return None
    names, ctes, nodes = set(), set(), [tree]
    while nodes:
        node = nodes.pop()
        if isinstance(node, list):
            nodes.extend(node)
            continue
        if not isinstance(node, dict):
            continue
        kind = node.get("type")
        if kind == "TABLE_FUNCTION" and node.get("function", {}).get("function_name", "").lower() in GENERATORS:
            nodes.extend(node["function"].values())  # a generator reads no relation; its arguments may
            continue
        if kind in ("TABLE_FUNCTION", "SHOW_REF"):  # read_parquet(), duckdb_tables(); SHOW, DESCRIBE, SUMMARIZE
            return None
        if kind == "BASE_TABLE":
            if node.get("schema_name") not in ("", "main") or node.get("catalog_name") not in ("", "memory"):
                return None
            names.add(node["table_name"].lower())
        cte_map = node.get("cte_map")
        if isinstance(cte_map, dict):
            ctes.update(entry["key"].lower() for entry in cte_map.get("map", []))
        nodes.extend(node.values())
    shadowed = names & ctes
    return (names - ctes) | (shadowed & _relation_names() if shadowed else set())


def _relation_names() -> set[str]:
    from ..schema.registry import TABLE_DESCRIPTIONS

    return set(TABLE_DESCRIPTIONS) | {v.name for v in views()}


def required(con, names) -> tuple[list[str], list[View]]:
    """The tables and views (each in creation order) needed to read the relations named; None: every one.

    A view needs what its query reads (reads(), on the view's SELECT), which
    may be other views: followed to the tables. A name that is neither a
    table nor a view is left to DuckDB's error message, with everything
    open so that its suggestions name the right relation.
    """
    from ..schema.registry import TABLE_DESCRIPTIONS

    if names is not None and set(names) <= set(TABLE_DESCRIPTIONS):  # tables only: no view file to read
        return [t for t in TABLE_DESCRIPTIONS if t in names], []
    every = views()
    by_name = {v.name: v for v in every}
    if names is None or not set(names) <= set(TABLE_DESCRIPTIONS) | set(by_name):
        return list(TABLE_DESCRIPTIONS), every
    needed, todo = set(), list(names)
    while todo:
        name = todo.pop()
        if name in needed:
            continue
        needed.add(name)
        if name in by_name:
            inner = reads(con, by_name[name].select)
            if inner is None:
                return list(TABLE_DESCRIPTIONS), every
            todo.extend(inner)
    return [t for t in TABLE_DESCRIPTIONS if t in needed], [v for v in every if v.name in needed]


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
