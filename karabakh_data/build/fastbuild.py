"""The fast build: per-document work in parallel and cached, the rest in columns.

The reference build (ingest.read_raw -> checks.check_all -> frames.to_arrow ->
frames.check_frames) keeps every record as a Pydantic object and checks it
in Python, which is right and clear but costs tens of microseconds per
record in every stage. This module produces the same tables, byte for byte,
and the same problems, by splitting the work by what it depends on:

* Per document (one raw/records/*.yaml and the source text it names):
  reading and validating the YAML (ingest's own functions: same messages,
  same lines), the source's hash and size, and placing every quote
  (checks.check_sources and checks.check_quotes on that document alone).
  The result is a set of Arrow columns per table. This is the expensive
  part; it runs in this process and jobs-1 worker processes on a cold
  build, and is cached under ``<out>/.cache`` keyed by the SHA-256 of the
  document's bytes, its path and the code (the source of this module and of
  every package module it imports, and the library versions), with the
  SHA-256 of its source text checked on every use. A document with any
  problem is never cached, and a failed build writes nothing, not even the
  cache (the last good build's cache stays as it was).
* Across documents and reference tables: unique ids, retired ids,
  references to actors, places, events and records, exclusions, and the
  table checks. These are recomputed on every build, from the columns, with
  Arrow compute (milliseconds for a million rows), so a change to
  actors.yaml, places.yaml, retired_ids.yaml, an exclusions file or another
  document can never leave a stale result. Actors, places and retired ids
  are read and validated by ingest every time; exclusions files (one per
  source) are cached by content like documents.

When a cross-document check fails, the problem's line is found by reading
that one document again, so every message names the file and line exactly
as the reference build does (tests/test_incremental.py compares them).
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sys
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path

from ..schema import models as m
from .checks import check_ids, check_quotes, check_references, check_sources, exclusion_problems
from .ingest import RECORD_LISTS, Origin, RawData, _parse, _read, _read_exclusions, _read_reference, _read_retired, _records
from .rawio import read_text
from .problems import Problem
from ..schema.registry import DOCUMENT_TABLES, REFERENCE_FILES
from ..schema.table_specs import ACTOR_FIELDS, PLACE_FIELDS, RECORD_FIELDS, TABLES

DOC_TABLES = list(DOCUMENT_TABLES)
_MP_HIDDEN = ["_meeting", "_part"]  # where a participant row came from: meeting and participant index in its file
CACHE_FORMAT = "1"


# --- per-document work ----------------------------------------------------------------------


def _column_names(table: str) -> list[str]:
    return [c.name for c in TABLES[table].columns]


def work_schema(table: str):
    """The Arrow schema of a table while it is built: enumerations as plain strings."""
    import pyarrow as pa

    fields = []
    for c in TABLES[table].columns:
        fields.append(pa.field(c.name, pa.string() if c.kind == "category" else c.arrow_type()))
    if table == "meeting_participants":
        fields += [pa.field(n, pa.int32()) for n in _MP_HIDDEN]
    return pa.schema(fields)


SMALL = 5_000
"""Columns shorter than this are built by _array (no pandas); longer ones by pyarrow.array."""


def _array(values, typ, small: bool | None = None):
    """An Arrow array of Python values, as pyarrow.array(values, type=typ) gives it.

    pyarrow.array imports pandas on first use (to check whether it was given
    a pandas object): 0.3-0.6 s, more than a whole incremental build may
    take. For short columns (the documents that changed, the reference
    tables) the buffers are built here instead; long columns (a cold build's
    workers, where the import is paid once) go to pyarrow.array. The two
    give equal arrays (tests/test_incremental.py builds both ways).
    """
    import pyarrow as pa

    n = len(values)
    if not (n < SMALL if small is None else small):
        return pa.array(values, type=typ)
    from array import array
    from itertools import accumulate

    nulls = values.count(None)
    validity = _bits([v is not None for v in values]) if nulls else None
    if pa.types.is_string(typ):
        enc = [v.encode() if v is not None else b"" for v in values]
        offsets = array("i", accumulate(map(len, enc), initial=0))
        return pa.StringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(b"".join(enc)), validity, nulls)
    if pa.types.is_list(typ):
        flat = [x for v in values if v is not None for x in v]
        offsets = array("i", accumulate((len(v) if v is not None else 0 for v in values), initial=0))
        return pa.Array.from_buffers(typ, n, [validity, pa.py_buffer(offsets)], nulls, children=[_array(flat, typ.value_type, small=True)])
    if pa.types.is_boolean(typ):
        data = _bits([bool(v) for v in values])
    elif pa.types.is_date32(typ):
        data = pa.py_buffer(array("i", [0 if v is None else v.toordinal() - 719163 for v in values]))
    elif pa.types.is_int64(typ):
        data = pa.py_buffer(array("q", [0 if v is None else v for v in values]))
    elif pa.types.is_int32(typ):
        data = pa.py_buffer(array("i", [0 if v is None else v for v in values]))
    elif pa.types.is_float64(typ):
        data = pa.py_buffer(array("d", [0.0 if v is None else v for v in values]))
    else:
        return pa.array(values, type=typ)
    return pa.Array.from_buffers(typ, n, [validity, data], nulls)


def _bits(flags: list[bool]):
    """An Arrow bitmap (least significant bit first)."""
    import numpy as np
    import pyarrow as pa

    return pa.py_buffer(np.packbits(np.array(flags, dtype=bool), bitorder="little").tobytes())


def _table(rows: list[tuple], schema):
    """An Arrow table of row tuples in schema's column order."""
    import pyarrow as pa

    cols = list(zip(*rows)) if rows else [()] * len(schema)
    return pa.Table.from_arrays([_array(c, f.type) for c, f in zip(cols, schema)], schema=schema)


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

    import pyarrow as pa

    root_p = Path(root)
    getters = {t: itemgetter(*_column_names(t)) for t in DOC_TABLES if t != "meeting_participants"}
    schemas = {t: work_schema(t) for t in DOC_TABLES}
    rows: dict[str, list] = {t: [] for t in DOC_TABLES}
    done: dict[str, list] = {t: [] for t in DOC_TABLES}  # Arrow tables of the rows flushed so far
    pending = 0
    docs = []

    def flush():
        for t in DOC_TABLES:
            if rows[t]:
                done[t].append(_table(rows[t], schemas[t]))
                rows[t] = []

    seconds = dict.fromkeys(PARTS, 0.0)
    clock = time.perf_counter
    was_enabled = gc.isenabled()
    gc.disable()  # many small objects, no cycles: the collector only costs time here
    try:
        for p in paths:
            path = Path(p)
            out = RawData()
            t0 = clock()
            display = path.relative_to(root_p.parent).as_posix()
            text, problems = read_text(path, display)
            out.problems += problems
            data = _parse(text, display, out) if text is not None else None
            t1 = clock()
            if data is not None:
                _records(data, display, out)
            t2 = clock()
            seconds["yaml"] += t1 - t0
            seconds["validate"] += t2 - t1
            doc = DocResult(display)
            doc.sha256 = hashlib.sha256(text.encode()).hexdigest() if text is not None else None  # UTF-8 round-trips exactly
            docs.append(doc)
            if out.problems:
                doc.read_problems = out.problems
                continue
            problems: list[Problem] = []
            texts = check_sources(out, root_p, problems)
            check_quotes(out, texts, problems)
            t3 = clock()
            seconds["document_checks"] += t3 - t2
            src = out.sources[0][0]
            doc.source_file, doc.source_sha256, doc.source_id = src.file, src.sha256, src.source_id
            doc.text_ok = src.source_id in texts
            if problems:  # its records still take part in the cross-document checks,
                doc.check_problems = problems  # so a run lists every problem (the build fails anyway)
            rows["sources"].append(getters["sources"](src.__dict__))
            doc.rows["sources"] = 1
            for table in RECORD_LISTS:
                get, dest = getters[table], rows[table]
                items = out.records[table]
                for rec, _ in items:
                    dest.append(get(rec.__dict__))
                doc.rows[table] = len(items)
                pending += len(items)
            mp = rows["meeting_participants"]
            before = len(mp)
            for k, (mt, _) in enumerate(out.records["meetings"]):
                for i, part in enumerate(mt.participants):
                    mp.append((mt.meeting_id, part.actor_id, part.role, k, i))
            doc.rows["meeting_participants"] = len(mp) - before
            if pending >= 20_000:  # bound the Python objects held: columns go to Arrow as they fill
                flush()
                pending = 0
            seconds["columns"] += clock() - t3
        t4 = clock()
        flush()
    finally:
        if was_enabled:
            gc.enable()
    tables = {t: pa.concat_tables(done[t]).combine_chunks() if done[t] else schemas[t].empty_table() for t in DOC_TABLES}
    seconds["columns"] += clock() - t4
    return ChunkResult(docs, tables, seconds)


