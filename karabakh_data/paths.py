"""What the build writes and the readers read: file names, the package's data and view folders, hashing.

The one module both build/ and access/ stand on besides schema/, so that
reading the data never imports the builder. Kept free of third-party
imports: `import karabakh_data` and the query CLI pass through it.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_ROOT = Path(__file__).parent
PACKAGE_DATA = PACKAGE_ROOT / "data"  # the package's own copy of the last release build
VIEWS_DIR = PACKAGE_ROOT / "access" / "sql" / "views"
DATA_DIR_ENV = "KARABAKH_DATA_DIR"  # points the readers at another build folder

DUCKDB_FILE = "karabakh.duckdb"
MANIFEST = "manifest.json"
INPUTS = "inputs.json"


def sha256_file(path: Path) -> str:
    """SHA-256 of a regular file's bytes; OSError for anything else.

    A FIFO or a device in place of a data file would block the reader or
    never end: it is opened without blocking and refused before a byte is read.
    """
    import errno
    import hashlib  # here, as shutil below: `import karabakh_data` passes through this module
    import stat

    h = hashlib.sha256()
    with open(os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0)), "rb") as f:
        if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
            raise OSError(errno.EINVAL, "not a regular file", str(path))
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def view_files() -> list[Path]:
    """Every view's .sql file, in the order the build and connect() create them (file name order)."""
    return sorted(VIEWS_DIR.glob("*.sql"))


def recover(target: Path) -> None:
    """Finish an interrupted swap (build/output.py): restore the previous build if the new one is absent."""
    old = target.with_name(f".{target.name}.previous")
    if not target.exists() and old.exists():
        os.rename(old, target)
    elif old.exists():
        import shutil

        shutil.rmtree(old, ignore_errors=True)
