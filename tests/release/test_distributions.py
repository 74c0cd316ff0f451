"""The wheel installs every subpackage, the data and the release snapshots; the sdist can rebuild the package and run
the tests; neither carries a source text, both are stamped with the release date, and diff works from the wheel."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import tarfile
import zipfile

import pytest

from karabakh_data import __version__
from karabakh_data._version import __date_released__
from karabakh_data.cli import main
from karabakh_data.release.archive import recorded_date, release_epoch
from karabakh_data.release.distributions import normalise_sdist, normalise_wheel, zip_time
from karabakh_data.release.textscan import find_source_text, source_texts
from karabakh_data.release.versioning import released_versions

from ..conftest import RAW, ROOT


def _epoch() -> int:
    """The recorded release date of this version; _version.py's date while a version is raised but not yet recorded."""
    recorded = (ROOT / "releases" / __version__ / "release.json").is_file()
    return release_epoch(recorded_date(ROOT) if recorded else __date_released__)


@pytest.fixture(scope="module")
def dists(tmp_path_factory):
    from karabakh_data.release.distributions import build_distributions

    wheel, sdist = build_distributions(ROOT, tmp_path_factory.mktemp("dist"), _epoch())
    return wheel, sdist


def _sdist_names(sdist) -> set[str]:
    top = f"karabakh_data-{__version__}/"
    return {n.removeprefix(top) for n in tarfile.open(sdist).getnames()}


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


def test_wheel_holds_every_release_snapshot(dists):
    """releases/X.Y.Z/ of every recorded version, as karabakh_data/releases/X.Y.Z/: what `diff` needs from a wheel."""
    wheel, _ = dists
    names = set(zipfile.ZipFile(wheel).namelist())
    snapshots = {f"karabakh_data/{p.relative_to(ROOT).as_posix()}" for p in (ROOT / "releases").rglob("*") if p.is_file()}
    assert snapshots and snapshots <= names
    assert {n for n in names if n.startswith("karabakh_data/releases/")} == snapshots


def test_sdist_holds_what_a_rebuild_and_the_tests_need_but_no_source_text(dists):
    _, sdist = dists
    names = _sdist_names(sdist)
    needed = {"tests/__init__.py", "tests/conftest.py", "requirements/test.lock", "requirements/floors.txt", "pyproject.toml", "README.md"}
    texts = {p.relative_to(ROOT).as_posix() for p in (RAW / "sources").glob("*.txt")}
    needed |= {p.relative_to(ROOT).as_posix() for p in RAW.rglob("*") if p.is_file()} - texts
    needed |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "tests" / "fixtures").rglob("*") if p.is_file()}
    needed |= {p.relative_to(ROOT).as_posix() for p in (ROOT / "releases").rglob("*") if p.is_file()}
    assert needed - names == set()
    assert not [n for n in names if n.startswith("raw/sources/") and n.endswith(".txt")]


SETUPTOOLS_WRITES = {"PKG-INFO", "setup.cfg", "karabakh_data.egg-info/"}


def test_licensing_doc_lists_everything_the_sdist_holds(dists):
    """docs/licensing.md's sdist row names every top-level file and folder of the sdist (besides setuptools' own)."""
    _, sdist = dists
    row = next(line for line in (ROOT / "docs" / "licensing.md").read_text(encoding="utf-8").splitlines() if line.startswith("| **sdist**"))
    files = [m.name.split("/", 1)[1] for m in tarfile.open(sdist).getmembers() if m.isfile()]
    tops = {n.split("/")[0] + ("/" if "/" in n else "") for n in files}
    missing = [t for t in sorted(tops - SETUPTOOLS_WRITES) if f"`{t}`" not in row and f"`{t.rstrip('/')}`" not in row]
    assert missing == []


def test_no_source_text_in_the_wheel_or_the_sdist(dists):
    """Every member, read as its reader would (nested archives, Parquet, JSON, CSV), holds no 400-character run of a source text."""
    texts = source_texts(RAW)
    if not texts:
        pytest.skip("the source texts are not here (an sdist): nothing to compare with")
    assert find_source_text({p.name: p.read_bytes() for p in dists}, texts) == []


def test_both_are_stamped_with_the_recorded_release_date(dists):
    wheel, sdist = dists
    epoch = _epoch()
    with zipfile.ZipFile(wheel) as zf:
        infos = zf.infolist()
    assert {i.date_time for i in infos} == {zip_time(epoch)}
    assert infos[-1].filename.endswith(".dist-info/RECORD")
    data = sdist.read_bytes()
    assert int.from_bytes(data[4:8], "little") == epoch
    assert {m.mtime for m in tarfile.open(sdist).getmembers()} == {epoch}


# --- the rewrite: whatever setuptools leaves, the same bytes come out ----------------------------


def _wild_wheel(order: list[str], mode: int, when: tuple) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in order:
            info = zipfile.ZipInfo(name, date_time=when)
            info.external_attr = mode << 16
            zf.writestr(info, f"content of {name}")
    return buf.getvalue()


def _wild_sdist(order: list[str], mode: int, mtime: int, owner: str) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name in order:
            data = f"content of {name}".encode()
            info = tarfile.TarInfo(name)
            info.size, info.mode, info.mtime, info.uname, info.uid = len(data), mode, mtime, owner, 1000
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


WHEEL_NAMES = ["pkg/__init__.py", "pkg/data/a.parquet", "pkg-1.0.dist-info/METADATA", "pkg-1.0.dist-info/RECORD", "pkg-1.0.dist-info/WHEEL"]


