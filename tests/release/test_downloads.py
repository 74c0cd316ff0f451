"""Downloads read by real clients: R's read.csv, pandas.read_stata, openpyxl."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import pandas as pd
import pytest

import karabakh_data as kd
from karabakh_data.release import downloads

R = shutil.which("Rscript")
needs_r = pytest.mark.skipif(R is None and not os.environ.get("CI"), reason="Rscript not installed (.ci/run installs r-base-core)")


def _r(script: str) -> dict:
    """Run an R script that prints one JSON-ish line per fact: name=value."""
    assert R, "Rscript is required in CI (.ci/run installs r-base-core)"
    out = subprocess.run([R, "--vanilla", "-e", script], capture_output=True, text=True, check=True).stdout
    return dict(line.split("=", 1) for line in out.splitlines() if "=" in line)


def _r_classes(folder, read: str) -> dict:
    """R's class of every column of every CSV in folder, each read by the R expression read (of f, the file)."""
    return _r(f"""
    for (f in list.files("{folder}", pattern = "csv$", full.names = TRUE)) {{
      d <- {read}
      cat(sprintf("%s:rows=%d\\n", basename(f), nrow(d)))
      for (col in names(d)) cat(sprintf("%s.%s=%s\\n", basename(f), col, class(d[[col]])[1]))
    }}
    """)


def _all_rows() -> dict[str, int]:
    """Rows of every table and every shaped view, as each download must hold them."""
    rows = {name: len(kd.load(name)) for name in kd.tables()}
    con = kd.connect()
    try:
        rows.update({v: con.execute(f'SELECT count(*) FROM "{v}"').fetchone()[0] for v in downloads.SHAPED_VIEWS})
    finally:
        con.close()
    return rows


R_CLASS = {"string": "character", "category": "character", "list": "character", "integer": "integer", "number": "numeric", "boolean": "logical", "date": "Date"}


@needs_r
def test_r_reads_every_csv_with_its_types(use_build, tmp_path):
    """Plain read.csv: booleans logical, numbers numeric, text character; what it cannot know is known.

    read.csv guesses a class from the values, so a column with no value at
    all reads as logical (NA), and a text code of digits as an integer: those
    are the columns karabakh.R's colClasses exist for.
    """
    from karabakh_data.schema.table_specs import TABLES

    downloads.write_all("csv", tmp_path)
    facts = _r_classes(tmp_path, 'read.csv(f, encoding = "UTF-8")')
    guessed = {}
    for name, table in TABLES.items():
        df = kd.load(name)
        assert int(facts[f"{name}.csv:rows"]) == len(df)
        for c in table.columns:
            r_class, values = facts[f"{name}.csv.{c.name}"], df[c.name].dropna()
            if values.empty:
                assert r_class == "logical", (name, c.name)
                guessed[f"{name}.{c.name}"] = "no value"
            elif c.kind in ("string", "category") and values.astype(str).str.fullmatch(r"\d+").all():
                assert r_class == "integer", (name, c.name)
                guessed[f"{name}.{c.name}"] = "digits"
            else:
                assert r_class == {"date": "character"}.get(c.kind, R_CLASS[c.kind]), (name, c.name)
    assert guessed.get("actors.iso3166_numeric") == "digits"  # "051" would read as 51: use karabakh.R
    facts = _r(f"""
    p <- read.csv("{tmp_path}/places.csv", encoding = "UTF-8")
    cat(sprintf("na_country=%d\\n", sum(is.na(p$country))))
    e <- read.csv("{tmp_path}/events.csv", encoding = "UTF-8")
    cat(sprintf("historical_true=%d\\n", sum(e$historical)))
    """)
    assert int(facts["na_country"]) == kd.load("places").country.isna().sum()
    assert int(facts["historical_true"]) == kd.load("events").historical.sum()


