"""One build at a time per build folder: a second build refuses with one line and changes nothing; two at once never mix."""

from __future__ import annotations

import subprocess
import sys

import pytest

from karabakh_data.access import verify
from karabakh_data.build.pipeline import build
from karabakh_data.build.problems import BuildStopped

from ..conftest import RAW, tree
from .conftest import cli_build_stops

HOLD = "import fcntl, os, sys, time; fd = os.open(sys.argv[1], os.O_RDONLY); fcntl.flock(fd, fcntl.LOCK_EX); print('held', flush=True); time.sleep(60)"


@pytest.fixture
def held(tmp_path):
    """A build folder with a good build, locked by another process (as a running build holds it)."""
    out = tmp_path / "out"
    build(RAW, out, None)
    holder = subprocess.Popen([sys.executable, "-c", HOLD, str(out)], stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        yield out
    finally:
        holder.kill()
        holder.wait()


def test_a_second_build_refuses_with_one_line_and_changes_nothing(held, capsys):
    before = tree(held)
    with pytest.raises(BuildStopped) as err:
        build(RAW, held, None)
    assert str(err.value) == f"another build is writing {held.resolve()} now; run this one when it has finished (nothing was written)"
    cli_build_stops(RAW, held, err.value, capsys)
    assert tree(held) == before


def test_the_package_copy_is_locked_too(held, tmp_path):
    """Two builds with different build folders but the same package copy: the second refuses."""
    with pytest.raises(BuildStopped):
        build(RAW, tmp_path / "other", held / "pkg")
    assert not (held / "pkg").exists()


def test_two_builds_at_once_leave_one_complete_build(tmp_path):
    """Both run to the end or one refuses with one line; the folder verifies either way, and no traceback."""
    out = tmp_path / "out"
    cmd = [sys.executable, "-m", "karabakh_data", "build", "--raw", str(RAW), "--out", str(out)]
    runs = [subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(2)]
    results = [(p.wait(timeout=300), p.stderr.read()) for p in runs]
    for code, err in results:
        assert code == 0 or (code == 1 and len(err.splitlines()) == 1 and err.startswith("build stopped: another build is writing")), err
    assert 0 in [code for code, _ in results]
    assert verify(out / "data") == []
