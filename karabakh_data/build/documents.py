"""Per-document work: read, validate and check one records file and its source text; Arrow columns of its rows.

The rules of one document alone are here: its source text's name, place,
size, hash and encoding (check_sources), and every quote placed in that
text (check_quotes). The rules across documents are in crosscheck.py.

Runs in this process and, on a cold build of many documents, in worker
processes of a standard process pool as well (Sharing); the
cache (cache.py) keeps its results, document by document.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from ..schema import models as m
from .ingest import RECORD_LISTS, Origin, RawData, parse_text, read_records
from .problems import Problem, cannot_read
from .quotes import locate
from .rawio import MAX_FILE_BYTES, read_text
from .tables import DOC_TABLES, arrow_table, column_names, work_schema


@dataclass
class DocResult:
    """What one document gave: its rows per table (in file order) or its problems."""

    display: str
    rows: dict[str, int] = field(default_factory=dict)
    read_problems: list[Problem] = field(default_factory=list)
    check_problems: list[Problem] = field(default_factory=list)
    source_file: str | None = None  # the text it depends on, relative to raw/
    source_sha256: str | None = None
    sha256: str | None = None  # of the bytes read: the cache keeps a result only under the digest of what was read
    source_id: str | None = None  # of a valid source block, even when a check failed
    text_ok: bool = False  # the source text passed its checks (exclusions are checked against it)


@dataclass
class ChunkResult:
    docs: list[DocResult]
    tables: dict  # table -> pyarrow.Table (work schema), rows of all ok documents in order
    seconds: dict = field(default_factory=dict)  # time in each part of the work (see process_documents)


PARTS = ("yaml", "validate", "document_checks", "columns")
"""The parse stage's parts: reading the YAML, Pydantic, hashes and quotes, Arrow columns."""


def process_documents(root: str, paths: list[str]) -> ChunkResult:
    """Read, validate and check a list of records files; columns for the good ones.

    Runs in a worker process on cold builds (arguments and result pickle
    cheaply: paths in, Arrow buffers out). Its seconds: time spent in each
    of PARTS, to show what the parse stage is made of.
    """
    import gc
    import time

    root_p = Path(root)
    rows = _Rows()
    docs = []
    seconds = dict.fromkeys(PARTS, 0.0)
    clock = time.perf_counter
    was_enabled = gc.isenabled()
    gc.disable()  # many small objects, no cycles: the collector only costs time here
    try:
        for p in paths:
            out, text, display = _read_one(Path(p), root_p, seconds, clock)
            t2 = clock()
            doc = DocResult(display)
            doc.sha256 = hashlib.sha256(text.encode()).hexdigest() if text is not None else None  # UTF-8 round-trips exactly
            docs.append(doc)
            if out.problems:
                doc.read_problems = out.problems
                continue
            _check_one(out, doc, root_p)
            t3 = clock()
            seconds["document_checks"] += t3 - t2
            rows.add(out, doc)
            seconds["columns"] += clock() - t3
        t4 = clock()
        rows.flush()
    finally:
        if was_enabled:
            gc.enable()
    tables = rows.tables()
    seconds["columns"] += clock() - t4
    return ChunkResult(docs, tables, seconds)


CHUNK_BYTES = 2_000_000
"""Small enough to share the work evenly, large enough that a chunk's overhead is noise (benchmarks/README.md)."""

SHARE_BYTES = 1_000_000
"""Below this much YAML to read, worker processes cost more than they give (a worker's start-up: benchmarks/README.md)."""


