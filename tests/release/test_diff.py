"""Two releases from two raw trees (one record changed, one added, one removed): the diff, line by line."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from karabakh_data.cli import main
from karabakh_data.release.diff import diff, render_markdown, render_text
from karabakh_data.release.snapshot import read_snapshot, resolve

from ..conftest import RAW, ROOT
from .release_helpers import edit_raw, make_root, release_version


@dataclass
class TwoReleases:
    root: Path
    archive1: Path
    archive2: Path
    edits: dict
    counts: dict  # table -> records in 0.1.0


@pytest.fixture(scope="module")
def two(tmp_path_factory) -> TwoReleases:
    root = make_root(tmp_path_factory.mktemp("project"), RAW)
    a1 = release_version(root, "0.1.0", "2026-01-01")
    edits = edit_raw(root / "raw")
    a2 = release_version(root, "0.2.0", "2026-02-01")
    counts = {t: len(r) for t, r in read_snapshot(root / "releases" / "0.1.0").records.items()}
    return TwoReleases(root, a1, a2, edits, counts)


def _summary(two: TwoReleases, header: str) -> list[str]:
    n = two.counts
    lines = [header]
    for table in sorted(n):
        if table == "events":
            lines.append(f"  events: 1 added, 0 removed, 1 changed ({n['events']} -> {n['events'] + 1} records)")
        elif table == "statements":
            lines.append(f"  statements: 0 added, 1 removed, 0 changed ({n['statements']} -> {n['statements'] - 1} records)")
        else:
            lines.append(f"  {table}: unchanged ({n[table]} records)")
    total = sum(n.values())
    lines.append(f"total: 1 added, 1 removed, 1 changed ({total} -> {total} records)")
    return lines


def _full(two: TwoReleases) -> list[str]:
    e = two.edits
    return [
        "",
        "events",
        f"  + {e['added']}",
        f"  ~ {e['changed']}",
        f"      description: {json.dumps(e['old_description'], ensure_ascii=False)} -> {json.dumps(e['new_description'], ensure_ascii=False)}",
        "",
        "statements",
        f"  - {e['removed']}",
    ]


def test_summary_between_recorded_versions(two, capsys):
    assert main(["diff", "0.1.0", "0.2.0", "--root", str(two.root)]) == 0
    assert capsys.readouterr().out.splitlines() == _summary(two, "diff 0.1.0 -> 0.2.0")


def test_full_listing(two, capsys):
    assert main(["diff", "0.1.0", "0.2.0", "--root", str(two.root), "--full"]) == 0
    assert capsys.readouterr().out.splitlines() == _summary(two, "diff 0.1.0 -> 0.2.0") + _full(two)


def test_archives_compare_like_snapshots(two, capsys):
    assert main(["diff", str(two.archive1), str(two.archive2), "--full"]) == 0
    header = f"diff {two.archive1} (0.1.0) -> {two.archive2} (0.2.0)"
    assert capsys.readouterr().out.splitlines() == _summary(two, header) + _full(two)


def test_build_folder_and_head_are_the_new_release(two):
    for spec in ("HEAD", str(two.root / "build"), str(two.root / "build" / "data")):
        new = resolve(spec, two.root)
        assert all(d.is_unchanged for d in diff(resolve("0.2.0", two.root), new)), spec


def test_changelog_section(two, capsys):
    e, n = two.edits, two.counts
    assert main(["diff", "0.1.0", "0.2.0", "--root", str(two.root), "--changelog"]) == 0
    rows = []
    for t in sorted(n):
        if t == "events":
            rows.append(f"| events | 1 | 0 | 1 | {n['events']} → {n['events'] + 1} |")
        elif t == "statements":
            rows.append(f"| statements | 0 | 1 | 0 | {n['statements']} → {n['statements'] - 1} |")
        else:
            rows.append(f"| {t} | 0 | 0 | 0 | {n[t]} |")
    expected = [
        "## 0.2.0 (2026-02-01)",
        "",
        "Compared with 0.1.0: 1 added, 1 removed, 1 changed records.",
        "",
        "| Table | Added | Removed | Changed | Records |",
        "|---|---:|---:|---:|---:|",
        *rows,
        "",
        "### events",
        "",
        f"- Added: `{e['added']}`",
        f"- Changed: `{e['changed']}` (description)",
        "",
        "### statements",
        "",
        f"- Removed: `{e['removed']}`",
    ]
    assert capsys.readouterr().out.splitlines() == expected


def test_project_changelog_has_both_releases_newest_first(two):
    text = (two.root / "CHANGELOG.md").read_text(encoding="utf-8")
    old, new = resolve("0.1.0", two.root), resolve("0.2.0", two.root)
    assert render_markdown(diff(old, new), old, new) in text
    assert text.index("## 0.2.0 (2026-02-01)") < text.index("## 0.1.0 (2026-01-01)")
    first = text[text.index("## 0.1.0") :]
    assert first.startswith(f"## 0.1.0 (2026-01-01)\n\nFirst release: {sum(two.counts.values())} records in {len(two.counts)} tables.\n")


def test_changelog_file_option_replaces_its_own_section(two, tmp_path, capsys):
    path = tmp_path / "CHANGELOG.md"
    for _ in range(2):
        assert main(["diff", "0.1.0", "0.2.0", "--root", str(two.root), "--changelog", str(path)]) == 0
    assert path.read_text(encoding="utf-8").count("## 0.2.0") == 1


def test_unknown_spec_is_a_clear_error(two, capsys):
    assert main(["diff", "9.9.9", "HEAD", "--root", str(two.root)]) == 2
    err = capsys.readouterr().err
    assert "9.9.9" in err and "released: 0.1.0, 0.2.0" in err


def test_diff_from_the_repository_snapshot_works(capsys):
    """`karabakh-data diff X.Y.Z HEAD` from a fresh clone: releases/ holds what it needs."""
    from karabakh_data import __version__
    from karabakh_data.release.versioning import released_versions

    latest = released_versions(ROOT / "releases")[-1]
    assert main(["diff", latest, "HEAD", "--root", str(ROOT)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == f"diff {latest} -> HEAD ({__version__})"
    assert lines[-1].startswith("total: ")


def test_text_render_of_identical_snapshots_says_unchanged(two):
    snap = resolve("0.2.0", two.root)
    out = render_text(diff(snap, snap), snap, snap, full=True).splitlines()
    assert out[-1].startswith("total: 0 added, 0 removed, 0 changed")
    assert all(line.endswith(" records)") for line in out[1:-1])


def test_changelog_heading_names_a_release_only(two, capsys):
    assert main(["diff", str(two.archive1), str(two.archive2), "--changelog"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "## 0.2.0 (2026-02-01)"
    assert main(["diff", "0.1.0", "HEAD", "--root", str(two.root), "--changelog"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "## Unreleased"