@needs_r
def test_r_helper_reads_every_column_with_its_schema_type(use_build, tmp_path):
    from karabakh_data.schema.table_specs import TABLES

    paths = downloads.write_all("csv", tmp_path / "csv")
    assert paths[-1] == tmp_path / "csv" / downloads.R_HELPER
    script = f"""
    source("{tmp_path}/csv/{downloads.R_HELPER}")
    for (t in names(karabakh_col_classes)) {{
      d <- read_karabakh(t)
      cat(sprintf("%s:rows=%d\\n", t, nrow(d)))
      for (col in names(d)) cat(sprintf("%s.%s=%s\\n", t, col, class(d[[col]])[1]))
    }}
    a <- read_karabakh("actors", lists = TRUE)
    cat(sprintf("armenia_numeric=%s\\n", a$iso3166_numeric[a$actor_id == "armenia"]))
    cat(sprintf("armenia_aliases=%s\\n", paste(a$aliases[[which(a$actor_id == "armenia")]], collapse = ";")))
    cat(sprintf("empty_aliases=%d\\n", sum(lengths(a$aliases) == 0)))
    e <- read_karabakh("events")
    cat(sprintf("first_date=%s\\n", format(min(e$date_start, na.rm = TRUE))))
    cat(sprintf("historical_true=%d\\n", sum(e$historical)))
    """
    facts = _r(script)
    for name, table in TABLES.items():
        assert int(facts[f"{name}:rows"]) == len(kd.load(name))
        for c in table.columns:
            assert facts[f"{name}.{c.name}"] == R_CLASS[c.kind], (name, c.name)
    actors = kd.load("actors").set_index("actor_id")
    assert facts["armenia_numeric"] == actors.loc["armenia", "iso3166_numeric"] == "051"
    assert facts["armenia_aliases"] == ";".join(actors.loc["armenia", "aliases"])
    assert int(facts["empty_aliases"]) == sum(len(a) == 0 for a in actors.aliases)
    events = kd.load("events")
    assert facts["first_date"] == events.date_start.min().date().isoformat()
    assert int(facts["historical_true"]) == events.historical.sum()


