"""The versioning policy (docs/versioning.md) as code: schema fingerprints.

A release keeps the fingerprint of every table's schema (column names,
kinds, nullability, allowed values, key) in releases/X.Y.Z/, so a later
checkout can tell whether its schemas changed, and how much, without the old
code; a test then refuses a schema change that the version does not announce.
Descriptions are left out on purpose: rewording one is a PATCH, not a schema
change.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

LEVELS = ("none", "patch", "minor", "major")
FINGERPRINT_FILE = "schema-fingerprint.json"


def schema_fingerprint() -> dict:
    """The current schemas, reduced to what a reader's code depends on, and its SHA-256."""
    from ..schema.table_specs import TABLES

    tables = {
        name: {
            "key": t.key,
            "columns": [{"name": c.name, "kind": c.kind, "nullable": c.nullable, "allowed": sorted(map(str, c.allowed))} for c in t.columns],
        }
        for name, t in sorted(TABLES.items())
    }
    digest = hashlib.sha256(json.dumps(tables, sort_keys=True).encode()).hexdigest()
    return {"sha256": digest, "tables": tables}


def read_fingerprint(release_dir: Path) -> dict:
    return json.loads((Path(release_dir) / FINGERPRINT_FILE).read_text(encoding="utf-8"))


def _column_changes(table: str, old: dict, new: dict) -> list[tuple[str, str]]:
    out = []
    if old["key"] != new["key"]:
        out.append(("major", f"{table}: key {old['key']} -> {new['key']}"))
    before = {c["name"]: c for c in old["columns"]}
    after = {c["name"]: c for c in new["columns"]}
    out += [("major", f"{table}.{n}: column removed or renamed") for n in before if n not in after]
    out += [("minor", f"{table}.{n}: column added") for n in after if n not in before]
    for name in [n for n in before if n in after]:
        a, b = before[name], after[name]
        if a["kind"] != b["kind"]:
            out.append(("major", f"{table}.{name}: kind {a['kind']} -> {b['kind']}"))
        if a["nullable"] != b["nullable"]:
            level = "major" if b["nullable"] else "minor"
            out.append((level, f"{table}.{name}: {'now nullable' if b['nullable'] else 'no longer nullable'}"))
        gone, new_values = set(a["allowed"]) - set(b["allowed"]), set(b["allowed"]) - set(a["allowed"])
        if gone:
            out.append(("major", f"{table}.{name}: allowed values removed: {', '.join(sorted(gone))}"))
        if new_values:
            out.append(("minor", f"{table}.{name}: allowed values added: {', '.join(sorted(new_values))}"))
    common = [n for n in before if n in after]
    if common != [n for n in after if n in before]:
        out.append(("minor", f"{table}: columns reordered"))
    return out


def schema_changes(old: dict, new: dict) -> list[tuple[str, str]]:
    """(level, reason) for every difference between two fingerprints; the policy's rules."""
    if old["sha256"] == new["sha256"]:
        return []
    out = [("major", f"{t}: table removed") for t in old["tables"] if t not in new["tables"]]
    out += [("minor", f"{t}: table added") for t in new["tables"] if t not in old["tables"]]
    for t in [t for t in old["tables"] if t in new["tables"]]:
        out += _column_changes(t, old["tables"][t], new["tables"][t])
    return out or [("patch", "fingerprint differs in form only")]


def required_level(changes: list[tuple[str, str]]) -> str:
    return max((level for level, _ in changes), key=LEVELS.index, default="none")


def parse_version(version: str) -> tuple[int, int, int]:
    parts = version.split(".")
    if len(parts) != 3 or not all(p.isdigit() for p in parts):
        raise ValueError(f"not a MAJOR.MINOR.PATCH version: {version!r}")
    return tuple(int(p) for p in parts)  # type: ignore[return-value]


def bump_level(old: str, new: str) -> str:
    """Which part of the version was raised from old to new ('none' if equal)."""
    a, b = parse_version(old), parse_version(new)
    if b < a:
        raise ValueError(f"version {new} is lower than {old}")
    for level, x, y in zip(("major", "minor", "patch"), a, b):
        if y > x:
            return level
    return "none"


def released_versions(releases_dir: Path) -> list[str]:
    """Versions with a snapshot in releases/, oldest first."""
    if not Path(releases_dir).is_dir():
        return []
    found = [p.name for p in Path(releases_dir).iterdir() if (p / FINGERPRINT_FILE).is_file()]
    return sorted(found, key=parse_version)
