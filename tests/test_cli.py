"""The command line: build, validate, tables, query, verify, coverage, schemas; one error style and exit code per kind of failure."""

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
    # CSV as export and the downloads write it: TRUE/FALSE, NA, lists joined by ' | '
    sql = "SELECT actor_id, aliases, actor_id = 'armenia' AS yes, wikidata_qid IS NULL AS none, NULL AS nothing FROM actors WHERE actor_id = 'armenia'"
    assert main(["query", sql, "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[1] == "armenia,Armenia | Yerevan | Armenian,TRUE,FALSE,NA"
    assert main(["query", sql, "--format", "markdown"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("| actor_id")
    assert main(["query", sql]) == 0
    assert "(1 row)" in capsys.readouterr().out


def test_query_refuses_writes_and_reports_sql_errors(use_build, capsys):
    assert main(["query", "DELETE FROM events"]) == 1
    assert capsys.readouterr().err.startswith("karabakh-data query: only read-only queries")
    assert main(["query", "SELECT nope FROM events"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("karabakh-data query: ") and "nope" in err and "Traceback" not in err


def test_query_refuses_several_statements_in_one_line(use_build, capsys):
    assert main(["query", "SELECT 1; SELECT 2"]) == 1
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err == "karabakh-data query: one statement at a time: got 2; run each with its own query\n"


SLOW = "SELECT count(*) FROM range(1000000000000) t(i) WHERE i % 7 = 3"  # minutes of work on any machine


def test_query_timeout_stops_a_slow_statement(use_build, capsys):
    import time

    start = time.monotonic()
    assert main(["query", SLOW, "--timeout", "0.5"]) == 124
    assert time.monotonic() - start < 10
    captured = capsys.readouterr()
    assert captured.out == "" and captured.err.splitlines() == ["karabakh-data query: timed out: stopped after 0.5 s (raise --timeout, or 0 for no limit)"]


def _wait_for_cpu(pid: int, seconds: float, limit: float = 60) -> None:
    """Until the process has used that much CPU (Linux /proc), or limit seconds passed."""
    import os
    import time

    tick, start = os.sysconf("SC_CLK_TCK"), time.monotonic()
    while time.monotonic() - start < limit:
        fields = open(f"/proc/{pid}/stat").read().rsplit(")", 1)[1].split()
        if (int(fields[11]) + int(fields[12])) / tick >= seconds:
            return
        time.sleep(0.1)


def test_ctrl_c_stops_a_running_query_and_exits_130(use_build):
    import signal
    import time

    def as_at_a_terminal():  # Ctrl-C's SIGINT at its default, even when the tests run where it is ignored (nohup, `&`)
        signal.signal(signal.SIGINT, signal.SIG_DFL)

    cmd = [sys.executable, "-m", "karabakh_data", "query", SLOW, "--timeout", "0"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, preexec_fn=as_at_a_terminal)
    try:
        _wait_for_cpu(proc.pid, seconds=1.5)  # start-up costs a fraction of that: the statement is running
        assert proc.poll() is None
        start = time.monotonic()
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=30)
    finally:  # a statement that was not stopped must not outlive the test (it would run for hours)
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert time.monotonic() - start < 10
    assert proc.returncode == 130 and out == ""
    assert err.splitlines() == ["karabakh-data query: interrupted (Ctrl-C); the statement was stopped"]


def test_query_checks_only_the_files_it_reads(use_build, tmp_path, monkeypatch, capsys):
    """A damaged places.parquet stops a query of places or of a view over it, not a query of events."""
    import shutil

    data = tmp_path / "data"
    shutil.copytree(use_build, data)
    (data / "places.parquet").write_bytes(b"damaged")
    monkeypatch.setenv("KARABAKH_DATA_DIR", str(data))
    assert main(["query", "SELECT count(*) AS n FROM events", "--format", "csv"]) == 0
    assert capsys.readouterr().out.startswith("n\n")
    for sql in ("SELECT count(*) FROM places", "SELECT count(*) FROM events_geo", "SELECT count(*) FROM incidents_per_day"):
        assert main(["query", sql]) == 3
        assert "places.parquet does not match manifest.json" in capsys.readouterr().err
    assert main(["export", "events_geo", "--format", "json"]) == 3  # export reads the same way
    err = capsys.readouterr().err
    assert err.startswith("karabakh-data export: ") and "places.parquet does not match manifest.json" in err and "karabakh-data verify" in err


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


def test_verify_a_folder_without_a_manifest_says_so(tmp_path, capsys):
    (tmp_path / "events.parquet").write_bytes(b"x")
    assert main(["verify", "--dir", str(tmp_path)]) == 3
    assert capsys.readouterr().err.splitlines() == [
        f"karabakh-data verify: no manifest.json in {tmp_path}: nothing to check the files against (give the data folder of a build, or none for the installed data)"
    ]


def test_serve_on_a_busy_port_fails_before_printing_its_url(capsys):
    import socket

    pytest.importorskip("datasette", reason="serve needs the [explore] extra; without it, it says so first")

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert main(["serve", "--port", str(port)]) == 4
    captured = capsys.readouterr()
    assert captured.out == "" and "http://" not in captured.err
    assert captured.err.startswith(f"karabakh-data serve: cannot listen on 127.0.0.1:{port} (") and captured.err.endswith("; choose another --port\n")


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
    assert main(argv) == 4
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
        (["query", "SELECT 1", "--timeout", "-1"], "-1 is not a number of seconds"),
        (["query"], "give SQL or --file"),
        (["views", "claimz"], "unknown view 'claimz'. Did you mean 'claims'?"),
        (["nosuchcommand"], "invalid choice: 'nosuchcommand'"),
    ],
)
def test_bad_argument_is_one_line_and_exit_2(capsys, argv, reason):
    try:
        code = main(argv)
    except SystemExit as exit_:  # argparse's own errors
        code = exit_.code
    assert code == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and err[0].startswith(f"karabakh-data {argv[0]}: " if argv[0] != "nosuchcommand" else "karabakh-data: ")
    assert reason in err[0] and "Traceback" not in err[0]


def test_missing_optional_dependency_gives_the_same_hint_everywhere(use_build, monkeypatch, capsys):
    import karabakh_data as kd
    from karabakh_data.extras import MissingExtra

    monkeypatch.setitem(sys.modules, "polars", None)
    with pytest.raises(MissingExtra, match=r"^polars is not installed; install it with:  pip install 'karabakh-data\[polars\]'$"):
        kd.load("events", backend="polars")
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["plot", "map"]) == 4
    assert capsys.readouterr().err.strip() == "karabakh-data plot: matplotlib is not installed; install it with:  pip install 'karabakh-data[plot]'"


@pytest.mark.parametrize("tty", [True, False])
def test_long_work_shows_progress_on_a_terminal_only(tmp_path, monkeypatch, capsys, tty):
    monkeypatch.setattr(sys.stderr, "isatty", lambda: tty)
    assert main(["build", "--raw", "raw", "--out", str(tmp_path)]) == 0
    err = capsys.readouterr().err
    assert ("... reading and checking raw/" in err) is tty


def test_every_exit_code_is_in_the_readme_table():
    """The README's exit-code table lists each kind of failure (cli/exits.py) with its code, and nothing else."""
    import re

    from karabakh_data.cli.exits import ExitCode

    from .conftest import ROOT

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Exit codes", 1)[1].split("\n## ", 1)[0]
    assert [int(c) for c in re.findall(r"^\| (\d+) \|", table, re.M)] == [int(c) for c in ExitCode]
