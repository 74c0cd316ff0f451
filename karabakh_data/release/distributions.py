"""The wheel and the sdist of a release, built from a checkout for the release archive.

The package is not on the public index yet, so the release archive is the
install path: it carries the wheel (`pip install karabakh_data-X.Y.Z-py3-none-any.whl`)
and the sdist, which holds raw/ (the records, without the source texts), the
tests and their fixtures. Both are built by setuptools' own backend in a
child process, without build isolation, so a release needs no network:
setuptools >= 68 and wheel must be installed (the [test] extra and the lock
have them).

setuptools takes member times from SOURCE_DATE_EPOCH only for the wheel,
and permissions, owners and the gzip header from the checkout and the clock.
Both files are therefore rewritten after the build (normalise_wheel,
normalise_sdist): members sorted, one time (the release date), fixed
permissions and owners. Two fresh clones of one commit give the same bytes.
"""

from __future__ import annotations

import gzip
import io
import os
import subprocess
import sys
import tarfile
import zipfile
from pathlib import Path

ZIP_EPOCH_MIN = 315532800  # 1980-01-01: a zip cannot hold an earlier time

_BUILD = """
import sys
from setuptools import build_meta
out = sys.argv[1]
names = [build_meta.build_wheel(out), build_meta.build_sdist(out)]
for name in names:
    print("DIST " + name)
"""


class DistributionError(Exception):
    """The wheel or sdist could not be built (the reason is setuptools' last lines)."""


def build_distributions(root: Path, out: Path, epoch: int) -> list[Path]:
    """Build the wheel and the sdist of the checkout at root into out, stamped with epoch; return their paths.

    setuptools stages the wheel in root/build/lib (beside the dataset's own
    build/data) and never empties it: a module removed or moved since the
    last wheel would ship again. The staging folders are removed first.
    """
    import shutil

    for stale in [root / "build" / "lib", *(root / "build").glob("bdist.*")]:
        shutil.rmtree(stale, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    env = {**os.environ, "SOURCE_DATE_EPOCH": str(epoch)}
    proc = subprocess.run([sys.executable, "-c", _BUILD, str(out.resolve())], cwd=root, env=env, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = " ".join(proc.stderr.strip().splitlines()[-3:])
        raise DistributionError(f"building the wheel and sdist failed: {tail}")
    paths = [out / line[5:] for line in proc.stdout.splitlines() if line.startswith("DIST ")]
    for path in paths:
        (normalise_wheel if path.suffix == ".whl" else normalise_sdist)(path, epoch)
    return paths


def _wheel_order(name: str) -> tuple:
    """The package first, then .dist-info with RECORD last (where installers expect the metadata)."""
    top = name.split("/", 1)[0]
    return (top.endswith(".dist-info"), name.endswith(".dist-info/RECORD"), name)


def normalise_wheel(path: Path, epoch: int) -> None:
    """Rewrite a wheel: members sorted, every time epoch, files 0644. RECORD is unchanged (it hashes contents only)."""
    with zipfile.ZipFile(path) as zf:
        members = {i.filename: zf.read(i) for i in zf.infolist() if not i.is_dir()}
    when = zip_time(epoch)
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name in sorted(members, key=_wheel_order):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type, info.create_system, info.external_attr = zipfile.ZIP_DEFLATED, 3, 0o100644 << 16
            zf.writestr(info, members[name], compresslevel=9)
    path.write_bytes(buf.getvalue())


def normalise_sdist(path: Path, epoch: int) -> None:
    """Rewrite a .tar.gz: members sorted, every time epoch, owner root, directories 0755, files 0644, no name or time in the gzip header."""
    with tarfile.open(path, "r:gz") as tf:
        members = [(m, tf.extractfile(m).read() if m.isfile() else None) for m in tf.getmembers()]
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.PAX_FORMAT) as tf:
        for member, data in sorted(members, key=lambda m: m[0].name):
            info = tarfile.TarInfo(member.name)
            info.type, info.mtime, info.uid, info.gid, info.uname, info.gname = member.type, epoch, 0, 0, "", ""
            info.mode = 0o755 if member.isdir() else 0o644
            info.linkname = member.linkname
            if data is not None:
                info.size = len(data)
            tf.addfile(info, io.BytesIO(data) if data is not None else None)
    with open(path, "wb") as f, gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=epoch, compresslevel=9) as gz:
        gz.write(raw.getvalue())


def zip_time(epoch: int) -> tuple[int, int, int, int, int, int]:
    import datetime as dt

    return dt.datetime.fromtimestamp(max(epoch, ZIP_EPOCH_MIN), dt.timezone.utc).timetuple()[:6]