@needs_r
def test_csv_with_byte_order_mark_keeps_accents(use_build, tmp_path):
    downloads.write_csv("places", tmp_path / "places.csv", bom=True)
    raw = (tmp_path / "places.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    aliases = [a for row in kd.load("places").aliases for a in row]
    accented = next(a for a in aliases if any(ord(ch) > 127 for ch in a))
    facts = _r(f"""
    p <- read.csv("{tmp_path}/places.csv", fileEncoding = "UTF-8-BOM")
    cat(sprintf("first=%s\\n", names(p)[1]))
    cat(sprintf("found=%d\\n", sum(grepl("{accented}", p$aliases, fixed = TRUE))))
    """)
    assert facts == {"first": "place_id", "found": "1"}


def test_csv_writes_missing_as_na_and_booleans_as_true_false(use_build, tmp_path):
    downloads.write_csv("events", tmp_path / "events.csv")
    lines = (tmp_path / "events.csv").read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    assert "historical" in header
    text = "\n".join(lines[1:])
    assert ",FALSE," in text and ",True," not in text and ",,NA" not in text
    assert ",NA," in text  # events without a place or actor2


def test_stata_files_round_trip_with_labels(use_build, tmp_path):
    paths = downloads.write_all("dta", tmp_path)
    assert {p.stem for p in paths} == set(kd.tables()) | set(downloads.SHAPED_VIEWS)
    for name in kd.tables():
        with pd.io.stata.StataReader(tmp_path / f"{name}.dta") as reader:
            df = reader.read()
            labels = reader.variable_labels()
            value_labels = reader.value_labels()
        original = kd.load(name)
        assert list(df.columns) == list(original.columns) and len(df) == len(original)
        for col in original.columns:
            assert 0 < len(labels[col]) <= downloads.STATA_LABEL_MAX
            if isinstance(original[col].dtype, pd.CategoricalDtype):
                assert set(value_labels[col].values()) == set(original[col].cat.categories), (name, col)
    events = pd.read_stata(tmp_path / "events.dta")
    original = kd.load("events")
    assert events.event_type.astype(str).tolist() == original.event_type.astype(str).tolist()
    assert events.date_start.tolist() == original.date_start.tolist()
    actors = pd.read_stata(tmp_path / "actors.dta")
    armenia = actors.set_index("actor_id").loc["armenia"]
    assert armenia.aliases.split(downloads.LIST_SEPARATOR) == kd.load("actors").set_index("actor_id").loc["armenia"].aliases


def test_xlsx_has_a_readme_and_one_sheet_per_table(use_build, tmp_path):
    from openpyxl import load_workbook

    (path,) = downloads.write_all("xlsx", tmp_path)
    wb = load_workbook(path, read_only=True)
    assert wb.sheetnames == ["README", *kd.tables(), *downloads.SHAPED_VIEWS]
    readme = [r for r in wb["README"].iter_rows(values_only=True)]
    assert readme[0] == ("karabakh-data", kd.__version__) + (None,) * (len(readme[0]) - 2)
    for name in kd.tables():
        rows = list(wb[name].iter_rows(values_only=True))
        assert list(rows[0]) == list(kd.load(name).columns) and len(rows) - 1 == len(kd.load(name))
    places = {r[0]: r for r in list(wb["places"].iter_rows(values_only=True))[1:]}
    manifest = json.loads((kd.access.data_dir() / "manifest.json").read_text())
    assert manifest["dataset_version"] == kd.__version__
    assert all(isinstance(r[1], str) for r in places.values())


# --- the command line: export all / export TABLE --format xlsx|dta / --bom -----------------


def _export(argv, capsys) -> tuple[int, str]:
    from karabakh_data.cli.main import main

    code = main(["export", *argv])
    return code, capsys.readouterr().err


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "dta", "sqlite"])
def test_export_all_writes_every_table_read_by_its_client(use_build, tmp_path, capsys, fmt):
    out = tmp_path / {"csv": "csv", "dta": "stata", "xlsx": "karabakh-data.xlsx", "sqlite": "karabakh.sqlite"}[fmt]
    code, err = _export(["all", "--format", fmt, "-o", str(out)], capsys)
    assert code == 0 and err.startswith("wrote ") and len(err.strip().splitlines()) == 1
    rows = _all_rows()  # the tables, and the shaped views and panels beside them
    if fmt == "csv":
        assert sorted(p.name for p in out.iterdir()) == sorted([f"{n}.csv" for n in rows] + [downloads.R_HELPER])
        if R:
            facts = _r(f'source("{out}/{downloads.R_HELPER}"); for (t in names(karabakh_col_classes)) cat(sprintf("%s=%d\\n", t, nrow(read_karabakh(t))))')
            assert {k: int(v) for k, v in facts.items()} == rows
    elif fmt == "dta":
        assert sorted(p.name for p in out.iterdir()) == sorted(f"{n}.dta" for n in rows)
        for name, n in rows.items():
            with pd.io.stata.StataReader(out / f"{name}.dta") as reader:
                assert len(reader.read()) == n
        events = pd.read_stata(out / "events.dta")
        assert isinstance(events.event_type.dtype, pd.CategoricalDtype)
        assert events.event_type.astype(str).tolist() == kd.load("events").event_type.astype(str).tolist()
    elif fmt == "xlsx":
        from openpyxl import load_workbook

        wb = load_workbook(out, read_only=True)
        assert wb.sheetnames == ["README", *rows]
        assert {n: len(list(wb[n].iter_rows(values_only=True))) - 1 for n in rows} == rows
    else:
        import sqlite3

        con = sqlite3.connect(out)
        try:
            assert {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in rows} == rows
        finally:
            con.close()


def test_export_one_table_as_xlsx_dta_and_csv_with_bom(use_build, tmp_path, capsys):
    from openpyxl import load_workbook

    n = len(kd.load("events"))
    assert _export(["events", "--format", "dta", "-o", str(tmp_path / "events.dta")], capsys) == (
        0,
        f"wrote {n} rows of events to {tmp_path / 'events.dta'} (dta)\n",
    )
    assert len(pd.read_stata(tmp_path / "events.dta")) == n
    assert _export(["events", "--format", "xlsx", "-o", str(tmp_path / "events.xlsx")], capsys)[0] == 0
    assert load_workbook(tmp_path / "events.xlsx", read_only=True).sheetnames == ["README", "events"]
    assert _export(["places", "--format", "csv", "--bom", "-o", str(tmp_path / "places.csv")], capsys)[0] == 0
    assert (tmp_path / "places.csv").read_bytes().startswith(b"\xef\xbb\xbfplace_id,")
    if R:  # read_karabakh notices the byte-order mark
        facts = _r(
            f'source("{_helper(tmp_path)}"); p <- read_karabakh("places", dir = "{tmp_path}"); cat(sprintf("first=%s\\nrows=%d\\n", names(p)[1], nrow(p)))'
        )
        assert facts == {"first": "place_id", "rows": str(len(kd.load("places")))}


