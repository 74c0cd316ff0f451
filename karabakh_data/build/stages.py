"""The build's stages before writing: read every document, check, assemble the tables.

The work is split by what it depends on:

* Per document (one raw/records/*.yaml and the source text it names),
  documents.py: reading and validating the YAML (ingest's functions: same
  messages, same lines), the source's hash and size, and placing every
  quote. The result is a set of Arrow columns per table (tables.py). This
  is the expensive part; it runs in this process and in worker processes
  of a standard process pool when there are many documents to read
  (documents.Sharing), and is cached under ``<out>/.cache``
  (cache.py) keyed by the SHA-256 of the document's bytes, its path and the
  code (every file of build/ and schema/, and the library versions), with
  the SHA-256 of its source text checked on every use. A document with any
  problem is never cached, and a failed build writes nothing, not even the
  cache (the last good build's cache stays as it was).
* Across documents and reference tables (crosscheck.py): unique ids,
  retired ids, references to actors, places, events and records,
  exclusions; then the table checks (tables.py). These are recomputed on
  every build, from the columns, with Arrow compute, so a change to
  actors.yaml, places.yaml, retired_ids.yaml, an exclusions file or another
  document can never leave a stale result. Actors, places and retired ids
  are read and validated by ingest every time; exclusions files (one per
  source) are cached by content like documents.

The record-by-record reference build of the tests (tests/build/oracle.py:
ingest.read_raw -> check_all -> to_arrow -> Pandera) gives the same tables, byte for byte, and the same
problems; the tests compare the two.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from pathlib import Path

from ..schema.registry import REFERENCE_FILES
from ..schema.table_specs import TABLES
from .cache import Cache, code_version, doc_key
from .crosscheck import cross_checks
from .documents import PARTS, Sharing, default_jobs, process_documents, worth_sharing
from .incidents import derive as derive_incidents
from .ingest import Origin, RawData, read_exclusions, read_reference, read_retired
from .rawtree import RETIRED_FILE
from .tables import DOC_TABLES, arrow_table, final_tables, table_checks, work_schema


@dataclass
class FastResult:
    tables: dict
    fingerprint: str
    seconds: dict
    stats: dict
    saver: object = None  # the Future of the cache being prepared in a thread, if any
    inputs: dict = field(default_factory=dict)  # every raw file's SHA-256, and the source each document codes

    cache: object = None  # the Cache the saver prepares

    def wait(self) -> None:
        """Wait for the new cache to be prepared (the caller writes its outputs meanwhile); raise its error."""
        if self.saver is not None:
            saver, self.saver = self.saver, None
            saver.result()

    def commit(self) -> None:
        """The build succeeded: put the new cache in place."""
        self.wait()
        if self.cache is not None:
            self.cache.commit()

    def discard(self) -> None:
        """The build failed: leave the cache as it was."""
        try:
            self.wait()
        except Exception:  # noqa: BLE001 - the build fails anyway, for the caller's reason
            pass
        if self.cache is not None:
            self.cache.discard()


class Hashes:
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
    for folder, _dirs, files in os.walk(base):
        rel = os.path.relpath(folder, base)
        prefix = "" if rel == "." else rel.replace(os.sep, "/") + "/"
        for f in files:
            if os.path.isfile(os.path.join(folder, f)):
                out.append(prefix + f)
    out.sort(key=lambda r: r.split("/"))
    return out


def fingerprint(root: Path, hashes: Hashes) -> tuple[str, dict[str, str]]:
    """SHA-256 over every raw file's path and digest (build.raw_fingerprint, the manifest's raw_sha256), reusing the digests already taken; and every file's digest."""
    h = hashlib.sha256()
    files = {}
    for rel in _raw_files(root):
        files[rel] = hashes(rel) or ""
        h.update(os.fsencode(rel) + b"\0")  # a name that is not UTF-8 is a stray file; hashed as its bytes meanwhile
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


def run(raw_dir: Path, cache_dir: Path | None = None, jobs: int | None = None, version: str = "") -> FastResult:
    """Validate raw_dir and return the built Arrow tables; raise BuildFailed with every problem."""
    import time

    import pyarrow  # noqa: F401  (imported before the clock starts: the stage times measure the work, not this import)

    t0 = time.perf_counter()
    root = Path(raw_dir)
    try:
        # a name that cannot be shown (not UTF-8, a newline) is a stray file (rawtree.py), not read
        names = sorted(e.name for e in os.scandir(root / "records") if e.name.endswith(".yaml") and e.name.isprintable())
    except OSError:  # an unreadable records folder: a problem of rawtree's stray-file check, reported with the others
        names = []
    job = _Job(
        root,
        Cache(cache_dir),
        Hashes(root),
        code_version(),
        names,
        [root / "records" / name for name in names],  # as sorted(glob("*.yaml")): one folder, so by name
        default_jobs() if jobs is None else jobs,
        version,
        f"{root.name}/" if root.name else "",
    )
    early = None
    if job.jobs > 1 and not job.cache.index and worth_sharing(job.paths):  # cold: start the workers now, their imports overlap what follows
        early = Sharing(job.root, job.paths, job.jobs)
    try:
        return _run(job, early, t0)
    finally:
        if early is not None:  # (already shut down once the documents are read)
            early.close()


