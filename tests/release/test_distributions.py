"""The wheel installs every subpackage and the data; the sdist can rebuild and test; the archive carries both."""

from __future__ import annotations

import tarfile
import zipfile

import pytest

from karabakh_data import __version__
from karabakh_data.release.distributions import build_distributions

from ..conftest import ROOT


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    wheel, sdist = build_distributions(ROOT, tmp_path_factory.mktemp("dist"))
    return wheel, sdist


def test_wheel_holds_every_module_view_and_data_file(dists):
    wheel, _ = dists
    assert wheel.name == f"karabakh_data-{__version__}-py3-none-any.whl"
    names = set(zipfile.ZipFile(wheel).namelist())
    package = ROOT / "karabakh_data"
    expected = {p.relative_to(ROOT).as_posix() for p in package.rglob("*") if p.suffix in (".py", ".sql", ".parquet") and "__pycache__" not in p.parts}
    expected.add("karabakh_data/data/manifest.json")
    assert expected - names == set()
    shipped = {n for n in names if n.endswith((".py", ".sql", ".parquet"))}
    assert shipped - expected == set(), "the wheel ships files the checkout no longer has (stale setuptools staging)"
    assert not [n for n in names if n.startswith(("tests/", "raw/"))], "the wheel carries the data, not the raw records or tests"


def test_sdist_holds_what_a_rebuild_and_the_tests_need(dists):
    _, sdist = dists
    top = f"karabakh_data-{__version__}/"
    names = {n.removeprefix(top) for n in tarfile.open(sdist).getnames()}
    needed = {"tests/__init__.py", "tests/conftest.py", "requirements/test.lock", "requirements/floors.txt", "pyproject.toml", "README.md"}
    needed |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "raw").rglob("*") if p.is_file()}
    needed |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file()}
    needed |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "releases").rglob("*") if p.is_file()}
    assert needed - names == set()