def test_a_table_as_csv_is_the_r_ready_download_a_view_is_unchanged(use_build, tmp_path, capsys):
    from karabakh_data.cli.main import main

    downloads.write_csv("events", tmp_path / "events.csv")
    assert main(["export", "events", "--format", "csv"]) == 0
    assert capsys.readouterr().out == (tmp_path / "events.csv").read_text(encoding="utf-8")
    assert main(["export", "events", "--format", "csv", "-o", str(tmp_path / "again.csv")]) == 0
    assert (tmp_path / "again.csv").read_bytes() == (tmp_path / "events.csv").read_bytes()
    assert main(["export", "events_geo", "--format", "csv"]) == 0  # views: the query's CSV, as before
    assert capsys.readouterr().out.startswith("event_id,incident_id,")


def _helper(folder) -> str:
    path = folder / downloads.R_HELPER
    path.write_text(downloads.r_helper(), encoding="utf-8")
    return str(path)


@pytest.mark.parametrize(
    ("argv", "code", "reason"),
    [
        (["all", "--format", "json", "-o", "OUT"], 2, "export all writes csv, xlsx, dta or sqlite, not json"),
        (["all", "--format", "csv"], 2, "give -o: every table as csv is written to a folder"),
        (["events", "--format", "dta"], 2, "give -o: events as dta is written to a file"),
        (["--format", "xlsx", "-o", "OUT"], 2, "give a table name or all"),
        (["events_geo", "--format", "dta", "-o", "OUT"], 2, "unknown table 'events_geo'"),
        (["evnts", "--format", "xlsx", "-o", "OUT"], 2, "Did you mean 'events'?"),
        (["events", "--format", "geojson", "--bom", "-o", "OUT"], 2, "--bom is for CSV"),
        (["all", "--format", "dta", "-o", "FILE"], 2, "is a file; export all --format dta writes a folder"),
        (["events", "--format", "xlsx", "-o", "DIR"], 2, "is a folder; give the file to write"),
        (["all", "--format", "xls", "-o", "OUT"], 2, "invalid choice: 'xls'"),
        (["events", "--format", "csv", "--bom"], 2, "--bom is for a file opened in Excel: give -o FILE"),
    ],
)
def test_export_download_bad_arguments_are_one_line(use_build, tmp_path, capsys, monkeypatch, argv, code, reason):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "FILE").write_text("")
    (tmp_path / "DIR").mkdir()
    try:
        got = _export(argv, capsys)
    except SystemExit as exit_:  # argparse's own errors
        got = (exit_.code, capsys.readouterr().err)
    assert got[0] == code
    lines = got[1].strip().splitlines()
    assert len(lines) == 1 and reason in lines[0] and "Traceback" not in got[1], got
    assert sorted(p.name for p in tmp_path.iterdir()) == ["DIR", "FILE"] and not list((tmp_path / "DIR").iterdir())


def test_export_xlsx_without_openpyxl_gives_the_install_hint(use_build, tmp_path, capsys, monkeypatch):
    import sys

    monkeypatch.setitem(sys.modules, "openpyxl", None)
    assert _export(["all", "--format", "xlsx", "-o", str(tmp_path / "k.xlsx")], capsys) == (
        4,
        "karabakh-data export: openpyxl is not installed; install it with:  pip install 'karabakh-data[excel]'\n",
    )
    assert not (tmp_path / "k.xlsx").exists()


# --- docs: "Reading the data in R, Stata and Excel", every runnable example run --------------

DOCS_HEADING = "## Reading the data in R, Stata and Excel"


def _section() -> str:
    """The R, Stata and Excel section of docs/using-with-other-datasets.md."""
    from ..conftest import ROOT

    page = (ROOT / "docs" / "using-with-other-datasets.md").read_text(encoding="utf-8")
    return page.split(DOCS_HEADING, 1)[1].split("\n## ", 1)[0]


