"""schemas/ is generated from the models and must be up to date."""

from __future__ import annotations

import json

import jsonschema
import pytest

from karabakh_data.build.rawio import load_yaml
from karabakh_data.schema.json_schema import SCHEMA_FILES, render

from ..conftest import RAW, ROOT


@pytest.mark.parametrize("name", sorted(SCHEMA_FILES))
def test_schema_file_is_up_to_date(name):
    on_disk = (ROOT / "schemas" / name).read_text(encoding="utf-8")
    assert on_disk == render(SCHEMA_FILES[name]), f"schemas/{name} is stale: run `karabakh-data schemas`"


def test_raw_files_validate_against_the_json_schema():
    """An editor using schemas/ agrees with the build on the real files."""
    pairs = [("records.schema.json", p) for p in sorted((RAW / "records").glob("*.yaml"))]
    pairs += [("actors.schema.json", RAW / "actors.yaml"), ("places.schema.json", RAW / "places.yaml"), ("incidents.schema.json", RAW / "incidents.yaml")]
    for schema_name, path in pairs:
        schema = json.loads((ROOT / "schemas" / schema_name).read_text())
        data, problems = load_yaml(path.read_text(encoding="utf-8"), path.name)
        assert not problems
        jsonschema.validate(json.loads(json.dumps(data)), schema)


def test_json_schema_rejects_computed_columns():
    schema = json.loads((ROOT / "schemas" / "records.schema.json").read_text())
    assert "quote_start" not in json.dumps(schema)
