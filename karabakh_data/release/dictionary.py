"""docs/data-dictionary.md, generated from the table specs and the vocabularies.

Every table and column with its type, nullability, allowed values (each with
its definition from the vocabularies in models.py), references and
description. Generated, never edited: `karabakh-data dictionary` rewrites it
and a test fails when it is stale.
"""

from __future__ import annotations

from pathlib import Path

from ..schema import models as m
from ..schema.table_specs import TABLES

DICTIONARY_PATH = Path("docs") / "data-dictionary.md"


def _vocabularies() -> list[dict]:
    """The module-level vocabularies of models.py (value -> definition)."""
    return [v for k, v in vars(m).items() if k.isupper() and isinstance(v, dict) and v and all(isinstance(x, str) for x in v)]


def definitions(allowed: tuple) -> dict[str, str]:
    """Definition of each allowed value: from the vocabulary holding exactly these values."""
    for vocab in _vocabularies():
        if tuple(vocab) == tuple(allowed):
            return {k: (f"{d[-1]} (under `{d[0]}`)" if isinstance(d, tuple) else d) for k, d in vocab.items()}
    return {}


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def render() -> str:
    from ..schema.table_specs import foreign_keys
    from .metadata import bounds

    out = [
        "# Data dictionary",
        "",
        "Generated from `karabakh_data/schema/models.py` by `karabakh-data dictionary`; do not edit by hand.",
        "Types: `category` is a string restricted to the listed values (a dictionary-encoded column in Parquet);",
        "`list` is a list of strings. Computed columns are filled by the build, never typed by a coder.",
        "",
        "| Table | Key | Description |",
        "|---|---|---|",
    ]
    out += [f"| [`{n}`](#{n}) | {f'`{t.key}`' if t.key else '-'} | {_cell(t.description)} |" for n, t in TABLES.items()]
    for name, table in TABLES.items():
        fks, limits = foreign_keys(table), bounds(table)
        key = f"`{table.key}`" if table.key else "none (one row per meeting, actor and role)"
        out += [
            "",
            f"## {name}",
            "",
            _cell(table.description),
            "",
            f"Primary key: {key}.",
            "",
            "| Column | Type | Nullable | References | Description |",
            "|---|---|---|---|---|",
        ]
        for c in table.columns:
            ref = f"`{'.'.join(fks[c.name])}`" if c.name in fks else ""
            desc = _cell(c.description) + "".join(f" {k.capitalize()} {v}." for k, v in limits.get(c.name, {}).items())
            desc += " *(computed)*" if c.computed else ""
            out.append(f"| `{c.name}` | {c.kind} | {'yes' if c.nullable else 'no'} | {ref} | {desc} |")
        for c in (c for c in table.columns if c.allowed):
            defs = definitions(c.allowed)
            out += ["", f"Allowed values of `{name}.{c.name}`:", ""]
            out += [f"- `{v}`" + (f": {_cell(defs[v])}" if defs.get(v) else "") for v in c.allowed]
    return "\n".join(out) + "\n"


def write(root: Path = Path(".")) -> Path:
    path = Path(root) / DICTIONARY_PATH
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render(), encoding="utf-8")
    return path
