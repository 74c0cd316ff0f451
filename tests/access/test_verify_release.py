"""verify --release X.Y.Z trusts the release's own manifest (releases/X.Y.Z/manifest.json), not the folder's."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest

from karabakh_data.cli import main
from karabakh_data.paths import PACKAGE_DATA

from ..conftest import ROOT


@pytest.fixture
def released(tmp_path, monkeypatch):
    """A copy of the package's data (the last release build), and the checkout as working directory."""
    version = json.loads((PACKAGE_DATA / "manifest.json").read_text(encoding="utf-8"))["dataset_version"]
    if not (ROOT / "releases" / version / "manifest.json").is_file():
        pytest.skip(f"the package's data is not a recorded release ({version})")
    data = tmp_path / "data"
    shutil.copytree(PACKAGE_DATA, data)
    monkeypatch.chdir(ROOT)
    return data, version


def test_a_tampered_file_with_a_matching_manifest_entry_is_found(released, capsys):
    data, version = released
    assert main(["verify", "--dir", str(data), "--release", version]) == 0
    assert capsys.readouterr().out == f"verify: every table file in {data} matches releases/{version}/manifest.json (the release's own manifest)\n"
    events = data / "events.parquet"
    events.write_bytes(events.read_bytes() + b"\0")  # tampered ...
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["events.parquet"] = {"sha256": hashlib.sha256(events.read_bytes()).hexdigest(), "bytes": events.stat().st_size}
    (data / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")  # ... and the folder's manifest edited to match
    assert main(["verify", "--dir", str(data)]) == 0  # the folder's own manifest cannot tell
    capsys.readouterr()
    assert main(["verify", "--dir", str(data), "--release", version]) == 3  # integrity
    assert capsys.readouterr().err.splitlines() == [
        "events.parquet: changed (SHA-256 differs from the manifest)",
        f"karabakh-data verify: 1 file(s) differ from releases/{version}/manifest.json (the release's own manifest)",
    ]


def test_an_added_table_file_and_a_missing_release_are_named(released, capsys):
    data, version = released
    (data / "extra.parquet").write_bytes(b"PAR1")
    assert main(["verify", "--dir", str(data), "--release", version]) == 3  # integrity
    assert capsys.readouterr().err.splitlines()[0] == "extra.parquet: added (on disk, not in the manifest)"
    assert main(["verify", "--dir", str(data), "--release", "99.0.0"]) == 4  # environment: no such release here
    assert capsys.readouterr().err == (
        "karabakh-data verify: no releases/99.0.0/manifest.json here: --release reads the release's own manifest from a checkout of the repository\n"
    )
