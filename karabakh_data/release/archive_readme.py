"""README.md at the top of the release archive, generated so that it cannot drift from what the archive holds.

Someone who unzips karabakh-data-X.Y.Z.zip may never see the repository: the
README says what each file and folder holds (written from the members
themselves: a member without a description is refused), what each table is
(from the table registry, with the row counts of the manifest), how to load
the data in Python, R, Stata, Excel and DuckDB, the version, how to cite it and
under which licences.
"""

from __future__ import annotations

from .cite import DATA_LICENSE_TITLE, DATA_LICENSE_URL, render_apa, render_bibtex
from .downloads import R_HELPER, STATA_LABEL_MAX

README = "README.md"
DUCKDB_SCRIPT = "karabakh.sql"

# Top-level files and folders of the archive, and what each holds (a folder's key ends in /).
MEMBERS = {
    "data/": "the dataset: one Parquet file per table (typed columns, each column's description in its metadata) "
    "and `manifest.json` (row counts and the SHA-256 of every file). The same files as the Python package ships.",
    "csv/": "the same tables as CSV for R, Stata and Excel: UTF-8 without a byte-order mark, a header row, "
    "`TRUE`/`FALSE`, missing values `NA`, dates `YYYY-MM-DD`, the items of a list joined by a vertical bar with a space either side; "
    f"`{R_HELPER}` reads them in R with every column's type.",
    "dist/": "the Python package: the wheel (`pip install` it for `karabakh_data.load()`, SQL views, exports) "
    "and the sdist (the package source, the raw records and the tests; not the source texts).",
    DUCKDB_SCRIPT: "SQL that creates a DuckDB database from `data/`: every table, with its description, and every view.",
    README: "this file.",
    "codebook.md": "the codebook: how each record was coded from the reports, rule by rule.",
    "data-dictionary.md": "every table and column, with its type, description and allowed values.",
    "CHANGELOG.md": "what changed in each release, record by record.",
    "CITATION.cff": "how to cite this version (Citation File Format).",
    "datapackage.json": "Frictionless Data Package metadata: `frictionless validate datapackage.json` checks every file.",
    "croissant.json": "Croissant (ML Commons) metadata of the Parquet files.",
    "annotations.jsonld": "every claim record as a W3C Web Annotation (JSON-LD): the source text by its SHA-256, "
    "the quote with a short prefix and suffix (TextQuoteSelector) and its character positions (TextPositionSelector), "
    "so annotation tools can anchor each claim in a copy of the report.",
    "LICENSE": "the MIT licence of the code.",
    "LICENSE-DATA.md": "the CC BY 4.0 licence of the data, and what it does not cover.",
    "SHA256SUMS": "the SHA-256 of every other file: `sha256sum -c SHA256SUMS` checks them.",
}


class UndescribedMember(ValueError):
    """The archive would hold a file that its README does not describe."""


def _top(name: str) -> str:
    return name.split("/", 1)[0] + "/" if "/" in name else name