def default_jobs() -> int:
    """The cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def worth_sharing(paths: list[Path]) -> bool:
    """Whether worker processes pay for their start-up: four documents or more, SHARE_BYTES of them in all."""
    return len(paths) >= 4 and sum(p.stat().st_size for p in paths) >= SHARE_BYTES


def _chunks(paths: list[Path], sizes: list[int], n: int) -> list[list[str]]:
    """Split paths into about n chunks of similar byte size, keeping order."""
    target = (sum(sizes) or 1) / max(1, n)
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


class Sharing:
    """process_documents over many paths, shared chunk by chunk between this process and jobs-1 worker processes.

    The workers are a standard ProcessPoolExecutor with the spawn start
    method: no fork of a process that may hold threads (pyarrow's). The
    price: each worker imports the caller's main script again, so a script
    that calls build() with jobs > 1 needs the ``if __name__ == "__main__":``
    guard (the console script has it).

    Made before the reference tables are read on a cold build (stages.run),
    so that the workers' imports, and their first chunks, overlap that work.
    The workers take chunks from the back (two each queued ahead), this
    process from the front, until none is left: a worker that starts late
    or a core busy elsewhere does less, and nobody waits. A queued chunk is
    never taken back with Future.cancel(): when a worker dies, a future its
    caller cancelled makes the pool's manager thread raise before it has
    failed every other future and ended the other workers (CPython issue
    107219; Python 3.11.7 still does).
    """

    def __init__(self, root: Path, paths: list[Path], jobs: int):
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor

        sizes = [p.stat().st_size for p in paths]
        self.root = str(root)
        self.chunks = _chunks(paths, sizes, max(2 * jobs, sum(sizes) // CHUNK_BYTES))
        self.ahead = 2 * (jobs - 1)
        self.front, self.back = 0, len(self.chunks)  # this process's next chunk; the workers' last one taken
        self.futures: dict = {}  # chunk number -> Future
        self.pool = ProcessPoolExecutor(jobs - 1, mp_context=multiprocessing.get_context("spawn"))
        self._queue()

    def _queue(self) -> None:
        """Queue chunks from the back until the workers have self.ahead not done."""
        waiting = sum(not f.done() for f in self.futures.values())
        while self.back > self.front and waiting < self.ahead:
            self.back -= 1
            self.futures[self.back] = self.pool.submit(process_documents, self.root, self.chunks[self.back])
            waiting += 1

    def results(self) -> list[ChunkResult]:
        """Every chunk's ChunkResult, in document order; a worker that dies fails the build (nothing is written, the cache included)."""
        from concurrent.futures.process import BrokenProcessPool

        mine = {}
        try:
            while self.front < self.back:
                mine[self.front] = process_documents(self.root, self.chunks[self.front])
                self.front += 1
                self._queue()
            return [mine[n] if n in mine else self.futures[n].result() for n in range(len(self.chunks))]
        except BrokenProcessPool as err:
            raise RuntimeError(
                f"a build worker failed ({err}); nothing was written; a script that calls build() with jobs > 1 needs "
                'the `if __name__ == "__main__":` guard; run with jobs=1 to see a worker\'s error'
            ) from err

    def close(self) -> None:
        """Wait for the workers to end; on a failure, drop the chunks they have not begun."""
        self.pool.shutdown(cancel_futures=True)


def _read_one(path: Path, root: Path, seconds: dict, clock) -> tuple[RawData, str | None, str]:
    """Read and validate one records file: its records (or problems), its text, its name as problems show it."""
    out = RawData()
    t0 = clock()
    display = path.relative_to(root.parent).as_posix()
    text, problems = read_text(path, display)
    out.problems += problems
    data = parse_text(text, display, out) if text is not None else None
    t1 = clock()
    if data is not None:
        read_records(data, display, out)
    seconds["yaml"] += t1 - t0
    seconds["validate"] += clock() - t1
    return out, text, display


def _check_one(out: RawData, doc: DocResult, root: Path) -> None:
    """The checks of one document alone: its source text's hash and size, and every quote placed in that text."""
    problems: list[Problem] = []
    texts = check_sources(out, root, problems)
    check_quotes(out, texts, problems)
    src = out.sources[0][0]
    doc.source_file, doc.source_sha256, doc.source_id = src.file, src.sha256, src.source_id
    doc.text_ok = src.source_id in texts
    if problems:  # its records still take part in the cross-document checks,
        doc.check_problems = problems  # so a run lists every problem (the build fails anyway)


def _line(origin: Origin, field: str) -> int:
    raw = origin.raw
    return raw.line_of(field) if hasattr(raw, "line_of") else origin.line


def check_sources(raw: RawData, root: Path, problems: list[Problem]) -> dict[str, str]:
    """Hash of each source file matches; return source_id -> text."""
    texts = {}
    sources_dir = (root / "sources").resolve()
    for src, origin in raw.sources:
        stem = Path(origin.file).stem
        if stem != src.source_id:
            problems.append(
                Problem(
                    origin.file,
                    _line(origin, "source_id"),
                    "source.source_id",
                    f"source_id '{src.source_id}' does not match the file name '{stem}.yaml'; records/<source_id>.yaml holds one source",
                )
            )
        path = (root / src.file).resolve()
        if not path.is_relative_to(sources_dir):
            problems.append(Problem(origin.file, _line(origin, "file"), "source.file", f"path '{src.file}' is outside raw/sources/"))
            continue
        if not path.is_file():
            problems.append(Problem(origin.file, _line(origin, "file"), "source.file", f"file '{src.file}' does not exist (or is not a regular file)"))
            continue
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(origin.file, _line(origin, "file"), "source.file", f"{src.file} is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}"))
            continue
        try:
            data = path.read_bytes()
        except OSError as err:
            reason = f"{src.file} {cannot_read(err, 'make it readable')}"
            problems.append(Problem(origin.file, _line(origin, "file"), "source.file", reason))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != src.sha256:
            problems.append(
                Problem(
                    origin.file,
                    _line(origin, "sha256"),
                    "source.sha256",
                    f"SHA-256 of {src.file} is {digest}, not {src.sha256}: the text changed; re-check its quotes, then update the hash",
                )
            )
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(Problem(origin.file, _line(origin, "file"), "source.file", f"{src.file} is not valid UTF-8 (offset {e.start})"))
            continue
        src.char_count = len(text)
        texts[src.source_id] = text
    return texts


