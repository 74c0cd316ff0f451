"""Helpers for the release tests: private project roots, versions, edited raw trees.

A test release lives in its own temporary project root (raw/, releases/,
licences), so the repository's releases/, CHANGELOG.md and CITATION.cff are
never touched. The version is switched by patching every module that bound
__version__ at import, as a real version bump would after a restart.
"""

from __future__ import annotations

import contextlib
import copy
import re
import shutil
import sys
from pathlib import Path

import pytest
import yaml

import karabakh_data.build  # noqa: F401  (imported so that versioned() patches its __version__)
from karabakh_data.release.archive import ensure_build, make_archive, record

from ..conftest import ROOT


def make_root(tmp: Path, raw: Path | None = None) -> Path:
    """A project root with the licences and the codebook (and a copy of raw/ if given)."""
    (tmp / "docs").mkdir(parents=True, exist_ok=True)
    for name in ("LICENSE", "LICENSE-DATA.md", "docs/codebook.md"):
        shutil.copy(ROOT / name, tmp / name)
    if raw is not None:
        shutil.copytree(raw, tmp / "raw")
    return tmp


@contextlib.contextmanager
def versioned(version: str):
    """Run as if _version.py said `version`."""
    with pytest.MonkeyPatch.context() as mp:
        for name, mod in list(sys.modules.items()):
            if name.startswith("karabakh_data") and isinstance(getattr(mod, "__version__", None), str):
                mp.setattr(mod, "__version__", version)
        yield


def _records_file_with(raw: Path, *lists: str) -> Path:
    for path in sorted((raw / "records").glob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if all(data.get(k) for k in lists):
            return path
    raise AssertionError(f"no records file has {lists}")


def edit_raw(raw: Path) -> dict:
    """Change one event, add one, remove one unreferenced statement (its id retired)."""
    path = _records_file_with(raw, "events", "statements")
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    all_text = "".join(p.read_text(encoding="utf-8") for p in (raw / "records").glob("*.yaml"))
    event = data["events"][0]
    added = copy.deepcopy(event)
    added["event_id"] = re.sub(r"\d+$", "901", event["event_id"])
    added.pop("incident_id", None), added.pop("incident_basis", None)  # a new happening: no incident changes
    old_description = event["description"]
    event["description"] = old_description + " (corrected)"
    data["events"].append(added)
    removed = next(s for s in data["statements"] if all_text.count(s["statement_id"]) == 1)
    data["statements"].remove(removed)
    path.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    retired_path = raw / "retired_ids.yaml"
    retired = yaml.safe_load(retired_path.read_text(encoding="utf-8")) if retired_path.exists() else {"retired": []}
    retired["retired"].append({"id": removed["statement_id"], "reason": "removed by the release test"})
    retired_path.write_text(yaml.safe_dump(retired, sort_keys=False, allow_unicode=True), encoding="utf-8")
    return {
        "changed": event["event_id"],
        "old_description": old_description,
        "new_description": event["description"],
        "added": added["event_id"],
        "removed": removed["statement_id"],
    }


def release_version(root: Path, version: str, date: str) -> Path:
    """Build root/raw as `version`, record it and write its archive; return the archive."""
    with versioned(version):
        data = ensure_build(root / "raw", root / "build")
        record(root, data, date)
        return make_archive(root, data, root / "dist")
