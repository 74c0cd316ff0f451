"""Hashing refuses anything that is not a regular file: a FIFO in place of a data file makes no reader hang."""

from __future__ import annotations

import os
import shutil
import signal

import pytest

from karabakh_data.access import DataIntegrityError, connect, load, verify
from karabakh_data.cli import main
from karabakh_data.paths import sha256_file


@pytest.fixture
def fifo_build(built, tmp_path, monkeypatch):
    """A copy of a good build with a FIFO in place of events.parquet (no writer: reading it would block for ever)."""
    data = tmp_path / "data"
    shutil.copytree(built / "data", data)
    (data / "events.parquet").unlink()
    os.mkfifo(data / "events.parquet")
    monkeypatch.setenv("KARABAKH_DATA_DIR", str(data))

    def hang(signum, frame):
        raise TimeoutError("a reader blocked on the FIFO")

    old = signal.signal(signal.SIGALRM, hang)
    signal.alarm(30)
    try:
        yield data
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


def test_sha256_file_refuses_a_fifo_and_a_device(fifo_build):
    for path in (fifo_build / "events.parquet", "/dev/zero"):
        with pytest.raises(OSError, match="not a regular file"):
            sha256_file(path)


def test_readers_refuse_a_fifo_in_place_of_a_table(fifo_build, capsys):
    expected = (
        f"{fifo_build / 'events.parquet'} cannot be checked (not a regular file); reinstall karabakh-data or rebuild, or pass verify=False to load it anyway"
    )
    for read in (lambda: load("events"), connect):
        with pytest.raises(DataIntegrityError) as err:
            read()
        assert str(err.value) == expected
    assert verify(fifo_build) == ["events.parquet: cannot be checked (not a regular file)"]
    assert main(["query", "SELECT count(*) FROM events"]) == 3  # integrity
    assert "not a regular file" in capsys.readouterr().err