def _blocks(text: str) -> list[tuple[str, str]]:
    """(info string, code) of every fenced block."""
    import re

    return [(m.group(1).strip(), m.group(2)) for m in re.finditer(r"^```([^\n]*)\n(.*?)^```\s*$", text, re.S | re.M)]


@needs_r
@pytest.mark.filterwarnings("ignore::DeprecationWarning")
def test_docs_examples_run_in_r_and_python(use_build, tmp_path, monkeypatch, capsys):
    import shlex
    import sys

    from karabakh_data.cli.main import main

    text = _section()
    blocks = _blocks(text)
    kinds = [info for info, _ in blocks]
    assert {"bash", "r", "r not-run", "stata", "python"} <= set(kinds), kinds
    assert set(kinds) <= {"bash", "r", "r not-run", "stata", "python"}, "a block the test does not know how to run"
    assert text.count("*not run here*") >= 2 and "neither Stata nor the CRAN packages" in text
    if "`sources.title`" in text:  # named as a column with no value in this release
        assert kd.load("sources").title.isna().all()
    monkeypatch.chdir(tmp_path)
    ran = []
    for info, code in blocks:
        if info == "bash":
            for line in code.splitlines():
                argv = shlex.split(line, comments=True)
                assert argv[0] == "karabakh-data", line
                assert main(argv[1:]) == 0, (line, capsys.readouterr().err)
        elif info == "r":
            assert R, "Rscript is required (.ci/run installs r-base-core)"
            run = subprocess.run([R, "--vanilla", "-e", code], capture_output=True, text=True, cwd=tmp_path)
            assert run.returncode == 0, run.stderr
        elif info == "python":
            run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=tmp_path)
            assert run.returncode == 0, run.stderr
        else:
            continue
        ran.append(info)
    assert ran.count("r") >= 2 and ran.count("python") >= 2


# --- the shaped views and panels in the downloads -------------------------------------------


def test_shapes_and_panels_in_stata_and_excel_keep_their_types(use_build, tmp_path):
    from openpyxl import load_workbook

    downloads.write_all("dta", tmp_path / "stata")
    ged = pd.read_stata(tmp_path / "stata" / "to_ucdp_ged.dta")
    assert ged.id.tolist() == [-25, -16, -18] and ged.karabakh_id.tolist() == ["inc-025", "inc-016", "inc-018"]
    assert (ged.deaths_a + ged.deaths_b + ged.deaths_civilians + ged.deaths_unknown == ged.best).all()
    assert set(ged.side_a) == {"Government of Azerbaijan"} and str(ged.date_start.dtype).startswith("datetime64")
    acled = pd.read_stata(tmp_path / "stata" / "to_acled.dta")
    assert acled.fatalities.notna().all() and (acled.location != "").all() and acled.event_date.notna().all()
    panel = pd.read_stata(tmp_path / "stata" / "war_panel_country_day.dta")
    assert str(panel.day.dtype).startswith("datetime64") and panel.loc[panel.iso3 == "AZE", "gwcode"].eq(373).all()
    (path,) = downloads.write_all("xlsx", tmp_path)
    sheet = list(load_workbook(path, read_only=True)["to_ucdp_ged"].iter_rows(values_only=True))
    assert sheet[0][0] == "id" and [r[0] for r in sheet[1:]] == [-25, -16, -18]


@needs_r
def test_r_reads_the_shapes_with_their_classes(use_build, tmp_path):
    downloads.write_all("csv", tmp_path / "csv")
    facts = _r(f"""
    source("{tmp_path}/csv/{downloads.R_HELPER}")
    g <- read_karabakh("to_ucdp_ged")
    cat(sprintf("id=%s\\ndate=%s\\nlethal=%s\\ngwnoa=%s\\nsum=%s\\n", class(g$id), class(g$date_start), class(g$lethal),
                class(g$gwnoa), all(g$deaths_a + g$deaths_b + g$deaths_civilians + g$deaths_unknown == g$best)))
    p <- read_karabakh("war_panel_country_month")
    cat(sprintf("month=%s\\nnumeric=%s\\n", class(p$month), p$iso_numeric[p$iso3 %in% "AZE"][1]))
    """)
    assert facts == {"id": "integer", "date": "Date", "lethal": "logical", "gwnoa": "character", "sum": "TRUE", "month": "Date", "numeric": "031"}
