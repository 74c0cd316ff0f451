"""Record-level diff between two releases or builds, and the CHANGELOG it writes.

Records are matched by id within each table, so a correction shows as the
fields that changed (old -> new) rather than as a removal plus an addition,
and a removed id stays visible as removed. One comparison renders three ways:
a per-table summary, a full listing, and a Markdown CHANGELOG section.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .snapshot import Snapshot

CHANGELOG_INTRO = (
    "# Changelog\n\n"
    "Written by `karabakh-data release --snapshot` (the same text as `karabakh-data diff OLD NEW --changelog`):\n"
    "one section per release, newest first, record by record. Versioning policy: docs/versioning.md.\n"
)


@dataclass
class TableDiff:
    table: str
    old_count: int
    new_count: int
    added: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    changed: dict[str, list[tuple[str, object, object]]] = field(default_factory=dict)
    columns_added: list[str] = field(default_factory=list)
    columns_removed: list[str] = field(default_factory=list)

    @property
    def is_unchanged(self) -> bool:
        return not (self.added or self.removed or self.changed or self.columns_added or self.columns_removed)


def diff(old: Snapshot, new: Snapshot) -> list[TableDiff]:
    """Compare two snapshots table by table (tables in name order, ids sorted)."""
    out = []
    for name in sorted(set(old.records) | set(new.records)):
        a, b = old.records.get(name, {}), new.records.get(name, {})
        cols_a, cols_b = old.columns.get(name, []), new.columns.get(name, [])
        common = [c for c in cols_b if c in cols_a]
        d = TableDiff(name, len(a), len(b), sorted(set(b) - set(a)), sorted(set(a) - set(b)))
        if a and b:  # a table new or dropped as a whole has no column changes to report
            d.columns_added = [c for c in cols_b if c not in cols_a]
            d.columns_removed = [c for c in cols_a if c not in cols_b]
        for rid in sorted(set(a) & set(b)):
            fields = [(c, a[rid].get(c), b[rid].get(c)) for c in common if a[rid].get(c) != b[rid].get(c)]
            if fields:
                d.changed[rid] = fields
        out.append(d)
    return out


def _describe(s: Snapshot) -> str:
    return s.label if s.label == s.version or not s.version else f"{s.label} ({s.version})"


def _counts(d: TableDiff) -> str:
    text = f"{len(d.added)} added, {len(d.removed)} removed, {len(d.changed)} changed ({d.old_count} -> {d.new_count} records)"
    if d.columns_added:
        text += f"; columns added: {', '.join(d.columns_added)}"
    if d.columns_removed:
        text += f"; columns removed: {', '.join(d.columns_removed)}"
    return text


def _value(v) -> str:
    return json.dumps(v, ensure_ascii=False)


def render_text(diffs: list[TableDiff], old: Snapshot, new: Snapshot, full: bool = False) -> str:
    """Summary per table; with full, every added, removed and changed record, changed fields old -> new."""
    lines = [f"diff {_describe(old)} -> {_describe(new)}"]
    for d in diffs:
        lines.append(f"  {d.table}: unchanged ({d.new_count} records)" if d.is_unchanged else f"  {d.table}: {_counts(d)}")
    total = TableDiff("total", sum(d.old_count for d in diffs), sum(d.new_count for d in diffs))
    total.added = [r for d in diffs for r in d.added]
    total.removed = [r for d in diffs for r in d.removed]
    total.changed = {f"{d.table}/{r}": f for d in diffs for r, f in d.changed.items()}
    lines.append(f"total: {_counts(total)}")
    if full:
        for d in diffs:
            if d.added or d.removed or d.changed:
                lines += ["", d.table]
                lines += [f"  + {r}" for r in d.added] + [f"  - {r}" for r in d.removed]
                for rid, fields in d.changed.items():
                    lines.append(f"  ~ {rid}")
                    lines += [f"      {c}: {_value(a)} -> {_value(b)}" for c, a, b in fields]
    return "\n".join(lines) + "\n"


def render_markdown(diffs: list[TableDiff], old: Snapshot | None, new: Snapshot) -> str:
    """A CHANGELOG section: heading, totals, one table row per table, then record ids per table."""
    heading = f"## {new.version} ({new.date})" if new.date else "## Unreleased"  # only releases have a date
    n_new = sum(d.new_count for d in diffs)
    if old is None or not any(old.records.values()):
        lines = [heading, "", f"First release: {n_new} records in {len(diffs)} tables.", ""]
        lines += ["| Table | Records |", "|---|---:|"] + [f"| {d.table} | {d.new_count} |" for d in diffs]
        return "\n".join(lines) + "\n"
    added, removed, changed = (sum(len(getattr(d, k)) for d in diffs) for k in ("added", "removed", "changed"))
    lines = [heading, "", f"Compared with {_describe(old)}: {added} added, {removed} removed, {changed} changed records.", ""]
    lines += ["| Table | Added | Removed | Changed | Records |", "|---|---:|---:|---:|---:|"]
    for d in diffs:
        count = str(d.new_count) if d.old_count == d.new_count else f"{d.old_count} → {d.new_count}"
        lines.append(f"| {d.table} | {len(d.added)} | {len(d.removed)} | {len(d.changed)} | {count} |")
    for d in diffs:
        if d.is_unchanged:
            continue
        lines += ["", f"### {d.table}", ""]
        if d.columns_added or d.columns_removed:
            lines.append(f"- Columns added: {_ids(d.columns_added)}; removed: {_ids(d.columns_removed)}")
        lines += [f"- Added: {_ids(d.added)}"] if d.added else []
        lines += [f"- Removed: {_ids(d.removed)}"] if d.removed else []
        lines += [f"- Changed: `{rid}` ({', '.join(c for c, _, _ in f)})" for rid, f in d.changed.items()]
    return "\n".join(lines) + "\n"


def _ids(ids: list[str]) -> str:
    return ", ".join(f"`{i}`" for i in ids) or "none"


def update_changelog(path: Path, section: str) -> None:
    """Insert a section at the top, replacing one with the same heading (and any Unreleased one)."""
    text = path.read_text(encoding="utf-8") if path.exists() else CHANGELOG_INTRO
    preamble, *sections = re.split(r"(?m)^(?=## )", text)
    title = section.split("\n", 1)[0].split(" (")[0]
    keep = [s for s in sections if s.split("\n", 1)[0].split(" (")[0] not in (title, "## Unreleased")]
    parts = [preamble.rstrip("\n") + "\n"] + [s.rstrip("\n") + "\n" for s in [section, *keep]]
    path.write_text("\n".join(parts), encoding="utf-8")
