"""The explore tests' shared fixture: `karabakh-data serve` on a free loopback port, run from the checkout."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def server(use_build, tmp_path):
    """`karabakh-data serve` on a free port of 127.0.0.1; yields the base URL, stops the server after."""
    port = _free_port()
    script = Path(sys.executable).with_name("karabakh-data")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "karabakh_data"]
    log = open(tmp_path / "serve.log", "w+")
    proc = subprocess.Popen(
        cmd + ["serve", "--port", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "KARABAKH_DATA_DIR": str(use_build)},
        cwd=Path(__file__).resolve().parents[2],  # a checkout: serve adds the evidence pages and links
        start_new_session=True,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            try:
                with urllib.request.urlopen(base + "/-/versions.json", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if proc.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                pytest.fail(f"karabakh-data serve did not start (exit {proc.poll()}):\n{log.read()}")
            time.sleep(0.3)
        yield base
    finally:
        if proc.poll() is None:
            proc.send_signal(signal.SIGTERM)
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        log.close()
