"""The command line: build, validate, tables, query, verify, coverage, schemas."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

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


def test_version_names_package_and_data(capsys):
    from karabakh_data import __version__
    from karabakh_data.access import manifest

    with pytest.raises(SystemExit) as exit_:
        main(["--version"])
    assert exit_.value.code == 0
    assert capsys.readouterr().out.strip() == f"karabakh-data {__version__} (data {manifest()['dataset_version']})"


def test_help_groups_user_and_maintainer_commands(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    users, maintainers = out.split("commands for using the data:")[1].split("commands for maintainers")
    for name in ("query", "views", "tables", "export", "verify", "cite", "plot", "serve"):
        assert f"\n  {name} " in users
    for name in ("build", "validate", "coverage", "add-source", "schemas", "dictionary", "diff", "release"):
        assert f"\n  {name} " in maintainers and f"\n  {name} " not in users


@pytest.mark.parametrize("argv", [["schemas"], ["dictionary"], ["validate"], ["coverage"], ["build"], ["diff", "0.1.0", "HEAD"], ["release"]])
def test_maintainer_command_outside_a_checkout_says_so_and_writes_nothing(tmp_path, monkeypatch, capsys, argv):
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "a maintainer command; run it in a checkout" in err[0] and "nothing written" in err[0]
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["serve", "--port", "99999"], "99999 is not a port number (1-65535)"),
        (["serve", "--port", "http"], "'http' is not a port number"),
        (["export", "events", "--format", "xls"], "invalid choice: 'xls'"),
        (["query", "SELECT 1", "--format", "yaml"], "invalid choice: 'yaml'"),
        (["nosuchcommand"], "invalid choice: 'nosuchcommand'"),
    ],
)
def test_bad_argument_is_one_line_and_exit_2(capsys, argv, reason):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and reason in err[0] and "Traceback" not in err[0]


def test_missing_optional_dependency_gives_the_same_hint_everywhere(use_build, monkeypatch, capsys):
    import karabakh_data as kd
    from karabakh_data.extras import MissingExtra

    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(MissingExtra, match=r"^polars is not installed; install it with:  pip install 'karabakh-data\[polars\]'$"):
        kd.load("events", backend="polars")
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["plot", "map"]) == 1
    assert capsys.readouterr().err.strip() == "karabakh-data plot: matplotlib is not installed; install it with:  pip install 'karabakh-data[plot]'"


@pytest.mark.parametrize("tty", [True, False])
def test_long_work_shows_progress_on_a_terminal_only(tmp_path, monkeypatch, capsys, tty):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    assert main(["build", "--raw", "raw", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert ("... reading and checking raw/" in err) is tty
