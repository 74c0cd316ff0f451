"""Releases: the versioning policy, the recorded snapshot and reproducible archives."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pyarrow.parquet as pq
import pytest
import tomllib

from karabakh_data import __version__
from karabakh_data.access import verify
from karabakh_data.build.pipeline import build
from karabakh_data.release.archive import ReleaseError, check_bump, make_archive, record
from karabakh_data.release.downloads import R_HELPER, SHAPED_VIEWS
from karabakh_data.release.snapshot import Snapshot, read_snapshot
from karabakh_data.release.versioning import (
    LEVELS,
    bump_level,
    parse_version,
    read_fingerprint,
    released_versions,
    required_level,
    schema_changes,
    schema_fingerprint,
)
from karabakh_data.schema.table_specs import TABLES

from ..conftest import RAW, ROOT
from .release_helpers import make_root

RELEASES = ROOT / "releases"


# --- the versioning policy ----------------------------------------------------------


def test_schema_matches_the_release_or_the_version_was_bumped():
    """Schemas may change only with the version, and by at least what the policy asks."""
    versions = released_versions(RELEASES)
    assert versions, "releases/ holds no release: run `karabakh-data release --snapshot`"
    current = schema_fingerprint()
    if __version__ in versions:
        changes = schema_changes(read_fingerprint(RELEASES / __version__), current)
        assert not changes, (
            f"the schemas changed since release {__version__} but the version did not: "
            f"{'; '.join(r for _, r in changes)}. Raise it in karabakh_data/_version.py "
            f"({required_level(changes).upper()} by docs/versioning.md), then run `karabakh-data release --snapshot`"
        )
    else:
        previous = [v for v in versions if parse_version(v) < parse_version(__version__)][-1]
        changes = schema_changes(read_fingerprint(RELEASES / previous), current)
        need, got = required_level(changes), bump_level(previous, __version__)
        assert LEVELS.index(got) >= LEVELS.index(need), f"{previous} -> {__version__} is a {got} bump; the schema changes need {need}: {changes}"


def _fingerprint_with(edit) -> dict:
    fp = json.loads(json.dumps(schema_fingerprint()))
    edit(fp["tables"])
    fp["sha256"] = "changed"
    return fp


@pytest.mark.parametrize(
    ("edit", "level"),
    [
        (lambda t: t["events"]["columns"].pop(), "major"),
        (lambda t: t["events"]["columns"].__setitem__(0, {**t["events"]["columns"][0], "kind": "integer"}), "major"),
        (lambda t: t["events"]["columns"].__setitem__(0, {**t["events"]["columns"][0], "nullable": True}), "major"),
        (lambda t: t.pop("disputes"), "major"),
        (lambda t: t["events"].__setitem__("key", "description"), "major"),
        (lambda t: t["events"]["columns"].append({"name": "new", "kind": "string", "nullable": True, "allowed": []}), "minor"),
        (lambda t: t.__setitem__("new_table", {"key": None, "columns": []}), "minor"),
        (lambda t: t["events"]["columns"].reverse(), "minor"),
    ],
)
def test_schema_change_levels(edit, level):
    """A reader's view: what breaks code is MAJOR, what only adds is MINOR."""
    assert required_level(schema_changes(schema_fingerprint(), _fingerprint_with(edit))) == level


def test_allowed_values_removed_is_major_added_is_minor():
    def drop_one(t):
        col = next(c for c in t["events"]["columns"] if c["allowed"])
        col["allowed"] = col["allowed"][1:]

    older_had_fewer = _fingerprint_with(drop_one)
    assert required_level(schema_changes(older_had_fewer, schema_fingerprint())) == "minor"
    assert required_level(schema_changes(schema_fingerprint(), older_had_fewer)) == "major"


def test_bump_levels():
    assert [bump_level("1.2.3", v) for v in ("2.0.0", "1.3.0", "1.2.4", "1.2.3")] == ["major", "minor", "patch", "none"]
    with pytest.raises(ValueError):
        bump_level("1.2.3", "1.2.2")


def _snap(version: str, records: dict) -> Snapshot:
    return Snapshot(version, version, records, None, {t: ["id", "x"] for t in records})


