"""Benchmarks of the build and the access paths on synthetic corpora.

    python benchmarks/run.py            # 10k, 100k and 1M records (about 7 minutes on 2 idle cores)
    python benchmarks/run.py --quick    # 10k and 100k only (about 2 minutes)

Prints a Markdown table and writes benchmarks/results.json. Every build runs
in a fresh subprocess (``python -c``), timed from outside, with its peak
memory sampled from /proc over the whole process tree (the build and its
worker processes) every 10 ms; ru_maxrss of the largest single process is
reported beside it. Corpora come from benchmarks/generate.py (100 records per
document, seed 0) and are kept in --work (default build/bench) for reuse. The
package is copied to <work>/code first and every subprocess imports that
copy, so edits to the working tree during a run change nothing.

Measured, per size N:
  cold         full build, no cache (build/.cache removed): wall time,
               records/s, CPU seconds, peak RSS, each stage's share, and
               the parse stage's parts (YAML, Pydantic validation, hashes
               and quotes, columns) summed over the processes
  warm         the same build again, nothing changed, cache present
  floor        read every raw file's bytes + write the same Parquet files
               (same options) from tables already in memory: the I/O a
               build cannot avoid; build/floor ratios
  incremental  (100k: 1,000 documents) one document edited, then a build;
               median of three edits, beside the import floor: a bare
               `python -c "import pyarrow.parquet, duckdb"` (median of 7)
once:
  import       `import karabakh_data` minus a bare interpreter (median of 15)
  load         karabakh_data.load("events") vs pandas.read_parquet of the
               same file, at the largest N (best of 5, in one process)
  query        a view query through connect() (query only, and connect),
               through the CLI (`karabakh-data query`, whole process) and
               through a bare `python -c "import duckdb; ..."` that creates
               every table and view as the CLI used to
  one table    `karabakh-data query "select count(*) from events"` against
               a bare `python -c "import duckdb; duckdb.sql(\"select
               count(*) from read_parquet('.../events.parquet')\").fetchall()"`,
               whole processes, wall and CPU (median of 7), on the shipped
               data and on the largest N
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PY = sys.executable
SIZES = [10_000, 100_000, 1_000_000]
PER_DOC = 100
TARGETS = {
    "cold_100k_s": 5.0,
    "rate_1m": 50_000,
    "warm_over_floor_1m": 3.0,
    "incremental_100k_s": 1.0,
    "incremental_over_import_floor": 2.5,
    "rss_1m_mb": 1500,
    "import_ms": 30,
    "cli_over_bare": 1.3,
    "one_table_over_bare": 1.3,
    "load_over_pandas": 1.2,
    "view_query_ms": 200,
}
ONE_TABLE_QUERY = "select count(*) from events"
IMPORT_FLOOR = "import pyarrow.parquet, duckdb"
"""What any process that writes Parquet and DuckDB pays before its first row: the incremental build's floor."""
VIEW_QUERY = "SELECT record_table, count(*) AS n, min(date_start) AS first, max(date_end) AS last FROM claims GROUP BY 1 ORDER BY 1"
EVENTS_QUERY = "SELECT event_type, count(*) AS n, count(*) FILTER (WHERE disputed) AS disputed FROM events_geo GROUP BY 1 ORDER BY 1"


# --- measuring a subprocess -------------------------------------------------------------------


def _tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        try:
            with open(f"/proc/{p}/status") as f:
                for line in f:
                    if line.startswith("VmRSS:"):
                        total += int(line.split()[1])
                        break
            with open(f"/proc/{p}/task/{p}/children") as f:
                todo += [int(c) for c in f.read().split()]
        except (OSError, ValueError):
            pass
    return total