@dataclass
class _Job:
    """What every stage of one run reads."""

    root: Path
    cache: Cache
    hashes: Hashes
    code: str  # code_version(): part of every cache key
    names: list[str]  # the records files, by name
    paths: list[Path]
    jobs: int
    version: str
    shown: str  # how ingest names files: relative to raw/'s parent


def _run(job: _Job, early: Sharing | None, t0: float) -> FastResult:
    """The stages: read (reference tables, cache, documents, exclusions), check, assemble, check the tables."""
    import time

    from .problems import BuildFailed

    ref = _read_references(job)
    keys, digests, cached, todo = _look_up(job)
    results, shared = _parse_documents(job, todo, early)
    t_parse = time.perf_counter()
    parse_parts = {part: sum(r.seconds.get(part, 0.0) for r in results) for part in PARTS}  # summed over processes
    exclusions = _exclusions(job, ref)
    fresh = _fresh_documents(results)
    read_problems = list(ref.problems) + [pr for res in results for d in res.docs for pr in d.read_problems]
    check_problems = [pr for res in results for d in res.docs for pr in d.check_problems]
    work, doc_rows, entries, drifted = _assemble(job, keys, digests, cached, fresh, results)
    failed = {d: v[0] for d, v in fresh.items() if v[0].check_problems}
    del results, fresh  # the assembled tables are copies: free the parts
    changed = bool(todo) or set(entries) != set(job.cache.index) or set(exclusions) != set(job.cache.exclusions)
    if read_problems:  # alone, as in the reference build
        raise BuildFailed(read_problems)  # (and nothing is written, the cache included: a failed build changes nothing)
    problems = check_problems + cross_checks(job.root, ref, work, list(zip(job.paths, doc_rows)), failed)
    t_check = time.perf_counter()
    if not problems:
        tables = final_tables(ref, work, job.version)
        tables["incidents"], problems = derive_incidents(tables, {i.incident_id: o for i, o in ref.incidents}, job.version)
        problems += table_checks(tables)
    if problems:
        raise BuildFailed(problems)
    t_tables = time.perf_counter()
    saver = None
    if job.cache.folder is not None and changed:  # prepared while the caller writes the outputs (I/O, no GIL held); committed if the build succeeds
        saver = _in_a_thread(job.cache.prepare, entries, work, exclusions)
    digest, files = fingerprint(job.root, job.hashes)
    files.update(drifted)
    inputs = {"files": files, "documents": _documents(job.names, doc_rows, work["sources"])}
    seconds = {"parse": t_parse - t0, "check": t_check - t_parse, "tables": t_tables - t_check, "fingerprint": time.perf_counter() - t_tables}
    stats = {"documents": len(job.paths), "parsed": len(todo), "cached": len(cached), "jobs": job.jobs if shared else 1, "parse_parts": parse_parts}
    return FastResult(tables, digest, seconds, stats, saver, inputs, job.cache if saver is not None else None)


def _read_references(job: _Job) -> RawData:
    """The reference tables and the retired ids, read and validated on every build."""
    for rel in REFERENCE_FILES:  # hashed before they are read: a file saved meanwhile is seen as changed next time
        job.hashes(rel)
    ref = RawData()
    for rel, table in REFERENCE_FILES.items():
        setattr(ref, table, read_reference(job.root / rel, job.root, table, TABLES[table].model, ref))
    read_retired(job.root / RETIRED_FILE, job.root, ref)
    return ref


def _look_up(job: _Job) -> tuple[list[str], list[str | None], dict, list[Path]]:
    """Each document's cache key and digest; the entries the cache holds, and the documents to read."""
    keys, digests, cached, todo = [], [], {}, []
    for name, p in zip(job.names, job.paths):
        rel = f"records/{name}"
        digest = job.hashes(rel)
        key = doc_key(job.code, f"{job.shown}{rel}", digest or "")
        keys.append(key)
        digests.append(digest)
        entry = job.cache.lookup(key, job.hashes) if digest else None
        if entry is not None:
            cached[key] = entry
        else:
            todo.append(p)
    return keys, digests, cached, todo


def _parse_documents(job: _Job, todo: list[Path], early: Sharing | None) -> tuple[list, bool]:
    """The per-document work of the documents not in the cache (in parallel when many); whether workers shared it.

    early: the pool run() started on a cold build, its chunks covering todo (every document).
    """
    if early is None and job.jobs > 1 and worth_sharing(todo):
        early = Sharing(job.root, todo, job.jobs)
    if early is None:
        return ([process_documents(str(job.root), [str(p) for p in todo])] if todo else []), False
    try:
        return early.results(), True
    finally:
        early.close()  # the workers' memory is freed before the checks; on a failure, what no process has begun is dropped


