"""`karabakh-data release`: record a version, and pack it as a reproducible archive.

`release --snapshot` records the current build as version X.Y.Z: the record
snapshot, manifest and schema fingerprint in releases/X.Y.Z/ (what a later
diff needs, from a fresh clone), the CHANGELOG section, CITATION.cff, the data
dictionary and the release date in _version.py. It refuses a version number
that the versioning policy does not allow for the changes since the last
release. `release` then packs dist/karabakh-data-X.Y.Z.zip, and refuses to
if the build differs from the recorded snapshot, so an archive always matches
its version.

The archive depends only on the commit: every time stamp in it, and in the
wheel and sdist inside it, is the release date of releases/X.Y.Z/release.json;
entries are sorted and have fixed permissions. It holds no DuckDB file
(DuckDB writes a random database identifier into each file) but the SQL
that creates one from the Parquet files; and no source text (textscan.py).
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
from . import archive_readme, dictionary, metadata
from .cite import citation, render_cff
from .diff import diff, render_markdown, update_changelog
from .distributions import zip_time
from .snapshot import RELEASE_FILE, Snapshot, read_parquet_folder, read_snapshot, write_snapshot
from .textscan import find_source_text, source_texts
from .versioning import LEVELS, bump_level, parse_version, read_fingerprint, released_versions, required_level, schema_changes, schema_fingerprint

LICENSE_FILES = ("LICENSE", "LICENSE-DATA.md")
CODEBOOK = Path("docs") / "codebook.md"


class ReleaseError(Exception):
    """The release cannot be made as asked; the message says what to do."""


def _same_field(a, b) -> bool:
    """Fields equal as written; Parquet renames a list's item field, which does not count."""
    ta, tb = (t.value_type if hasattr(t, "value_type") else t for t in (a.type, b.type))
    return (a.name, a.nullable, a.metadata, type(a.type)) == (b.name, b.nullable, b.metadata, type(b.type)) and ta == tb


def _build_is_current(data: Path, raw: Path) -> bool:
    """Same raw files, version and table schemas as a build made now would have."""
    import pyarrow.parquet as pq

    from ..build.pipeline import raw_fingerprint
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
    from ..build.pipeline import build

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
    """Every file of the archive (paths relative to its top folder), README.md and SHA256SUMS included.

    packages: the wheel and sdist (distributions.build_distributions), stored under dist/.
    data/ holds the Parquet files and a manifest listing them (the build folder's
    DuckDB file and inputs.json stay out). The CSV set (csv/<table>.csv, R-ready,
    UTF-8 without a byte-order mark, and csv/karabakh.R) is written from the Parquet files.
    """
    import tempfile

    from ..access.annotations import FILE_NAME
    from .downloads import write_all

    sources = list(snap.records.get("sources", {}).values())
    manifest = json.loads((data / "manifest.json").read_text(encoding="utf-8"))
    parquet = sorted(e["file"] for e in manifest["tables"].values())
    members = {f"data/{name}": (data / name).read_bytes() for name in parquet}
    manifest["files"] = {name: e for name, e in manifest["files"].items() if name in parquet}
    members["data/manifest.json"] = (json.dumps(manifest, indent=2, sort_keys=True) + "\n").encode()  # as the build writes it
    members.update({f"dist/{p.name}": p.read_bytes() for p in packages})
    with tempfile.TemporaryDirectory() as tmp:
        csv_dir = Path(tmp) / "csv"
        members.update({f"csv/{p.name}": p.read_bytes() for p in write_all("csv", csv_dir, bom=False, data=data)})
        members["datapackage.json"] = metadata.dumps(metadata.datapackage(data, csv_dir, snap.version, snap.date, sources)).encode()
    members["croissant.json"] = metadata.dumps(metadata.croissant(data, snap.version, snap.date, sources)).encode()
    members[FILE_NAME] = _annotations(root, data)
    members["data-dictionary.md"] = dictionary.render().encode()
    cff = citation(snap.version, snap.date, sources)
    members["CITATION.cff"] = render_cff(cff).encode()
    members[archive_readme.DUCKDB_SCRIPT] = duckdb_script().encode()
    for name in LICENSE_FILES + ("CHANGELOG.md",):
        if (root / name).is_file():
            members[name] = (root / name).read_bytes()
        elif name in LICENSE_FILES:
            raise ReleaseError(f"{name} is missing from {root}; a release must carry its licences")
    if not (root / CODEBOOK).is_file():
        raise ReleaseError(f"{CODEBOOK} is missing from {root}; a release carries its codebook")
    members["codebook.md"] = (root / CODEBOOK).read_bytes()
    names = [*members, archive_readme.README, "SHA256SUMS"]
    members[archive_readme.README] = archive_readme.render(snap.version, snap.date, names, manifest, cff).encode()
    sums = "".join(f"{hashlib.sha256(b).hexdigest()}  {n}\n" for n, b in sorted(members.items()))
    members["SHA256SUMS"] = sums.encode()
    return members


