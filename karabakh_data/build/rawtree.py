"""Which files under raw/ are inputs: nothing in raw/ is silently skipped.

The build reads a fixed set of paths. A records file saved one folder too
high (raw/src-004.yaml) or in a misspelled folder (raw/record/src-005.yaml)
would otherwise build green with its records simply absent, and a coder
would lose work without a word. So every file under raw/ is either an input,
a known non-input (a README), or a problem naming it and saying where it
belongs.
"""

from __future__ import annotations

import difflib
from pathlib import Path

from .problems import Problem

REFERENCE_FILES = ("actors.yaml", "places.yaml", "retired_ids.yaml", "incidents.yaml")
FOLDERS = ("records", "sources")
NON_INPUTS = ("README.md", ".gitkeep")
"""Files the build knows are not inputs, in any folder of raw/ (documented in the README)."""


def stray_files(raw_dir: Path, display: str = "raw") -> list[Problem]:
    """A problem for every file under raw_dir that the build would not read."""
    problems = []
    for path in sorted(p for p in Path(raw_dir).rglob("*") if not p.is_dir()):
        rel = path.relative_to(raw_dir)
        reason = _why_not_input(rel)
        if reason:
            problems.append(Problem(f"{display}/{rel.as_posix()}", 0, "", reason))
    return problems


def _why_not_input(rel: Path) -> str | None:
    parts, name = rel.parts, rel.name
    if name in NON_INPUTS:
        return None
    if len(parts) == 1:
        if name in REFERENCE_FILES:
            return None
        if name.endswith((".yaml", ".yml")):
            return "not a raw input; records files go in raw/records/ (reference tables are " + ", ".join(REFERENCE_FILES) + ")"
        if name.endswith(".txt"):
            return "not a raw input; source texts go in raw/sources/"
        return "not a raw input; raw/ holds " + ", ".join(REFERENCE_FILES) + " and the folders records/ and sources/"
    folder = parts[0]
    if folder not in FOLDERS:
        close = difflib.get_close_matches(folder, FOLDERS, n=1)
        hint = f" (did you mean raw/{close[0]}/?)" if close else ""
        return f"not a raw input: raw/ has no folder '{folder}'{hint}; records files go in raw/records/, source texts in raw/sources/"
    if len(parts) > 2:
        return f"not a raw input: raw/{folder}/ is flat; move the file up into raw/{folder}/"
    if folder == "records":
        if name.endswith(".yaml"):
            return None
        if name.endswith(".yml"):
            return "not a raw input: records files end in .yaml, not .yml"
        return "not a raw input: raw/records/ holds only records files (<source_id>.yaml)"
    if name.endswith((".txt", ".exclusions.yaml")):
        return None
    return "not a raw input: raw/sources/ holds the source texts (.txt) and their exclusions (<stem>.exclusions.yaml)"
