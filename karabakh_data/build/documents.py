"""Per-document work: read, validate and check one records file and its source text; Arrow columns of its rows.

Runs in this process and in the worker processes (workers.py), and is what
the cache (cache.py) keeps, document by document.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from .checks import check_quotes, check_sources
from .columns import DOC_TABLES, arrow_table, column_names, work_schema
from .ingest import RECORD_LISTS, RawData, parse_text, read_records
from .problems import Problem
from .rawio import read_text


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

        return {t: pa.concat_tables(self.done[t]).combine_chunks() if self.done[t] else self.schemas[t].empty_table() for t in DOC_TABLES}
