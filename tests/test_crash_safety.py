"""Crash safety: a build interrupted at any point leaves the old outputs or the new, never a mix.

build() calls its after_file hook after every file it writes (each Parquet
file, the DuckDB file, the manifest; for the build folder, then for the
package copy). The tests crash the build at each of those points, between
the two renames of the fallback swap, between the swaps of the two folders,
and by SIGKILL in a real process, then check both the build folder and the
package copy: each is byte-identical to the old build or to the new one,
and passes `verify`.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from karabakh_data.access import verify
from karabakh_data.build import output
from karabakh_data.build.pipeline import build
from karabakh_data.schema.table_specs import TABLES

from .conftest import RAW, ROOT, tree

# Every point where the build calls after_file, in order: (folder, file).
POINTS = (
    [("out", f"{name}.parquet") for name in TABLES]
    + [("out", output.DUCKDB_FILE), ("out", output.INPUTS), ("out", output.MANIFEST)]
    + [("pkg", f"{name}.parquet") for name in TABLES]
    + [("pkg", output.MANIFEST)]
)


class Crash(Exception):
    """The simulated crash."""


@pytest.fixture(scope="module")
def states(tmp_path_factory):
    """An old build, a changed raw/ and its new build: the two states a crash may leave."""
    root = tmp_path_factory.mktemp("crash")
    shutil.copytree(RAW, root / "raw")
    build(root / "raw", root / "old", root / "old-pkg")
    path = root / "raw" / "records" / "src-000.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("description: ", "description: (revised) ", 1), encoding="utf-8")
    build(root / "raw", root / "new", root / "new-pkg")
    old = tree(root / "old" / "data"), tree(root / "old-pkg")
    new = tree(root / "new" / "data"), tree(root / "new-pkg")
    assert old[0] != new[0] and old[1] != new[1]
    return {"root": root, "raw": root / "raw", "old": old, "new": new}


def _old_build_in(tmp_path: Path, states: dict) -> tuple[Path, Path]:
    out, pkg = tmp_path / "out", tmp_path / "pkg"
    shutil.copytree(states["root"] / "old", out)
    shutil.copytree(states["root"] / "old-pkg", pkg)
    return out, pkg


def _same_data(found: dict, expected: dict) -> bool:
    """Equal trees, ignoring the DuckDB file's and manifest's bytes (checked by verify)."""
    unstable = {output.DUCKDB_FILE, output.MANIFEST}
    return {k: v for k, v in found.items() if k not in unstable} == {k: v for k, v in expected.items() if k not in unstable} and set(found) == set(expected)


def _state(out: Path, pkg: Path, states: dict) -> tuple[str, str]:
    """'old' or 'new' for the build folder and the package copy; fails on anything else."""
    found = tree(out / "data"), tree(pkg)
    result = []
    for i, (folder, name) in enumerate(((out / "data", "build"), (pkg, "package"))):
        assert verify(folder) == [], f"{name} folder fails verify"
        assert not (folder.parent / f".{folder.name}.previous").exists(), "a .previous folder was left"
        if found[i] == states["old"][i]:
            result.append("old")
        elif _same_data(found[i], states["new"][i]):
            result.append("new")
        else:
            raise AssertionError(f"{name} folder is neither the old nor the new build: a mixture")
    return tuple(result)


def test_after_file_is_called_after_every_file(states, tmp_path):
    out, pkg = _old_build_in(tmp_path, states)
    calls = []
    build(states["raw"], out, pkg, after_file=lambda path: calls.append(path))
    seen = [("out" if p.parent.name == ".data.staging" else "pkg", p.name) for p in calls]
    assert sorted(seen) == sorted(POINTS)  # every file, once (tables in any order)
    assert [x for x in seen if not x[1].endswith(".parquet")] == [
        ("out", output.DUCKDB_FILE),
        ("out", output.INPUTS),
        ("out", output.MANIFEST),
        ("pkg", output.MANIFEST),
    ]
    assert [x[0] for x in seen] == sorted(x[0] for x in seen)  # the build folder first, then the package copy
    assert not any(p.exists() for p in calls)  # the staging folders are gone after the swap
    assert _state(out, pkg, states) == ("new", "new")


def _crash_at(point: int, states: dict, out: Path, pkg: Path) -> None:
    calls = []

    def crash(path: Path) -> None:
        assert path.is_file() and path.stat().st_size > 0
        calls.append(path)
        if len(calls) == point + 1:
            raise Crash(f"simulated crash after {path.name}")

    with pytest.raises(Crash):
        build(states["raw"], out, pkg, after_file=crash)


@pytest.mark.parametrize("point", range(len(POINTS)), ids=[f"{f}:{n}" for f, n in POINTS])
def test_crash_after_each_file_keeps_the_old_build(point, states, tmp_path):
    out, pkg = _old_build_in(tmp_path, states)
    _crash_at(point, states, out, pkg)
    assert _state(out, pkg, states) == ("old", "old")


@pytest.mark.parametrize("point", [0, POINTS.index(("out", output.MANIFEST)), len(POINTS) - 1], ids=["first", "out-manifest", "last"])
def test_next_build_after_a_crash_completes(point, states, tmp_path):
    """The leftover staging folders are replaced; both folders become the new build."""
    out, pkg = _old_build_in(tmp_path, states)
    _crash_at(point, states, out, pkg)
    build(states["raw"], out, pkg)
    assert _state(out, pkg, states) == ("new", "new")
    assert sorted(p.name for p in out.iterdir() if p.name != ".cache") == ["data"], "staging or previous build left behind"  # .cache: the build's cache
    assert not [p for p in pkg.parent.iterdir() if p.name.startswith(".pkg.")]


class _CrashingOs:
    """os, except that the n-th rename raises (a crash between the two renames of a swap)."""

    def __init__(self, n: int):
        self.n, self.count = n, 0

    def __getattr__(self, name):
        return getattr(os, name)

    def rename(self, a, b):
        self.count += 1
        if self.count == self.n:
            raise Crash("simulated crash between the renames")
        os.rename(a, b)


def test_crash_between_the_renames_of_the_fallback_swap(states, tmp_path, monkeypatch):
    """Without renameat2 the swap is two renames; a crash between them is recovered on the next read or build."""
    out, pkg = _old_build_in(tmp_path, states)
    monkeypatch.setattr(output, "_exchange", lambda a, b: False)
    monkeypatch.setattr(output, "os", _CrashingOs(2))
    with pytest.raises(Crash):
        build(states["raw"], out, pkg)
    monkeypatch.setattr(output, "os", os)
    assert not (out / "data").exists() and (out / ".data.previous").is_dir()
    # A reader recovers the old build (access.data_dir() calls recover())...
    monkeypatch.setenv("KARABAKH_DATA_DIR", str(out / "data"))
    from karabakh_data.access import data_dir

    assert data_dir() == out / "data"
    assert _state(out, pkg, states) == ("old", "old")
    # ...and so does the next build, which then swaps the new one in.
    build(states["raw"], out, pkg)
    assert _state(out, pkg, states) == ("new", "new")


def test_crash_between_the_two_folders_leaves_each_complete(states, tmp_path, monkeypatch):
    """Both folders are staged before either is swapped; a crash between the two swaps
    leaves the build folder new and the package copy old, each complete and verified."""
    out, pkg = _old_build_in(tmp_path, states)
    real_swap = output.swap_in
    calls = []

    def swap(stage, target):
        calls.append(target)
        if len(calls) == 2:
            raise Crash("simulated crash between the two swaps")
        real_swap(stage, target)

    monkeypatch.setattr(output, "swap_in", swap)
    with pytest.raises(Crash):
        build(states["raw"], out, pkg)
    assert _state(out, pkg, states) == ("new", "old")


KILL = """
import os, signal, sys
from pathlib import Path
from karabakh_data.build.pipeline import build
calls = []
def hook(path):
    calls.append(path)
    if len(calls) == int(sys.argv[4]):
        os.kill(os.getpid(), signal.SIGKILL)
build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]), after_file=hook)
"""


@pytest.mark.parametrize("point", [5, len(POINTS)])
def test_sigkill_during_a_real_build_keeps_the_old_build(point, states, tmp_path):
    """A real kill: no exception handler or finally block runs."""
    out, pkg = _old_build_in(tmp_path, states)
    proc = subprocess.run([sys.executable, "-c", KILL, str(states["raw"]), str(out), str(pkg), str(point)], cwd=ROOT, capture_output=True)
    assert proc.returncode == -signal.SIGKILL, proc.stderr.decode()
    assert _state(out, pkg, states) == ("old", "old")
    build(states["raw"], out, pkg)
    assert _state(out, pkg, states) == ("new", "new")


def test_manifest_lists_exactly_the_files(states):
    for folder in (states["root"] / "new" / "data", states["root"] / "new-pkg"):
        manifest = json.loads((folder / output.MANIFEST).read_text())
        assert set(manifest["files"]) == {p.name for p in folder.iterdir()} - {output.MANIFEST}
