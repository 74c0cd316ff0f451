"""Fixtures and helpers of the build's tests: a small synthetic corpus, a file edited in place, Parquet digests, a run's problems."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

import pytest

from karabakh_data.build.problems import BuildFailed

from ..conftest import ROOT

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


@pytest.fixture(scope="session")
def synthetic(tmp_path_factory) -> Path:
    """A small synthetic corpus: 1,500 records over 10 documents (benchmarks/generate.py); read only."""
    return generate(tmp_path_factory.mktemp("synthetic"), 1500, 10, seed=7)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the first old by new in a raw file; old must be there."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def parquet_digests(folder: Path) -> dict[str, str]:
    """Each Parquet file of a build folder -> the SHA-256 of its bytes."""
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


def problems_of(fn, raw: Path):
    """The problems fn(raw) fails with (it must fail)."""
    with pytest.raises(BuildFailed) as err:
        fn(raw)
    return err.value.problems


def cli_build_stops(raw: Path, out: Path, stopped: Exception, capsys) -> None:
    """`karabakh-data build` on the same input stops as build() did: exit 1, one line on stderr, nothing on stdout."""
    from karabakh_data.cli import main

    capsys.readouterr()
    assert main(["build", "--raw", str(raw), "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [f"build stopped: {stopped}"] and captured.out == ""
