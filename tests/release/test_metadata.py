"""Generated metadata: frictionless accepts datapackage.json, mlcroissant accepts croissant.json,
and docs/data-dictionary.md is up to date with the schemas."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
from pathlib import Path

import pytest

from karabakh_data.release import dictionary
from karabakh_data.release.downloads import LIST_SEPARATOR, write_all
from karabakh_data.release.metadata import PARQUET_SUFFIX, croissant, datapackage, dumps, foreign_keys
from karabakh_data.release.snapshot import read_parquet_folder
from karabakh_data.schema.table_specs import TABLES

from ..conftest import ROOT


@pytest.fixture(scope="module")
def package_dir(built, tmp_path_factory) -> Path:
    """A folder laid out like the release archive: data/, csv/, datapackage.json, croissant.json."""
    folder = tmp_path_factory.mktemp("package")
    shutil.copytree(built / "data", folder / "data")
    write_all("csv", folder / "csv", data=folder / "data")
    _describe(folder)
    return folder


def _describe(folder: Path) -> None:
    sources = list(read_parquet_folder(folder / "data").records["sources"].values())
    (folder / "datapackage.json").write_text(dumps(datapackage(folder / "data", folder / "csv", "0.1.0", "2026-01-01", sources)))
    (folder / "croissant.json").write_text(dumps(croissant(folder / "data", "0.1.0", "2026-01-01", sources)))


def _descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text())


def _errors(folder: Path) -> list[tuple[str, str, str]]:
    """frictionless's report on the package as it lies on disk: (resource, error type, message)."""
    from frictionless import Package

    report = Package(str(folder / "datapackage.json")).validate()
    return [(task.name, e.type, e.message) for task in report.tasks for e in task.errors]


def test_datapackage_descriptor_is_valid_v2(package_dir):
    from frictionless import Package

    desc = _descriptor(package_dir)
    report = Package.validate_descriptor(desc, basepath=str(package_dir))
    assert report.valid, report.flatten(["type", "message"])
    assert desc["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    assert desc["licenses"][0]["name"] == "CC-BY-4.0"


def test_datapackage_files_pass_frictionless_as_they_are(package_dir):
    """Every CSV row against its schema, keys and foreign keys, every file's bytes and hash: no rows inline."""
    assert _errors(package_dir) == []


def test_frictionless_enforces_the_foreign_keys_and_enums(package_dir, tmp_path):
    folder = tmp_path / "package"
    shutil.copytree(package_dir, folder)
    path = folder / "csv" / "events.csv"
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows[1][rows[0].index("claimant_id")] = "nobody"
    rows[1][rows[0].index("event_type")] = "picnic"
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    _describe(folder)  # bytes and hash of the edited file, so that only the rows are wrong
    assert sorted({(name, kind) for name, kind, _ in _errors(folder)}) == [("events", "constraint-error"), ("events", "foreign-key")]


def test_frictionless_checks_the_bytes_and_hash_of_every_file(package_dir, tmp_path):
    folder = tmp_path / "package"
    shutil.copytree(package_dir, folder)
    with (folder / "csv" / "places.csv").open("a", encoding="utf-8") as f:
        f.write("\n")
    pf = folder / "data" / "places.parquet"
    pf.write_bytes(pf.read_bytes() + b"\0")
    errors = {(name, kind) for name, kind, _ in _errors(folder)}
    assert {("places", "byte-count"), ("places", "hash-count"), ("places-parquet", "byte-count"), ("places-parquet", "hash-count")} <= errors


def test_datapackage_bytes_and_hashes_match_the_files(package_dir):
    for res in _descriptor(package_dir)["resources"]:
        data = (package_dir / res["path"]).read_bytes()
        assert res["bytes"] == len(data) and res["hash"] == "sha256:" + hashlib.sha256(data).hexdigest()


def test_datapackage_schemas_come_from_the_table_specs(package_dir):
    resources = {r["name"]: r for r in _descriptor(package_dir)["resources"]}
    assert list(resources) == list(TABLES) + [f"{n}{PARQUET_SUFFIX}" for n in TABLES]
    for name, table in TABLES.items():
        res = resources[name]
        assert (res["path"], res["format"], res["encoding"]) == (f"csv/{name}.csv", "csv", "utf-8")
        assert res["schema"]["missingValues"] == ["NA"]
        fields = res["schema"]["fields"]
        assert [f["name"] for f in fields] == [c.name for c in table.columns]
        for f, c in zip(fields, table.columns):
            assert f["description"].startswith(c.description) and f["constraints"]["required"] is not c.nullable
            assert f["constraints"].get("enum", []) == list(c.allowed)
            if c.kind == "boolean":
                assert (f["trueValues"], f["falseValues"]) == (["TRUE"], ["FALSE"])
            if c.kind == "list":
                assert (f["type"], f["delimiter"], f["itemType"]) == ("list", LIST_SEPARATOR, "string")
        assert res["schema"].get("primaryKey") == ([table.key] if table.key else None)
        parquet = resources[f"{name}{PARQUET_SUFFIX}"]
        assert (parquet["type"], parquet["path"], parquet["format"]) == ("file", f"data/{name}.parquet", "parquet")
        assert "schema" not in parquet and f"'{name}'" in parquet["description"]


def test_expected_foreign_keys(package_dir):
    fks = {
        (r["name"], fk["fields"][0]): (fk["reference"]["resource"], fk["reference"]["fields"][0])
        for r in _descriptor(package_dir)["resources"]
        for fk in r.get("schema", {}).get("foreignKeys", [])
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
