"""Loaders: typed tables from pandas, polars and Arrow; a sealed DuckDB; integrity."""

from __future__ import annotations

import shutil
import subprocess
import sys

import pandas as pd
import pytest

import karabakh_data as kd


def test_load_gives_real_dtypes(use_build):
    df = kd.load("casualties")
    assert isinstance(df.dtypes["population"], pd.CategoricalDtype)
    assert set(df["population"].cat.categories) == {"military", "civilian", "unknown"}
    assert str(df.dtypes["count_best"]) == "Int64"
    assert pd.api.types.is_datetime64_any_dtype(df["date_start"])
    assert str(df.dtypes["historical"]) == "boolean"
    actors = kd.load("actors")
    assert isinstance(actors["aliases"].iloc[0], list)


def test_load_polars_and_arrow(use_build):
    import polars as pl

    ev = kd.load("events", backend="polars")
    assert ev.schema["date_start"] == pl.Date
    assert kd.load("events", backend="arrow").num_rows == ev.height


def test_unknown_table_lists_the_tables(use_build):
    with pytest.raises(KeyError) as err:
        kd.load("casualty")
    assert "Did you mean 'casualties'" in str(err.value) and "meetings" in str(err.value)
    with pytest.raises(KeyError):
        kd.load("../../etc/passwd")


def test_tables_lists_descriptions():
    assert "casualties" in kd.tables() and kd.tables()["meetings"]


def test_connect_registers_tables_and_cannot_write(use_build, tmp_path):
    con = kd.connect()
    n = con.execute("SELECT count(*) FROM events").fetchone()[0]
    assert n == len(kd.load("events"))
    target = use_build / "events.parquet"
    before = target.read_bytes()
    with pytest.raises(Exception, match="disabled by configuration|Permission"):
        con.execute(f"COPY (SELECT 1 AS x) TO '{target}' (FORMAT parquet)")
    with pytest.raises(Exception, match="the configuration has been locked"):  # duckdb's InvalidInputException
        con.execute("SET enable_external_access = true")
    assert target.read_bytes() == before


def test_verify_reports_changed_added_removed(use_build, tmp_path, monkeypatch):
    folder = tmp_path / "copy"
    shutil.copytree(use_build, folder)
    assert kd.verify(folder) == []
    (folder / "events.parquet").write_bytes(b"tampered")
    (folder / "extra.txt").write_text("x")
    (folder / "places.parquet").unlink()
    problems = kd.verify(folder)
    assert problems == [
        "events.parquet: changed (SHA-256 differs from the manifest)",
        "extra.txt: added (on disk, not in the manifest)",
        "places.parquet: removed (listed in the manifest, missing on disk)",
    ]
    monkeypatch.setenv("KARABAKH_DATA_DIR", str(folder))
    with pytest.raises(kd.DataIntegrityError):
        kd.load("events")
    assert len(kd.load("actors", verify=True)) > 0


def test_import_is_light():
    code = "import sys, karabakh_data; print(sorted(m for m in ('pandas','duckdb','pandera','pyarrow','pydantic') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_connect_statement_can_be_interrupted_as_its_docstring_says(use_build):
    """connect()'s docstring: a Timer calling con.interrupt() stops a long statement; the connection stays usable."""
    import threading
    import time

    import duckdb

    con = kd.connect()
    timer = threading.Timer(0.5, con.interrupt)
    start = time.monotonic()
    timer.start()
    try:
        with pytest.raises(duckdb.InterruptException):
            con.sql("SELECT count(*) FROM range(1000000000000) t(i) WHERE i % 7 = 3").fetchall()
    finally:
        timer.cancel()
    assert time.monotonic() - start < 10
    assert con.execute("SELECT count(*) FROM events").fetchone()[0] == len(kd.load("events"))
