"""The command line: build, validate, tables, query, verify, coverage, schemas."""

from __future__ import annotations

import json
import subprocess
import sys

from karabakh_data.cli import main

from .conftest import RAW


def test_validate_on_real_raw(capsys):
    assert main(["validate", "--raw", "raw"]) == 0
    assert "nothing written" in capsys.readouterr().out


def test_build_prints_summary(tmp_path, capsys):
    assert main(["build", "--raw", "raw", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    assert "casualties" in out and str(tmp_path / "data") in out


def test_build_failure_exits_nonzero_with_problems(raw_copy, tmp_path, capsys):
    path = raw_copy / "records" / "src-000.yaml"
    path.write_text(path.read_text().replace("date_basis: explicit", "date_basis: explicitt", 1))
    assert main(["build", "--raw", str(raw_copy), "--out", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "src-000.yaml:" in err and "date_basis" in err and "did you mean 'explicit'" in err
    assert not (tmp_path / "data").exists()


def test_query_formats(use_build, capsys):
    sql = "SELECT actor_id, name FROM actors WHERE actor_id = 'armenia'"
    assert main(["query", sql, "--format", "json"]) == 0
    assert json.loads(capsys.readouterr().out) == [{"actor_id": "armenia", "name": "Armenia"}]
    assert main(["query", sql, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines() == ["actor_id,name", "armenia,Armenia"]
    assert main(["query", sql, "--format", "markdown"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("| actor_id")
    assert main(["query", sql]) == 0
    assert "(1 row)" in capsys.readouterr().out


def test_query_refuses_writes_and_reports_sql_errors(use_build, capsys):
    assert main(["query", "DELETE FROM events"]) == 1
    assert "only read-only queries" in capsys.readouterr().err
    assert main(["query", "SELECT nope FROM events"]) == 1
    err = capsys.readouterr().err
    assert "nope" in err and "Traceback" not in err


def test_query_from_file(use_build, tmp_path, capsys):
    q = tmp_path / "q.sql"
    q.write_text("SELECT count(*) AS n FROM sources")
    assert main(["query", "--file", str(q), "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == str(len(list((RAW / "records").glob("*.yaml"))))


def test_tables_command(capsys):
    assert main(["tables"]) == 0
    assert "meeting_participants" in capsys.readouterr().out


def test_verify_command_on_build(use_build, capsys):
    assert main(["verify", "--dir", str(use_build)]) == 0


def test_module_entry_point():
    out = subprocess.run([sys.executable, "-m", "karabakh_data", "tables"], capture_output=True, text=True, check=True)
    assert "casualties" in out.stdout
