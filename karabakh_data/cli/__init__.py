"""The `karabakh-data` command line (main.py; the release commands in release.py). Sits on top of everything."""

from .main import main

__all__ = ["main"]
