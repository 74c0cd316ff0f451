"""Packaging: the lock pins versions inside pyproject's ranges, the floors file is derived from them."""

from __future__ import annotations

import re
import subprocess
import sys

import tomllib
from packaging.requirements import Requirement
from packaging.version import Version

from .conftest import ROOT

PROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]


def _locked() -> dict[str, list[Version]]:
    """name -> the versions the lock pins (one per Python-version marker)."""
    pins: dict[str, list[Version]] = {}
    for line in (ROOT / "requirements" / "test.lock").read_text(encoding="utf-8").splitlines():
        m = re.match(r"^([A-Za-z0-9_.\-]+)==([^\s;\\]+)", line)
        if m:
            pins.setdefault(m.group(1).lower().replace("_", "-"), []).append(Version(m.group(2)))
    return pins


def _requirements() -> list[Requirement]:
    extras = PROJECT["optional-dependencies"]
    return [Requirement(r) for r in PROJECT["dependencies"] + [r for e in extras.values() for r in e]]


def test_every_direct_dependency_is_locked_inside_its_range():
    pins = _locked()
    for req in _requirements():
        name = req.name.lower().replace("_", "-")
        assert name in pins, f"{name} is in pyproject.toml but not in requirements/test.lock; refresh the lock"
        for version in pins[name]:
            assert req.specifier.contains(version, prereleases=True), f"lock pins {name}=={version}, outside '{req}'"


def test_floors_file_is_derived_from_pyproject():
    out = subprocess.run([sys.executable, str(ROOT / ".ci" / "floors.py"), "polars"], capture_output=True, text=True, check=True).stdout
    assert (ROOT / "requirements" / "floors.txt").read_text(encoding="utf-8") == out


def test_every_floor_is_the_lower_bound_of_a_range():
    floors = dict(line.split("==") for line in (ROOT / "requirements" / "floors.txt").read_text().splitlines() if "==" in line)
    core = {Requirement(r).name.lower(): Requirement(r) for r in PROJECT["dependencies"]}
    for name, req in core.items():
        assert name in floors, f"{name} has no floor"
        assert req.specifier.contains(Version(floors[name])), f"floor {name}=={floors[name]} is outside '{req}'"
