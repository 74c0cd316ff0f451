"""Reproducible builds: the same raw/ gives the same bytes, whatever the machine's settings.

Three builds run in fresh processes that differ in time zone, locale, hash
seed, SOURCE_DATE_EPOCH, working directory, path of raw/ (absolute or
relative) and the order in which the raw files were created on disk; a
fourth runs in this process with a warm per-document cache. Then:

* every Parquet file, and the package copy (Parquet + manifest), is
  byte-identical across all four;
* the build folder's manifest.json is byte-identical except for the
  karabakh.duckdb entry;
* karabakh.duckdb is NOT byte-stable (DuckDB writes a random database
  identifier and block checksums into the file); instead every table and
  view gives identical query results, column types, comments and view SQL.

See docs/guarantees.md.
"""

from __future__ import annotations

import ast
import hashlib
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from karabakh_data.build.output import DUCKDB_FILE, MANIFEST
from karabakh_data.build.pipeline import build
from karabakh_data.schema.table_specs import TABLES

from .conftest import RAW, ROOT, duckdb_contents

BUILD = "import sys; from pathlib import Path; from karabakh_data.build.pipeline import build; build(Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3]))"

# name: (environment, working directory (relative to tmp, or ROOT), paths given relative to it, raw files copied in reverse order)
VARIANTS = {
    "utc-c.utf8": ({"TZ": "UTC", "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8", "PYTHONHASHSEED": "0"}, None, False, False),
    "kiritimati-c-reversed": (
        {"TZ": "Pacific/Kiritimati", "LC_ALL": "C", "LANG": "C", "PYTHONHASHSEED": "4242", "SOURCE_DATE_EPOCH": "1"},
        "elsewhere/deeper",
        False,
        True,
    ),
    "st-johns-posix-relative": (
        {"TZ": "America/St_Johns", "LC_ALL": "POSIX", "PYTHONHASHSEED": "random", "SOURCE_DATE_EPOCH": "2000000000"},
        "rel",
        True,
        True,
    ),
}


def _copy_raw(dest: Path, reverse: bool) -> None:
    """Copy raw/ file by file, in sorted or reverse order (directory entry order follows creation order on many file systems)."""
    files = sorted(p for p in RAW.rglob("*") if p.is_file())
    for path in reversed(files) if reverse else files:
        target = dest / path.relative_to(RAW)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)


def _run(name: str, tmp: Path) -> Path:
    env_extra, cwd_rel, relative, reverse = VARIANTS[name]
    base = tmp / name
    cwd = base / cwd_rel if cwd_rel else ROOT
    cwd.mkdir(parents=True, exist_ok=True)
    raw, out, pkg = (cwd / "raw", cwd / "out", cwd / "pkg") if relative else (base / "r" / "raw", base / "out", base / "pkg")
    _copy_raw(raw, reverse)
    env = {k: v for k, v in os.environ.items() if k not in ("TZ", "LC_ALL", "LANG", "SOURCE_DATE_EPOCH", "PYTHONHASHSEED")}
    env.update(env_extra)
    args = ["raw", "out", "pkg"] if relative else [str(raw), str(out), str(pkg)]
    proc = subprocess.run([sys.executable, "-c", BUILD, *args], cwd=cwd, env=env, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    return cwd if relative else base


@pytest.fixture(scope="module")
def builds(tmp_path_factory) -> dict[str, Path]:
    """name -> folder holding out/data and pkg, one per variant, plus an in-process warm-cache build."""
    tmp = tmp_path_factory.mktemp("repro")
    found = {name: _run(name, tmp) for name in VARIANTS}
    warm = tmp / "in-process"
    _copy_raw(warm / "raw", False)
    build(warm / "raw", warm / "out", warm / "pkg")
    build(warm / "raw", warm / "out", warm / "pkg")  # the second one from the cache
    found["in-process-warm-cache"] = warm
    return found


def _digests(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir()) if p.is_file()}


def _pairs(builds: dict) -> list[tuple[str, Path, str, Path]]:
    (first, a), *rest = builds.items()
    return [(first, a, name, b) for name, b in rest]


def test_parquet_files_are_byte_identical(builds):
    for na, a, nb, b in _pairs(builds):
        da, db = _digests(a / "out" / "data"), _digests(b / "out" / "data")
        parquet = sorted(f"{t}.parquet" for t in TABLES)
        assert [da[f] for f in parquet] == [db[f] for f in parquet], f"{na} and {nb} differ"


def test_package_copy_is_byte_identical_manifest_included(builds):
    for na, a, nb, b in _pairs(builds):
        assert _digests(a / "pkg") == _digests(b / "pkg"), f"{na} and {nb} differ"
        assert MANIFEST in _digests(a / "pkg")


def test_build_manifest_differs_only_in_the_duckdb_entry(builds):
    def load(folder: Path) -> dict:
        m = json.loads((folder / "out" / "data" / MANIFEST).read_text(encoding="utf-8"))
        assert set(m["files"]) == set(_digests(folder / "out" / "data")) - {MANIFEST}
        m["files"].pop(DUCKDB_FILE)
        return m

    for na, a, nb, b in _pairs(builds):
        assert load(a) == load(b), f"{na} and {nb} differ"


def test_duckdb_query_results_are_identical(builds):
    """The DuckDB file is not byte-stable, but everything read from it is the same."""
    contents = {name: duckdb_contents(folder / "out" / "data" / DUCKDB_FILE) for name, folder in builds.items()}
    (first, a), *rest = contents.items()
    assert set(t for t, _ in a["tables"]) == set(TABLES) and a["views"]
    for name, b in rest:
        assert a == b, f"{first} and {name} differ"


