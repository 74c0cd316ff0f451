"""The one table registry: every list of tables agrees with it, and its declarations with the models."""

from __future__ import annotations

import subprocess
import sys

from karabakh_data.schema import models as m
from karabakh_data.schema import registry
from karabakh_data.schema.table_specs import TABLES, foreign_keys


def test_every_table_has_its_model_file_key_and_description():
    assert list(TABLES) == list(registry.TABLES)
    for name, d in registry.TABLES.items():
        table = TABLES[name]
        assert table.model is getattr(m, d.model)
        assert d.file == f"{name}.parquet"
        assert d.description and table.description == d.description
        assert table.key is None or table.columns[0].name == table.key, "the key is the first column"
        assert table.sort_keys and all(k in table.model.model_fields for k in table.sort_keys)
        assert table.key or table.unique, f"{name}: a table without a key declares the columns unique together"


def test_declared_references_name_real_columns_and_tables():
    for name, table in TABLES.items():
        for column in registry.TABLES[name].references:
            assert column in table.model.model_fields, f"{name}.{column}"
        for column, target in table.references:
            assert target == registry.CLAIMS or target in TABLES, f"{name}.{column} -> {target}"


def test_every_column_named_for_another_tables_key_is_a_declared_reference():
    """A new column such as `event_id` that is not declared would escape the reference checks and the metadata's foreign keys."""
    keys = {t.key for t in TABLES.values() if t.key}
    for name, table in TABLES.items():
        declared = dict(table.references)
        for c in table.columns:
            if c.name != table.key and (c.name in keys or c.name == "parent_id" or c.name.endswith("_id")):
                assert c.name in declared, f"{name}.{c.name} looks like a reference but the registry does not declare it"
        assert set(foreign_keys(table)) <= set(declared)


def test_the_raw_file_models_hold_the_registrys_lists():
    assert set(m.RecordsFile.model_fields) == {"source", *registry.RECORD_TABLES}
    assert registry.REFERENCE_FILES == {"actors.yaml": "actors", "places.yaml": "places", "incidents.yaml": "incidents"}
    assert set(m.ActorsFile.model_fields) == {"actors"} and set(m.PlacesFile.model_fields) == {"places"}
    assert set(m.IncidentsFile.model_fields) == {"incidents"}
    assert set(registry.DOCUMENT_TABLES) | set(registry.REFERENCE_FILES.values()) == set(registry.TABLES)


def test_the_registry_imports_nothing():
    code = "import sys, karabakh_data; before = set(sys.modules); import karabakh_data.schema.registry; print(sorted(set(sys.modules) - before))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]", "karabakh_data (tables()) imports the registry; it must need nothing more"