# --- the cache ----------------------------------------------------------------------------------


def code_version() -> str:
    """Changes whenever anything that shapes a document's result may change."""
    import pyarrow
    import pydantic
    import pydantic_core
    import yaml

    h = hashlib.sha256(CACHE_FORMAT.encode())
    package = Path(__file__).resolve().parent.parent
    for path in _code_files():
        h.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    for mod in (pydantic, pydantic_core, yaml, pyarrow):
        h.update(f"{mod.__name__}={getattr(mod, '__version__', '?')};".encode())
    h.update(sys.version.encode())
    return h.hexdigest()


def _code_files() -> list[Path]:
    """Every file of the build/ and schema/ folders, and the shared paths module: the code a document's result may depend on.

    Their bytes are part of every cache key, so a change to any of them
    invalidates the cache, while a change elsewhere in the package (the
    readers, the CLI, the plots, the release tools) does not. Whole folders
    rather than the modules the worker happens to import: nothing to keep
    in step when an import moves.
    """
    package = Path(__file__).resolve().parent.parent
    files = [package / "paths.py"]
    for folder in ("build", "schema"):
        files += [p for p in (package / folder).rglob("*.py") if "__pycache__" not in p.parts]
    return sorted(files)


def _doc_key(code: str, display: str, digest: str) -> str:
    return hashlib.sha256(f"{code}\0{display}\0{digest}".encode()).hexdigest()


