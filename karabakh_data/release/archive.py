"""`karabakh-data release`: record a version, and pack it as a reproducible archive.

`release --snapshot` records the current build as version X.Y.Z: the record
snapshot, manifest and schema fingerprint in releases/X.Y.Z/ (what a later
diff needs, from a fresh clone), the CHANGELOG section, CITATION.cff, the data
dictionary and the release date in _version.py. It refuses a version number
that the versioning policy does not allow for the changes since the last
release. `release` then packs dist/karabakh-data-X.Y.Z.zip, and refuses to
if the build differs from the recorded snapshot, so an archive always matches
its version. Archives are byte-identical across runs on the same build (fixed
timestamps, sorted entries, fixed permissions); the DuckDB file is not
byte-stable across builds, so the existing build is reused when it is current.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
import zipfile
from pathlib import Path

from .._version import __version__
from . import dictionary, metadata
from .cite import citation, render_cff
from .diff import diff, render_markdown, update_changelog
from .snapshot import RELEASE_FILE, Snapshot, read_parquet_folder, read_snapshot, write_snapshot
from .versioning import LEVELS, bump_level, parse_version, read_fingerprint, released_versions, required_level, schema_changes, schema_fingerprint

ZIP_EPOCH_MIN = 315532800  # 1980-01-01: a zip cannot hold an earlier time
LICENSE_FILES = ("LICENSE", "LICENSE-DATA.md")


class ReleaseError(Exception):
    """The release cannot be made as asked; the message says what to do."""


def _same_field(a, b) -> bool:
    """Fields equal as written; Parquet renames a list's item field, which does not count."""
    ta, tb = (t.value_type if hasattr(t, "value_type") else t for t in (a.type, b.type))
    return (a.name, a.nullable, a.metadata, type(a.type)) == (b.name, b.nullable, b.metadata, type(b.type)) and ta == tb


def _build_is_current(data: Path, raw: Path) -> bool:
    """Same raw files, version and table schemas as a build made now would have."""
    import pyarrow.parquet as pq

    from ..build import raw_fingerprint
    from ..schema.table_specs import TABLES

    try:
        manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
        schemas = {n: pq.read_schema(data / f"{n}.parquet") for n in TABLES}
    except (OSError, ValueError):
        return False
    for name, table in TABLES.items():
        want = table.arrow_schema(__version__)
        if schemas[name].metadata != want.metadata or len(schemas[name]) != len(want):
            return False
        if not all(_same_field(a, b) for a, b in zip(schemas[name], want)):
            return False
    return manifest.get("dataset_version") == __version__ and manifest.get("raw_sha256") == raw_fingerprint(raw)


def ensure_build(raw: Path, build_dir: Path, rebuild: bool = False) -> Path:
    """The data folder of a build of raw/: the existing one if current, else a new build."""
    from ..build import build

    data = build_dir / "data"
    if (raw / "records").is_dir():
        if rebuild or not _build_is_current(data, raw):
            build(raw, build_dir, None)
    elif not (data / "manifest.json").is_file():
        raise ReleaseError(f"no raw/ folder at {raw} and no build in {build_dir}")
    return data


def release_date(given: str | None = None) -> str:
    """--date, else SOURCE_DATE_EPOCH's day, else today (UTC)."""
    if given:
        return dt.date.fromisoformat(given).isoformat()
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    now = dt.datetime.fromtimestamp(int(epoch), dt.timezone.utc) if epoch else dt.datetime.now(dt.timezone.utc)
    return now.date().isoformat()


def _previous(root: Path, version: str) -> Snapshot | None:
    older = [v for v in released_versions(root / "releases") if parse_version(v) < parse_version(version)]
    return read_snapshot(root / "releases" / older[-1]) if older else None


def check_bump(prev: Snapshot | None, prev_fingerprint: dict | None, snap: Snapshot) -> None:
    """The policy: MAJOR for a breaking schema change, MINOR for new records or columns, PATCH for corrections."""
    if prev is None:
        return
    changes = schema_changes(prev_fingerprint, schema_fingerprint())
    diffs = diff(prev, snap)
    data_level = "minor" if any(d.added for d in diffs) else "patch" if any(d.removed or d.changed for d in diffs) else "none"
    needed = max(required_level(changes), data_level, key=LEVELS.index)
    got = bump_level(prev.version, snap.version)
    if LEVELS.index(got) < LEVELS.index(needed):
        reasons = "; ".join(r for _, r in changes) or ("records added" if data_level == "minor" else "records corrected")
        raise ReleaseError(f"{prev.version} -> {snap.version} is a {got} bump, but the changes need {needed} ({reasons}); see docs/versioning.md")