def measure(cmd: list[str], env: dict | None = None, cwd: Path | None = None) -> dict:
    """Run cmd; wall seconds, CPU seconds of the process tree, peak RSS (tree sum and largest), stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, cwd=cwd, text=True)
    peak = [0]
    done = threading.Event()

    def sample():
        while not done.is_set():
            peak[0] = max(peak[0], _tree_rss_kb(proc.pid))
            done.wait(0.01)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    wall = time.perf_counter() - start
    done.set()
    sampler.join()
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if proc.returncode != 0:
        raise RuntimeError(f"{' '.join(cmd[:3])}... failed ({proc.returncode}):\n{err[-3000:]}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return {"wall": wall, "cpu": cpu, "rss_tree_mb": peak[0] / 1024, "rss_max_process_mb": after.ru_maxrss / 1024, "stdout": out}


BUILD = """
import json, sys, time
from pathlib import Path
from karabakh_data.build.pipeline import build
t = time.perf_counter()
r = build(Path(sys.argv[1]), Path(sys.argv[2]), None)
print(json.dumps({"seconds": r.seconds, "stats": r.stats, "rows": r.rows, "inside": time.perf_counter() - t}))
"""

FLOOR = """
import json, sys, time, os
from pathlib import Path
import pyarrow.parquet as pq
from karabakh_data.build.output import PARQUET_OPTIONS
raw, built, dest = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])
tables = {p.stem: pq.read_table(p) for p in sorted(built.glob("*.parquet"))}  # in memory before timing
dest.mkdir(parents=True, exist_ok=True)
t0 = time.perf_counter()
n = 0
for root, _, files in os.walk(raw):
    for f in files:
        with open(os.path.join(root, f), "rb") as fh:
            n += len(fh.read())
t1 = time.perf_counter()
for name, tbl in tables.items():
    pq.write_table(tbl, dest / f"{name}.parquet", **PARQUET_OPTIONS)
t2 = time.perf_counter()
print(json.dumps({"read": t1 - t0, "write": t2 - t1, "bytes": n}))
"""

LOAD = """
import json, sys, time
import pandas as pd
import karabakh_data as kd
from karabakh_data.access import data_dir
path = data_dir() / "events.parquet"
def best(f, n=5):
    out = []
    for _ in range(n):
        t = time.perf_counter(); f(); out.append(time.perf_counter() - t)
    return min(out)
pd.read_parquet(path); kd.load("events")  # warm the page cache and imports
print(json.dumps({
    "rows": len(pd.read_parquet(path)),
    "pandas": best(lambda: pd.read_parquet(path)),
    "load": best(lambda: kd.load("events")),
    "load_noverify": best(lambda: kd.load("events", verify=False)),
}))
"""

CONNECT = """
import json, sys, time
import karabakh_data as kd
t = time.perf_counter(); con = kd.connect(); t_connect = time.perf_counter() - t
out = {"connect": t_connect}
for name, q in (("claims", sys.argv[1]), ("events_geo", sys.argv[2])):
    con.sql(q).fetchall()
    times = []
    for _ in range(5):
        t = time.perf_counter(); con.sql(q).fetchall(); times.append(time.perf_counter() - t)
    out[name] = min(times)
print(json.dumps(out))
"""

BARE = """
import duckdb, glob, os, sys
d = sys.argv[1]
con = duckdb.connect()
for p in sorted(glob.glob(os.path.join(d, '*.parquet'))):
    con.execute(f"CREATE VIEW \\"{os.path.basename(p)[:-8]}\\" AS SELECT * FROM read_parquet('{p}')")
for v in sorted(glob.glob(os.path.join(sys.argv[2], '*.sql'))):
    con.execute(open(v).read())
print(con.sql(sys.argv[3]).fetchall())
"""


BARE_ONE_TABLE = "import duckdb, sys; duckdb.sql(f\"select count(*) from read_parquet('{sys.argv[1]}')\").fetchall()"


PARSE = """
import gc, json, sys, time
from pathlib import Path
from karabakh_data.build import plainyaml, rawio
from karabakh_data.build.ingest import RECORD_LISTS
files = sorted(Path(sys.argv[1]).glob("records/*.yaml"))
texts = [f.read_text(encoding="utf-8") for f in files]
n = sum(len(plainyaml.parse(t).get(k) or []) for t in texts for k in RECORD_LISTS)
def cpu(f, reps=3):
    best = 1e9
    for _ in range(reps):
        t = time.process_time(); f(); best = min(best, time.process_time() - t)
    return best / n * 1e6
import yaml
docs = [plainyaml.parse(t) for t in texts]
items = [(RECORD_LISTS[k], it) for d in docs for k in RECORD_LISTS for it in d.get(k) or []]
def validate():
    for model, it in items:
        model.model_validate(it)
