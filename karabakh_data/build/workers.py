"""Worker processes for the per-document work, and how the documents are shared between them and this process."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from .documents import ChunkResult, process_documents


def _chunks(paths: list[Path], sizes: list[int], n: int) -> list[list[str]]:
    """Split paths into about n chunks of similar byte size, keeping order."""
    total = sum(sizes) or 1
    target = total / max(1, n)
    out, cur, acc = [], [], 0
    for p, s in zip(paths, sizes):
        cur.append(str(p))
        acc += s
        if acc >= target:
            out.append(cur)
            cur, acc = [], 0
    if cur:
        out.append(cur)
    return out


CHUNK_BYTES = 2_000_000
"""Small enough to share the work evenly, large enough that a chunk's overhead is noise (benchmarks/README.md)."""


class Workers:
    """Worker processes of the fast build, started early so that their imports overlap other work.

    Workers are fresh interpreters running karabakh_data.build._worker:
    no fork of a process that may hold threads, and no re-import of the
    caller's main script (as multiprocessing's spawn would do), so build()
    is safe to call from any program. Each reads chunks of paths and
    answers their ChunkResult, both as length-prefixed pickles on its pipes.
    """

    def __init__(self, n: int):
        import subprocess

        # this very package first on the path, ahead of the working folder (where another checkout may lie)
        start = "import runpy, sys; sys.path.insert(0, sys.argv[1]); runpy.run_module('karabakh_data.build._worker', run_name='__main__')"
        here = str(Path(__file__).resolve().parents[2])
        self.procs = [subprocess.Popen([sys.executable, "-c", start, here], stdin=subprocess.PIPE, stdout=subprocess.PIPE) for _ in range(n)]

    def close(self, failed: bool = False) -> None:
        """Let the workers finish (None: no more chunks), or kill them if the build failed midway."""
        for proc in self.procs:
            if failed:
                proc.kill()
            else:
                try:
                    send(proc.stdin, None)
                except OSError:
                    pass
            try:
                proc.stdin.close()
            except OSError:
                pass
            proc.wait()
            proc.stdout.close()
        self.procs = []


def send(pipe, obj) -> None:
    import pickle

    data = pickle.dumps(obj, protocol=5)
    pipe.write(len(data).to_bytes(8, "little") + data)
    pipe.flush()


def receive(pipe):
    import pickle

    head = pipe.read(8)
    if len(head) < 8:
        raise EOFError("the other end closed the pipe")
    return pickle.loads(pipe.read(int.from_bytes(head, "little")))


def run_parallel(root: Path, paths: list[Path], workers: Workers | None) -> list[ChunkResult]:
    """process_documents over paths, shared out chunk by chunk between this process and the workers.

    This process takes chunks from the front, each worker (fed by a thread)
    from the back, until none is left: a worker that starts late or a core
    that is busy elsewhere does less, and nobody waits. Results come back in
    document order.
    """
    if not paths:
        return []
    if workers is None or not workers.procs:
        return [process_documents(str(root), [str(p) for p in paths])]
    import threading
    from collections import deque

    sizes = [p.stat().st_size for p in paths]
    chunks = _chunks(paths, sizes, max(2 * (len(workers.procs) + 1), sum(sizes) // CHUNK_BYTES))
    queue, lock = deque(enumerate(chunks)), threading.Lock()
    results: list = [None] * len(chunks)
    errors: list = []

    def take(front: bool):
        with lock:
            return (queue.popleft() if front else queue.pop()) if queue else None

    def feed(proc) -> None:
        try:
            while (item := take(False)) is not None:
                send(proc.stdin, (str(root), item[1]))
                results[item[0]] = receive(proc.stdout)
        except Exception as err:  # noqa: BLE001 - a dead worker, a truncated answer: the build fails below, saying so
            errors.append(err)

    feeders = [threading.Thread(target=feed, args=(proc,), daemon=True) for proc in workers.procs]
    for t in feeders:
        t.start()
    while (item := take(True)) is not None:
        results[item[0]] = process_documents(str(root), item[1])
    for t in feeders:
        t.join()
    if errors or any(r is None for r in results):
        codes = [proc.poll() for proc in workers.procs]
        raise RuntimeError(f"a build worker failed (exit codes {codes}: {errors}); run with jobs=1 to see the error")
    return results


def default_jobs() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


SHARE_BYTES = 1_000_000
"""Below this much YAML to read, worker processes cost more than they give (a worker's start-up: benchmarks/README.md)."""


def worth_sharing(paths: list[Path]) -> bool:
    return len(paths) >= 4 and sum(p.stat().st_size for p in paths) >= SHARE_BYTES