class Cache:
    """Per-document results kept between builds: <dir>/index.json and one Arrow file per table.

    index.json maps each document's key to its row ranges in the table
    files and to the source text it depends on (path and SHA-256). The
    folder is replaced as a whole (write beside, then rename), so a crash
    leaves the old cache or the new one, and a damaged cache is ignored.
    """

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder else None
        self.index: dict = {}
        self.tables: dict = {}
        self.exclusions: dict = {}  # key of an exclusions file -> its entries [sentence, reason, line]
        if self.folder is None:
            return
        try:
            index = json.loads((self.folder / "index.json").read_text(encoding="utf-8"))
            if index.get("format") != CACHE_FORMAT:
                return
            import pyarrow as pa

            tables = {}
            for t in DOC_TABLES:
                with pa.memory_map(str(self.folder / f"{t}.arrow")) as src:
                    tables[t] = pa.ipc.open_file(src).read_all()
                if tables[t].schema != work_schema(t):
                    return
            self.index, self.tables = index["docs"], tables
            self.exclusions = index.get("exclusions", {})
        except (OSError, ValueError, KeyError, TypeError):
            self.index, self.tables = {}, {}

    def lookup(self, key: str, file_sha256) -> dict | None:
        """The entry of a document, if its source text is still the one it was checked with."""
        entry = self.index.get(key)
        if entry is None:
            return None
        if file_sha256(entry["source_file"]) != entry["source_sha256"]:
            return None
        return entry

    def save(self, entries: dict, tables: dict, exclusions: dict | None = None) -> None:
        """Write a new cache: entries (key -> entry with row offsets) for the rows of tables."""
        if self.folder is None:
            return
        import pyarrow as pa

        tmp = self.folder.with_name(self.folder.name + ".new")
        if tmp.exists():
            shutil.rmtree(tmp)
        tmp.mkdir(parents=True)
        for t, tbl in tables.items():
            with pa.OSFile(str(tmp / f"{t}.arrow"), "wb") as sink:
                with pa.ipc.new_file(sink, tbl.schema) as writer:
                    writer.write_table(tbl, max_chunksize=1 << 20)
        (tmp / "index.json").write_text(json.dumps({"format": CACHE_FORMAT, "docs": entries, "exclusions": exclusions or {}}), encoding="utf-8")
        old = self.folder.with_name(self.folder.name + ".old")
        if old.exists():
            shutil.rmtree(old)
        if self.folder.exists():
            os.rename(self.folder, old)
        os.rename(tmp, self.folder)
        shutil.rmtree(old, ignore_errors=True)


# --- the whole pipeline -------------------------------------------------------------------------