@pytest.mark.parametrize(
    ("normalise", "first", "second"),
    [
        (normalise_wheel, _wild_wheel(WHEEL_NAMES, 0o100664, (2024, 5, 6, 7, 8, 10)), _wild_wheel(WHEEL_NAMES[::-1], 0o100600, (2030, 1, 1, 0, 0, 0))),
        (normalise_sdist, _wild_sdist(["p/b.txt", "p/a.txt"], 0o664, 1_700_000_000, "alice"), _wild_sdist(["p/a.txt", "p/b.txt"], 0o600, 1_800_000_000, "bob")),
    ],
    ids=["wheel", "sdist"],
)
def test_rewrite_removes_order_times_modes_and_owners(tmp_path, normalise, first, second):
    a, b = tmp_path / "a", tmp_path / "b"
    a.write_bytes(first), b.write_bytes(second)
    assert a.read_bytes() != b.read_bytes()
    for path in (a, b):
        normalise(path, 1_764_547_200)
    assert a.read_bytes() == b.read_bytes()


def test_wheel_rewrite_keeps_the_record_last_and_the_contents(tmp_path):
    path = tmp_path / "w.whl"
    path.write_bytes(_wild_wheel(WHEEL_NAMES[::-1], 0o100664, (2024, 5, 6, 7, 8, 10)))
    normalise_wheel(path, 1_764_547_200)
    with zipfile.ZipFile(path) as zf:
        assert zf.namelist() == ["pkg/__init__.py", "pkg/data/a.parquet", "pkg-1.0.dist-info/METADATA", "pkg-1.0.dist-info/WHEEL", "pkg-1.0.dist-info/RECORD"]
        assert all(zf.read(n) == f"content of {n}".encode() for n in zf.namelist())


# --- diff from an installed wheel, outside any checkout --------------------------------------------


@pytest.fixture(scope="module")
def installed(dists, tmp_path_factory) -> tuple[dict, object]:
    """The wheel installed (pip --no-deps --target) into a folder far from the checkout; (environment, working folder)."""
    wheel, _ = dists
    site = tmp_path_factory.mktemp("site")
    pip = subprocess.run(
        [sys.executable, "-m", "pip", "install", "-q", "--no-deps", "--no-index", "--target", str(site), str(wheel)], capture_output=True, text=True
    )
    assert pip.returncode == 0, pip.stderr
    env = {k: v for k, v in os.environ.items() if k != "KARABAKH_DATA_DIR"}
    env["PYTHONPATH"] = str(site)
    cwd = tmp_path_factory.mktemp("elsewhere")
    where = subprocess.run([sys.executable, "-c", "import karabakh_data; print(karabakh_data.__file__)"], cwd=cwd, env=env, capture_output=True, text=True)
    assert where.stdout.strip() == str(site / "karabakh_data" / "__init__.py"), "the test must run the installed wheel, not the checkout"
    return env, cwd


def _run(installed, *args):
    env, cwd = installed
    return subprocess.run([sys.executable, "-m", "karabakh_data", *args], cwd=cwd, env=env, capture_output=True, text=True)


def test_diff_between_every_two_shipped_releases_from_the_wheel(installed, capsys):
    """Same output as in the checkout, for each pair of consecutive releases (text and CHANGELOG forms)."""
    versions = released_versions(ROOT / "releases")
    assert len(versions) >= 2
    for old, new in zip(versions, versions[1:]):
        for extra in ([], ["--changelog"]):
            got = _run(installed, "diff", old, new, *extra)
            assert got.returncode == 0, got.stderr
            assert main(["diff", old, new, "--root", str(ROOT), *extra]) == 0
            assert got.stdout == capsys.readouterr().out


def test_diff_head_from_the_wheel_needs_a_checkout(installed):
    got = _run(installed, "diff", released_versions(ROOT / "releases")[0], "HEAD")
    assert got.returncode != 0
    assert "run it in a checkout" in got.stderr and len(got.stderr.strip().splitlines()) == 1


def test_diff_of_an_unknown_version_from_the_wheel_names_the_shipped_ones(installed):
    got = _run(installed, "diff", "9.9.9", released_versions(ROOT / "releases")[-1])
    assert got.returncode == 2
    assert "9.9.9" in got.stderr and ", ".join(released_versions(ROOT / "releases")) in got.stderr


SDIST_LIKE_TESTS = {
    "test_reads_a_text.py": "from .conftest import RAW\nTEXT = (RAW / 'sources' / 'a.txt').read_text()\n\ndef test_quote():\n    assert TEXT\n",
    "test_builds.py": "def test_counts(built):\n    assert built\n",
    "test_plain.py": "def test_schema():\n    assert 1 + 1 == 2\n",
}


def test_tests_that_need_the_source_texts_skip_in_an_sdist_saying_why(tmp_path):
    """The tests' conftest, in a tree without raw/sources/*.txt (as the sdist is): the two that need a text skip, the other runs."""
    (tmp_path / "raw" / "sources").mkdir(parents=True)
    tests = tmp_path / "tests"
    tests.mkdir()
    (tests / "__init__.py").write_text("", encoding="utf-8")
    (tests / "conftest.py").write_bytes((ROOT / "tests" / "conftest.py").read_bytes())
    for name, code in SDIST_LIKE_TESTS.items():
        (tests / name).write_text(code, encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pytest", "-rs", "-p", "no:cacheprovider", "tests"], cwd=tmp_path, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "1 passed, 2 skipped" in run.stdout
    skipped = [line for line in run.stdout.splitlines() if line.startswith("SKIPPED")]
    assert len(skipped) == 2 and all("which the sdist does not carry" in line for line in skipped)
