"""The archive explains itself: its README describes every file, every table, how to load and cite the data.

The README's Python and DuckDB commands are run, as written, in the unpacked archive.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import zipfile

import pytest

from karabakh_data import __version__
from karabakh_data.release.archive import make_archive, record
from karabakh_data.release.archive_readme import MEMBERS, UndescribedMember, render
from karabakh_data.schema.table_specs import TABLES

from ..conftest import RAW, ROOT, duckdb_contents
from .release_helpers import make_root


@pytest.fixture(scope="module")
def unpacked(built, tmp_path_factory):
    """The current version recorded in a private root, its archive (no wheel or sdist) unzipped."""
    root = make_root(tmp_path_factory.mktemp("root"), RAW)  # the annotations cut their context from the texts
    record(root, built / "data", "2026-03-04")
    archive = make_archive(root, built / "data", root / "dist")
    out = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(out)
    return out / f"karabakh-data-{__version__}"


def _readme(folder) -> str:
    return (folder / "README.md").read_text(encoding="utf-8")


def test_every_file_and_folder_is_described(unpacked):
    readme = _readme(unpacked)
    tops = sorted(p.name + ("/" if p.is_dir() else "") for p in unpacked.iterdir())
    rows = re.findall(r"^\| `([^`]+)` \| ", readme.split("## The tables")[0], flags=re.M)
    assert rows == tops


def test_an_undescribed_member_is_refused():
    with pytest.raises(UndescribedMember, match="notes.txt"):
        render("1.0.0", "2026-03-04", [*MEMBERS, "notes.txt"], {"tables": {}}, {})


def test_every_table_with_its_rows_key_and_description(unpacked):
    readme = _readme(unpacked)
    manifest = json.loads((unpacked / "data" / "manifest.json").read_text(encoding="utf-8"))
    for name, table in TABLES.items():
        key = f"`{table.key}`" if table.key else "(none)"
        assert f"| `{name}` | {manifest['tables'][name]['rows']} | {key} | {table.description} |" in readme


def test_version_citation_and_licences(unpacked):
    readme = _readme(unpacked)
    assert readme.startswith(f"# karabakh-data {__version__}\n") and "released 2026-03-04" in readme
    assert f"(Version {__version__}) [Data set]" in readme and f"version = {{{__version__}}}" in readme
    assert "CC BY 4.0" in readme and "MIT" in readme
    for tool in ("**Python**", "**R**", "**Stata**", "**Excel**", "**DuckDB**"):
        assert tool in readme
    assert (unpacked / "codebook.md").read_bytes() == (ROOT / "docs" / "codebook.md").read_bytes()
    assert (unpacked / "CHANGELOG.md").read_text(encoding="utf-8").count(f"## {__version__} (2026-03-04)") == 1


def _blocks(readme: str, lang: str) -> list[str]:
    return re.findall(rf"```{lang}\n(.*?)```", readme, flags=re.S)


def test_the_python_example_runs_in_the_unpacked_folder(unpacked):
    code = _blocks(_readme(unpacked), "python")[0] + "\nassert len(events) > 0\n"
    run = subprocess.run([sys.executable, "-c", code], cwd=unpacked, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr


def test_the_duckdb_command_recreates_the_build_database(unpacked, built):
    """The README's Python form of the one command: the database it creates reads exactly as the build's karabakh.duckdb."""
    command = re.search(r"or, from Python: `python -c \"(.+?)\"`", _readme(unpacked)).group(1)
    run = subprocess.run([sys.executable, "-c", command], cwd=unpacked, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert duckdb_contents(unpacked / "karabakh.duckdb") == duckdb_contents(built / "data" / "karabakh.duckdb")
