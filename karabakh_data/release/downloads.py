"""Downloads for other tools: CSV that R reads with the right types, Excel, Stata.

Many researchers of the field work in R, Stata or Excel, and Debian's R has no
Parquet reader. Each format here is written from the installed Parquet files
(through load(), so the manifest check applies; write_all(data=...) reads a
given build folder instead, as the release archive does for its csv/ set)
with the conventions its reader expects:

* CSV: UTF-8, a header row, booleans ``TRUE``/``FALSE`` and missing values
  ``NA`` (what R's ``read.csv`` reads as logical and missing), dates as ISO
  ``YYYY-MM-DD``; with ``bom=True`` a UTF-8 byte-order mark first, so Excel on
  Windows shows "Gazançetsots" and "’" rather than mojibake.
* xlsx: one sheet per table and a README sheet (version, citation, every
  table and column with its description and allowed values).
* Stata .dta (format 118, Unicode): vocabularies as value labels, booleans
  as 0/1 labelled false/true, variable labels from the schema's descriptions
  (cut to Stata's 80 characters), missing text as "" (Stata has no missing
  string), dates as Stata dates.

List columns (aliases) are joined by ``LIST_SEPARATOR`` in CSV, xlsx and
.dta; the writer refuses an item that contains it or is empty, so a join can
always be split back (an empty list is the empty text).

Plain ``read.csv`` guesses each column's class from its values: a column
with no value at all reads as logical, and a code of digits such as
``iso3166_numeric`` "051" as the integer 51. The CSV set therefore comes with
``karabakh.R`` (``R_HELPER``), generated from the schemas: ``colClasses``
for every column of every table and ``read_karabakh(table)``, which reads a
table with them (dates as Date, booleans logical, codes character).
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from ..access.r_csv import LIST_SEPARATOR, CsvValueError

FORMATS = ("csv", "xlsx", "dta")
SHAPED_VIEWS = ("to_ucdp_ged", "to_ged_all", "to_acled", "war_panel_country_day", "war_panel_country_month")
"""Views written beside the tables in every download (the rows other datasets' users append, and the panels)."""
STATA_LABEL_MAX = 80
R_HELPER = "karabakh.R"
R_CLASSES = {
    "string": "character",
    "category": "character",
    "list": "character",
    "integer": "integer",
    "number": "numeric",
    "boolean": "logical",
    "date": "Date",
}


class DownloadError(CsvValueError):
    """A value that cannot be written faithfully in the chosen format."""


def _view_table(name: str):
    """A shaped view's rows as an Arrow table, opening only the tables and views it reads (query's sealed connection)."""
    from ..access.query import sealed_connection

    con = sealed_connection({name})
    try:
        rel = con.sql(f'SELECT * FROM "{name}"')  # duckdb 2 renamed fetch_arrow_table() to to_arrow_table()
        return (getattr(rel, "to_arrow_table", None) or rel.fetch_arrow_table)()
    finally:
        con.close()


def _description(name: str) -> str:
    """A table's description, or a shaped view's question."""
    from ..access import tables
    from ..access.views import get

    return get(name).question if name in SHAPED_VIEWS else tables()[name]


def _columns(name: str) -> list[dict]:
    """Each column's name, Arrow type, description and allowed values, from the Parquet schema (a view's: its result's)."""
    import pyarrow.parquet as pq

    from ..access import verified_path

    if name in SHAPED_VIEWS:
        return [{"name": f.name, "type": str(f.type), "description": "", "allowed_values": None} for f in _view_table(name).schema]
    schema = pq.read_schema(verified_path(name, check=False))
    out = []
    for field in schema:
        meta = {k.decode(): v.decode() for k, v in (field.metadata or {}).items()}
        allowed = json.loads(meta["allowed_values"]) if "allowed_values" in meta else None
        out.append({"name": field.name, "type": str(field.type), "description": meta.get("description", ""), "allowed_values": allowed})
    return out


def _joined(name: str, column: str, values) -> list:
    """A list column as text: items joined by LIST_SEPARATOR (None stays None)."""
    from ..access.r_csv import join_list

    try:
        return [None if items is None else join_list(items, f"{name}.{column}") for items in values]
    except CsvValueError as err:
        raise DownloadError(str(err)) from None


def plain_frame(name: str):
    """The table as load() gives it, list columns joined: the common start of every format."""
    from ..access import load, to_pandas

    if name in SHAPED_VIEWS:
        table = _view_table(name)
        return to_pandas(table)
    df = load(name)
    for col in _columns(name):
        if col["type"].startswith("list"):
            df[col["name"]] = _joined(name, col["name"], df[col["name"]])
    return df


def write_csv(name: str, path, bom: bool = False) -> int:
    """One table (or shaped view) as R-ready CSV (access/r_csv.py), to a file or a text stream; returns the number of rows."""
    from ..access import load, r_csv

    table = _view_table(name) if name in SHAPED_VIEWS else load(name, backend="arrow")
    rows = zip(*(table.column(c).to_pylist() for c in table.column_names))
    try:
        if hasattr(path, "write"):
            return r_csv.write(table.column_names, rows, path, name=name)
        return r_csv.write_file(table.column_names, rows, path, name=name, bom=bom)
    except CsvValueError as err:
        raise DownloadError(str(err)) from None


def _stata_label(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= STATA_LABEL_MAX:
        return text
    return text[: STATA_LABEL_MAX - 3].rsplit(" ", 1)[0] + "..."


def write_dta(name: str, path: Path) -> int:
    """One table as a Stata 118 .dta file with value and variable labels; returns the number of rows."""
    import pandas as pd

    df = plain_frame(name)
    value_labels, dates = {}, {}
    for col in df.columns:
        series = df[col]
        if isinstance(series.dtype, pd.BooleanDtype):
            df[col] = series.astype("Float64").astype("float64") if series.isna().any() else series.astype("int8")
            value_labels[col] = {0: "false", 1: "true"}
        elif isinstance(series.dtype, pd.CategoricalDtype):
            df[col] = series.cat.rename_categories([str(c) for c in series.cat.categories])
        elif pd.api.types.is_integer_dtype(series):
            fits = series.dropna().between(-(2**31) + 1, 2**31 - 1).all()
            df[col] = series.astype("float64") if series.isna().any() or not fits else series.astype("int32")
        elif pd.api.types.is_float_dtype(series):
            df[col] = series.astype("float64")
        elif pd.api.types.is_datetime64_any_dtype(series):
            dates[col] = "td"
        else:
            df[col] = series.astype(object).where(series.notna(), "").astype(str)
    labels = {c["name"]: _stata_label(c["description"]) for c in _columns(name)}
    df.to_stata(
        path,
        write_index=False,
        version=118,
        convert_dates=dates,
        variable_labels=labels,
        data_label=_stata_label(_description(name)),
        value_labels=value_labels or None,
    )
    return len(df)


def _readme_rows(names: list[str]) -> list[list]:
    from .._version import __version__
    from .cite import cite

    rows = [["karabakh-data", __version__], ["cite as", cite("apa")], ["list columns", f"items joined by '{LIST_SEPARATOR}'"], []]
    rows += [["table", "description"]] + [[n, _description(n)] for n in names] + [[]]
    rows.append(["table", "column", "type", "description", "allowed values"])
    for n in names:
        for c in _columns(n):
            rows.append([n, c["name"], c["type"], c["description"], ", ".join(c["allowed_values"] or [])])
    return rows


def write_xlsx(names: list[str], path: Path) -> dict[str, int]:
    """A workbook: a README sheet, then one sheet per table; returns rows per table."""
    import pandas as pd

    from ..extras import require

    Workbook = require("openpyxl").Workbook

    wb = Workbook(write_only=True)
    readme = wb.create_sheet("README")
    for row in _readme_rows(names):
        readme.append(row)
    counts = {}
    for name in names:
        df = plain_frame(name)
        sheet = wb.create_sheet(name[:31])
        sheet.append(list(df.columns))
        for record in df.astype(object).itertuples(index=False):
            sheet.append(
                [
                    None if v is None or v is pd.NA or v is pd.NaT or (isinstance(v, float) and v != v) else (v.date() if isinstance(v, pd.Timestamp) else v)
                    for v in record
                ]
            )
        counts[name] = len(df)
    wb.save(path)
    return counts


ARROW_R_CLASSES = {"int64": "integer", "int32": "integer", "double": "numeric", "bool": "logical", "date32[day]": "Date", "string": "character"}
"""A shaped view's column classes in R, from its result's Arrow types."""


def view_classes() -> dict[str, dict[str, str]]:
    """Each shaped view's columns and their R classes (for karabakh.R)."""
    return {name: {f.name: ARROW_R_CLASSES.get(str(f.type), "character") for f in _view_table(name).schema} for name in SHAPED_VIEWS}


def r_helper(views: dict[str, dict[str, str]] | None = None) -> str:
    """karabakh.R: each table's (and given shaped view's) colClasses and read_karabakh(), generated from the schemas."""
    from .._version import __version__
    from ..schema.table_specs import TABLES

    def r_str(text: str) -> str:
        return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'

    sep = ",\n"
    tables = []
    for name, table in TABLES.items():
        cols = sep.join(f"    {c.name} = {r_str(R_CLASSES[c.kind])}" for c in table.columns)
        tables.append(f"  {name} = c(\n{cols}\n  )")
    for name, columns in (views or {}).items():
        cols = sep.join(f"    {c} = {r_str(k)}" for c, k in columns.items())
        tables.append(f"  {name} = c(\n{cols}\n  )")
    classes = sep.join(tables)
    lists = sep.join(f"  {n} = c({', '.join(r_str(c.name) for c in t.columns if c.kind == 'list')})" for n, t in TABLES.items())
    return f"""# karabakh-data {__version__}: read the CSV downloads in base R with every column's type.
# Generated from the schemas by karabakh_data/release/downloads.py; do not edit.
#
#   source("csv/{R_HELPER}")
#   events <- read_karabakh("events")                    # dates Date, booleans logical, codes character
#   ged <- read_karabakh("to_ucdp_ged")                  # the GED-shaped rows (also to_acled, the war panels)
#   actors <- read_karabakh("actors", lists = TRUE)      # list columns split into character vectors
#
# Plain read.csv() guesses classes from the values: a column without any value
# reads as logical, and a code of digits ("051") as an integer (51).

karabakh_separator <- {r_str(LIST_SEPARATOR)}

karabakh_col_classes <- list(
{classes}
)

karabakh_list_columns <- list(
{lists}
)

# The folder of this file, however it is run: source() from any working
# directory, from a script that is itself sourced (RStudio's Source button),
# or Rscript karabakh.R. Falls back to the working directory.
karabakh_dir <- local({{
  sourced <- Filter(function(f) is.character(f) && basename(f) == "{R_HELPER}",
                    lapply(rev(sys.frames()), function(env) env$ofile))
  script <- sub("^--file=", "", grep("^--file=", commandArgs(FALSE), value = TRUE))
  here <- c(unlist(sourced), script[basename(script) == "{R_HELPER}"])
  if (length(here)) dirname(normalizePath(here[[1]])) else normalizePath(".")
}})

# merge() on a key that is empty (NA) in every row matches NA with NA and
# becomes a cross join: the UCDP conflict and dyad ids of the GED-shaped rows
# are empty by rule. karabakh_merge() refuses such a key, and leaves out (with
# a warning) the rows whose key is empty, so NA never matches NA.
karabakh_merge <- function(x, y, by, ...) {{
  sides <- list(x = x, y = y)
  for (side in names(sides)) {{
    d <- sides[[side]]
    for (key in by) {{
      if (is.null(d[[key]])) stop("karabakh_merge: no column ", key, " in ", side)
      if (all(is.na(d[[key]]))) stop("karabakh_merge: key ", key, " is empty in every row of ", side,
                                     "; merging on it would pair every row with every row. Join on country, cell and dates instead.")
    }}
    empty <- !stats::complete.cases(d[by])
    if (any(empty)) warning("karabakh_merge: ", sum(empty), " rows of ", side, " have an empty key; they match nothing and are left out")
    sides[[side]] <- d[!empty, , drop = FALSE]
  }}
  merge(sides$x, sides$y, by = by, ...)
}}

read_karabakh <- function(table, dir = karabakh_dir, lists = FALSE) {{
  classes <- karabakh_col_classes[[table]]
  if (is.null(classes)) stop("unknown table or view: ", table, "; tables and views: ", paste(names(karabakh_col_classes), collapse = ", "))
  path <- file.path(dir, paste0(table, ".csv"))
  bom <- identical(readBin(path, "raw", 3L), as.raw(c(0xef, 0xbb, 0xbf)))
  d <- read.csv(path, encoding = "UTF-8", fileEncoding = if (bom) "UTF-8-BOM" else "",
                colClasses = classes, na.strings = "NA", stringsAsFactors = FALSE)
  if (lists) for (col in karabakh_list_columns[[table]]) d[[col]] <- strsplit(d[[col]], karabakh_separator, fixed = TRUE)
  d
}}
"""


@contextlib.contextmanager
def reading_from(folder: Path | None):
    """Read the tables (load(), with its manifest check) from folder instead of the installed data."""
    from ..paths import DATA_DIR_ENV

    if folder is None:
        yield
        return
    old = os.environ.get(DATA_DIR_ENV)
    os.environ[DATA_DIR_ENV] = str(folder)
    try:
        yield
    finally:
        if old is None:
            os.environ.pop(DATA_DIR_ENV, None)
        else:
            os.environ[DATA_DIR_ENV] = old


def write_all(fmt: str, out: Path, bom: bool = False, data: Path | None = None) -> list[Path]:
    """Every table in one format: a folder of .csv files (and karabakh.R) or .dta files, or one .xlsx workbook.

    data: read the tables from this build folder instead of the installed data.
    """
    from ..access import table_names

    if fmt not in FORMATS:
        raise DownloadError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    names = table_names() + list(SHAPED_VIEWS)
    with reading_from(data):
        if fmt == "xlsx":
            path = out if out.suffix == ".xlsx" else out / "karabakh-data.xlsx"
            path.parent.mkdir(parents=True, exist_ok=True)
            write_xlsx(names, path)
            return [path]
        out.mkdir(parents=True, exist_ok=True)
        writer = write_dta if fmt == "dta" else (lambda n, p: write_csv(n, p, bom))
        paths = []
        for name in names:
            path = out / f"{name}.{fmt}"
            writer(name, path)
            paths.append(path)
        views = view_classes() if fmt == "csv" else None
    if fmt == "csv":
        (out / R_HELPER).write_text(r_helper(views), encoding="utf-8")
        paths.append(out / R_HELPER)
    return paths
