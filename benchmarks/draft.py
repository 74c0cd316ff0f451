"""Time `karabakh-data draft` on the longest source text (12,961 bytes): the whole command, Python's start included.

    python benchmarks/draft.py          # median of 5 runs, in seconds

The target (under 10 s for a 13 KB text) and the figure measured are in docs/workbench.md.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TEXT = ROOT / "raw" / "sources" / "003_6c5eba7e6c231d75.txt"


def main() -> int:
    cmd = [sys.executable, "-m", "karabakh_data", "draft", str(TEXT), "--published", "2020-10-09", "--raw", str(ROOT / "raw")]
    times = []
    for _ in range(5):
        t0 = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
        times.append(time.perf_counter() - t0)
    print(f"draft of {TEXT.name} ({TEXT.stat().st_size:,} bytes): median {statistics.median(times):.2f} s of 5 runs (max {max(times):.2f} s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
