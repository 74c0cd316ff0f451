"""`karabakh-data export`: every way out of the dataset, in one place.

A table or view as CSV, JSON, Parquet or GeoJSON, the views shaped like
UCDP GED and ACLED (access/export.py); a table as Excel or Stata
(release/downloads.py); every table at once (``export all``); every table
and view in one SQLite file (explore/sqlite_export.py). Each format is
declared by the module that writes it; FORMATS only gathers them.
"""

from __future__ import annotations

import sys
from pathlib import Path

from .exits import CommandError, ExitCode

WHOLE = "sqlite"  # every table and view in one file
ANNOTATIONS = "annotations"  # every claim record as a W3C Web Annotation (access/annotations.py)
ALL = "all"  # the name that means every table


def formats() -> list[str]:
    """Every --format, from the modules that write them."""
    from ..access.export import FORMATS
    from ..release.downloads import FORMATS as DOWNLOADS

    return list(dict.fromkeys([*FORMATS, *DOWNLOADS, WHOLE, ANNOTATIONS]))


def arguments(p) -> None:
    from ..access.export import SHAPES

    p.add_argument(
        "name",
        nargs="?",
        help=f"view or table, e.g. events_geo; {ALL}: every table (csv, xlsx, dta or sqlite; -o OUT); none for --format sqlite, ucdp-ged or acled",
    )
    p.add_argument(
        "--format",
        choices=formats(),
        default="csv",
        help="csv: R-ready (TRUE/FALSE, NA, lists joined by ' | '); xlsx: a workbook with a README sheet; dta: Stata 118 with value labels; "
        "sqlite: every table and view in one SQLite file (views materialised as tables); "
        + ", ".join(f"{f}: CSV in the columns of the view {v}" for f, v in SHAPES.items())
        + f"; {ANNOTATIONS}: every claim's quote as a W3C Web Annotation (JSON-LD), run in a checkout",
    )
    p.add_argument("-o", "--output", help="output file (default: standard output; required for parquet, xlsx, dta and sqlite), or folder for export all")
    p.add_argument("--bom", action="store_true", help="CSV to a file: start with a UTF-8 byte-order mark, for Excel on Windows")
    p.add_argument("--force", action="store_true", help="replace an existing -o file (a symbolic link is replaced, never followed)")
    p.add_argument("--all", action="store_true", help="ucdp-ged: add the non-fatal incidents (view to_ged_all, flagged lethal = false)")


def run(args) -> int:
    fmt, name = args.format, args.name
    out = Path(args.output) if args.output else None
    why = _output_refused(args) if out is not None else None
    if why:
        raise CommandError(why, ExitCode.USAGE)
    if args.bom and fmt != "csv":
        raise CommandError(f"--bom is for CSV (Excel on Windows), not --format {fmt}", ExitCode.USAGE)
    if args.bom and out is None:
        raise CommandError("--bom is for a file opened in Excel: give -o FILE", ExitCode.USAGE)
    if fmt == ANNOTATIONS:
        return _annotations(name, out)
    if name == ALL or fmt == WHOLE:
        return _everything(name, fmt, out)
    from ..release.downloads import FORMATS as DOWNLOADS

    if fmt in DOWNLOADS and fmt != "csv":
        return _table_download(name, fmt, out)
    from ..access.export import SHAPES, SHAPES_ALL, ExportError, export

    if not name and fmt not in SHAPES:
        raise CommandError(f"give a view or table name (or {ALL}; only --format {WHOLE} exports everything without one)", ExitCode.USAGE)
    try:
        n, text = export(name, fmt, out, bom=args.bom, all_rows=args.all)
    except ExportError as err:
        raise CommandError(str(err), ExitCode.USAGE) from None
    if text is None:
        print(f"wrote {n} rows of {name or (SHAPES_ALL if args.all else SHAPES)[fmt]} to {out} ({fmt})", file=sys.stderr)
    else:
        print(text)
    return 0


