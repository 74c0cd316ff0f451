"""Byte-identical releases from two fresh copies of the repository.

Anyone may check that a published archive came from a given commit: copy the
tracked files, run `karabakh-data release`, compare SHA-256. Here two copies
of the checkout's tracked files (as a fresh clone has them) differ in what a
machine changes: the order the files were written in, their times and
permissions (umask 002 against 022), the time zone, the locale, the hash seed
and SOURCE_DATE_EPOCH. Each builds raw/ from scratch, builds the wheel and
the sdist, and packs the archive; the three files must match byte for byte.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from karabakh_data import __version__

from ..conftest import NO_SOURCE_TEXTS, ROOT, SOURCE_TEXTS

pytestmark = pytest.mark.slow

# name: (environment, files written in reverse order, file mode, file time)
COPIES = {
    "utc": ({"TZ": "UTC", "LC_ALL": "C.UTF-8", "PYTHONHASHSEED": "0"}, False, 0o644, 1_600_000_000),
    "kiritimati": ({"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "PYTHONHASHSEED": "4242", "SOURCE_DATE_EPOCH": "1"}, True, 0o664, 2_000_000_000),
}


def _tracked() -> list[str]:
    if not (ROOT / ".git").exists() or shutil.which("git") is None:
        pytest.skip("needs a git checkout (the tracked files are what a fresh clone holds)")
    if not SOURCE_TEXTS:
        pytest.skip(NO_SOURCE_TEXTS)
    out = subprocess.run(["git", "ls-files", "-z"], cwd=ROOT, capture_output=True, check=True).stdout.decode()
    return [name for name in out.split("\0") if name and (ROOT / name).is_file()]


def _copy(files: list[str], dest: Path, reverse: bool, mode: int, when: int) -> None:
    """The tracked files as they are on disk now (uncommitted edits included), as a clone would write them."""
    for name in reversed(files) if reverse else files:
        target = dest / name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ROOT / name, target)
        os.chmod(target, mode | (os.stat(ROOT / name).st_mode & 0o111))
        os.utime(target, (when, when))


def _release(copy: Path, env_extra: dict) -> Path:
    env = {k: v for k, v in os.environ.items() if k not in ("TZ", "LC_ALL", "LANG", "SOURCE_DATE_EPOCH", "PYTHONHASHSEED", "KARABAKH_DATA_DIR")}
    env.update(env_extra, PYTHONPATH=str(copy))  # the copy's own package, not the checkout's
    where = subprocess.run([sys.executable, "-c", "import karabakh_data; print(karabakh_data.__file__)"], cwd=copy, env=env, capture_output=True, text=True)
    assert Path(where.stdout.strip()).is_relative_to(copy), where.stdout + where.stderr
    proc = subprocess.run([sys.executable, "-m", "karabakh_data", "release"], cwd=copy, env=env, capture_output=True, text=True, timeout=600)
    assert proc.returncode == 0, proc.stderr[-2000:]
    archive = copy / "dist" / f"karabakh-data-{__version__}.zip"
    assert proc.stdout.strip().endswith(f"(sha256 {_sha256(archive)})"), proc.stdout
    return archive


@pytest.fixture(scope="module")
def releases(tmp_path_factory) -> dict[str, Path]:
    files = _tracked()
    out = {}
    for name, (env, reverse, mode, when) in COPIES.items():
        copy = tmp_path_factory.mktemp(name) / "karabakh-data"
        _copy(files, copy, reverse, mode, when)
        out[name] = _release(copy, env)
    return out


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def test_two_fresh_copies_give_the_same_archive_wheel_and_sdist(releases):
    a, b = releases.values()
    for name in (f"karabakh_data-{__version__}-py3-none-any.whl", f"karabakh_data-{__version__}.tar.gz"):
        assert _sha256(a.parent / "packages" / name) == _sha256(b.parent / "packages" / name), name
    assert _sha256(a) == _sha256(b)


def test_every_time_stamp_is_the_release_date(releases):
    """The zip, the wheel and the sdist members, and the sdist's gzip header: all the date of releases/X.Y.Z/release.json."""
    import datetime as dt
    import json

    archive = next(iter(releases.values()))
    date = json.loads((ROOT / "releases" / __version__ / "release.json").read_text(encoding="utf-8"))["date_released"]
    midnight = dt.datetime.fromisoformat(f"{date}T00:00:00+00:00")
    with zipfile.ZipFile(archive) as zf:
        assert {i.date_time for i in zf.infolist()} == {midnight.timetuple()[:6]}
        wheel = next(n for n in zf.namelist() if n.endswith(".whl"))
        sdist = next(n for n in zf.namelist() if n.endswith(".tar.gz"))
        wheel_bytes, sdist_bytes = zf.read(wheel), zf.read(sdist)
    import io

    with zipfile.ZipFile(io.BytesIO(wheel_bytes)) as wf:
        assert {i.date_time for i in wf.infolist()} == {midnight.timetuple()[:6]}
        assert {i.external_attr >> 16 for i in wf.infolist()} == {0o100644}
    assert int.from_bytes(sdist_bytes[4:8], "little") == int(midnight.timestamp())  # gzip header MTIME
    with tarfile.open(fileobj=io.BytesIO(sdist_bytes)) as tf:
        members = tf.getmembers()
    assert {m.mtime for m in members} == {int(midnight.timestamp())}
    assert {(m.uid, m.gid, m.uname, m.gname) for m in members} == {(0, 0, "", "")}
    assert {m.mode for m in members if m.isfile()} == {0o644} and {m.mode for m in members if m.isdir()} <= {0o755}
    assert [m.name for m in members] == sorted(m.name for m in members)


def test_no_source_text_in_any_member_of_the_archive_or_of_its_wheel_and_sdist(releases):
    """Every member (the wheel's and the sdist's included, read as their readers would) against both texts."""
    from karabakh_data.release.textscan import RUN, find_source_text, readable_texts, source_texts

    archive = next(iter(releases.values()))
    texts = source_texts(ROOT / "raw")
    assert texts and all(len(t) > RUN for t in texts.values())
    paths = [p for p, _ in readable_texts(archive.name, archive.read_bytes())]
    assert any(".whl!karabakh_data/" in p for p in paths) and any(".tar.gz!" in p and "/raw/records/" in p for p in paths)
    assert find_source_text({archive.name: archive.read_bytes()}, texts) == []