def _exclusions(job: _Job, ref: RawData) -> dict:
    """Read every exclusions file into ref; exclusions files are small but many (one per source): cached too, by content."""
    exclusions = {}
    for p in sorted(p for p in (job.root / "sources").glob("*.exclusions.yaml") if p.name.isprintable()):
        rel = p.relative_to(job.root).as_posix()
        display, stem = f"{job.shown}{rel}", p.name.removesuffix(".exclusions.yaml")
        digest = job.hashes(rel)
        key = doc_key(job.code, display, digest or "")
        hit = job.cache.exclusions.get(key) if digest else None
        if hit is not None:
            ref.exclusions[stem] = [(s, r, Origin(display, line)) for s, r, line in hit]
            exclusions[key] = hit
            continue
        before = len(ref.problems)
        read_exclusions(p, job.root, ref)
        if digest and len(ref.problems) == before and stem in ref.exclusions:
            exclusions[key] = [[s, r, o.line] for s, r, o in ref.exclusions[stem]]
    return exclusions


def _fresh_documents(results: list) -> dict:
    """display -> (DocResult, the ChunkResult holding its rows, its first row in each of that chunk's tables)."""
    fresh = {}
    for res in results:
        offsets = {t: 0 for t in DOC_TABLES}
        for doc in res.docs:
            fresh[doc.display] = (doc, res, dict(offsets))
            for t, n in doc.rows.items():
                offsets[t] += n
    return fresh


def _assemble(job: _Job, keys: list[str], digests: list, cached: dict, fresh: dict, results: list):
    """Each document table in document order, from ranges of the cached tables and fresh rows.

    Returns the tables, each document's rows in them (table -> (start, count)),
    the cache entries of this build, and the records files that changed while
    they were read (their rows are used, recorded under what was read, and not cached).
    """
    doc_rows: list[dict] = []
    entries, drifted = {}, {}
    runs: dict[str, list] = {t: [] for t in DOC_TABLES}  # consecutive ranges to merge: [src, start, count]
    totals = {t: 0 for t in DOC_TABLES}
    for name, key, digest in zip(job.names, keys, digests):
        if key in cached:
            entry = cached[key]
            src, ranges = "cache", entry["rows"]
        else:
            doc, res, offs = fresh[f"{job.shown}records/{name}"]
            if doc.read_problems:
                doc_rows.append({})
                continue
            src = id(res)
            ranges = {t: [offs[t], doc.rows.get(t, 0)] for t in DOC_TABLES}
            entry = {"display": doc.display, "source_file": doc.source_file, "source_sha256": doc.source_sha256}
        mine = _take(ranges, src, runs, totals)
        doc_rows.append(mine)
        if key not in cached and doc.sha256 != digest:  # the file changed between hashing and reading
            drifted[f"records/{name}"] = doc.sha256
            continue
        entries[key] = {
            "display": entry["display"],
            "source_file": entry["source_file"],
            "source_sha256": entry["source_sha256"],
            "rows": {t: list(mine[t]) for t in DOC_TABLES},
        }
    return _concat(runs, job.cache, results), doc_rows, entries, drifted


def _take(ranges: dict, src, runs: dict, totals: dict) -> dict:
    """Add a document's row ranges to each table's runs; return where its rows land in the assembled tables."""
    mine = {}
    for t in DOC_TABLES:
        start, count = ranges[t]
        mine[t] = (totals[t], count)
        totals[t] += count
        run_ = runs[t]
        if run_ and run_[-1][0] == src and run_[-1][1] + run_[-1][2] == start:
            run_[-1][2] += count
        else:
            run_.append([src, start, count])
    return mine


def _concat(runs: dict, cache: Cache, results: list) -> dict:
    import pyarrow as pa

    by_id = {id(res): res for res in results}
    work = {}
    for t in DOC_TABLES:
        pieces = [(cache.tables[t] if src == "cache" else by_id[src].tables[t]).slice(start, count) for src, start, count in runs[t]]
        work[t] = pa.concat_tables(pieces).combine_chunks() if pieces else arrow_table([], work_schema(t))
    return work


def _in_a_thread(fn, *args):
    """fn(*args) in a thread of its own; the Future's result() waits for it and raises its error."""
    from concurrent.futures import ThreadPoolExecutor

    pool = ThreadPoolExecutor(max_workers=1, thread_name_prefix=getattr(fn, "__name__", "background"))
    try:
        return pool.submit(fn, *args)
    finally:
        pool.shutdown(wait=False)  # the task runs on; nothing else is taken