def _output_refused(args) -> str | None:
    """Why export may not write -o (None: it may): an existing file is replaced only with --force, a link never followed.

    With --force a link is removed first, so the export writes a new file
    in its place and the link's target is left as it was. For `export all`
    into a folder, the same holds for each file it writes there.
    """
    import os

    from ..access import table_names
    from ..release.downloads import SHAPED_VIEWS

    out = Path(args.output)
    folder = args.name == ALL and args.format in ("csv", "dta")
    if os.path.islink(out) and (folder or not args.force):
        return f"-o {out} is a symbolic link; give another path" + ("" if folder else ", or --force to replace the link (its target is left as it was)")
    if folder:
        paths = [out / f"{t}.{args.format}" for t in (*table_names(), *SHAPED_VIEWS)] if out.is_dir() else []
    else:
        paths = [] if out.is_dir() and not os.path.islink(out) else [out]  # a folder: the export says what to give instead
    existing = [p for p in paths if os.path.lexists(p)]
    if existing and not args.force:
        return f"{existing[0]} exists; add --force to replace it" if folder else f"-o {out} exists; add --force to replace it"
    for p in existing:
        if os.path.islink(p):
            os.unlink(p)  # --force: the link goes, its target stays
    return None


def _annotations(name: str | None, out: Path | None) -> int:
    """export --format annotations -o FILE: every claim as a W3C Web Annotation (needs the texts of a checkout)."""
    from ..access.annotations import FILE_NAME, AnnotationError, NotACheckout, write

    if name or out is None:
        raise CommandError(f"--format {ANNOTATIONS} writes every claim record; give -o FILE (e.g. {FILE_NAME}) and no name", ExitCode.USAGE)
    try:
        n = write(out, Path("raw"))
    except NotACheckout as err:
        raise CommandError(f"{err} (the release archive holds {FILE_NAME}, made from the texts)", ExitCode.ENVIRONMENT) from None
    except AnnotationError as err:
        raise CommandError(str(err), ExitCode.INTEGRITY) from None
    print(f"wrote {n} annotations (W3C Web Annotation, JSON-LD) to {out}", file=sys.stderr)
    return 0


def _everything(name: str | None, fmt: str, out: Path | None) -> int:
    """export all --format csv|xlsx|dta|sqlite -o OUT; export --format sqlite -o FILE."""
    if fmt == WHOLE and name not in (None, ALL):
        raise CommandError(f"--format {WHOLE} writes every table and view; give -o FILE and no name", ExitCode.USAGE)
    from ..release import downloads

    if fmt not in (*downloads.FORMATS, WHOLE):
        raise CommandError(f"export {ALL} writes {', '.join(downloads.FORMATS)} or {WHOLE}, not {fmt}", ExitCode.USAGE)
    if out is None:
        kind = "a folder" if fmt in ("csv", "dta") else "a file"
        raise CommandError(f"give -o: every table as {fmt} is written to {kind}" + (" (-o FILE)" if fmt == WHOLE else ""), ExitCode.USAGE)
    if fmt == WHOLE:
        from ..explore.sqlite_export import export_sqlite

        rows = export_sqlite(out)
        print(f"wrote {len(rows)} tables and views ({sum(rows.values())} rows) to {out} (sqlite)", file=sys.stderr)
        return 0
    if fmt in ("csv", "dta") and out.is_file():
        raise CommandError(f"-o {out} is a file; export {ALL} --format {fmt} writes a folder of one file per table", ExitCode.USAGE)
    paths = downloads.write_all(fmt, out)
    print(f"wrote {len(paths)} file{'s' if len(paths) != 1 else ''} of every table to {out} ({fmt})", file=sys.stderr)
    return 0


def _table_download(name: str | None, fmt: str, out: Path | None) -> int:
    """export TABLE --format xlsx|dta -o FILE: tables only (the downloads' formats)."""
    from ..access import check_name
    from ..release import downloads

    if not name:
        raise CommandError(f"--format {fmt} exports tables: give a table name or {ALL}, and -o", ExitCode.USAGE)
    if name not in downloads.SHAPED_VIEWS:  # the shapes and panels are written like tables
        try:
            check_name(name)
        except KeyError as err:
            raise CommandError(f"{err.args[0]} (--format {fmt} exports tables and the views {', '.join(downloads.SHAPED_VIEWS)})", ExitCode.USAGE) from None
    if out is None:
        raise CommandError(f"give -o: {name} as {fmt} is written to a file", ExitCode.USAGE)
    if out.is_dir():
        raise CommandError(f"-o {out} is a folder; give the file to write, e.g. {out / (name + '.' + fmt)}", ExitCode.USAGE)
    n = downloads.write_dta(name, out) if fmt == "dta" else downloads.write_xlsx([name], out)[name]
    print(f"wrote {n} rows of {name} to {out} ({fmt})", file=sys.stderr)
    return 0