@dataclass
class FastResult:
    tables: dict
    fingerprint: str
    seconds: dict
    stats: dict
    saver: object = None  # the cache being written in a thread, if any
    inputs: dict = field(default_factory=dict)  # every raw file's SHA-256, and the source each document codes

    def wait(self) -> None:
        """Wait for the cache to be written (the caller writes its outputs meanwhile)."""
        if self.saver is not None:
            self.saver.wait()
            self.saver = None


class _Hashes:
    """SHA-256 of raw files, each computed once per build (cache keys and fingerprint)."""

    def __init__(self, root: Path):
        self.root = str(root)
        self.digests: dict[str, str] = {}

    def __call__(self, rel: str) -> str | None:
        d = self.digests.get(rel)
        if d is None:
            try:
                path = os.path.join(self.root, rel)
                if not os.path.isfile(path):  # a FIFO or a device (/dev/zero) would block or never end
                    raise OSError(f"{rel} is not a regular file")
                with open(path, "rb") as f:
                    d = hashlib.sha256(f.read()).hexdigest()
            except OSError:
                d = ""
            self.digests[rel] = d
        return d or None


def _raw_files(root: Path) -> list[str]:
    """Every file under root, relative, in the order of sorted(root.rglob("*")) (by path parts)."""
    out = []
    base = str(root)
    for folder, dirs, files in os.walk(base):
        rel = os.path.relpath(folder, base)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for f in files:
            if os.path.isfile(os.path.join(folder, f)):
                out.append(prefix + f)
    out.sort(key=lambda r: r.split("/"))
    return out


def _fingerprint(root: Path, hashes: _Hashes) -> tuple[str, dict[str, str]]:
    """build.raw_fingerprint, reusing the digests already taken; and every file's digest."""
    h = hashlib.sha256()
    files = {}
    for rel in _raw_files(root):
        files[rel] = hashes(rel) or ""
        h.update(rel.encode() + b"\0")
        h.update(files[rel].encode())
    return h.hexdigest(), files


def _documents(names: list[str], doc_rows: list[dict], sources) -> dict[str, dict]:
    """records/<name> -> the source it codes (source_id and text file): which rows each document gave."""
    ids, files = sources.column("source_id").to_pylist(), sources.column("file").to_pylist()
    out = {}
    for name, rows in zip(names, doc_rows):
        start, count = rows.get("sources", (0, 0))
        if count == 1:
            out[f"records/{name}"] = {"source_id": ids[start], "source_file": files[start]}
    return out


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
"""About 3,000 records: small enough to share the work evenly, large enough that a chunk's overhead is noise."""


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
        self.procs = [
            subprocess.Popen([sys.executable, "-c", start, here], stdin=subprocess.PIPE, stdout=subprocess.PIPE)
            for _ in range(n)
        ]

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


def _run_parallel(root: Path, paths: list[Path], workers: Workers | None) -> list[ChunkResult]:
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


def run(raw_dir: Path, cache_dir: Path | None = None, jobs: int | None = None, version: str = "") -> FastResult:
    """Validate raw_dir and return the built Arrow tables; raise BuildFailed with every problem."""
    import time

    import pyarrow as pa

    from .problems import BuildFailed

    t0 = time.perf_counter()
    root = Path(raw_dir)
    jobs = default_jobs() if jobs is None else jobs
    hashes = _Hashes(root)
    code = code_version()
    cache = Cache(cache_dir)
    names = sorted(e.name for e in os.scandir(root / "records") if e.name.endswith(".yaml"))
    paths = [root / "records" / name for name in names]  # as sorted(glob("*.yaml")): one folder, so by name
    workers = None
    if jobs > 1 and not cache.index and _worth_sharing(paths):  # cold: start the workers now, their imports overlap what follows
        workers = Workers(jobs - 1)
    failed = True
    try:
        result = _run(root, cache, hashes, code, names, paths, jobs, workers, version, t0)
        failed = False
    finally:
        if workers is not None:
            workers.close(failed)
    return result


SHARE_BYTES = 1_000_000
"""Below this much YAML to read, worker processes cost more than they give (each takes ~0.5 s to start)."""


def _worth_sharing(paths: list[Path]) -> bool:
    return len(paths) >= 4 and sum(p.stat().st_size for p in paths) >= SHARE_BYTES


