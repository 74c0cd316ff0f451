"""One build at a time per folder: two builds writing the same staging folder would mix their files.

The lock is an advisory lock (flock) on the folder itself, so no lock file
is left behind and a killed build releases it with its process. A second
build refuses at once, with one line; it never waits on a build that may
run for minutes. Where the system has no flock (Windows), there is no lock.
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path

from .problems import BuildStopped


@contextlib.contextmanager
def folders_locked(folders: list[Path]):
    """Hold the lock of every folder (each once, created if missing) while the block runs; BuildStopped if another build holds one."""
    try:
        import fcntl
    except ImportError:  # no flock on this system
        yield
        return
    fds = []
    try:
        for folder in sorted({Path(f).resolve() for f in folders}):
            try:
                folder.mkdir(parents=True, exist_ok=True)
                fd = os.open(folder, os.O_RDONLY)
            except OSError as err:
                raise BuildStopped(f"cannot write {folder}: {(err.strerror or str(err)).lower()} (nothing was written)") from None
            fds.append(fd)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                raise BuildStopped(f"another build is writing {folder} now; run this one when it has finished (nothing was written)") from None
        yield
    finally:
        for fd in fds:
            os.close(fd)  # closing releases the lock
