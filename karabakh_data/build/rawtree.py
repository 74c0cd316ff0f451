"""Which files under raw/ are inputs: nothing in raw/ is silently skipped.

The build reads a fixed set of paths. A records file saved one folder too
high (raw/src-004.yaml) or in a misspelled folder (raw/record/src-005.yaml)
would otherwise build green with its records simply absent, and a coder
would lose work without a word. So every file under raw/ is either an input,
a known non-input (a README), or a problem naming it and saying where it
belongs. Links (to a file or a folder) are problems too, as are entries
the build cannot read and names it cannot show.
"""

from __future__ import annotations

import difflib
import os
from pathlib import Path

from ..schema.registry import REFERENCE_FILES
from .problems import LINK, Problem, cannot_read

RETIRED_FILE = "retired_ids.yaml"
"""The ids of removed records, never to be used again (read with the reference tables)."""
TOP_FILES = (*REFERENCE_FILES, RETIRED_FILE)
FOLDERS = ("records", "sources")
NON_INPUTS = ("README.md", ".gitkeep")
"""Files the build knows are not inputs, in any folder of raw/ (documented in the README)."""


def stray_files(raw_dir: Path, display: str = "raw") -> list[Problem]:
    """A problem for every entry under raw_dir that the build would not read: misplaced, a link, unreadable, a name not UTF-8."""
    problems: list[Problem] = []
    root = str(raw_dir)

    def unreadable(err: OSError) -> None:
        rel = os.path.relpath(err.filename, root) if err.filename else "."
        problems.append(Problem(_shown(display, rel), 0, "", cannot_read(err)))

    for folder, dirs, files in os.walk(root, onerror=unreadable):
        for name in sorted(dirs):
            path = os.path.join(folder, name)
            if os.path.islink(path):
                problems.append(Problem(_shown(display, os.path.relpath(path, root)), 0, "", LINK))
        for name in sorted(files):
            path = os.path.join(folder, name)
            rel = os.path.relpath(path, root)
            reason = _why_not_read(path, name) or _why_not_input(Path(rel))
            if reason:
                problems.append(Problem(_shown(display, rel), 0, "", reason))
    return problems


def _shown(display: str, rel: str) -> str:
    return f"{display}/{Path(rel).as_posix()}"


def _why_not_read(path: str, name: str) -> str | None:
    """A link, an unreadable file or a name that cannot be shown: the build must not skip it silently."""
    if os.path.islink(path):
        return LINK
    if not name.isprintable():  # a control character, or undecodable bytes (surrogates)
        return "file name is not printable UTF-8 (a control character or undecodable bytes); rename it"
    if os.path.isfile(path) and not os.access(path, os.R_OK):
        return cannot_read(PermissionError(13, "Permission denied"))
    return None


def _why_not_input(rel: Path) -> str | None:
    parts, name = rel.parts, rel.name
    if name in NON_INPUTS:
        return None
    if len(parts) == 1:
        if name in TOP_FILES:
            return None
        if name.endswith((".yaml", ".yml")):
            return f"not a raw input; records files go in raw/records/ (reference tables are {', '.join(REFERENCE_FILES)}; removed ids: {RETIRED_FILE})"
        if name.endswith(".txt"):
            return "not a raw input; source texts go in raw/sources/"
        return f"not a raw input; raw/ holds {', '.join(TOP_FILES)} and the folders records/ and sources/"
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