def test_duckdb_file_bytes_documented_as_unstable(builds):
    """If a DuckDB version ever writes byte-stable files, update docs/guarantees.md (and this test)."""
    digests = {_digests(folder / "out" / "data")[DUCKDB_FILE] for folder in builds.values()}
    assert len(digests) > 1, "karabakh.duckdb is now byte-stable: say so in docs/guarantees.md"
    assert "not byte-stable" in (ROOT / "docs" / "guarantees.md").read_text(encoding="utf-8")


# --- time stamps come from SOURCE_DATE_EPOCH or the data, never from the clock ------------------

CLOCK_CALLS = {"now", "today", "utcnow", "time", "time_ns", "localtime", "gmtime", "ctime", "asctime"}
# (module, function) allowed to read the clock, and why; modules as paths inside the package.
CLOCK_ALLOWED = {
    ("release/archive.py", "release_date"): "the date a release is recorded (--date or SOURCE_DATE_EPOCH override it); it is "
    "stored in releases/X.Y.Z/release.json and every time stamp of the archive, wheel and sdist comes from that stored date",
}
PACKAGE = ROOT / "karabakh_data"


def clock_calls(source: str, module: str) -> list[tuple[str, str, int, str]]:
    """(module, enclosing function, line, call) for every call named like a clock read in the source."""
    tree = ast.parse(source)
    owner = {}
    for fn in ast.walk(tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef)):
            for node in ast.walk(fn):
                owner.setdefault(id(node), fn.name)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            name = node.func.attr if isinstance(node.func, ast.Attribute) else getattr(node.func, "id", "")
            if name in CLOCK_CALLS:
                found.append((module, owner.get(id(node), "<module>"), node.lineno, ast.unparse(node)))
    return found


def package_clock_reads(package: Path) -> tuple[list[str], list[tuple[str, str, int, str]]]:
    """(every module read, the clock reads CLOCK_ALLOWED does not explain), over the package and all its subpackages."""
    modules = sorted(p.relative_to(package).as_posix() for p in package.rglob("*.py"))
    calls = [c for m in modules for c in clock_calls((package / m).read_text(encoding="utf-8"), m)]
    return modules, [c for c in calls if (c[0], c[1]) not in CLOCK_ALLOWED]


def test_no_clock_reads_outside_the_allowed_places():
    """Static check: the package reads the clock only where CLOCK_ALLOWED says why (timing uses perf_counter)."""
    modules, bad = package_clock_reads(PACKAGE)
    assert bad == [], "time stamps must come from SOURCE_DATE_EPOCH, the recorded release date or the data"
    subpackages = {p.parent.relative_to(PACKAGE).as_posix() for p in PACKAGE.rglob("__init__.py")} - {"."}
    assert subpackages and all(any(m.startswith(f"{s}/") for m in modules) for s in subpackages), "every subpackage is read"
    allowed = {(m, f) for m in modules for m, f, _, _ in clock_calls((PACKAGE / m).read_text(encoding="utf-8"), m)}
    assert set(CLOCK_ALLOWED) <= allowed, "an allowance that matches no clock read is stale: remove it"


CLOCK_CASES = {
    "datetime.now in a subpackage": ("build/stamp.py", "import datetime as dt\ndef stamp():\n    return dt.datetime.now()\n", True),
    "time() imported by name, two levels down": ("access/sql/helper.py", "from time import time\ndef f():\n    return time()\n", True),
    "date.today at module level": ("cli/main.py", "import datetime\nTODAY = datetime.date.today()\n", True),
    "utcnow in a method": ("explore/app.py", "class A:\n    def f(self):\n        return datetime.datetime.utcnow()\n", True),
    "the allowed function's name in another module": ("release/other.py", "def release_date():\n    return dt.datetime.now()\n", True),
    "the allowed place": ("release/archive.py", "def release_date():\n    return dt.datetime.now(dt.timezone.utc)\n", False),
    "perf_counter for timing": ("build/pipeline.py", "import time\ndef f():\n    return time.perf_counter()\n", False),
    "a time stamp from the data": ("release/metadata.py", "def f(d):\n    return dt.datetime.fromtimestamp(d)\n", False),
}


@pytest.mark.parametrize("case", list(CLOCK_CASES))
def test_the_clock_check_catches_a_clock_read_in_any_subpackage(tmp_path, case):
    """A package tree holding the snippet at its path: the same check as above finds it, or lets it pass."""
    module, source, caught = CLOCK_CASES[case]
    (tmp_path / module).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / module).write_text(source, encoding="utf-8")
    (tmp_path / "__init__.py").write_text("", encoding="utf-8")
    modules, bad = package_clock_reads(tmp_path)
    assert module in modules
    assert bool(bad) is caught, bad


def test_build_does_not_read_the_clock(tmp_path, monkeypatch):
    """Dynamic check: a build during which karabakh_data's own calls to time.time() and friends fail."""
    import time

    def tripwire(real):
        def call(*args, **kwargs):
            caller = sys._getframe(1).f_globals.get("__name__", "")
            if caller.startswith("karabakh_data"):
                raise AssertionError(f"{caller} read the clock ({real.__name__})")
            return real(*args, **kwargs)

        return call

    for name in ("time", "time_ns", "localtime", "gmtime", "ctime"):
        monkeypatch.setattr(time, name, tripwire(getattr(time, name)))
    build(RAW, tmp_path / "out", tmp_path / "pkg")
