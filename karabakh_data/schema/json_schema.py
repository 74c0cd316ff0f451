"""JSON Schema of the raw files, generated from the Pydantic models.

Editors (VS Code's YAML extension, PyCharm) use these files to check a
record as it is typed. They are generated, never edited: `karabakh-data
schemas` rewrites them and a test fails if they are out of date.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import models as m

SCHEMA_FILES = {
    "records.schema.json": m.RecordsFile,
    "actors.schema.json": m.ActorsFile,
    "places.schema.json": m.PlacesFile,
    "incidents.schema.json": m.IncidentsFile,
}


def _drop_computed(node: object) -> None:
    """Remove computed columns: the coder must not type them."""
    if isinstance(node, dict):
        props = node.get("properties")
        if isinstance(props, dict):
            for name in [k for k, v in props.items() if isinstance(v, dict) and v.get("computed")]:
                del props[name]
        for value in node.values():
            _drop_computed(value)
    elif isinstance(node, list):
        for value in node:
            _drop_computed(value)


def json_schema(model) -> dict:
    schema = model.model_json_schema(mode="validation")
    _drop_computed(schema)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    return schema


def render(model) -> str:
    return json.dumps(json_schema(model), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for name, model in SCHEMA_FILES.items():
        path = folder / name
        path.write_text(render(model), encoding="utf-8")
        written.append(path)
    return written
