"""Citation: CITATION.cff valid against the CFF 1.2.0 schema, cite() styles, one version everywhere."""

from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys

import jsonschema
import pyarrow.parquet as pq
import pytest
import yaml

import karabakh_data
from karabakh_data import __version__, cite
from karabakh_data._version import __date_released__
from karabakh_data.cli import main
from karabakh_data.release.snapshot import read_snapshot

from ..conftest import ROOT

SCHEMA_NAME = "citation-file-format-1.2.0.schema.json"
FIXTURE_SCHEMA = ROOT / "tests" / "fixtures" / "cff" / SCHEMA_NAME
SHARED_SCHEMA = ROOT / ".." / "shared" / "schemas" / SCHEMA_NAME


def _schema() -> dict:
    for path in (FIXTURE_SCHEMA, SHARED_SCHEMA):
        if path.is_file():
            return json.loads(path.read_text(encoding="utf-8"))
    pytest.skip(f"the CFF 1.2.0 JSON Schema is neither in {FIXTURE_SCHEMA} nor in {SHARED_SCHEMA}")


def _strings(node):
    """YAML dates to strings, as the CFF schema asks of validators."""
    if isinstance(node, dict):
        return {k: _strings(v) for k, v in node.items()}
    if isinstance(node, list):
        return [_strings(v) for v in node]
    return node.isoformat() if isinstance(node, dt.date) else node


def _validate(cff_text: str) -> dict:
    data = _strings(yaml.safe_load(cff_text))
    validator = jsonschema.Draft7Validator(_schema(), format_checker=jsonschema.Draft7Validator.FORMAT_CHECKER)
    errors = [f"{'/'.join(map(str, e.path))}: {e.message}" for e in validator.iter_errors(data)]
    assert not errors, errors
    return data


def _released() -> dict:
    return json.loads((ROOT / "releases" / __version__ / "release.json").read_text())


def test_citation_cff_is_valid():
    data = _validate((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert data["type"] == "dataset" and data["license"] == "CC-BY-4.0"
    assert data["authors"] == [{"name": "karabakh-data maintainers"}]


def test_the_version_and_date_agree_everywhere(built):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    assert cff["version"] == __version__ == karabakh_data.__version__ == _released()["version"]
    assert str(cff["date-released"]) == __date_released__ == _released()["date_released"]
    for folder in (built / "data", ROOT / "karabakh_data" / "data"):
        assert json.loads((folder / "manifest.json").read_text())["dataset_version"] == __version__
        for path in folder.glob("*.parquet"):
            assert pq.read_schema(path).metadata[b"dataset_version"].decode() == __version__, path


def test_references_cite_each_released_source_by_what_is_known():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    sources = read_snapshot(ROOT / "releases" / __version__).records["sources"]
    refs = {r["filename"]: r for r in cff["references"]}
    assert sorted(refs) == sorted(s["file"] for s in sources.values())
    for s in sources.values():
        ref = refs[s["file"]]
        assert str(ref["date-published"]) == s["published_date"]
        assert ref["identifiers"][0]["value"] == f"sha256:{s['sha256']}"
        assert ref["title"] == (s["title"] or f"[Untitled news report, source {s['source_id']}]")
        assert ("publisher" in ref) == bool(s["publisher"]), "no publisher is invented"


def test_cite_cff_is_valid_and_cites_the_installed_data(use_build):
    data = _validate(cite("cff"))
    assert data["version"] == __version__
    sources = pq.read_table(use_build / "sources.parquet").column("source_id").to_pylist()
    assert [r["notes"].split()[2] for r in data["references"]] == sorted(sources)


def test_cite_styles():
    year = (__date_released__ or "n.d.")[:4]
    assert cite("apa") == f"karabakh-data maintainers. ({year}). {cite_title()} (Version {__version__}) [Data set].\n"
    bib = cite("bibtex")
    assert bib.startswith(f"@misc{{karabakh_data_{__version__.replace('.', '_')},\n") and bib.endswith("}\n")
    assert bib.count("{") == bib.count("}") and f"version = {{{__version__}}}" in bib
    with pytest.raises(ValueError, match="unknown citation style"):
        cite("mla")


def cite_title() -> str:
    return karabakh_data.__doc__.strip().splitlines()[0].rstrip(".")


def test_cli_cite(capsys):
    assert main(["cite", "--style", "bibtex"]) == 0
    assert capsys.readouterr().out == cite("bibtex")
    assert main(["cite"]) == 0
    assert capsys.readouterr().out == cite("apa")


def test_import_stays_light():
    code = "import sys, karabakh_data; karabakh_data.cite('apa'); print(sorted({'yaml', 'pandas', 'pyarrow', 'duckdb'} & set(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_fixture_schema_is_the_shared_one():
    if not SHARED_SCHEMA.is_file():
        pytest.skip(f"{SHARED_SCHEMA} is not present (a clone without ../shared)")
    assert FIXTURE_SCHEMA.read_bytes() == SHARED_SCHEMA.read_bytes()
