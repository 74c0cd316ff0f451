"""In a checkout, which data the readers read: the latest build or the package's copy, never silently stale.

`karabakh-data build` writes build/data; the package's own copy
(karabakh_data/data/) changes only with `build --package`. A coder who edits
raw/ and builds must see the new records, so in a checkout (pyproject.toml
and raw/records/ beside the package) the readers take build/data when its
tables differ from the package copy's and it is the newer of the two, and
say so in one line on standard error. When the package copy is newer, they
read it and say that build/data is older. Identical data: nothing is said.
KARABAKH_DATA_DIR overrides all of this. Installed from a wheel, there is
no checkout and the package copy is read.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

_said: set[str] = set()


def _tables(folder: Path) -> dict[str, str] | None:
    try:
        files = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))["files"]
        return {n: v["sha256"] for n, v in files.items() if n.endswith(".parquet")}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def choose(root: Path, package: Path) -> tuple[Path, str | None]:
    """The folder to read, and the one line that says why when it is not simply the package copy."""
    build = root / "build" / "data"
    if not ((root / "pyproject.toml").is_file() and (root / "raw" / "records").is_dir()):
        return package, None
    built, shipped = _tables(build), _tables(package)
    if built is None or built == shipped:
        return package, None
    newer = shipped is None or (build / "manifest.json").stat().st_mtime >= (package / "manifest.json").stat().st_mtime
    if newer:
        return build, f"karabakh-data: reading the checkout's latest build {build} (it differs from the package copy; `build --package` refreshes that)"
    return package, f"karabakh-data: reading the package copy {package}; {build} is older and differs (run `karabakh-data build` to read your raw/)"


def say_once(note: str | None) -> None:
    if note and note not in _said:
        _said.add(note)
        print(note, file=sys.stderr)
