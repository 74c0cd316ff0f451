"""Integrity: what a user installed can be checked, and nothing reaches the files unchecked.

* `karabakh-data verify` reports every file changed, removed or added since
  the manifest was written, and exits non-zero;
* load() refuses a table whose file does not match the manifest (or whose
  manifest is missing or damaged) unless verify=False is passed;
* connect() cannot write to, or read beyond, the shipped files;
* load(), `views NAME`, `export NAME` and `query` refuse names that are not
  in the catalogue before any file or SQL is touched.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pyarrow.parquet as pq
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import karabakh_data as kd
from karabakh_data import access
from karabakh_data.cli import main
from karabakh_data.schema.registry import TABLE_DESCRIPTIONS


@pytest.fixture
def data_copy(use_build, tmp_path, monkeypatch) -> Path:
    """A private copy of a fresh build that a test may tamper with; the loaders read it."""
    folder = tmp_path / "data"
    shutil.copytree(use_build, folder)
    monkeypatch.setenv("KARABAKH_DATA_DIR", str(folder))
    return folder


def _tamper_events(folder: Path) -> int:
    """Replace events.parquet by a valid Parquet file with one row fewer; return its rows."""
    table = pq.read_table(folder / "events.parquet")
    pq.write_table(table.slice(1), folder / "events.parquet")
    return table.num_rows - 1


# --- verify ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "tamper, line",
    [
        (lambda f: _tamper_events(f), "events.parquet: changed (SHA-256 differs from the manifest)"),
        (lambda f: (f / "places.parquet").unlink(), "places.parquet: removed (listed in the manifest, missing on disk)"),
        (lambda f: (f / "extra.parquet").write_bytes(b"PAR1"), "extra.parquet: added (on disk, not in the manifest)"),
        (
            lambda f: (f / "karabakh.duckdb").write_bytes((f / "karabakh.duckdb").read_bytes()[:-1]),
            "karabakh.duckdb: changed (SHA-256 differs from the manifest)",
        ),
        (
            lambda f: (f / "manifest.json").write_text(
                (f / "manifest.json").read_text().replace(hashlib.sha256((f / "actors.parquet").read_bytes()).hexdigest(), "0" * 64)
            ),
            "actors.parquet: changed (SHA-256 differs from the manifest)",
        ),
    ],
    ids=["changed", "removed", "added", "duckdb-truncated", "manifest-edited"],
)
def test_verify_command_reports_and_exits_nonzero(data_copy, capsys, tamper, line):
    assert main(["verify", "--dir", str(data_copy)]) == 0
    capsys.readouterr()
    tamper(data_copy)
    assert main(["verify", "--dir", str(data_copy)]) == 3
    err = capsys.readouterr().err.splitlines()
    assert err[0] == line and err[-1].startswith("karabakh-data verify: 1 file(s) differ")
    assert main(["verify"]) == 3  # the default folder is KARABAKH_DATA_DIR's


def test_verify_lists_every_difference_sorted(data_copy, capsys):
    _tamper_events(data_copy)
    (data_copy / "places.parquet").unlink()
    (data_copy / "aaa.txt").write_text("x")
    assert main(["verify", "--dir", str(data_copy)]) == 3
    err = capsys.readouterr().err.splitlines()
    assert [e.split(":")[0] for e in err[:-1]] == ["aaa.txt", "events.parquet", "places.parquet"]


@pytest.mark.parametrize(
    "damage", [lambda m: m.unlink(), lambda m: m.write_text("{"), lambda m: m.write_text("[]")], ids=["missing", "not-json", "not-a-manifest"]
)
def test_verify_with_a_damaged_manifest_fails(data_copy, capsys, damage):
    damage(data_copy / "manifest.json")
    assert main(["verify", "--dir", str(data_copy)]) == 3
    err = capsys.readouterr().err
    assert "manifest.json" in err and ("unreadable" in err or "no manifest.json" in err)


# --- load -----------------------------------------------------------------------------------


@pytest.mark.parametrize("backend", ["pandas", "polars", "arrow"])
def test_load_refuses_a_tampered_table_unless_told_not_to_verify(data_copy, backend):
    rows = _tamper_events(data_copy)
    with pytest.raises(kd.DataIntegrityError, match="does not match manifest.json"):
        kd.load("events", backend=backend)
    tampered = kd.load("events", backend=backend, verify=False)
    assert len(tampered) == rows
    assert len(kd.load("actors", backend=backend)) > 0  # the untouched tables still load


def test_connect_refuses_a_tampered_table_unless_told_not_to_verify(data_copy):
    rows = _tamper_events(data_copy)
    with pytest.raises(kd.DataIntegrityError, match="events.parquet does not match manifest.json"):
        kd.connect()
    assert kd.connect(verify=False).execute("SELECT count(*) FROM events").fetchone()[0] == rows


def test_query_command_refuses_a_tampered_table(data_copy, capsys):
    _tamper_events(data_copy)
    assert main(["query", "SELECT count(*) FROM events"]) == 3
    err = capsys.readouterr().err
    assert err.startswith("karabakh-data query: ") and "events.parquet does not match manifest.json" in err
    assert "run `karabakh-data verify`" in err and "verify=False" not in err  # the command line's own remedy


def test_load_refuses_a_removed_or_unlisted_table(data_copy):
    (data_copy / "places.parquet").unlink()
    with pytest.raises(kd.DataIntegrityError):
        kd.load("places")
    manifest = json.loads((data_copy / "manifest.json").read_text())
    del manifest["files"]["actors.parquet"]
    (data_copy / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(kd.DataIntegrityError):
        kd.load("actors")


@pytest.mark.parametrize(
    "damage", [lambda m: m.unlink(), lambda m: m.write_text("{"), lambda m: m.write_text('{"files": []}')], ids=["missing", "not-json", "wrong-shape"]
)
def test_load_refuses_when_the_manifest_is_damaged(data_copy, damage):
    damage(data_copy / "manifest.json")
    with pytest.raises(kd.DataIntegrityError, match="manifest.json"):
        kd.load("events")
    assert len(kd.load("events", verify=False)) > 0


# --- connect ----------------------------------------------------------------------------------


WRITES = [
    "COPY (SELECT 1 AS x) TO '{folder}/events.parquet' (FORMAT parquet)",
    "COPY events TO '{folder}/new.csv'",
    "EXPORT DATABASE '{folder}/export'",
    "ATTACH '{folder}/karabakh.duckdb' AS shipped",
    "ATTACH '{folder}/new.duckdb' AS fresh",
    "CREATE TABLE stolen AS SELECT * FROM read_text('/etc/hostname')",
    "SELECT * FROM read_parquet('{folder}/events.parquet')",
    "SELECT * FROM '{folder}/events.parquet'",
    "INSTALL httpfs",
    "SET enable_external_access = true",
    "SET lock_configuration = false",
    "RESET enable_external_access",
    "PRAGMA enable_checkpoint_on_shutdown",
]


def _snapshot(folder: Path) -> dict:
    return {p.name: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(folder.iterdir())}


def test_connect_cannot_touch_the_files(data_copy):
    """Every way out of the connection is closed; the shipped files keep their bytes and times."""
    before = _snapshot(data_copy)
    con = kd.connect()
    for sql in WRITES:
        with pytest.raises(Exception) as err:
            con.execute(sql.format(folder=data_copy))
        assert "Traceback" not in str(err.value)
    # Changes to the in-memory tables are allowed and vanish with the connection.
    con.execute("DELETE FROM events")
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == 0
    con.close()
    assert _snapshot(data_copy) == before
    assert kd.connect().execute("SELECT count(*) FROM events").fetchone()[0] == len(kd.load("events"))


# --- names outside the catalogue never reach the file system or SQL --------------------------


@settings(max_examples=200, deadline=None, derandomize=True)
@given(
    name=st.one_of(
        st.text(max_size=40),
        st.sampled_from(
            [
                "../../etc/passwd",
                "/etc/passwd",
                "events.parquet",
                "events; DROP TABLE events",
                "Events",
                "EVENTS",
                "events ",
                " events",
                "events\x00",
                "read_text('/etc/passwd')",
                "'/etc/passwd'",
                "manifest",
                "karabakh",
            ]
        ),
    )
)
def test_load_checks_the_name_before_touching_anything(name):
    if name in TABLE_DESCRIPTIONS:
        return
    touched = []
    real = access.data_dir
    access.data_dir = lambda: touched.append(name) or real()
    try:
        with pytest.raises(KeyError, match="unknown table"):
            kd.load(name)
    finally:
        access.data_dir = real
    assert touched == []


@pytest.mark.parametrize("name", ["../../etc/passwd", "events; DROP TABLE events", "read_text('/etc/passwd')", "'/etc/passwd'", "Events"])
@pytest.mark.parametrize("command", [["views"], ["export", "--format", "csv"], ["export", "--format", "geojson"]])
def test_cli_refuses_names_outside_the_catalogue(use_build, tmp_path, monkeypatch, capsys, command, name):
    monkeypatch.chdir(tmp_path)
    assert main([*command, name]) != 0
    captured = capsys.readouterr()
    assert "unknown" in captured.err and captured.out == "" and "Traceback" not in captured.err
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    "sql",
    [
        "SELECT * FROM '/etc/passwd'",
        "SELECT * FROM 'events.parquet'",
        "SELECT * FROM read_parquet('{folder}/../manifest.json')",
        "SELECT * FROM read_csv('{folder}/manifest.json')",
        "SELECT * FROM glob('/*')",
        "SELECT * FROM no_such_table",
    ],
)
def test_query_cannot_reach_files_by_name(use_build, capsys, sql):
    assert main(["query", sql.format(folder=use_build)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("karabakh-data query: ") and "Traceback" not in err


def test_query_may_read_only_the_shipped_parquet_files(use_build, capsys):
    """The CLI keeps tables as views over the Parquet files (fast to open): those
    files, and only those, are readable by path; writing statements are refused."""
    target = use_build / "events.parquet"
    before = target.read_bytes()
    assert main(["query", f"SELECT count(*) FROM read_parquet('{target}')", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == str(len(kd.load("events")))
    assert main(["query", f"COPY (SELECT 1 AS x) TO '{target}' (FORMAT parquet)"]) == 1
    assert main(["query", f"EXPLAIN ANALYZE COPY (SELECT 1 AS x) TO '{target}' (FORMAT parquet)"]) == 1
    assert target.read_bytes() == before