def duckdb_script() -> str:
    """karabakh.sql: run in the unpacked archive, it creates every table from data/*.parquet (with its description) and every view."""
    from ..access.views import views
    from ..schema.table_specs import TABLES

    lines = [
        f"-- karabakh-data {__version__}: `duckdb karabakh.duckdb < karabakh.sql` in the unpacked archive creates the DuckDB database",
        "-- from the Parquet files in data/ (paths relative to the folder it runs in): every table, with its description, and every view.",
    ]
    for name, table in TABLES.items():
        lines.append(f"CREATE OR REPLACE TABLE \"{name}\" AS SELECT * FROM read_parquet('data/{name}.parquet');")
        lines.append(f"COMMENT ON TABLE \"{name}\" IS '{table.description.replace(chr(39), chr(39) * 2)}';")
    return "\n".join(lines) + "\n\n" + "\n".join(v.sql.rstrip() + "\n" for v in views())


def release_epoch(date: str) -> int:
    """The release date at 00:00 UTC, as seconds since 1970: the one time stamp of a release's files."""
    return int(dt.datetime.fromisoformat(f"{date}T00:00:00+00:00").timestamp())


def recorded_date(root: Path) -> str:
    """The release date of the current version, from releases/X.Y.Z/release.json."""
    rel = root / "releases" / __version__
    if not (rel / RELEASE_FILE).is_file():
        raise ReleaseError(f"version {__version__} is not recorded in releases/; run `karabakh-data release --snapshot` first")
    return read_snapshot(rel).date


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
    when = zip_time(epoch)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    with zipfile.ZipFile(tmp, "w") as zf:
        for name in sorted(members):
            info = zipfile.ZipInfo(f"{top}/{name}", date_time=when)
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 3, 0o100644 << 16
            zf.writestr(info, members[name], compresslevel=9)
    os.replace(tmp, path)


def make_archive(root: Path, data: Path, dist: Path, packages: tuple[Path, ...] = (), raw: Path | None = None) -> Path:
    """dist/karabakh-data-X.Y.Z.zip from a build that matches the recorded snapshot of X.Y.Z.

    The archive depends only on its inputs, byte for byte; its time stamps are
    the recorded release date (SOURCE_DATE_EPOCH is not read: the release
    date is part of the commit). Refused if any member holds a run of a
    source text of raw/sources/ (raw: default root/raw).
    """
    recorded_date(root)
    rel = root / "releases" / __version__
    snap = read_snapshot(rel)
    built = read_parquet_folder(data, __version__)
    if built.records != snap.records or read_fingerprint(rel)["sha256"] != schema_fingerprint()["sha256"]:
        counts = ", ".join(f"{d.table} +{len(d.added)} -{len(d.removed)} ~{len(d.changed)}" for d in diff(snap, built) if not d.is_unchanged)
        raise ReleaseError(
            f"the build differs from releases/{__version__} ({counts or 'schema'}); bump the version (docs/versioning.md) and run `karabakh-data release --snapshot`"
        )
    members = archive_members(root, data, snap, packages)
    leaks = find_source_text(members, source_texts(raw or root / "raw"))
    if leaks:
        raise ReleaseError("the archive would redistribute source texts (docs/licensing.md): " + "; ".join(leaks))
    top = f"karabakh-data-{__version__}"
    path = dist / f"{top}.zip"
    write_zip(path, top, members, release_epoch(snap.date))
    return path
