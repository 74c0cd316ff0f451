"""Generated metadata: frictionless accepts datapackage.json, mlcroissant accepts croissant.json,
and docs/data-dictionary.md is up to date with the schemas."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from karabakh_data.release import dictionary
from karabakh_data.release.metadata import croissant, datapackage, dumps, foreign_keys
from karabakh_data.release.snapshot import read_parquet_folder
from karabakh_data.schema.table_specs import TABLES

from ..conftest import ROOT


@pytest.fixture(scope="module")
def package_dir(built, tmp_path_factory) -> Path:
    """A folder laid out like the release archive: data/, datapackage.json, croissant.json."""
    folder = tmp_path_factory.mktemp("package")
    shutil.copytree(built / "data", folder / "data")
    sources = list(read_parquet_folder(folder / "data").records["sources"].values())
    (folder / "datapackage.json").write_text(dumps(datapackage(folder / "data", "0.1.0", "2026-01-01", sources)))
    (folder / "croissant.json").write_text(dumps(croissant(folder / "data", "0.1.0", "2026-01-01", sources)))
    return folder


def _descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text())


def _inline_package(folder: Path, edit=None):
    """The package with each resource's rows inline: frictionless checks types, constraints and keys.

    frictionless reads Parquet through pandas, which turns nullable integers
    into floats and lists into numpy arrays, and it cannot count a Parquet
    resource's bytes; rows read by pyarrow keep their real types. Bytes and
    hashes are checked separately, against the files.
    """
    from frictionless import Package

    desc = _descriptor(folder)
    for res in desc["resources"]:
        table = pq.read_table(folder / res.pop("path"))
        rows = [list(r.values()) for r in table.to_pylist()]
        if edit:
            edit(res["name"], table.column_names, rows)
        res["data"] = [table.column_names] + rows
        for key in ("bytes", "hash", "format", "mediatype"):
            res.pop(key)
    return Package(desc)


def test_datapackage_descriptor_is_valid_v2(package_dir):
    from frictionless import Package

    desc = _descriptor(package_dir)
    report = Package.validate_descriptor(desc, basepath=str(package_dir))
    assert report.valid, report.flatten(["type", "message"])
    assert desc["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert desc["licenses"][0]["name"] == "CC-BY-4.0"


def test_datapackage_data_passes_frictionless(package_dir):
    report = _inline_package(package_dir).validate()
    assert report.valid, [(task.name, e.message) for task in report.tasks for e in task.errors]


def test_frictionless_enforces_the_foreign_keys_and_enums(package_dir):
    def break_first_event(name, columns, rows):
        if name == "events":
            rows[0][columns.index("claimant_id")] = "nobody"
            rows[0][columns.index("event_type")] = "picnic"

    report = _inline_package(package_dir, break_first_event).validate()
    errors = sorted({(task.name, e.type) for task in report.tasks for e in task.errors})
    assert errors == [("events", "constraint-error"), ("events", "foreign-key")]


def test_datapackage_bytes_and_hashes_match_the_files(package_dir):
    for res in _descriptor(package_dir)["resources"]:
        data = (package_dir / res["path"]).read_bytes()
        assert res["bytes"] == len(data) and res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_datapackage_schemas_come_from_the_table_specs(package_dir):
    resources = {r["name"]: r for r in _descriptor(package_dir)["resources"]}
    assert list(resources) == list(TABLES)
    for name, table in TABLES.items():
        fields = resources[name]["schema"]["fields"]
        assert [f["name"] for f in fields] == [c.name for c in table.columns]
        for f, c in zip(fields, table.columns):
            assert f["description"] == c.description and f["constraints"]["required"] is not c.nullable
            assert f["constraints"].get("enum", []) == list(c.allowed)
        assert resources[name]["schema"].get("primaryKey") == ([table.key] if table.key else None)


def test_expected_foreign_keys(package_dir):
    fks = {
        (r["name"], fk["fields"][0]): (fk["reference"]["resource"], fk["reference"]["fields"][0])
        for r in _descriptor(package_dir)["resources"]
        for fk in r["schema"].get("foreignKeys", [])
    }
    assert fks[("casualties", "claimant_id")] == ("actors", "actor_id")
    assert fks[("casualties", "event_id")] == ("events", "event_id")
    assert fks[("meeting_participants", "meeting_id")] == ("meetings", "meeting_id")
    assert fks[("meeting_participants", "actor_id")] == ("actors", "actor_id")
    assert fks[("places", "parent_id")] == ("places", "place_id")
    assert fks[("territory", "reference_place_id")] == ("places", "place_id")
    for table in (t for t in TABLES.values() if t.is_claim):
        assert fks[(table.name, "source_id")] == ("sources", "source_id")
        assert fks[(table.name, "place_id")] == ("places", "place_id")


@pytest.mark.filterwarnings("ignore")  # deprecations inside mlcroissant's dependencies (rdflib, pandas)
def test_croissant_is_valid_and_readable_with_mlcroissant(package_dir):
    """mlcroissant loads the JSON-LD (offline: every file is local) and reads every record set."""
    import mlcroissant as mlc

    ds = mlc.Dataset(jsonld=str(package_dir / "croissant.json"))
    assert not ds.metadata.ctx.issues.errors and not ds.metadata.ctx.issues.warnings
    manifest = json.loads((package_dir / "data" / "manifest.json").read_text())
    for name, table in TABLES.items():
        records = list(ds.records(name))
        assert len(records) == manifest["tables"][name]["rows"], name
        assert sorted(records[0]) == sorted(f"{name}/{c.name}" for c in table.columns)


def test_croissant_files_and_fields(package_dir):
    doc = json.loads((package_dir / "croissant.json").read_text())
    assert doc["conformsTo"] == "http://mlcommons.org/croissant/1.0"
    for fo in doc["distribution"]:
        assert fo["sha256"] == hashlib.sha256((package_dir / fo["contentUrl"]).read_bytes()).hexdigest()
    sets = {rs["name"]: rs for rs in doc["recordSet"]}
    assert [f["name"] for f in sets["events"]["field"]] == [c.name for c in TABLES["events"].columns]
    refs = {f["name"]: f["references"]["field"]["@id"] for f in sets["casualties"]["field"] if "references" in f}
    assert refs["claimant_id"] == "actors/actor_id" and refs["source_id"] == "sources/source_id"


def test_data_dictionary_is_up_to_date():
    on_disk = (ROOT / dictionary.DICTIONARY_PATH).read_text(encoding="utf-8")
    assert on_disk == dictionary.render(), "docs/data-dictionary.md is stale: run `karabakh-data dictionary`"


def test_data_dictionary_covers_every_column_and_defines_every_value():
    text = dictionary.render()
    for name, table in TABLES.items():
        section = text.split(f"\n## {name}\n", 1)[1].split("\n## ", 1)[0]
        for c in table.columns:
            assert f"| `{c.name}` | {c.kind} |" in section, f"{name}.{c.name}"
            defs = dictionary.definitions(c.allowed)
            for value in c.allowed:
                line = f"- `{value}`" + (f": {defs[value]}" if value in defs else "")
                assert line in section.splitlines(), f"{name}.{c.name}={value}"
        for _col, (ref_table, ref_col) in foreign_keys(table).items():
            assert f"`{ref_table}.{ref_col}`" in section
    assert dictionary.definitions(TABLES["events"].column("event_type").allowed)["battles"].startswith("A violent")
