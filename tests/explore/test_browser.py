"""`karabakh-data serve` in a real browser: headless Chromium reads the pages a user opens.

The server is started on a free loopback port and always stopped by the
fixture. Chromium (Debian's `chromium`, installed by .ci/run) dumps each
page's DOM after its scripts ran and takes a screenshot into tmp_path.
Skipped only where Chromium is not installed; Datasette is in the [test]
extra, so its absence is a failure, not a skip.
"""

from __future__ import annotations

import html
import shutil
import subprocess
from pathlib import Path

import pytest

import karabakh_data as kd
from karabakh_data.explore.datasette import view_header
from karabakh_data.paths import view_files

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--window-size=1280,1000",
    "--virtual-time-budget=3000",
]

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium; .ci/run does it)"),
]


def browse(url: str, tmp_path: Path, name: str) -> tuple[str, Path]:
    """The page's DOM after rendering (HTML entities decoded) and a screenshot of it."""

    def run(*extra):
        profile = tmp_path / f"profile-{name}-{extra[0][2:6]}"  # a fresh profile per run
        return subprocess.run([CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *extra, url], capture_output=True, text=True, timeout=120)

    dom = run("--dump-dom").stdout
    shot = tmp_path / f"{name}.png"
    run(f"--screenshot={shot}")
    assert shot.exists() and shot.stat().st_size > 5_000, f"no screenshot of {url}"
    assert dom.strip(), f"Chromium returned an empty page for {url}"
    return html.unescape(dom), shot


def test_datasette_pages_in_chromium(server, tmp_path):
    # the first page a user sees: title with version, licence, the database
    home, _ = browse(server + "/", tmp_path, "home")
    assert f"karabakh-data {kd.__version__}" in home and "CC BY 4.0" in home and "karabakh" in home

    # the database page: every table, every view's question as a canned query
    db, _ = browse(server + "/karabakh", tmp_path, "database")
    for name in kd.tables():
        assert f'href="/karabakh/{name}"' in db, name
    for path in view_files():
        assert view_header(path)[0] in db, f"canned query of {path.name} missing"

    # a table: its description, column descriptions and row count
    events = kd.load("events")
    page, _ = browse(server + "/karabakh/events", tmp_path, "events")
    assert kd.tables()["events"] in page
    assert "Actor who asserts the event." in page
    assert f"{len(events)} rows" in page

    # a canned query, titled with its question, listing each disputed record
    disputed = next(p for p in view_files() if p.stem == "disputed_claims")
    page, shot = browse(server + "/karabakh/ask_disputed_claims", tmp_path, "canned_query")
    assert view_header(disputed)[0] in page
    for record_id in kd.load("disputes")["record_id"]:
        assert record_id in page

    # a record page: the event's own text, and the records that link to it
    first = events.iloc[0]
    page, _ = browse(server + f"/karabakh/events/{first['event_id']}", tmp_path, "record")
    assert first["description"] in page and first["quote"] in page
    assert "Links from other tables" in page
