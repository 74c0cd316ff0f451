"""Nothing in raw/ is silently skipped: every file is an input, a known non-input, or a problem."""

from __future__ import annotations

import pytest

from karabakh_data.build.rawtree import stray_files

from ..conftest import RAW


def test_real_raw_has_no_stray_file():
    assert stray_files(RAW) == []


@pytest.mark.parametrize(
    ("path", "reason"),
    [
        ("src-004.yaml", "not a raw input; records files go in raw/records/"),
        ("record/src-005.yaml", "raw/ has no folder 'record' (did you mean raw/records/?)"),
        ("records/src-006.yml", "records files end in .yaml, not .yml"),
        ("records/old/src-000.yaml", "raw/records/ is flat"),
        ("records/notes.txt", "raw/records/ holds only records files"),
        ("sources/004_report.pdf", "raw/sources/ holds the source texts (.txt)"),
        ("004_report.txt", "source texts go in raw/sources/"),
        ("Makefile", "raw/ holds actors.yaml"),
    ],
)
def test_stray_file_is_named_with_where_it_belongs(raw_copy, path, reason):
    target = raw_copy / path
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("events: []\n", encoding="utf-8")
    problems = stray_files(raw_copy)
    assert [p.file for p in problems] == [f"raw/{path}"]
    assert reason in problems[0].reason


@pytest.mark.parametrize("path", ["README.md", "records/README.md", "sources/.gitkeep"])
def test_known_non_inputs_are_allowed(raw_copy, path):
    (raw_copy / path).write_text("notes\n", encoding="utf-8")
    assert stray_files(raw_copy) == []


@pytest.mark.parametrize("path", ["src-004.yaml", "record/src-005.yaml"])
def test_build_fails_naming_the_stray_file_with_every_other_problem(raw_copy, tmp_path, capsys, path):
    from karabakh_data.cli import main

    (raw_copy / path).parent.mkdir(parents=True, exist_ok=True)
    (raw_copy / path).write_text((raw_copy / "records" / "src-000.yaml").read_text(encoding="utf-8"), encoding="utf-8")
    events = raw_copy / "records" / "src-000.yaml"
    events.write_text(events.read_text(encoding="utf-8").replace("date_basis: explicit", "date_basis: explicitt", 1), encoding="utf-8")
    assert main(["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert f"raw/{path}: not a raw input" in err
    assert "src-000.yaml:" in err and "explicitt" in err  # reported in the same run
    assert not (tmp_path / "out" / "data").exists()


def test_unreadable_entries_are_problems_not_skipped(raw_copy, monkeypatch):
    """A folder the build cannot list and a file it cannot open: each a problem, whoever runs the build.

    chmod 000 does not stop root (as CI may run), so the refusals come from
    the system calls the walk makes, made to fail as they do for a user.
    """
    import os

    from karabakh_data.build.pipeline import build
    from karabakh_data.build.problems import BuildFailed

    (raw_copy / "sources" / "private").mkdir()
    locked_dir, locked_file = str(raw_copy / "sources" / "private"), str(raw_copy / "retired_ids.yaml")
    real_scandir, real_access = os.scandir, os.access

    def scandir(path="."):
        if os.fspath(path) == locked_dir:
            raise PermissionError(13, "Permission denied", os.fspath(path))
        return real_scandir(path)

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "access", lambda path, mode: os.fspath(path) != locked_file and real_access(path, mode))
    assert [str(p) for p in stray_files(raw_copy)] == [
        "raw/retired_ids.yaml: cannot be read (permission denied); make it readable or remove it",
        "raw/sources/private: cannot be read (permission denied); make it readable or remove it",
    ]
    with pytest.raises(BuildFailed) as err:
        build(raw_copy, None, None)
    assert "raw/sources/private: cannot be read (permission denied); make it readable or remove it" in [str(p) for p in err.value.problems]