def record(root: Path, data: Path, date: str | None = None, replace: bool = False) -> Snapshot:
    """Write releases/X.Y.Z/, CHANGELOG.md, CITATION.cff, docs/data-dictionary.md and the date in _version.py."""
    snap = read_parquet_folder(data, __version__)
    rel = root / "releases" / __version__
    if (rel / RELEASE_FILE).is_file():
        old = read_snapshot(rel)
        same = old.records == snap.records and read_fingerprint(rel)["sha256"] == schema_fingerprint()["sha256"]
        if not same and not replace:
            raise ReleaseError(
                f"releases/{__version__} already holds a different snapshot; bump the version (docs/versioning.md), or pass --replace to overwrite a release not yet published"
            )
        date = date or (old.date if same else None)
    prev = _previous(root, __version__)
    check_bump(prev, read_fingerprint(root / "releases" / prev.version) if prev else None, snap)
    snap.date = release_date(date)
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    write_snapshot(snap, rel, schema_fingerprint(), manifest)
    update_changelog(root / "CHANGELOG.md", render_markdown(diff(prev or Snapshot("none", None, {}), snap), prev, snap))
    sources = list(snap.records.get("sources", {}).values())
    (root / "CITATION.cff").write_text(render_cff(citation(__version__, snap.date, sources)), encoding="utf-8")
    dictionary.write(root)
    _set_version_date(root / "karabakh_data" / "_version.py", snap.date)
    return snap


def _set_version_date(path: Path, date: str) -> None:
    if path.is_file():
        text = path.read_text(encoding="utf-8")
        line = f'__date_released__ = "{date}"'
        text = re.sub(r"(?m)^__date_released__ = .*$", line, text) if "__date_released__" in text else text + line + "\n"
        path.write_text(text, encoding="utf-8")


def archive_members(root: Path, data: Path, snap: Snapshot, packages: tuple[Path, ...] = ()) -> dict[str, bytes]:
    """Every file of the archive (paths relative to its top folder), SHA256SUMS included.

    packages: the wheel and sdist (distributions.build_distributions), stored under dist/.
    The CSV set (csv/<table>.csv, R-ready, UTF-8 without a byte-order mark, and
    csv/karabakh.R) is written from the Parquet files in data.
    """
    import tempfile

    from ..access.annotations import FILE_NAME
    from .downloads import write_all

    sources = list(snap.records.get("sources", {}).values())
    members = {f"data/{p.name}": p.read_bytes() for p in sorted(data.iterdir()) if p.is_file()}
    members.update({f"dist/{p.name}": p.read_bytes() for p in packages})
    with tempfile.TemporaryDirectory() as tmp:
        csv_dir = Path(tmp) / "csv"
        members.update({f"csv/{p.name}": p.read_bytes() for p in write_all("csv", csv_dir, bom=False, data=data)})
        members["datapackage.json"] = metadata.dumps(metadata.datapackage(data, csv_dir, snap.version, snap.date, sources)).encode()
    members["croissant.json"] = metadata.dumps(metadata.croissant(data, snap.version, snap.date, sources)).encode()
    members[FILE_NAME] = _annotations(root, data)
    members["data-dictionary.md"] = dictionary.render().encode()
    members["CITATION.cff"] = render_cff(citation(snap.version, snap.date, sources)).encode()
    for name in LICENSE_FILES + ("CHANGELOG.md",):
        if (root / name).is_file():
            members[name] = (root / name).read_bytes()
        elif name in LICENSE_FILES:
            raise ReleaseError(f"{name} is missing from {root}; a release must carry its licences")
    sums = "".join(f"{hashlib.sha256(b).hexdigest()}  {n}\n" for n, b in sorted(members.items()))
    members["SHA256SUMS"] = sums.encode()
    return members


def _annotations(root: Path, data: Path) -> bytes:
    """annotations.jsonld: every claim of the build as a W3C Web Annotation, its context cut from the checkout's texts."""
    from ..access.annotations import AnnotationError, collection, dumps
    from .downloads import reading_from

    try:
        with reading_from(data):
            return dumps(collection(root / "raw")).encode()
    except AnnotationError as err:
        raise ReleaseError(str(err)) from None


def write_zip(path: Path, top: str, members: dict[str, bytes], epoch: int) -> None:
    """A zip that depends only on its members: sorted, one fixed time, fixed permissions."""
    when = dt.datetime.fromtimestamp(max(epoch, ZIP_EPOCH_MIN), dt.timezone.utc).timetuple()[:6]
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=when)
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 3, 0o100644 << 16
            zf.writestr(info, members[name], compresslevel=9)
    os.replace(tmp, path)


def make_archive(root: Path, data: Path, dist: Path, packages: tuple[Path, ...] = ()) -> Path:
    """dist/karabakh-data-X.Y.Z.zip from a build that matches the recorded snapshot of X.Y.Z.

    packages (the wheel and sdist) go in as they are; the rest of the archive
    depends only on its inputs, byte for byte.
    """
    rel = root / "releases" / __version__
    if not (rel / RELEASE_FILE).is_file():
        raise ReleaseError(f"version {__version__} is not recorded in releases/; run `karabakh-data release --snapshot` first")
    snap = read_snapshot(rel)
    built = read_parquet_folder(data, __version__)
    if built.records != snap.records or read_fingerprint(rel)["sha256"] != schema_fingerprint()["sha256"]:
        counts = ", ".join(f"{d.table} +{len(d.added)} -{len(d.removed)} ~{len(d.changed)}" for d in diff(snap, built) if not d.is_unchanged)
        raise ReleaseError(
            f"the build differs from releases/{__version__} ({counts or 'schema'}); bump the version (docs/versioning.md) and run `karabakh-data release --snapshot`"
        )
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    when = int(epoch) if epoch else int(dt.datetime.fromisoformat(f"{snap.date}T00:00:00+00:00").timestamp())
    top = f"karabakh-data-{__version__}"
    path = dist / f"{top}.zip"
    write_zip(path, top, archive_members(root, data, snap, packages), when)
    return path