def test_release_refuses_a_version_too_low_for_its_changes():
    fp = schema_fingerprint()
    old = _snap("1.0.0", {"events": {"a": {"id": "a", "x": 1}}})
    check_bump(old, fp, _snap("1.0.1", {"events": {"a": {"id": "a", "x": 2}}}))  # a correction: PATCH
    with pytest.raises(ReleaseError, match="patch bump, but the changes need minor"):
        check_bump(old, fp, _snap("1.0.1", {"events": {"a": {"id": "a", "x": 1}, "b": {"id": "b", "x": 1}}}))
    check_bump(old, fp, _snap("1.1.0", {"events": {"a": {"id": "a", "x": 1}, "b": {"id": "b", "x": 1}}}))


# --- the recorded release and its archive ---------------------------------------------


@pytest.fixture(scope="module")
def released(built, tmp_path_factory) -> tuple[Path, Path, Path]:
    """The real raw/ recorded as the current version in a private root with raw/ (the annotations need its texts): (root, data, archive)."""
    root = make_root(tmp_path_factory.mktemp("root"), RAW)
    data = built / "data"
    record(root, data, "2026-03-04")
    return root, data, make_archive(root, data, root / "dist")


def test_snapshot_holds_every_record_and_what_a_diff_needs(released):
    root, data, _ = released
    rel = root / "releases" / __version__
    assert sorted(p.name for p in rel.iterdir()) == ["manifest.json", "records", "release.json", "schema-fingerprint.json"]
    manifest = json.loads((data / "manifest.json").read_text())
    snap = read_snapshot(rel)
    assert {t: len(r) for t, r in snap.records.items()} == {t: e["rows"] for t, e in manifest["tables"].items()}
    assert json.loads((rel / "release.json").read_text()) == {"version": __version__, "date_released": "2026-03-04"}
    assert read_fingerprint(rel)["sha256"] == schema_fingerprint()["sha256"]


def test_archive_contents_and_checksums(released, tmp_path):
    root, data, archive = released
    top = f"karabakh-data-{__version__}"
    assert archive.name == f"{top}.zip"
    with zipfile.ZipFile(archive) as zf:
        infos = zf.infolist()
        names = [i.filename for i in infos]
        zf.extractall(tmp_path)
    expected = ["CHANGELOG.md", "CITATION.cff", "LICENSE", "LICENSE-DATA.md", "README.md", "SHA256SUMS", "codebook.md", "karabakh.sql"]
    expected += ["croissant.json", "data-dictionary.md", "datapackage.json", "data/manifest.json"]
    expected += [f"data/{name}.parquet" for name in TABLES]  # no DuckDB file (docs/versioning.md) and no inputs.json
    expected += ["annotations.jsonld"]  # the claims as W3C Web Annotations (tests/access/test_annotations.py)
    expected += [f"csv/{name}.csv" for name in (*TABLES, *SHAPED_VIEWS)] + [f"csv/{R_HELPER}"]  # tables, then the shapes and panels
    assert names == sorted(f"{top}/{n}" for n in expected)
    assert {i.date_time for i in infos} == {(2026, 3, 4, 0, 0, 0)}
    assert {i.external_attr >> 16 for i in infos} == {0o100644}
    folder = tmp_path / top
    sums = dict(reversed(line.split("  ", 1)) for line in (folder / "SHA256SUMS").read_text().splitlines())
    assert sorted(sums) == sorted(n for n in expected if n != "SHA256SUMS")
    assert all(hashlib.sha256((folder / n).read_bytes()).hexdigest() == h for n, h in sums.items())
    assert verify(folder / "data") == []
    assert (folder / "LICENSE").read_bytes() == (ROOT / "LICENSE").read_bytes()
    assert not (folder / "csv" / "events.csv").read_bytes().startswith(b"\xef\xbb\xbf")  # UTF-8 without a BOM


def _frictionless() -> list[str]:
    """The frictionless command line of this environment (installed with the [test] extra)."""
    exe = Path(sys.executable).parent / "frictionless"
    return [str(exe)] if exe.is_file() else [sys.executable, "-m", "frictionless"]


