"""One command of the command line, as main.py and release.py declare it."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Command:
    name: str
    help: str
    run: Callable[[argparse.Namespace], int]
    arguments: Callable[[argparse.ArgumentParser], None] | None = None
    maintainer: bool = False  # runs in a checkout of the repository (raw/, releases/ ...)
