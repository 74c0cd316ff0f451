"""Problems found in raw input: every one names the file, line, field and reason.

A build collects problems instead of stopping at the first, so a coder sees
every error of a run at once; they are sorted so two runs print the same list.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One error in one place of one raw file."""

    file: str
    line: int
    field: str
    reason: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        field = f" {self.field}:" if self.field else ""
        return shown(f"{where}:{field} {self.reason}")


def shown(text: str) -> str:
    """text on one line, printable whatever the terminal's encoding: a newline in a file name must not add a fake line to the list.

    Control characters are escaped as Python writes them (\\n, \\x07), and the
    bytes of a file name that is not UTF-8 (which Python decodes to
    surrogates) as \\xNN.
    """
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else f"\\x{ord(c) - 0xDC00:02x}" if 0xDC80 <= ord(c) <= 0xDCFF else repr(c)[1:-1] for c in text)


LINK = "a symbolic link; raw/ holds the files themselves: copy the file in (a link may point outside raw/ or change without the build seeing it)"
"""The problem of a symbolic link under raw/ (rawtree.py finds them, rawio.py refuses to read one)."""


def cannot_read(err: OSError, fix: str = "make it readable or remove it") -> str:
    """The reason of a raw file the build may not read ("cannot be read (permission denied); ...")."""
    return f"cannot be read ({(err.strerror or str(err)).lower()}); {fix}"


class BuildFailed(Exception):
    """Raised with every problem of a run; the previous build is left untouched."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__(f"{len(self.problems)} problem(s)")

    def report(self) -> str:
        lines = [str(p) for p in self.problems]
        lines.append(f"build failed: {len(self.problems)} problem(s); the previous build was left untouched")
        return "\n".join(lines)


class BuildStopped(BuildFailed):
    """The build could not run for a reason outside raw/ (another build, a full disk): one line, and nothing changed."""

    def __init__(self, message: str):
        self.message = message
        super().__init__([])

    def __str__(self) -> str:
        return self.message

    def report(self) -> str:
        return f"build stopped: {self.message}"