def _run(root: Path, cache: Cache, hashes: _Hashes, code: str, names: list[str], paths: list[Path], jobs: int, workers, version: str, t0: float) -> FastResult:
    import time

    import pyarrow as pa

    from .problems import BuildFailed

    for rel in REFERENCE_FILES:  # hashed before they are read: a file saved meanwhile is seen as changed next time
        hashes(rel)
    ref = RawData()
    ref.actors = _read_reference(root / "actors.yaml", root, "actors", m.Actor, ref)
    ref.places = _read_reference(root / "places.yaml", root, "places", m.Place, ref)
    _read_retired(root / "retired_ids.yaml", root, ref)
    shown = f"{root.name}/" if root.name else ""  # how ingest names files: relative to raw/'s parent
    # which documents the cache holds; the others are read (in parallel when many)
    keys, digests, cached, todo = [], [], {}, []
    for name, p in zip(names, paths):
        rel = f"records/{name}"
        display = f"{shown}{rel}"
        digest = hashes(rel)
        key = _doc_key(code, display, digest or "")
        keys.append(key)
        digests.append(digest)
        entry = cache.lookup(key, hashes) if digest else None
        if entry is not None:
            cached[key] = entry
        else:
            todo.append(p)
    shared = jobs > 1 and _worth_sharing(todo)
    if shared and workers is None:
        late, failed = Workers(jobs - 1), True
        try:
            results = _run_parallel(root, todo, late)
            failed = False
        finally:
            late.close(failed)
    else:
        results = _run_parallel(root, todo, workers if shared else None)
    t_parse = time.perf_counter()
    parse_parts = {part: sum(r.seconds.get(part, 0.0) for r in results) for part in PARTS}  # summed over processes
    exclusions = {}  # exclusions files are small but many (one per source): cached too, by content
    for p in sorted((root / "sources").glob("*.exclusions.yaml")):
        rel = p.relative_to(root).as_posix()
        display, stem = f"{shown}{rel}", p.name.removesuffix(".exclusions.yaml")
        digest = hashes(rel)
        key = _doc_key(code, display, digest or "")
        hit = cache.exclusions.get(key) if digest else None
        if hit is not None:
            ref.exclusions[stem] = [(s, r, Origin(display, line)) for s, r, line in hit]
            exclusions[key] = hit
            continue
        before = len(ref.problems)
        _read_exclusions(p, root, ref)
        if digest and len(ref.problems) == before and stem in ref.exclusions:
            exclusions[key] = [[s, r, o.line] for s, r, o in ref.exclusions[stem]]
    # problems of reading come first, alone, as in the reference build
    docs_new = {}
    fresh_tables = []
    for res in results:
        offsets = {t: 0 for t in DOC_TABLES}
        for doc in res.docs:
            docs_new[doc.display] = (doc, res, dict(offsets))
            for t, n in doc.rows.items():
                offsets[t] += n
        fresh_tables.append(res)
    read_problems = list(ref.problems) + [pr for res in results for d in res.docs for pr in d.read_problems]
    check_problems = [pr for res in results for d in res.docs for pr in d.check_problems]

    # assemble each table in document order: ranges of the cached tables and fresh rows
    parts: dict[str, list] = {t: [] for t in DOC_TABLES}
    doc_rows: list[dict] = []  # per document (in order): table -> (start row in the assembled table, count)
    entries = {}
    pending: dict[str, list] = {t: [] for t in DOC_TABLES}  # consecutive ranges to merge: [src, start, count]
    totals = {t: 0 for t in DOC_TABLES}
    drifted: dict[str, str] = {}
    for name, key, digest in zip(names, keys, digests):
        display = f"{shown}records/{name}"
        if key in cached:
            entry = cached[key]
            src, ranges = "cache", entry["rows"]
        else:
            doc, res, offs = docs_new[display]
            if doc.read_problems:
                doc_rows.append({})
                continue
            src = id(res)
            ranges = {t: [offs[t], doc.rows.get(t, 0)] for t in DOC_TABLES}
            entry = {"display": display, "source_file": doc.source_file, "source_sha256": doc.source_sha256}
        mine = {}
        for t in DOC_TABLES:
            start, count = ranges[t]
            mine[t] = (totals[t], count)
            totals[t] += count
            run_ = pending[t]
            if run_ and run_[-1][0] == src and run_[-1][1] + run_[-1][2] == start:
                run_[-1][2] += count
            else:
                run_.append([src, start, count])
        doc_rows.append(mine)
        if key not in cached and doc.sha256 != digest:  # the file changed between hashing and reading:
            drifted[f"records/{name}"] = doc.sha256  # its rows are used, recorded under what was read, and not cached
            continue
        entries[key] = {"display": entry["display"], "source_file": entry["source_file"], "source_sha256": entry["source_sha256"],
                        "rows": {t: list(mine[t]) for t in DOC_TABLES}}
    by_id = {id(res): res for res in fresh_tables}
    work: dict = {}
    for t in DOC_TABLES:
        pieces = []
        for src, start, count in pending[t]:
            tbl = cache.tables[t] if src == "cache" else by_id[src].tables[t]
            pieces.append(tbl.slice(start, count))
        work[t] = pa.concat_tables(pieces).combine_chunks() if pieces else work_schema(t).empty_table()
    del results, fresh_tables, by_id, pieces  # the assembled tables are copies: free the parts
    for entry_ in docs_new.values():
        entry_[0].rows = {}
    docs_new = {d: (v[0], None, v[2]) for d, v in docs_new.items() if v[0].check_problems}
    t_assemble = time.perf_counter()
    changed = bool(todo) or set(entries) != set(cache.index) or set(exclusions) != set(cache.exclusions)
    if read_problems:  # alone, as in the reference build
        raise BuildFailed(read_problems)  # (and nothing is written, the cache included: a failed build changes nothing)

    problems = list(check_problems)
    failed = {d: v[0] for d, v in docs_new.items() if v[0].check_problems}
    problems += cross_checks(root, ref, work, list(zip(paths, doc_rows)), failed)
    if not problems:
        t_check = time.perf_counter()
        tables = final_tables(ref, work, version)
        problems = table_checks(tables)
    if problems:
        raise BuildFailed(problems)
    t_tables = time.perf_counter()
    saver = None
    if cache.folder is not None and changed:  # written while the caller writes the outputs (I/O, no GIL held)
        saver = _Background(cache.save, entries, work, exclusions)
    fingerprint, files = _fingerprint(root, hashes)
    files.update(drifted)
    inputs = {"files": files, "documents": _documents(names, doc_rows, work["sources"])}
    t_end = time.perf_counter()
    seconds = {"parse": t_parse - t0, "check": (t_assemble - t_parse) + (t_check - t_assemble), "tables": t_tables - t_check,
               "fingerprint": t_end - t_tables}
    stats = {"documents": len(paths), "parsed": len(todo), "cached": len(cached), "jobs": jobs if shared else 1,
             "parse_parts": parse_parts}
    return FastResult(tables, fingerprint, seconds, stats, saver, inputs)