def check_quotes(raw: RawData, texts: dict[str, str], problems: list[Problem]) -> None:
    """Place every quote in its source; store quote_start and quote_end."""
    for table in RECORD_LISTS:
        for rec, origin in raw.records[table]:
            text = texts.get(rec.source_id)
            if text is None:
                continue  # the source itself failed; reported there
            found = locate(text, rec.quote, rec.quote_occurrence)
            if isinstance(found, str):
                problems.append(Problem(origin.file, _line(origin, "quote"), f"{table}.quote", found))
            else:
                m.fill(rec, quote_start=found[0], quote_end=found[1])


class _Rows:
    """The rows of the documents read so far, table by table, turned into Arrow tables as they fill."""

    def __init__(self):
        self.getters = {t: itemgetter(*column_names(t)) for t in DOC_TABLES if t != "meeting_participants"}
        self.schemas = {t: work_schema(t) for t in DOC_TABLES}
        self.rows: dict[str, list] = {t: [] for t in DOC_TABLES}
        self.done: dict[str, list] = {t: [] for t in DOC_TABLES}  # Arrow tables of the rows flushed so far
        self.pending = 0

    def add(self, out: RawData, doc: DocResult) -> None:
        """One valid document's rows; doc.rows: how many it gave each table."""
        src = out.sources[0][0]
        self.rows["sources"].append(self.getters["sources"](src.__dict__))
        doc.rows["sources"] = 1
        for table in RECORD_LISTS:
            get, dest = self.getters[table], self.rows[table]
            items = out.records[table]
            for rec, _ in items:
                dest.append(get(rec.__dict__))
            doc.rows[table] = len(items)
            self.pending += len(items)
        mp = self.rows["meeting_participants"]
        before = len(mp)
        for k, (mt, _) in enumerate(out.records["meetings"]):
            for i, part in enumerate(mt.participants):
                mp.append((mt.meeting_id, part.actor_id, part.role, k, i))
        doc.rows["meeting_participants"] = len(mp) - before
        if self.pending >= 20_000:  # bound the Python objects held: columns go to Arrow as they fill
            self.flush()
            self.pending = 0

    def flush(self) -> None:
        for t in DOC_TABLES:
            if self.rows[t]:
                self.done[t].append(arrow_table(self.rows[t], self.schemas[t]))
                self.rows[t] = []

    def tables(self) -> dict:
        import pyarrow as pa

        return {
            t: pa.concat_tables(self.done[t]).combine_chunks() if self.done[t] else arrow_table([], self.schemas[t]) for t in DOC_TABLES
        }  # Schema.empty_table imports pandas
