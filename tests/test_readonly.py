"""The query command cannot change or reach anything, and SQL errors are DuckDB's, without a traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from karabakh_data.cli import main


@pytest.mark.parametrize(
    "sql",
    [
        "DELETE FROM events",
        "CREATE TABLE x AS SELECT 1",
        "SELECT 1; DROP TABLE events",
        "COPY events TO 'out.csv'",
        "EXPLAIN ANALYZE COPY (SELECT 1) TO 'out.csv'",  # EXPLAIN ANALYZE runs its statement
        "/* a comment */ EXPLAIN ANALYZE COPY (SELECT 1) TO 'out.csv'",  # once a RecursionError
        "ATTACH 'other.duckdb'",
        "SET enable_external_access = true",
    ],
)
def test_writes_are_refused(use_build, capsys, tmp_path, monkeypatch, sql):
    monkeypatch.chdir(tmp_path)
    assert main(["query", sql]) == 1
    assert "only read-only queries are allowed" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_files_cannot_be_read_through_sql(use_build, capsys):
    assert main(["query", "SELECT * FROM read_csv('/etc/hostname')"]) == 1
    assert "karabakh-data query: " in capsys.readouterr().err


def test_sql_error_is_duckdbs_message_and_exit_code_without_traceback(use_build):
    cmd = [sys.executable, "-m", "karabakh_data", "query", "SELECT total FROM casualty_totalz"]
    done = subprocess.run(cmd, capture_output=True, text=True)
    assert done.returncode == 1 and done.stdout == ""
    assert done.stderr.startswith("karabakh-data query: Catalog Error:") and "casualty_totals" in done.stderr
    assert "Traceback" not in done.stderr


def test_missing_query_file_is_a_message(use_build, capsys):
    assert main(["query", "--file", "no-such-file.sql"]) == 2
    assert "cannot read --file" in capsys.readouterr().err


def test_explain_of_a_read_is_allowed(use_build, capsys):
    assert main(["query", "EXPLAIN SELECT count(*) FROM timeline"]) == 0


def _sealed_connections():
    from karabakh_data.access import connect
    from karabakh_data.access.query import sealed_connection

    return {"connect()": connect(), "query's connection": sealed_connection()}


@pytest.mark.parametrize(
    "sql",
    [
        "COPY (SELECT 1) TO '.tmp/out.csv'",
        "COPY (SELECT 1) TO 'out.csv'",
        "ATTACH '.tmp/other.duckdb'",
        "ATTACH 'other.duckdb'",
        "SELECT * FROM read_csv('.tmp/secret.csv')",
        "SELECT * FROM read_text('.tmp/*')",
        "SELECT * FROM read_csv('secret.txt')",
        "SET temp_directory = '.tmp'",
        "SET allowed_directories = ['.']",
    ],
)
def test_sealed_connections_reach_no_file_not_even_through_duckdbs_temporary_folder(use_build, tmp_path, monkeypatch, sql):
    """DuckDB allows its temporary folder (.tmp in the working directory) after external access is off, unless it is set explicitly."""
    import duckdb

    monkeypatch.chdir(tmp_path)
    (tmp_path / "secret.txt").write_text("a,b\n1,2\n", encoding="utf-8")
    (tmp_path / ".tmp").mkdir()
    (tmp_path / ".tmp" / "secret.csv").symlink_to(tmp_path / "secret.txt")
    before = sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*"))
    for name, con in _sealed_connections().items():
        with pytest.raises(duckdb.Error):
            con.execute(sql).fetchall()
        assert con.execute("SELECT count(*) FROM events").fetchone()[0] > 0, name
        con.close()
    assert sorted(p.relative_to(tmp_path).as_posix() for p in tmp_path.rglob("*")) == before