class _Background:
    """A function run in a thread; wait() joins it and re-raises its error."""

    def __init__(self, fn, *args):
        import threading

        self.error = None

        def target():
            try:
                fn(*args)
            except BaseException as err:
                self.error = err

        self.thread = threading.Thread(target=target, name=getattr(fn, "__name__", "background"))
        self.thread.start()

    def wait(self) -> None:
        self.thread.join()
        if self.error is not None:
            raise self.error


# --- checks across documents, in columns ----------------------------------------------------------


class _Origins:
    """Where row r of a table came from: its file and its YAML node (read again on demand)."""

    def __init__(self, root: Path, docs: list[tuple[Path, dict]]):
        from bisect import bisect_right

        self.root, self._bisect = root, bisect_right
        self.docs = [(p, rows) for p, rows in docs if rows]
        self.starts = {t: [rows[t][0] for _, rows in self.docs] for t in DOC_TABLES}
        self._data: dict = {}

    def where(self, table: str, row: int) -> tuple[Path, int]:
        i = self._bisect(self.starts[table], row) - 1
        path, rows = self.docs[i]
        return path, row - rows[table][0]

    def node(self, table: str, row: int, sub: tuple = ()):
        """(file as shown in messages, the record's Located mapping)."""
        path, pos = self.where(table, row)
        if path not in self._data:
            self._data[path] = _read(path, self.root, RawData())
        data, display = self._data[path]
        node = data["source"] if table == "sources" else data["meetings" if table == "meeting_participants" else table][sub[0] if sub else pos]
        return display, node


