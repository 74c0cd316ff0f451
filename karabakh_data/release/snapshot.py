"""Record snapshots: every record of every table as JSON, keyed by record id.

A release keeps one JSON Lines file per table in releases/X.Y.Z/records/, so
`karabakh-data diff 0.1.0 HEAD` works from a fresh clone, without the old
archive or the old code. The snapshots also ship in the wheel (as
karabakh_data/releases/, from the checkout's releases/ by pyproject's
package-dir), so `karabakh-data diff 0.1.0 1.0.0` works from an installed
wheel, outside any checkout. The readers below turn a snapshot, a build folder,
a release archive or the current raw/ into the same shape, so any two can be
compared. Record ids come from the data's own metadata (the Parquet key, the
snapshot's fingerprint), not from today's code, so an old release still
reads after a schema change.
"""

from __future__ import annotations

import datetime as dt
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .versioning import FINGERPRINT_FILE, parse_version, released_versions

RELEASE_FILE = "release.json"
_PACKAGE = Path(__file__).resolve().parent.parent
SHIPPED_RELEASES = _PACKAGE / "releases"  # in an installed wheel; absent in a checkout
Records = dict[str, dict[str, dict]]  # table -> record id -> {column: JSON value}


@dataclass
class Snapshot:
    """The records of one release or build, and what it calls itself."""

    label: str  # "0.1.0", "HEAD", a path
    version: str | None
    records: Records
    date: str | None = None
    columns: dict[str, list[str]] = field(default_factory=dict)


def _json_value(value):
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def record_id(row: dict, key: str | None) -> str:
    """The key's value; a keyless table (meeting_participants) is identified by all its values."""
    return str(row[key]) if key else ":".join(str(v) for v in row.values())


def from_arrow(tables: dict, keys: dict[str, str | None]) -> tuple[Records, dict[str, list[str]]]:
    records, columns = {}, {}
    for name in sorted(tables):
        rows = [{k: _json_value(v) for k, v in r.items()} for r in tables[name].to_pylist()]
        records[name] = {record_id(r, keys.get(name)): r for r in rows}
        columns[name] = list(tables[name].column_names)
    return records, columns


def _arrow_keys(tables: dict) -> dict[str, str | None]:
    return {n: (t.schema.metadata or {}).get(b"primary_key", b"").decode() or None for n, t in tables.items()}


def read_parquet_folder(folder: Path, label: str | None = None) -> Snapshot:
    """A data folder (Parquet files + manifest.json), as written by the build."""
    import pyarrow.parquet as pq

    manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    tables = {n: pq.read_table(folder / e["file"]) for n, e in manifest["tables"].items()}
    records, columns = from_arrow(tables, _arrow_keys(tables))
    return Snapshot(label or str(folder), manifest.get("dataset_version"), records, None, columns)


def read_archive(path: Path) -> Snapshot:
    """A release archive (.zip) written by `karabakh-data release`."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    with zipfile.ZipFile(path) as zf:
        names = zf.namelist()
        manifest_name = next(n for n in names if n.endswith("/data/manifest.json"))
        base = manifest_name.removesuffix("manifest.json")
        manifest = json.loads(zf.read(manifest_name))
        tables = {n: pq.read_table(pa.BufferReader(zf.read(base + e["file"]))) for n, e in manifest["tables"].items()}
        package = base.removesuffix("data/") + "datapackage.json"
        created = json.loads(zf.read(package)).get("created", "") if package in names else ""
    records, columns = from_arrow(tables, _arrow_keys(tables))
    return Snapshot(str(path), manifest.get("dataset_version"), records, created[:10] or None, columns)


def read_snapshot(folder: Path, label: str | None = None) -> Snapshot:
    """releases/X.Y.Z/: records/*.jsonl, the schema fingerprint (keys) and release.json."""
    fingerprint = json.loads((folder / FINGERPRINT_FILE).read_text(encoding="utf-8"))
    info = json.loads((folder / RELEASE_FILE).read_text(encoding="utf-8"))
    records, columns = {}, {}
    for name, spec in sorted(fingerprint["tables"].items()):
        path = folder / "records" / f"{name}.jsonl"
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
        records[name] = {record_id(r, spec["key"]): r for r in rows}
        columns[name] = [c["name"] for c in spec["columns"]]
    return Snapshot(label or info["version"], info["version"], records, info.get("date_released"), columns)


def read_head(root: Path) -> Snapshot:
    """HEAD: a fresh in-memory build of root/raw, or the installed data if there is no raw/."""
    from .._version import __version__

    raw = Path(root) / "raw"
    if not (raw / "records").is_dir():
        from ..access import data_dir

        snap = read_parquet_folder(data_dir(), "HEAD")
        return Snapshot("HEAD", snap.version, snap.records, None, snap.columns)
    from ..build.pipeline import validate

    _, tables, _ = validate(raw)
    records, columns = from_arrow(tables, _arrow_keys(tables))
    return Snapshot("HEAD", __version__, records, None, columns)


def resolve(spec: str, root: Path = Path(".")) -> Snapshot:
    """HEAD, a version with a snapshot in releases/, a release archive, a build or data folder."""
    root = Path(root)
    path = Path(spec)
    if spec.upper() == "HEAD":
        return read_head(root)
    if path.is_file() and path.suffix == ".zip":
        return read_archive(path)
    if path.is_dir():
        if (path / FINGERPRINT_FILE).is_file():
            return read_snapshot(path, spec)
        if (path / "data" / "manifest.json").is_file():
            return read_parquet_folder(path / "data", spec)
        if (path / "manifest.json").is_file():
            return read_parquet_folder(path, spec)
    for releases in release_folders(root):
        if (releases / spec / FINGERPRINT_FILE).is_file():
            return read_snapshot(releases / spec)
    known = ", ".join(sorted({v for f in release_folders(root) for v in released_versions(f)}, key=parse_version)) or "none"
    raise ValueError(f"{spec!r} is not HEAD, a release archive, a build folder or a released version (released: {known})")


def release_folders(root: Path) -> list[Path]:
    """Where recorded versions are found: root's releases/ first, then those the package was installed with.

    That is karabakh_data/releases/ in a wheel; for a package running from a
    checkout (an editable install, or on PYTHONPATH), the checkout's own releases/.
    """
    checkout = _PACKAGE.parent
    own = SHIPPED_RELEASES if SHIPPED_RELEASES.is_dir() else checkout / "releases" if (checkout / "pyproject.toml").is_file() else None
    return list(dict.fromkeys(f.resolve() for f in (Path(root) / "releases", own) if f is not None and f.is_dir()))


def write_snapshot(snap: Snapshot, folder: Path, fingerprint: dict, manifest: dict) -> None:
    """Write releases/X.Y.Z/: records/<table>.jsonl, fingerprint, manifest, release.json."""
    (folder / "records").mkdir(parents=True, exist_ok=True)
    for old in (folder / "records").glob("*.jsonl"):
        old.unlink()
    for name, recs in snap.records.items():
        lines = [json.dumps(recs[rid], ensure_ascii=False, separators=(",", ":")) + "\n" for rid in sorted(recs)]
        (folder / "records" / f"{name}.jsonl").write_text("".join(lines), encoding="utf-8")
    _dump(folder / FINGERPRINT_FILE, {"version": snap.version, **fingerprint})
    _dump(folder / "manifest.json", manifest)
    _dump(folder / RELEASE_FILE, {"version": snap.version, "date_released": snap.date})


def _dump(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n", encoding="utf-8")
