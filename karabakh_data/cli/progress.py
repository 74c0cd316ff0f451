"""Progress of long work (a build, a release) on a terminal; nothing when the output is piped or captured."""

from __future__ import annotations

import sys


def progress(text: str) -> None:
    """One step, on standard error when it is a terminal."""
    if sys.stderr.isatty():
        print(f"... {text}", file=sys.stderr, flush=True)