def _ids_problems(ref: RawData, work: dict, origins: _Origins, problems: list[Problem]) -> None:
    """checks.check_ids, with the document tables in columns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    check_ids(RawData(actors=ref.actors, places=ref.places), problems)
    seen: dict = {}
    for row, sid in enumerate(work["sources"].column("source_id").to_pylist()):
        if sid in seen:
            display, node = origins.node("sources", row)
            pdisp, pnode = origins.node("sources", seen[sid])
            problems.append(Problem(display, node.line_of("source_id"), "source_id", f"duplicate id '{sid}' (first used at {pdisp}:{pnode.line})"))
        else:
            seen[sid] = row
    keys = [(t, TABLES[t].key) for t in RECORD_LISTS]
    ids = pa.chunked_array([c for t, k in keys for c in work[t].column(k).chunks], type=pa.string())
    retired = _array(list(ref.retired), pa.string())
    if pc.count_distinct(ids).as_py() == len(ids) and not (len(retired) and pc.any(pc.is_in(ids, value_set=retired)).as_py()):
        return
    seen = {}
    for t, key in keys:  # the reference loop, only when something is wrong
        for row, rid in enumerate(work[t].column(key).to_pylist()):
            if rid in seen:
                display, node = origins.node(t, row)
                pt, prow = seen[rid]
                pdisp, pnode = origins.node(pt, prow)
                problems.append(Problem(display, node.line_of(key), key, f"duplicate id '{rid}' (first used at {pdisp}:{pnode.line})"))
                continue
            if rid in ref.retired:
                r = ref.retired[rid]
                display, node = origins.node(t, row)
                problems.append(Problem(display, node.line_of(key), key, f"id '{rid}' belonged to a removed record ({r.file}:{r.line}); ids are never reused, pick a new one"))
            seen[rid] = (t, row)


def _unknown(col, space):
    """Rows whose value is set and not in space."""
    import pyarrow.compute as pc

    bad = pc.and_(pc.is_valid(col), pc.invert(pc.is_in(col, value_set=space)))
    if not pc.any(bad).as_py():
        return []
    return pc.indices_nonzero(bad).to_pylist()


def _reference_problems(ref: RawData, work: dict, origins: _Origins, problems: list[Problem]) -> None:
    """checks.check_references, with the document tables in columns."""
    import pyarrow as pa

    check_references(RawData(actors=ref.actors, places=ref.places), {}, problems)
    actors = _array([a.actor_id for a, _ in ref.actors], pa.string())
    places = _array([p.place_id for p, _ in ref.places], pa.string())
    events = work["events"].column("event_id").combine_chunks()
    claims = pa.concat_arrays([work[t].column(TABLES[t].key).combine_chunks() for t in RECORD_LISTS])
    for table in RECORD_LISTS:
        tbl = work[table]
        fields = [(f, actors, "actor") for f in ACTOR_FIELDS] + [(f, places, "place") for f in PLACE_FIELDS]
        if table != "events":
            fields.append(("event_id", events, "event"))
        fields += [(f, claims, "record") for f in RECORD_FIELDS]
        for f, space, what in fields:
            if f not in tbl.column_names:
                continue
            col = tbl.column(f)
            for row in _unknown(col, space):
                display, node = origins.node(table, row)
                problems.append(Problem(display, node.line_of(f), f"{table}.{f}", f"unknown {what} '{col[row].as_py()}'"))
    mp = work["meeting_participants"]
    for row in _unknown(mp.column("actor_id"), actors):
        k, i = mp.column("_meeting")[row].as_py(), mp.column("_part")[row].as_py()
        display, node = origins.node("meeting_participants", row, (k,))
        field = f"participants[{i}].actor_id"
        problems.append(Problem(display, node.line_of(field), f"meetings.{field}", f"unknown actor '{mp.column('actor_id')[row].as_py()}'"))


def _exclusion_problems(root: Path, ref: RawData, work: dict, docs: list, failed: dict, problems: list[Problem]) -> None:
    """checks.check_exclusions: by_stem and texts as the reference builds them, texts read on demand."""
    sources = work["sources"]
    files = iter(sources.column("file").to_pylist())
    sids = iter(sources.column("source_id").to_pylist())
    by_stem: dict[str, str] = {}
    text_file: dict[str, str] = {}
    for path, rows in docs:
        doc = failed.get(path.relative_to(root.parent).as_posix())
        if rows:
            f, sid = next(files), next(sids)
            ok = doc is None or doc.text_ok
        elif doc is None or doc.source_id is None:
            continue
        else:
            f, sid, ok = doc.source_file, doc.source_id, doc.text_ok
        by_stem[Path(f).stem] = sid
        if ok:
            text_file[sid] = f
    def text_of(sid: str) -> str | None:
        f = text_file.get(sid)
        return (root / f).read_bytes().decode("utf-8") if f is not None else None

    exclusion_problems(ref.exclusions, by_stem, text_of, problems)


def cross_checks(root: Path, ref: RawData, work: dict, docs: list[tuple[Path, dict]], failed: dict) -> list[Problem]:
    """Every check of checks.check_all that needs more than one document."""
    problems: list[Problem] = []
    origins = _Origins(root, docs)
    _ids_problems(ref, work, origins, problems)
    _reference_problems(ref, work, origins, problems)
    _exclusion_problems(root, ref, work, docs, failed, problems)
    return problems


# --- the tables as released -------------------------------------------------------------------------


def final_tables(ref: RawData, work: dict, version: str) -> dict:
    """Sorted by key, enumerations dictionary-encoded: what frames.to_arrow gives, in its order."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from .frames import _rows

    order = list(_rows(RawData()))  # the reference order of the tables
    refs = {"actors": ref.actors, "places": ref.places}
    out = {}
    for name in order:
        spec = TABLES[name]
        if name in refs:
            names = _column_names(name)
            get = itemgetter(*names)
            schema = spec.arrow_schema(version)
            plain = pa.schema([pa.field(f.name, f.type.value_type if pa.types.is_dictionary(f.type) else f.type) for f in schema])
            tbl = _table([get(r.__dict__) for r, _ in refs[name]], plain)
        else:
            tbl = work[name].select(_column_names(name))
        if tbl.num_rows:
            tbl = tbl.take(pc.sort_indices(tbl, sort_keys=[(k, "ascending") for k in spec.sort_keys]))
        out[name] = tbl.combine_chunks().cast(spec.arrow_schema(version))
    return out


