"""The wheel and the sdist of a release, built from a checkout for the release archive.

The package is not on the public index yet, so the release archive is the
install path: it carries the wheel (`pip install karabakh_data-X.Y.Z-py3-none-any.whl`)
and the sdist, which holds raw/, the tests and their fixtures so that the
data can be rebuilt and tested from it. Both are built by setuptools'
own backend in a child process, without build isolation, so a release needs
no network: setuptools >= 68 and wheel must be installed (the [test] extra
and the lock have them).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

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


def build_distributions(root: Path, out: Path) -> list[Path]:
    """Build the wheel and the sdist of the checkout at root into out; return their paths.

    setuptools stages the wheel in root/build/lib (beside the dataset's own
    build/data) and never empties it: a module removed or moved since the
    last wheel would ship again. The staging folders are removed first.
    """
    import shutil

    for stale in [root / "build" / "lib", *(root / "build").glob("bdist.*")]:
        shutil.rmtree(stale, ignore_errors=True)
    out.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run([sys.executable, "-c", _BUILD, str(out.resolve())], cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        tail = " ".join(proc.stderr.strip().splitlines()[-3:])
        raise DistributionError(f"building the wheel and sdist failed: {tail}")
    names = [line[5:] for line in proc.stdout.splitlines() if line.startswith("DIST ")]
    return [out / name for name in names]