def test_frictionless_validate_passes_in_the_unpacked_archive(released, tmp_path):
    """As a user runs it: unzip, cd into the folder, `frictionless validate datapackage.json`."""
    _, _, archive = released
    with zipfile.ZipFile(archive) as zf:
        zf.extractall(tmp_path)
    folder = tmp_path / f"karabakh-data-{__version__}"
    run = subprocess.run([*_frictionless(), "validate", "datapackage.json"], cwd=folder, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "INVALID" not in run.stdout
    names = [r["name"] for r in json.loads((folder / "datapackage.json").read_text())["resources"]]
    assert len(names) == 2 * len(TABLES)
    for name in names:
        assert re.search(rf"│ {re.escape(name)} +│ (table|file) +│ .+│ VALID +│", run.stdout), name
    (folder / "csv" / "events.csv").write_text("event_id\n", encoding="utf-8")  # and it does look at the files
    again = subprocess.run([*_frictionless(), "validate", "datapackage.json"], cwd=folder, capture_output=True, text=True)
    assert again.returncode != 0 and "byte-count" in again.stdout


def test_archive_time_is_the_recorded_release_date_whatever_the_environment(released, tmp_path, monkeypatch):
    """SOURCE_DATE_EPOCH and the time zone change nothing: the release date is part of the commit."""
    root, data, archive = released
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    again = make_archive(root, data, tmp_path)
    assert again.read_bytes() == archive.read_bytes()


def test_fresh_build_gives_the_same_archive(released, tmp_path):
    """The archive carries no DuckDB file (not byte-stable across builds), so a second build changes no byte of it."""
    root, _, archive = released
    build(RAW, tmp_path / "again", None)
    assert (tmp_path / "again" / "data" / "karabakh.duckdb").is_file()
    other = make_archive(root, tmp_path / "again" / "data", tmp_path / "dist")
    assert other.read_bytes() == archive.read_bytes()


def test_archive_refused_when_the_build_differs_from_the_snapshot(released, tmp_path):
    root, data, _ = released
    changed = tmp_path / "data"
    shutil.copytree(data, changed)
    table = pq.read_table(changed / "statements.parquet")
    pq.write_table(table.slice(1), changed / "statements.parquet")
    with pytest.raises(ReleaseError, match=rf"differs from releases/{__version__} \(statements \+0 -1 ~0\)"):
        make_archive(root, changed, tmp_path / "dist")
    with pytest.raises(ReleaseError, match="already holds a different snapshot"):
        record(root, changed)
    assert record(root, data).date == "2026-03-04"  # same data again: kept as it was


def test_archive_refused_when_a_file_would_carry_a_source_text(released, tmp_path):
    """A whole source text pasted into a shipped file (here the CHANGELOG) stops the release, naming file and text."""
    root, data, _ = released
    text = sorted((RAW / "sources").glob("*.txt"))[0]
    changelog = root / "CHANGELOG.md"
    before = changelog.read_bytes()
    try:
        changelog.write_bytes(before + b"\n" + text.read_bytes())
        with pytest.raises(ReleaseError, match=rf"would redistribute source texts .*CHANGELOG.md: \d+ characters of raw/sources/{text.name}"):
            make_archive(root, data, tmp_path / "dist", raw=RAW)
    finally:
        changelog.write_bytes(before)
    assert not (tmp_path / "dist").exists() or not list((tmp_path / "dist").iterdir())


def test_archive_needs_a_recorded_version(built, tmp_path):
    with pytest.raises(ReleaseError, match="release --snapshot"):
        make_archive(make_root(tmp_path), built / "data", tmp_path / "dist")


# --- licences -----------------------------------------------------------------------------


def test_licences_exist_and_raw_sources_are_not_shipped():
    assert "MIT License" in (ROOT / "LICENSE").read_text()
    assert "CC BY 4.0" in (ROOT / "LICENSE-DATA.md").read_text()
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    setuptools = config["tool"]["setuptools"]
    packages = setuptools["packages"]
    assert all(p == "karabakh_data" or p.startswith("karabakh_data.") for p in packages), "only the package is shipped, never raw/"
    found = {".".join(d.relative_to(ROOT).parts) for d in (ROOT / "karabakh_data").rglob("*") if (d / "__init__.py").is_file()}
    shipped = {name: folder for name, folder in setuptools["package-dir"].items()}
    assert shipped == {"karabakh_data.releases": "releases"}, "the release snapshots ship in the wheel, from releases/"
    assert sorted(packages) == sorted(found | {"karabakh_data"} | set(shipped)), "every subpackage is listed, so that the wheel holds it"
    patterns = [p for ps in setuptools.get("package-data", {}).values() for p in ps]
    assert not [p for p in patterns if "raw" in p or p.endswith(".txt")], patterns
    assert not list((ROOT / "karabakh_data").rglob("*.txt")), "a source text inside the package would ship in the wheel"
