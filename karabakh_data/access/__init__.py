"""Reading the built dataset: load(), tables(), connect(), verify().

The catalogue (schema/registry.py) is the only way in: a name that is not in it
never reaches the file system or SQL. Data comes from the package's own copy
(karabakh_data/data/), in a checkout from its latest build when that is newer
(checkout.py), unless KARABAKH_DATA_DIR points at another build.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from ..schema.registry import TABLE_DESCRIPTIONS as TABLES

BACKENDS = ("pandas", "polars", "arrow")


class DataIntegrityError(Exception):
    """A data file does not match the manifest's SHA-256.

    ``problem`` says what is wrong; the message adds the remedy for Python
    users (the command line gives its own: ``karabakh-data verify``).
    """

    REMEDY = "reinstall karabakh-data or rebuild, or pass verify=False to load it anyway"

    def __init__(self, problem: str):
        super().__init__(f"{problem}; {self.REMEDY}")
        self.problem = problem


def data_dir() -> Path:
    """Folder holding the Parquet files and manifest.json."""
    from ..paths import DATA_DIR_ENV, PACKAGE_DATA, recover

    env = os.environ.get(DATA_DIR_ENV)
    if env:
        path = Path(env)
    else:
        from .checkout import choose, say_once

        path, note = choose(PACKAGE_DATA.parent.parent, PACKAGE_DATA)  # a checkout reads its latest build (checkout.py)
        say_once(note)

    recover(path)
    return path


def table_names() -> list[str]:
    return list(TABLES)


def check_name(name: str) -> str:
    if name not in TABLES:
        import difflib

        close = difflib.get_close_matches(str(name), TABLES, n=1)
        hint = f" Did you mean '{close[0]}'?" if close else ""
        raise KeyError(f"unknown table {name!r}.{hint} Tables: {', '.join(TABLES)}")
    return name


def manifest(folder: Path | None = None) -> dict:
    folder = folder or data_dir()
    return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))


def verify(folder: Path | None = None, against: Path | None = None) -> list[str]:
    """Compare every file with the manifest; return the differences (empty if intact).

    against: another manifest to trust instead of the folder's own, e.g. a
    release's as the checkout keeps it (releases/X.Y.Z/manifest.json): a
    tampered file whose entry in the folder's manifest was edited to match
    is then found. Only the table files are compared with it, the files
    every copy of a release holds byte for byte (a build folder's
    karabakh.duckdb and inputs.json are not byte-stable).
    """
    from ..paths import MANIFEST, sha256_file

    folder = folder or data_dir()
    try:
        listed = json.loads(Path(against).read_text(encoding="utf-8")) if against else manifest(folder)
        expected = listed["files"]
        if not isinstance(expected, dict) or not all(isinstance(v, dict) and isinstance(v.get("sha256"), str) for v in expected.values()):
            raise ValueError("'files' is not a mapping of file names to SHA-256")
        if against:
            tables = {t["file"] for t in listed["tables"].values()}
            expected = {name: entry for name, entry in expected.items() if name in tables}
    except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
        return [f"{against or 'manifest.json'} unreadable: {e}"]
    found = {p.name for p in folder.iterdir() if not p.is_dir() and p.name != MANIFEST and (not against or p.suffix == ".parquet")}
    problems = []
    for name in sorted(set(expected) | found):
        if name not in found:
            problems.append(f"{name}: removed (listed in the manifest, missing on disk)")
        elif name not in expected:
            problems.append(f"{name}: added (on disk, not in the manifest)")
        else:
            try:
                same = sha256_file(folder / name) == expected[name]["sha256"]
            except OSError as err:  # a FIFO or a device is refused, not read
                problems.append(f"{name}: cannot be checked ({(err.strerror or str(err)).lower()})")
                continue
            if not same:
                problems.append(f"{name}: changed (SHA-256 differs from the manifest)")
    return problems


def verified_path(name: str, check: bool = True, listed: dict | None = None) -> Path:
    """The table's file, checked against the manifest's files (listed: read already by the caller)."""
    from ..paths import sha256_file

    folder = data_dir()
    path = folder / f"{name}.parquet"
    if check:
        try:
            entry = (listed if listed is not None else manifest(folder)["files"]).get(path.name)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            raise DataIntegrityError(f"{folder / 'manifest.json'} is missing or unreadable ({e})") from None
        if not isinstance(entry, dict) or "sha256" not in entry:
            entry = None
        try:
            digest = sha256_file(path) if entry is not None and path.exists() else None
        except OSError as e:  # a FIFO or a device in its place: refused, never read (it would block)
            raise DataIntegrityError(f"{path} cannot be checked ({(e.strerror or str(e)).lower()})") from None
        if digest is None or digest != entry["sha256"]:
            raise DataIntegrityError(f"{path} does not match manifest.json (changed, missing or unlisted)")
    return path


def to_pandas(table):
    """An Arrow table as load() gives it: nullable pandas dtypes (a missing count stays missing, not NaN), dates as dates."""
    import pandas as pd
    import pyarrow as pa

    mapping = {pa.int64(): pd.Int64Dtype(), pa.bool_(): pd.BooleanDtype(), pa.float64(): pd.Float64Dtype(), pa.string(): pd.StringDtype()}
    return table.to_pandas(types_mapper=mapping.get, date_as_object=False)


def load(name: str, backend: str = "pandas", verify: bool = True):
    """Load one table as a pandas DataFrame (default), a polars DataFrame or an Arrow table.

    pandas dtypes: enumerations are categoricals, integers nullable Int64,
    strings the string dtype, dates datetime64 (day resolution values),
    list columns Python lists. The file is checked against the manifest
    first; verify=False skips that check.
    """
    check_name(name)
    if backend not in BACKENDS:
        raise ValueError(f"unknown backend {backend!r}; choose one of {', '.join(BACKENDS)}")
    path = verified_path(name, verify)
    if backend == "polars":
        from ..extras import require

        return require("polars").read_parquet(path)
    import pandas as pd
    import pyarrow.parquet as pq

    table = pq.read_table(path)
    if backend == "arrow":
        return table
    df = to_pandas(table)
    for field in table.schema:
        if str(field.type).startswith("list"):
            df[field.name] = table.column(field.name).to_pylist()
        allowed = (field.metadata or {}).get(b"allowed_values")
        if allowed:  # the full vocabulary, not only the values present
            df[field.name] = df[field.name].astype(pd.CategoricalDtype(json.loads(allowed)))
    return df


def tables() -> dict[str, str]:
    """Table names and their descriptions."""
    return dict(TABLES)


def connect(verify: bool = True):
    """A DuckDB connection with every table and view, sealed against writes to disk.

    Every Parquet file is checked against the manifest first, as load()
    does (verify=False skips it). The tables are read from the packaged
    Parquet files into memory, then file access is switched off and the
    configuration locked, so nothing done on this connection (COPY ... TO,
    ATTACH, read_csv('/etc/...'), DuckDB's temporary folder .tmp) can touch the file system, let alone modify
    the shipped files. Changes to the in-memory tables are possible but
    vanish with the connection.

    A long statement can be stopped from another thread with
    ``con.interrupt()``: the statement raises ``duckdb.InterruptException``
    and the connection stays usable. For example, with a time limit::

        import threading
        timer = threading.Timer(30, con.interrupt)
        timer.start()
        try:
            rows = con.sql(sql).fetchall()
        finally:
            timer.cancel()

    (Ctrl-C in an interactive session does not reach a statement that is
    running inside DuckDB; ``karabakh-data query`` runs the statement in a
    worker thread and calls interrupt() on Ctrl-C and on ``--timeout``.)
    """
    import duckdb

    return open_relations(duckdb.connect(":memory:"), None, materialise=True, verify=verify)


def open_relations(con, names=None, materialise: bool = False, verify: bool = True):
    """Create the named tables and views (None: all) and what they read on con, then seal it.

    Each table is copied into memory (materialise=True) or stays a view over
    its Parquet file, which is much faster to open on a large release; file
    access is then limited to exactly those files. Only a caller that
    refuses every statement that can write (COPY, EXPORT, ATTACH ...) may use
    the views over files: the command line does (query.py); connect() gives
    users the materialised form. A view's tables and the views it reads are
    created before it (views.required).
    """
    from .views import required

    folder = data_dir()
    listed = None
    if verify:
        try:
            listed = manifest(folder)["files"]
        except (OSError, ValueError, KeyError, TypeError):
            listed = None  # verified_path reads it again and says why it cannot
    tables, views = required(con, names)
    paths = []
    for name in tables:
        path = str(verified_path(name, verify, listed if isinstance(listed, dict) else None))
        paths.append(path)
        kind = "TABLE" if materialise else "VIEW"
        con.execute(f"CREATE {kind} \"{name}\" AS SELECT * FROM read_parquet('{path.replace(chr(39), chr(39) * 2)}')")
    for view in views:
        con.execute(view.sql)
    _seal(con, paths if not materialise else [])
    return con


def _seal(con, paths: list[str]) -> None:
    """Switch off file access but for paths, set explicitly, then lock the configuration.

    DuckDB still allows its temporary folder (`.tmp` in the working
    directory, for an in-memory database) once external access is off:
    COPY ... TO '.tmp/x', ATTACH '.tmp/x.duckdb' and a `.tmp` symlink would
    reach the file system. So no temporary folder (a query that needs to
    spill fails instead), no allowed directory, and exactly the given files.
    """
    con.execute("SET temp_directory = ''")
    con.execute("SET allowed_directories = []")
    con.execute("SET allowed_paths = $paths", {"paths": paths})
    con.execute("SET enable_external_access = false")
    con.execute("SET lock_configuration = true")
