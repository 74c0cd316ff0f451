"""How a command ends: one exit code per kind of failure, one line per failure.

Every failure prints ``karabakh-data <command>: <message>`` on standard
error (build and validate print their whole problem list) and exits with
the code of its kind; the README's "Exit codes" table lists them. A command
raises CommandError with the code; main() catches it, and the failures that
any command may meet (a problem report of the build, a data file that does
not match the manifest, a missing extra, Ctrl-C), once for all.
"""

from __future__ import annotations

import enum
import sys


class ExitCode(enum.IntEnum):
    OK = 0
    PROBLEMS = 1
    """The input has problems: raw/ records (build, validate, coverage), a SQL statement refused or rejected, a value a format cannot hold."""
    USAGE = 2
    """The command line is wrong: unknown command, option, table or view; a bad or missing value; options that do not go together."""
    INTEGRITY = 3
    """A data file does not match manifest.json, or the manifest is missing or damaged."""
    ENVIRONMENT = 4
    """What the command needs around it is missing: an optional extra, a free port, a checkout, a file it can read or write."""
    TIMEOUT = 124
    """A query ran longer than --timeout (as GNU timeout exits)."""
    INTERRUPTED = 130
    """Ctrl-C (128 + SIGINT, as shells report it)."""


class CommandError(Exception):
    """A failure of a command: its one-line message and its exit code."""

    def __init__(self, message: str, code: ExitCode = ExitCode.PROBLEMS):
        super().__init__(message)
        self.code = code


def fail(command: str, message: str, code: ExitCode) -> int:
    print(f"karabakh-data {command}: {message}", file=sys.stderr)
    return int(code)
