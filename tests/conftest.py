"""Shared fixtures and helpers: the project's real raw/ tree, copied where a test may change it; a fresh build; tree()."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "raw"
SOURCE_TEXTS = sorted((RAW / "sources").glob("*.txt"))
NO_SOURCE_TEXTS = (
    "needs the source texts raw/sources/*.txt, which the sdist does not carry (the news reports are not ours to "
    "redistribute: docs/licensing.md); the build proves every quote's position in them. Run it in a checkout of the repository"
)
TEXT_FIXTURES = {"built", "raw_copy", "use_build"}


@pytest.hookimpl(wrapper=True)
def pytest_make_collect_report(collector):
    """Without the source texts, a test module that reads one when imported is skipped, saying why, not an error."""
    report = yield
    if not SOURCE_TEXTS and report.failed and isinstance(collector, pytest.Module) and str(RAW / "sources") in str(report.longrepr):
        report.outcome, report.longrepr = "skipped", (str(collector.path), 0, f"Skipped: {NO_SOURCE_TEXTS}")
    return report


def pytest_collection_modifyitems(config, items):
    """Without the source texts (an unpacked sdist), skip every test that builds from raw/, saying why."""
    if SOURCE_TEXTS:
        return
    for item in items:
        module = getattr(item, "module", None)
        if TEXT_FIXTURES & set(getattr(item, "fixturenames", ())) or getattr(module, "RAW", None) == RAW:
            item.add_marker(pytest.mark.skip(reason=NO_SOURCE_TEXTS))


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of raw/ that a test may break."""
    dest = tmp_path / "raw"
    shutil.copytree(RAW, dest)
    return dest


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """One fresh build of the real raw/ (build folder with data/ inside)."""
    from karabakh_data.build.pipeline import build

    out = tmp_path_factory.mktemp("build")
    build(RAW, out, None)
    return out


@pytest.fixture
def use_build(built: Path, monkeypatch) -> Path:
    """Point the loaders at the fresh build instead of the package copy."""
    monkeypatch.setenv("KARABAKH_DATA_DIR", str(built / "data"))
    return built / "data"


def tree(folder: Path) -> dict[str, str]:
    """Every entry under folder, hidden ones included: file -> SHA-256, folder -> 'dir' ({} if folder is absent).

    Two trees compare equal when nothing under the folder was added, removed or changed.
    """
    if not folder.exists():
        return {}
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest() if p.is_file() else "dir" for p in sorted(folder.rglob("*"))}


def duckdb_contents(path: Path) -> dict:
    """Everything a user can read from the DuckDB file: rows, types, comments, view SQL."""
    import duckdb

    con = duckdb.connect(str(path), read_only=True)
    try:
        out = {}
        tables = con.execute("SELECT table_name, comment FROM duckdb_tables() WHERE NOT internal ORDER BY 1").fetchall()
        views = con.execute("SELECT view_name, sql FROM duckdb_views() WHERE NOT internal ORDER BY 1").fetchall()
        out["tables"], out["views"] = tables, views
        for name in [t for t, _ in tables] + [v for v, _ in views]:
            out[f"{name}:columns"] = con.execute(f'DESCRIBE "{name}"').fetchall()
            out[f"{name}:rows"] = con.execute(f'SELECT * FROM "{name}" ORDER BY ALL').fetchall()
        return out
    finally:
        con.close()