def render(version: str, date: str, names: list[str], manifest: dict, cff: dict) -> str:
    """The README of the archive of `version`, whose members are `names` (README.md and SHA256SUMS included)."""
    from ..schema.table_specs import TABLES

    tops = sorted({_top(n) for n in names})
    missing = [t for t in tops if t not in MEMBERS]
    if missing:
        raise UndescribedMember(f"archive members without a description in archive_readme.MEMBERS: {', '.join(missing)}")
    wheel = next((n.removeprefix("dist/") for n in names if n.endswith(".whl")), None)
    lines = [
        f"# karabakh-data {version}",
        "",
        "A versioned, citable dataset of the 2020 Nagorno-Karabakh war, hand-coded from news reports: who claimed what, "
        "when, and who denied it. Every record is a claim, never a fact: it names its claimant, who relayed it, its source "
        "document and a verbatim quote with its character offsets in that document.",
        "",
        f"Version **{version}**, released {date}. This archive is reproducible: `karabakh-data release`, run on a fresh "
        "clone of the repository at the commit it was made from with the library versions of `requirements/test.lock`, "
        "writes the same bytes (every time stamp inside is the release date).",
        "",
        "## What each file and folder holds",
        "",
        "| Path | What it holds |",
        "|---|---|",
        *[f"| `{t}` | {MEMBERS[t]} |" for t in tops],
        "",
        "## The tables",
        "",
        "| Table | Rows | Key | What a row is |",
        "|---|---:|---|---|",
        *[f"| `{n}` | {manifest['tables'][n]['rows']} | {f'`{t.key}`' if t.key else '(none)'} | {t.description} |" for n, t in TABLES.items()],
        "",
        "`data-dictionary.md` lists every column; `codebook.md` says how the values were chosen.",
        "",
        "## Loading the data",
        "",
        *_loading(wheel),
        "## Citing this version",
        "",
        render_apa(cff).strip(),
        "",
        "```bibtex",
        render_bibtex(cff).strip(),
        "```",
        "",
        "`CITATION.cff` holds the same, with the source documents as references. Cite the version you used: "
        f"a version number names one exact set of records, and `CHANGELOG.md` says how {version} differs from earlier ones.",
        "",
        "## Licences",
        "",
        f"- **Data**: the coded records (every table, in every format here) are licensed under {DATA_LICENSE_TITLE} "
        f"(CC BY 4.0, {DATA_LICENSE_URL}): reuse them for any purpose, with credit and the version. See `LICENSE-DATA.md`.",
        "- **Quotes**: the short excerpts in the `quote` columns are attributed evidence for each record; their rights stay "
        "with the source documents' rights holders.",
        "- **Source texts**: the news reports themselves are not part of this archive; each is identified by its SHA-256 in the `sources` table.",
        "- **Code**: the `karabakh_data` package in `dist/` is licensed MIT (`LICENSE`).",
        "",
    ]
    return "\n".join(lines)


def _loading(wheel: str | None) -> list[str]:
    """The how-to per tool, each run from the unpacked folder."""
    python = [
        "**Python** (pandas, or polars, pyarrow):",
        "",
        "```python",
        "import pandas as pd",
        'events = pd.read_parquet("data/events.parquet")',
        "```",
        "",
    ]
    if wheel:
        python += [
            "With the package (typed columns, the manifest checked, SQL views, exports):",
            "",
            "```bash",
            f"pip install dist/{wheel}",
            "python -c \"import karabakh_data; print(karabakh_data.load('events'))\"",
            "```",
            "",
        ]
    r = [
        "**R** (base R, no package needed):",
        "",
        "```r",
        f'source("csv/{R_HELPER}")',
        'events <- read_karabakh("events")                # dates as Date, booleans logical, codes character',
        'actors <- read_karabakh("actors", lists = TRUE)  # list columns split into character vectors',
        "```",
        "",
        'With the arrow package: `arrow::read_parquet("data/events.parquet")`.',
        "",
    ]
    stata = [
        "**Stata**:",
        "",
        "```stata",
        'import delimited using "csv/events.csv", varnames(1) encoding("utf-8") bindquote(strict) clear',
        "```",
        "",
        "Missing values are the text `NA` in the CSV files.",
    ]
    if wheel:
        stata[-1] += (
            " The package writes Stata 118 files with value labels and variable labels "
            f"(cut to Stata's {STATA_LABEL_MAX} characters): `karabakh-data export all --format dta -o stata`."
        )
    excel = [
        "",
        "**Excel**: Data > From Text/CSV, choose a file in `csv/` and the encoding 65001: Unicode (UTF-8).",
    ]
    if wheel:
        excel[-1] += " The package writes one workbook, a sheet per table and a README sheet: `karabakh-data export all --format xlsx -o karabakh.xlsx`."
    duck = [
        "",
        "**DuckDB**: the archive holds no DuckDB file (DuckDB's files are not byte-for-byte reproducible, and this "
        "archive is). One command, in this folder, creates it from the Parquet files, with every table and view:",
        "",
        "```bash",
        f"duckdb karabakh.duckdb < {DUCKDB_SCRIPT}",
        "```",
        "",
        f"or, from Python: `python -c \"import duckdb; duckdb.connect('karabakh.duckdb').execute(open('{DUCKDB_SCRIPT}').read())\"`. "
        "Without creating anything: `duckdb -c \"SELECT * FROM 'data/events.parquet'\"`.",
        "",
    ]
    return python + r + stata + excel + duck
