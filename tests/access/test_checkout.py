"""In a checkout the readers read the latest build when it is newer than the package copy, and say which data they read."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys

import pytest

from karabakh_data.access import checkout
from karabakh_data.paths import PACKAGE_DATA

from ..conftest import ROOT


def _checkout(tmp_path, changed: bool, build_newer: bool):
    """A checkout's shape: pyproject.toml, raw/records/, the package copy and build/data (one table changed if asked)."""
    (tmp_path / "raw" / "records").mkdir(parents=True)
    (tmp_path / "pyproject.toml").write_text("", encoding="utf-8")
    package = tmp_path / "karabakh_data" / "data"
    shutil.copytree(PACKAGE_DATA, package)
    build = tmp_path / "build" / "data"
    shutil.copytree(PACKAGE_DATA, build)  # the same bytes by construction (a build by older pyarrow or DuckDB differs in bytes)
    if changed:
        manifest = json.loads((build / "manifest.json").read_text())
        manifest["files"]["events.parquet"]["sha256"] = "0" * 64
        (build / "manifest.json").write_text(json.dumps(manifest))
    old, new = (package, build) if build_newer else (build, package)
    os.utime(old / "manifest.json", (1_000_000_000, 1_000_000_000))
    os.utime(new / "manifest.json", (2_000_000_000, 2_000_000_000))
    return package, build


def test_a_newer_different_build_is_read_and_said(tmp_path):
    package, build = _checkout(tmp_path, changed=True, build_newer=True)
    folder, note = checkout.choose(tmp_path, package)
    assert folder == build and "latest build" in note and "\n" not in note


def test_an_older_build_leaves_the_package_copy_and_says_so(tmp_path):
    package, build = _checkout(tmp_path, changed=True, build_newer=False)
    folder, note = checkout.choose(tmp_path, package)
    assert folder == package and "is older" in note


def test_the_same_data_is_read_silently(tmp_path):
    package, _ = _checkout(tmp_path, changed=False, build_newer=True)
    assert checkout.choose(tmp_path, package) == (package, None)


def test_outside_a_checkout_the_package_copy_is_read(tmp_path):
    assert checkout.choose(tmp_path, PACKAGE_DATA) == (PACKAGE_DATA, None)


@pytest.mark.parametrize("command", [["query", "SELECT count(*) AS n FROM events"], ["verify"]])
def test_the_cli_in_this_checkout_says_nothing_when_build_and_package_agree_or_names_what_it_read(command):
    env = {k: v for k, v in os.environ.items() if k != "KARABAKH_DATA_DIR"}
    done = subprocess.run([sys.executable, "-m", "karabakh_data", *command], cwd=ROOT, env=env, capture_output=True, text=True)
    expected, note = checkout.choose(ROOT, PACKAGE_DATA)
    assert done.returncode == 0, done.stderr
    if note is None:
        assert done.stderr == ""
    else:
        assert done.stderr.splitlines()[0] == note