def table_checks(tables: dict) -> list[Problem]:
    """frames.check_frames' rules (nullability, allowed values, ranges, uniqueness) in Arrow compute.

    Pandera imports in over a second; these run in milliseconds on a
    million rows. frames.check_frames (Pandera itself) still checks every
    release (`build --package`) and runs in the tests.
    """
    import pyarrow as pa
    import pyarrow.compute as pc

    from ..schema.table_specs import bounds

    problems = []
    for name, tbl in tables.items():
        spec = TABLES[name]
        ranges = bounds(spec)
        where = f"table {name}"
        for c in spec.columns:
            col = tbl.column(c.name)
            if not c.nullable and col.null_count:
                problems.append(Problem(where, 0, c.name, "not_nullable failed for value None"))
            if c.allowed:
                values = col.combine_chunks()
                values = values.dictionary if pa.types.is_dictionary(values.type) else pc.unique(values)
                for v in values.to_pylist():
                    if v is not None and v not in c.allowed:
                        problems.append(Problem(where, 0, c.name, f"isin({list(c.allowed)}) failed for value {v!r}"))
            lo, hi = ranges.get(c.name, (None, None))
            if (lo is not None or hi is not None) and col.null_count < len(col):
                mm = pc.min_max(col).as_py()
                if lo is not None and mm["min"] < lo:
                    problems.append(Problem(where, 0, c.name, f"greater_than_or_equal_to({lo}) failed for value {mm['min']!r}"))
                if hi is not None and mm["max"] > hi:
                    problems.append(Problem(where, 0, c.name, f"less_than_or_equal_to({hi}) failed for value {mm['max']!r}"))
            if c.name == spec.key and pc.count_distinct(col).as_py() != len(col):
                problems.append(Problem(where, 0, c.name, "field_uniqueness failed"))
        if spec.unique and tbl.num_rows:
            cols = list(spec.unique)
            # ids are slugs and role a vocabulary word: NUL cannot occur, so the joined key is unique iff the triple is
            parts = [tbl.column(c).cast(pa.string()) for c in cols]
            nul = _array(["\x00"], pa.string())[0]  # a scalar made without pa.scalar, which imports pandas
            n = pc.count_distinct(pc.binary_join_element_wise(*parts, nul)).as_py()
            if n != tbl.num_rows:
                problems.append(Problem(where, 0, ",".join(cols), "multiple_fields_uniqueness failed"))
    return problems