def validate_nogc():
    gc.disable()
    try:
        validate()
    finally:
        gc.enable()
print(json.dumps({
    "records": n,
    "libyaml_events_us": cpu(lambda: [list(yaml.parse(t, Loader=rawio._Parser)) for t in texts], 1),
    "rawio_us": cpu(lambda: [rawio.load_yaml(t, "f") for t in texts], 1),
    "fastyaml_us": cpu(lambda: [plainyaml.parse(t) for t in texts]),
    "pydantic_us": cpu(validate),
    "pydantic_nogc_us": cpu(validate_nogc),
}))
"""

REFERENCE = """
import json, sys, time
from pathlib import Path
from oracle import validate_reference  # tests/build/oracle.py, copied beside the package (snapshot_code)
t = time.perf_counter()
_, _, seconds = validate_reference(Path(sys.argv[1]))
print(json.dumps({"seconds": seconds, "total": time.perf_counter() - t}))
"""


def median_cost(cmd: list[str], n: int, env: dict | None = None) -> dict:
    """Median wall and CPU seconds (user + system, the process and its children) of n runs of cmd."""
    walls, cpus = [], []
    for _ in range(n):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=CODE_CWD)
        walls.append(time.perf_counter() - t)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime))
    return {"wall": statistics.median(walls), "cpu": statistics.median(cpus)}


def median_wall(cmd: list[str], n: int, env: dict | None = None) -> float:
    times = []
    for _ in range(n):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env, cwd=CODE_CWD)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


# --- the benchmark ------------------------------------------------------------------------------------


def corpus(work: Path, n: int) -> Path:
    """The synthetic raw/ for n records (generated once, kept while the generator is unchanged)."""
    sys.path.insert(0, str(HERE))
    from generate import generate

    docs = max(1, n // PER_DOC)
    folder = work / f"corpus-{n}"
    stamp = folder / "stamp.json"
    want = {"records": n, "docs": docs, "seed": 0, "generator": (HERE / "generate.py").stat().st_mtime_ns}
    if stamp.exists() and json.loads(stamp.read_text()) == want:
        return folder / "raw"
    shutil.rmtree(folder, ignore_errors=True)
    t = time.perf_counter()
    raw = generate(folder, n, docs, seed=0)
    stamp.write_text(json.dumps(want))
    print(f"  generated {n:,} records over {docs:,} documents in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return raw


CODE_ENV: dict | None = None  # PYTHONPATH pointing at a snapshot of the package (see snapshot_code)
CODE_CWD: Path | None = None  # not the project root: `python -c` puts the current folder first on sys.path


def snapshot_code(work: Path) -> dict:
    """Copy karabakh_data/ aside and run every measurement on the copy.

    A benchmark takes minutes; files edited in the working tree meanwhile
    must not change the code under test halfway (nor the build cache's
    code version between a cold and a warm build).
    """
    dest = work / "code"
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(ROOT / "karabakh_data", dest / "karabakh_data", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copy(ROOT / "tests" / "build" / "oracle.py", dest / "oracle.py")  # the reference build, measured for comparison
    return dict(os.environ, PYTHONPATH=os.pathsep.join([str(dest), os.environ.get("PYTHONPATH", "")]).rstrip(os.pathsep))


def run_build(raw: Path, out: Path) -> dict:
    m = measure([PY, "-c", BUILD, str(raw), str(out)], env=CODE_ENV, cwd=CODE_CWD)
    m.update(json.loads(m.pop("stdout").strip().splitlines()[-1]))
    return m


def bench_size(work: Path, n: int, incremental: bool) -> dict:
    print(f"N = {n:,}", file=sys.stderr)
    raw = corpus(work, n)
    out = work / f"build-{n}"
    shutil.rmtree(out, ignore_errors=True)
    res = {"records": n, "documents": max(1, n // PER_DOC), "raw_mb": sum(p.stat().st_size for p in raw.rglob("*") if p.is_file()) / 1e6}
    res["cold"] = run_build(raw, out)
    res["warm"] = run_build(raw, out)
    floor = measure([PY, "-c", FLOOR, str(raw), str(out / "data"), str(work / "floor")], env=CODE_ENV, cwd=CODE_CWD)
    floor.update(json.loads(floor.pop("stdout").strip().splitlines()[-1]))
    floor["total"] = floor["read"] + floor["write"]
    res["floor"] = floor
    if incremental:
        doc = sorted((raw / "records").glob("*.yaml"))[res["documents"] // 2]
        text = doc.read_text(encoding="utf-8")
        runs = []
        try:
            for k in range(1, 4):  # three different edits of one document, each a build of its own
                doc.write_text(text.replace("description: ", "description: " + "Reportedly, " * k, 1), encoding="utf-8")
                runs.append(run_build(raw, out))
        finally:
            doc.write_text(text, encoding="utf-8")
        res["incremental"] = sorted(runs, key=lambda r: r["wall"])[1]
        res["import_floor"] = median_wall([PY, "-c", IMPORT_FLOOR], 7)
    return res


def bench_parse(work: Path) -> dict:
    """CPU microseconds per record of each way to read and validate, and the reference path, on 10k records."""
    raw = corpus(work, 10_000)
    m = measure([PY, "-c", PARSE, str(raw)], env=CODE_ENV, cwd=CODE_CWD)
    res = json.loads(m["stdout"].strip().splitlines()[-1])
    ref = measure([PY, "-c", REFERENCE, str(raw)], env=CODE_ENV, cwd=CODE_CWD)
    res["reference_validate"] = json.loads(ref["stdout"].strip().splitlines()[-1]) | {"wall": ref["wall"]}
    return res


QUOTES = r"""
import json, sys, time
from karabakh_data.build.quotes import locate
out = []
for n, m, unit in [(400_000, 40_000, "a"), (400_000, 40_000, "The same line again. "), (800_000, 80_000, "a")]:
    text = (unit * (n // len(unit) + 1))[:n]
    t = time.perf_counter()
    found = locate(text, text[:m], None)
    out.append({"text": n, "quote": m, "period": len(unit), "seconds": time.perf_counter() - t, "found": found})
print(json.dumps(out))
"""


def bench_quotes(work: Path) -> list:
    """Placing a quote that repeats through its text (overlapping matches): the worst case of quotes.locate, far below the file-size limit."""
    m = measure([PY, "-c", QUOTES], env=CODE_ENV, cwd=CODE_CWD)
    return json.loads(m["stdout"].strip().splitlines()[-1])


def quote_rows(cases: list) -> str:
    out = "\n| placing a repeating quote (quotes.locate) | time |\n|---|---|\n"
    for c in cases:
        out += f"| {c['quote'] // 1000} KB quote in a {c['text'] // 1000} KB text, period {c['period']} ({c['found'].split(' times')[0].removeprefix('quote occurs ')} matches) | {fmt_s(c['seconds'])} |\n"
    return out


def bench_access(work: Path, n: int) -> dict:
    data = work / f"build-{n}" / "data"
    env = dict(CODE_ENV or os.environ, KARABAKH_DATA_DIR=str(data))
    res = {"records": n}
    bare_py = median_wall([PY, "-c", "pass"], 15, env)
    kd_py = median_wall([PY, "-c", "import karabakh_data"], 15, env)
    res["import"] = {"bare": bare_py, "karabakh_data": kd_py, "over_bare": kd_py - bare_py}
    load = measure([PY, "-c", LOAD], env=env, cwd=CODE_CWD)
    res["load"] = json.loads(load["stdout"].strip().splitlines()[-1])
    con = measure([PY, "-c", CONNECT, VIEW_QUERY, EVENTS_QUERY], env=env, cwd=CODE_CWD)
    res["connect"] = json.loads(con["stdout"].strip().splitlines()[-1])
    cli = str(Path(PY).parent / "karabakh-data")
    cli_cmd = [cli, "query", VIEW_QUERY] if Path(cli).exists() else [PY, "-m", "karabakh_data", "query", VIEW_QUERY]
    views = str(args_work(data) / "code" / "karabakh_data" / "access" / "sql" / "views")
    res["cli"] = median_wall(cli_cmd, 5, env)
    res["bare_duckdb"] = median_wall([PY, "-c", BARE, str(data), views, VIEW_QUERY], 5, env)
    shipped = args_work(data) / "code" / "karabakh_data" / "data"
    res["one_table"] = {}
    for label, folder in (("shipped", shipped), (f"{n:,} records", data)):
        env_one = dict(CODE_ENV or os.environ, KARABAKH_DATA_DIR=str(folder))
        cli_one = [cli, "query", ONE_TABLE_QUERY] if Path(cli).exists() else [PY, "-m", "karabakh_data", "query", ONE_TABLE_QUERY]
        res["one_table"][label] = {
            "cli": median_cost(cli_one, 7, env_one),
            "bare": median_cost([PY, "-c", BARE_ONE_TABLE, str(folder / "events.parquet")], 7, env_one),
        }
    cli_mods = (
        subprocess.run(
            [
                PY,
                "-c",
                "import sys, runpy; sys.argv=['karabakh-data','query','SELECT 1']; from karabakh_data.cli import main; main(sys.argv[1:]); print(sorted(m for m in ('pandas','pandera','pydantic','pyarrow') if m in sys.modules))",
            ],
            env=env,
            cwd=CODE_CWD,
            capture_output=True,
            text=True,
            check=True,
        )
        .stdout.strip()
        .splitlines()[-1]
    )
    res["cli_heavy_modules"] = cli_mods
    return res


def args_work(data: Path) -> Path:
    return data.parent.parent  # <work>/build-N/data


def machine() -> dict:
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), platform.processor())
    mem = next((int(l.split()[1]) // 1024 for l in open("/proc/meminfo") if l.startswith("MemTotal")), 0)
    import duckdb
    import pandas
    import pyarrow
    import pydantic

    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_mb": mem,
        "python": platform.python_version(),
        "platform": platform.platform(),
        "libraries": {m.__name__: m.__version__ for m in (pydantic, pyarrow, duckdb, pandas)},
        "load_average_start": os.getloadavg(),
    }


def fmt_s(x: float) -> str:
    return f"{x:.2f} s" if x >= 0.1 else f"{x * 1000:.0f} ms"


def table(results: dict) -> str:
    sizes = results["sizes"]
    head = "| | " + " | ".join(f"{s['records']:,} records ({s['documents']:,} docs)" for s in sizes) + " |"
    rows = [head, "|---|" + "---|" * len(sizes)]

    def row(label, f):
        rows.append(f"| {label} | " + " | ".join(f(s) for s in sizes) + " |")

    row("raw input", lambda s: f"{s['raw_mb']:.0f} MB")
    row("**cold build** (no cache)", lambda s: fmt_s(s["cold"]["wall"]))
    row("records/s (cold)", lambda s: f"{s['records'] / s['cold']['wall']:,.0f}")
    row("CPU time (cold, all processes)", lambda s: fmt_s(s["cold"]["cpu"]))
    row("peak RSS (cold; sum of processes / largest)", lambda s: f"{s['cold']['rss_tree_mb']:.0f} / {s['cold']['rss_max_process_mb']:.0f} MB")
    for stage in ("parse", "check", "tables", "fingerprint", "write"):
        row(
            f"&nbsp;&nbsp;{stage} share (cold)",
            lambda s, st=stage: f"{100 * s['cold']['seconds'].get(st, 0) / s['cold']['inside']:.0f}% ({fmt_s(s['cold']['seconds'].get(st, 0))})",
        )
    parts = ("yaml", "validate", "document_checks", "columns")  # build.documents.PARTS

    def parse_parts(s):
        got = s["cold"]["stats"].get("parse_parts", {})
        return " / ".join(fmt_s(got.get(p, 0)) for p in parts)

    row("&nbsp;&nbsp;&nbsp;&nbsp;parse, summed over processes: YAML / validate / hashes+quotes / columns", parse_parts)
    row("**warm build** (nothing changed)", lambda s: fmt_s(s["warm"]["wall"]))
    for stage in ("parse", "check", "tables", "write"):
        row(f"&nbsp;&nbsp;{stage} (warm)", lambda s, st=stage: fmt_s(s["warm"]["seconds"].get(st, 0)))
    row("**floor** (read raw + write Parquet)", lambda s: f"{fmt_s(s['floor']['total'])} ({fmt_s(s['floor']['read'])} + {fmt_s(s['floor']['write'])})")
    row("cold / floor", lambda s: f"{s['cold']['wall'] / s['floor']['total']:.1f}x")
    row("warm / floor", lambda s: f"{s['warm']['wall'] / s['floor']['total']:.1f}x")
    row("**incremental** (1 document edited; median of 3)", lambda s: fmt_s(s["incremental"]["wall"]) if "incremental" in s else "")
    row(
        f'incremental / import floor (`python -c "{IMPORT_FLOOR}"`)',
        lambda s: f"{s['incremental']['wall'] / s['import_floor']:.1f}x ({fmt_s(s['import_floor'])})" if "incremental" in s else "",
    )
    out = "\n".join(rows)
    a = results["access"]
    out += "\n\n| access path | time |\n|---|---|\n"
    out += f"| `import karabakh_data` over bare `python -c pass` | {a['import']['over_bare'] * 1000:.0f} ms ({a['import']['karabakh_data'] * 1000:.0f} vs {a['import']['bare'] * 1000:.0f} ms) |\n"
    ld = a["load"]
    out += f'| `load("events")` ({ld["rows"]:,} rows) vs `pandas.read_parquet` | {fmt_s(ld["load"])} vs {fmt_s(ld["pandas"])} = {ld["load"] / ld["pandas"]:.2f}x (verify=False: {ld["load_noverify"] / ld["pandas"]:.2f}x) |\n'
    c = a["connect"]
    out += f"| view query via `connect()`: claims over {a['records']:,} records | {fmt_s(c['claims'])} (connect() itself {fmt_s(c['connect'])}) |\n"
    out += f"| view query via `connect()`: events_geo | {fmt_s(c['events_geo'])} |\n"
    out += f'| `karabakh-data query` (claims view) vs bare `python -c "import duckdb; ..."` | {fmt_s(a["cli"])} vs {fmt_s(a["bare_duckdb"])} = {a["cli"] / a["bare_duckdb"]:.2f}x |\n'
    for label, o in a.get("one_table", {}).items():
        c, b = o["cli"], o["bare"]
        out += (
            f'| `karabakh-data query "{ONE_TABLE_QUERY}"` vs bare `python -c "import duckdb; duckdb.sql(...read_parquet(events.parquet))"`, {label} data '
            f"| wall {fmt_s(c['wall'])} vs {fmt_s(b['wall'])} = {c['wall'] / b['wall']:.2f}x; CPU {fmt_s(c['cpu'])} vs {fmt_s(b['cpu'])} = {c['cpu'] / b['cpu']:.2f}x |\n"
        )
    out += f"| heavy modules imported by `karabakh-data query` | {a['cli_heavy_modules']} |\n"
    if results.get("quotes"):
        out += quote_rows(results["quotes"])
    p = results.get("parse")
    if p:
        ref = p["reference_validate"]
        out += f"\n| reading and validating one record ({p['records']:,}-record corpus) | CPU per record |\n|---|---|\n"
        out += f"| libyaml events only (PyYAML C parser, before building any value) | {p['libyaml_events_us']:.0f} us |\n"
        out += f"| `rawio.load_yaml` (events -> located values) | {p['rawio_us']:.0f} us |\n"
        out += f"| `plainyaml.parse` (same values and lines) | {p['fastyaml_us']:.0f} us |\n"
        out += f"| Pydantic `model_validate` | {p['pydantic_us']:.0f} us ({p['pydantic_nogc_us']:.0f} us with gc paused) |\n"
        sec = ref["seconds"]
        out += f"| reference path (read_raw, check_all, to_arrow, Pandera), no write | {fmt_s(ref['wall'])} wall: parse {fmt_s(sec['parse'])}, check {fmt_s(sec['check'])}, tables {fmt_s(sec['tables'])} |\n"
    return out


def targets(results: dict) -> list[tuple[str, str, bool]]:
    by = {s["records"]: s for s in results["sizes"]}
    a = results["access"]
    out = []
    if 100_000 in by:
        s = by[100_000]
        out.append(("cold build of 100k records < 5 s", fmt_s(s["cold"]["wall"]), s["cold"]["wall"] < TARGETS["cold_100k_s"]))
        if "incremental" in s:
            out.append(("incremental (1 of 1,000 documents) < 1 s", fmt_s(s["incremental"]["wall"]), s["incremental"]["wall"] < TARGETS["incremental_100k_s"]))
            r = s["incremental"]["wall"] / s["import_floor"]
            out.append(("incremental within 2.5x of the import floor", f"{r:.1f}x", r <= TARGETS["incremental_over_import_floor"]))
    if 1_000_000 in by:
        s = by[1_000_000]
        rate = s["records"] / s["cold"]["wall"]
        out.append((">= 50k records/s at 1M", f"{rate:,.0f}/s", rate >= TARGETS["rate_1m"]))
        ratio = s["warm"]["wall"] / s["floor"]["total"]
        out.append(("warm build within 3x of floor at 1M", f"{ratio:.1f}x", ratio <= TARGETS["warm_over_floor_1m"]))
        out.append(("peak memory of the 1M build < 1.5 GB", f"{s['cold']['rss_tree_mb']:.0f} MB", s["cold"]["rss_tree_mb"] < TARGETS["rss_1m_mb"]))
    ms = a["import"]["over_bare"] * 1000
    out.append(("import < 30 ms over bare python", f"{ms:.0f} ms", ms < TARGETS["import_ms"]))
    r = a["cli"] / a["bare_duckdb"]
    out.append(("CLI view query within 1.3x of bare duckdb creating every view", f"{r:.2f}x", r <= TARGETS["cli_over_bare"]))
    for label, o in a.get("one_table", {}).items():
        r = o["cli"]["cpu"] / o["bare"]["cpu"]
        out.append((f"one-table CLI query within 1.3x of bare duckdb reading one file, CPU ({label} data)", f"{r:.2f}x", r <= TARGETS["one_table_over_bare"]))
    r = a["load"]["load"] / a["load"]["pandas"]
    out.append((f"load() within 1.2x of pandas.read_parquet ({a['load']['rows']:,} rows)", f"{r:.2f}x", r <= TARGETS["load_over_pandas"]))
    q = a["connect"]["claims"] * 1000
    out.append((f"view query < 200 ms ({a['records']:,} records)", f"{q:.0f} ms", q < TARGETS["view_query_ms"]))
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Benchmark the build and the access paths (see the module docstring).")
    p.add_argument("--quick", action="store_true", help="skip the 1M-record corpus")
    p.add_argument("--work", type=Path, default=ROOT / "build" / "bench", help="where corpora and builds go (default build/bench)")
    p.add_argument("--json", type=Path, default=HERE / "results.json")
    p.add_argument("--quotes", action="store_true", help="only the quote-placement row (a few seconds); writes no results.json")
    args = p.parse_args(argv)
    args.work.mkdir(parents=True, exist_ok=True)
    global CODE_ENV, CODE_CWD
    CODE_ENV, CODE_CWD = snapshot_code(args.work), args.work
    if args.quotes:
        print(quote_rows(bench_quotes(args.work)))
        return 0
    sizes = SIZES[:2] if args.quick else SIZES
    results = {"machine": machine(), "sizes": []}
    print("parse paths (10k records)", file=sys.stderr)
    results["parse"] = bench_parse(args.work)
    results["quotes"] = bench_quotes(args.work)
    for n in sizes:
        results["sizes"].append(bench_size(args.work, n, incremental=(n == 100_000)))
    results["access"] = bench_access(args.work, sizes[-1])
    results["machine"]["load_average_end"] = os.getloadavg()
    results["targets"] = [{"target": t, "measured": v, "met": ok} for t, v, ok in targets(results)]
    args.json.write_text(json.dumps(results, indent=1, default=str) + "\n", encoding="utf-8")
    print(table(results))
    print("\n| target | measured | met |\n|---|---|---|")
    for t, v, ok in targets(results):
        print(f"| {t} | {v} | {'yes' if ok else '**no**'} |")
    m = results["machine"]
    print(
        f"\nMachine: {m['cpu']}, {m['cores']} cores, {m['memory_mb'] // 1024} GB, Python {m['python']}; load average {m['load_average_start'][0]:.2f} at start, {m['load_average_end'][0]:.2f} at end."
    )
    print(f"Written: {args.json}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
