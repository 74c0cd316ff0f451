"""The `karabakh-data` command line.

Every command exits 0 on success and non-zero with a one-line reason (or
the full problem list for build/validate) on failure, never a traceback for
bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .progress import progress


def _cmd_build(args) -> int:
    from ..build import build
    from ..build.problems import BuildFailed
    from ..paths import PACKAGE_DATA

    package = PACKAGE_DATA if args.package else None
    progress(f"reading and checking {args.raw}/, then writing {args.out}/data" + (" and the package's copy" if package else ""))
    try:
        result = build(Path(args.raw), Path(args.out), package)
    except BuildFailed as err:
        print(err.report(), file=sys.stderr)
        return 1
    total = sum(result.seconds.values())
    print(f"karabakh-data build: {sum(result.rows.values())} rows in {len(result.rows)} tables ({total:.2f} s)")
    for name, n in result.rows.items():
        print(f"  {name:<22}{n:>6}")
    print(f"wrote {Path(args.out) / 'data'}" + (f" and {package}" if package else ""))
    return 0


def _cmd_validate(args) -> int:
    from ..build import validate
    from ..build.problems import BuildFailed

    try:
        _, tables, _ = validate(Path(args.raw))
    except BuildFailed as err:
        print(err.report(), file=sys.stderr)
        return 1
    print(f"valid: {sum(t.num_rows for t in tables.values())} rows in {len(tables)} tables; nothing written")
    return 0


def _cmd_tables(args) -> int:
    from ..access import tables

    for name, desc in tables().items():
        print(f"{name:<22}{desc}")
    return 0


def _cmd_verify(args) -> int:
    from ..access import data_dir, verify

    folder = Path(args.dir) if args.dir else data_dir()
    against = Path("releases") / args.release / "manifest.json" if args.release else None
    if against is not None and not against.is_file():
        return _fail("verify", f"no {against} here: --release reads the release's own manifest from a checkout of the repository")
    trusted = f"{against} (the release's own manifest)" if against else f"{folder / 'manifest.json'} (the folder's own manifest)"
    problems = verify(folder, against)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"verify: {len(problems)} file(s) differ from {trusted}", file=sys.stderr)
        return 1
    print(f"verify: every {'table file' if against else 'file'} in {folder} matches {trusted}")
    return 0


def _cmd_query(args) -> int:
    from ..access.query import QueryFailed, QueryRefused, render, run_query

    try:
        sql = Path(args.file).read_text(encoding="utf-8") if args.file else args.sql
    except OSError as err:
        print(f"query: cannot read --file: {err}", file=sys.stderr)
        return 2
    if not sql:
        print("query: give SQL or --file", file=sys.stderr)
        return 2
    try:
        columns, rows = run_query(sql)
    except QueryRefused as err:
        print(f"query {'failed' if isinstance(err, QueryFailed) else 'refused'}: {err}", file=sys.stderr)
        return 1
    print(render(columns, rows, args.format))
    return 0


def _cmd_views(args) -> int:
    from ..access.views import duckdb_script, get, listing

    if args.script is not None:
        from ..access import data_dir

        print(duckdb_script(Path(args.script) if args.script else data_dir()), end="")
        return 0
    if args.name:
        try:
            view = get(args.name)
        except KeyError as err:
            print(f"views: {err.args[0]}", file=sys.stderr)
            return 1
        print(view.sql, end="")
        return 0
    print(listing())
    return 0


def _cmd_export(args) -> int:
    why = _output_refused(args) if args.output else None
    if why:
        return _fail("export", why)
    if args.name == "all" or args.format in DOWNLOAD_FORMATS or args.bom or _is_table_csv(args):
        return _cmd_export_downloads(args)
    if args.format == "sqlite":
        return _cmd_export_sqlite(args)
    from ..access.export import SHAPES, ExportError, export

    if not args.name and args.format not in SHAPES:
        print("export: give a view or table name (only --format sqlite exports everything)", file=sys.stderr)
        return 2
    from ..access.query import QueryRefused

    try:
        n, text = export(args.name, args.format, Path(args.output) if args.output else None)
    except (ExportError, QueryRefused, OSError) as err:
        print(f"export: {err}", file=sys.stderr)
        return 1
    if text is None:
        print(f"wrote {n} rows of {args.name or SHAPES[args.format]} to {args.output} ({args.format})", file=sys.stderr)
    else:
        print(text)
    return 0


def _cmd_export_sqlite(args) -> int:
    from ..explore.sqlite_export import export_sqlite

    if args.name or not args.output:
        print("export --format sqlite: writes every table and view; give -o FILE and no name", file=sys.stderr)
        return 2
    try:
        rows = export_sqlite(Path(args.output))
    except (OSError, ValueError) as err:
        print(f"export: {err}", file=sys.stderr)
        return 1
    print(f"wrote {len(rows)} tables and views ({sum(rows.values())} rows) to {args.output} (sqlite)", file=sys.stderr)
    return 0


def _output_refused(args) -> str | None:
    """Why export may not write -o (None: it may): an existing file is replaced only with --force, a link never followed.

    With --force a link is removed first, so the export writes a new file
    in its place and the link's target is left as it was. For `export all`
    into a folder, the same holds for each file it writes there.
    """
    import os

    from ..access import table_names

    out = Path(args.output)
    folder = args.name == "all" and args.format in ("csv", "dta")
    if os.path.islink(out) and (folder or not args.force):
        return f"-o {out} is a symbolic link; give another path" + ("" if folder else ", or --force to replace the link (its target is left as it was)")
    if folder:
        paths = [out / f"{t}.{args.format}" for t in table_names()] if out.is_dir() else []
    else:
        paths = [] if out.is_dir() and not os.path.islink(out) else [out]  # a folder: the export says what to give instead
    existing = [p for p in paths if os.path.lexists(p)]
    if existing and not args.force:
        return f"{existing[0]} exists; add --force to replace it" if folder else f"-o {out} exists; add --force to replace it"
    for p in existing:
        if os.path.islink(p):
            os.unlink(p)  # --force: the link goes, its target stays
    return None


DOWNLOAD_FORMATS = ("xlsx", "dta")  # export formats of the downloads (release/downloads.py), tables only


def _download_arguments(e) -> None:
    """`export all`, --format xlsx|dta and --bom on the export parser (the downloads for R, Stata and Excel)."""
    fmt = e._option_string_actions["--format"]
    fmt.choices = [*fmt.choices, *DOWNLOAD_FORMATS]
    fmt.help = (fmt.help or "") + "; xlsx: a workbook with a README sheet; dta: Stata 118 with value labels"
    name = next(a for a in e._actions if a.dest == "name")
    name.help += "; all: every table (csv, xlsx, dta or sqlite; -o OUT)"
    e.add_argument("--bom", action="store_true", help="CSV of tables: start with a UTF-8 byte-order mark, for Excel on Windows")


def _is_table_csv(args) -> bool:
    """A table (not a view) as CSV: the R-ready download (TRUE/FALSE, NA), to a file or standard output."""
    from ..access import table_names

    return args.format == "csv" and args.name in table_names()


def _cmd_export_downloads(args) -> int:
    """export all --format csv|xlsx|dta|sqlite -o OUT, export TABLE --format csv|xlsx|dta [-o FILE], --bom."""
    from ..access import check_name

    what = "every table" if args.name == "all" else args.name
    if args.bom and args.format != "csv":
        return _fail("export", f"--bom is for CSV (Excel on Windows), not --format {args.format}", 2)
    if args.bom and not args.output:
        return _fail("export", "--bom is for a file opened in Excel: give -o FILE", 2)
    if args.name == "all" and args.format not in ("csv", "sqlite", *DOWNLOAD_FORMATS):
        return _fail("export", f"export all writes csv, xlsx, dta or sqlite, not {args.format}", 2)
    if not args.name:
        return _fail("export", f"--format {args.format} exports tables: give a table name or all, and -o", 2)
    if _is_table_csv(args) and not args.output:
        from ..release.downloads import DownloadError, write_csv

        try:
            write_csv(args.name, sys.stdout)
        except DownloadError as err:
            return _fail("export", str(err))
        return 0
    if not args.output:
        kind = "a folder" if args.name == "all" and args.format in ("csv", "dta") else "a file"
        return _fail("export", f"give -o: {what} as {args.format} is written to {kind}", 2)
    if args.name == "all" and args.format == "sqlite":
        args.name = None
        return _cmd_export_sqlite(args)
    if args.name != "all":
        try:
            check_name(args.name)
        except KeyError as err:
            return _fail("export", f"{err.args[0]} (--format {args.format}{' --bom' if args.bom else ''} exports tables, not views)", 2)
    from ..release import downloads

    out = Path(args.output)
    try:
        if args.name == "all":
            if args.format in ("csv", "dta") and out.is_file():
                return _fail("export", f"-o {out} is a file; export all --format {args.format} writes a folder of one file per table")
            paths = downloads.write_all(args.format, out, bom=args.bom)
            print(f"wrote {len(paths)} file{'s' if len(paths) != 1 else ''} of every table to {out} ({args.format})", file=sys.stderr)
            return 0
        if out.is_dir():
            return _fail("export", f"-o {out} is a folder; give the file to write, e.g. {out / (args.name + '.' + args.format)}")
        if args.format == "csv":
            n = downloads.write_csv(args.name, out, bom=args.bom)
        elif args.format == "dta":
            n = downloads.write_dta(args.name, out)
        else:
            n = downloads.write_xlsx([args.name], out)[args.name]
    except (downloads.DownloadError, OSError, ValueError) as err:
        return _fail("export", str(err))
    print(f"wrote {n} rows of {args.name} to {out} ({args.format})", file=sys.stderr)
    return 0


def _cmd_plot(args) -> int:
    from ..extras import require

    require("matplotlib")
    from ..explore import plot

    out = Path(args.output or ".")
    if out.suffix and out.suffix not in (".png", ".svg"):
        return _fail("plot", f"-o {out}: a figure is written as .png or .svg; give FILE.png, FILE.svg or a folder")
    if args.figure == "all":
        if out.suffix:
            return _fail("plot", "plot all writes several files: give a folder with -o")
        paths = plot.write_all(out)
    else:
        fig = plot.FIGURES[args.figure]()
        paths = plot.save(fig, out, formats=(out.suffix[1:],)) if out.suffix else plot.save(fig, out / args.figure)
    for path in paths:
        print(f"wrote {path}")
    return 0


def _cmd_serve(args) -> int:
    from ..explore.datasette import serve

    return serve(args.port, sql=args.sql)


def _cmd_coverage(args) -> int:
    from ..build.coverage import coverage_report

    report, complete = coverage_report(Path(args.raw), show_all=args.all)
    print(report)
    return 0 if complete else 1


def _cmd_add_source(args) -> int:
    from ..build.add_source import AddSourceError, add_source

    try:
        target, records = add_source(Path(args.path), Path(args.raw), args.id)
    except (AddSourceError, OSError) as err:
        print(f"add-source: {err}", file=sys.stderr)
        return 1
    print(f"copied {args.path} -> {target}")
    print(f"wrote {records}: fill in published_date and date_basis, then code every sentence of its checklist")
    return 0


def _cmd_schemas(args) -> int:
    from ..schema.json_schema import write_schemas

    for path in write_schemas(Path(args.out)):
        print(f"wrote {path}")
    return 0


USER_COMMANDS = ("query", "views", "tables", "export", "verify", "cite", "plot", "serve")
MAINTAINER_COMMANDS = ("build", "validate", "coverage", "add-source", "schemas", "dictionary", "diff", "release")


class _Parser(argparse.ArgumentParser):
    """One-line errors: `karabakh-data export: argument --format: invalid choice ...`, exit 2."""

    def error(self, message: str):
        self.exit(2, f"{self.prog}: {message} (see {self.prog} --help)\n")


class _Help(argparse.RawDescriptionHelpFormatter):
    def _format_action(self, action):  # the grouped command list is in the description
        return "" if isinstance(action, argparse._SubParsersAction) else super()._format_action(action)


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1-65535)")
    return port


def _release(text: str) -> str:
    if not _is_version(text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a release version (X.Y.Z)")
    return text


def _version() -> str:
    from .._version import __version__
    from ..access import manifest

    try:
        data = manifest().get("dataset_version", "unknown")
    except (OSError, ValueError):
        data = "unreadable (run karabakh-data verify)"
    return f"karabakh-data {__version__} (data {data})"


def _command_list(sub) -> str:
    helps = {a.dest: a.help for a in sub._choices_actions}

    def group(title, names):
        return title + "\n" + "\n".join(f"  {n:<12}{helps[n]}" for n in names)

    return "\n\n".join(
        [group("commands for using the data:", USER_COMMANDS), group("commands for maintainers (run in a checkout of the repository):", MAINTAINER_COMMANDS)]
    )


def parser() -> argparse.ArgumentParser:
    p = _Parser(
        prog="karabakh-data", formatter_class=_Help, description="Query, export and cite the karabakh-data dataset; build and release it from a checkout."
    )
    p.add_argument("--version", action=_VersionAction, nargs=0, help="print the package and data version and exit")
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser)
    _user_commands(sub)
    _maintainer_commands(sub)
    from .release import register

    register(sub)  # cite, dictionary, diff, release
    p.description += "\n\n" + _command_list(sub)
    return p


def _user_commands(sub) -> None:
    """tables, query, views, export, plot, serve, verify (cite: cli/release.py)."""
    t = sub.add_parser("tables", help="list the tables")
    t.set_defaults(func=_cmd_tables)

    q = sub.add_parser("query", help="run a read-only SQL query over the tables and views")
    q.add_argument("sql", nargs="?", help="SQL text")
    q.add_argument("--file", help="read the SQL from a file")
    q.add_argument("--format", choices=["table", "csv", "json", "markdown"], default="table")
    q.set_defaults(func=_cmd_query)

    w = sub.add_parser("views", help="list the views and the question each answers (or print one view's SQL)")
    w.add_argument("name", nargs="?", help="print this view's SQL")
    w.add_argument(
        "--script",
        nargs="?",
        const="",
        metavar="DIR",
        help="print SQL that sets up a plain duckdb session over the Parquet files in DIR (default: the installed data)",
    )
    w.set_defaults(func=_cmd_views)

    e = sub.add_parser(
        "export", help="write a table or view (CSV, JSON, Parquet, GeoJSON, xlsx, Stata .dta), every table (export all), SQLite, or UCDP GED-/ACLED-shaped CSV"
    )
    e.add_argument("name", nargs="?", help="view or table, e.g. events_geo (none for --format sqlite, ucdp-ged or acled)")
    e.add_argument(
        "--format",
        choices=["geojson", "csv", "json", "parquet", "sqlite", "ucdp-ged", "acled"],
        default="csv",
        help="sqlite: every table and view in one SQLite file (views materialised as tables); "
        "ucdp-ged, acled: CSV in UCDP GED's or ACLED's columns (views to_ucdp_ged, to_acled)",
    )
    e.add_argument("-o", "--output", help="output file (default: standard output; required for parquet)")
    e.add_argument("--force", action="store_true", help="replace an existing -o file (a symbolic link is replaced, never followed)")
    e.set_defaults(func=_cmd_export)
    _download_arguments(e)

    pl = sub.add_parser("plot", help="draw the timeline, casualty or map figure as PNG and SVG (needs the [plot] extra)")
    pl.add_argument("figure", choices=["timeline", "casualties", "map", "all"])
    pl.add_argument("-o", "--output", help="folder, or a .png/.svg file name (default: current folder); for all, the folder")
    pl.set_defaults(func=_cmd_plot)

    sv = sub.add_parser("serve", help="browse the tables and views in Datasette on localhost (needs the [explore] extra)")
    sv.add_argument("--port", type=_port, default=8001, help="port on 127.0.0.1 (default: 8001)")
    sv.add_argument(
        "--sql", action="store_true", help="allow arbitrary SQL (1 s and 1000 rows a query); off by default, as any web page you open can reach the server"
    )
    sv.set_defaults(func=_cmd_serve)

    f = sub.add_parser("verify", help="check the data files against the manifest's SHA-256")
    f.add_argument("--dir", help="folder to check (default: the installed data)")
    f.add_argument(
        "--release",
        metavar="X.Y.Z",
        type=_release,
        help="check the table files against releases/X.Y.Z/manifest.json of a checkout, not the folder's own manifest",
    )
    f.set_defaults(func=_cmd_verify)


def _maintainer_commands(sub) -> None:
    """build, validate, coverage, add-source, schemas (dictionary, diff, release: cli/release.py)."""
    b = sub.add_parser("build", help="validate raw/ and write Parquet, DuckDB and manifest")
    b.add_argument("--raw", default="raw", help="raw folder (default: raw)")
    b.add_argument("--out", default="build", help="output folder (default: build)")
    b.add_argument("--package", action="store_true", help="also refresh the package's own copy (karabakh_data/data/); do this before committing data changes")
    b.set_defaults(func=_cmd_build)

    v = sub.add_parser("validate", help="check raw/ without writing anything")
    v.add_argument("--raw", default="raw")
    v.set_defaults(func=_cmd_validate)

    c = sub.add_parser("coverage", help="show which source sentences are cited or excluded")
    c.add_argument("--raw", default="raw")
    c.add_argument("--all", action="store_true", help="list every sentence, not only the uncovered ones")
    c.set_defaults(func=_cmd_coverage)

    a = sub.add_parser("add-source", help="copy a new source document into raw/ and write its records skeleton")
    a.add_argument("path", help="the document (UTF-8 text)")
    a.add_argument("--raw", default="raw")
    a.add_argument("--id", help="source id (default: src-<leading part of the file name>)")
    a.set_defaults(func=_cmd_add_source)

    s = sub.add_parser("schemas", help="regenerate the JSON Schema files of the raw records")
    s.add_argument("--out", default="schemas")
    s.set_defaults(func=_cmd_schemas)


class _VersionAction(argparse.Action):
    """--version: the package version and the installed data's, read from the manifest only when asked."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(_version())
        parser.exit()


def _fail(command: str, reason: str, code: int = 1) -> int:
    print(f"karabakh-data {command}: {reason}", file=sys.stderr)
    return code


def _outside_checkout(args) -> str | None:
    """Why a maintainer command cannot run here (None if it can): what of a checkout it needs is missing."""
    if args.command not in MAINTAINER_COMMANDS:
        return None
    root = Path(getattr(args, "root", None) or ".")
    raw = Path(args.raw) if getattr(args, "raw", None) else root / "raw"
    needed = [raw / "records"]
    if args.command in ("schemas", "dictionary"):
        needed.append(root / "pyproject.toml")  # they write docs/ and schemas/ of a checkout
    if args.command == "diff":
        specs = (args.old, args.new)
        needed = ([raw / "records"] if "HEAD" in specs else []) + ([root / "releases"] if any(map(_is_version, specs)) else [])
    missing = [p for p in needed if not p.exists()]
    if not missing:
        return None
    return f"a maintainer command; run it in a checkout of the karabakh-data repository (no {missing[0]} here); nothing written"


def _is_version(text: str) -> bool:
    import re

    return re.fullmatch(r"\d+\.\d+\.\d+", text) is not None


def main(argv: list[str] | None = None) -> int:
    from ..extras import MissingExtra

    args = parser().parse_args(argv)
    why = _outside_checkout(args)
    if why:
        return _fail(args.command, why)
    try:
        return args.func(args)
    except MissingExtra as err:
        return _fail(args.command, str(err))
    except BrokenPipeError:  # output piped into head/less that exited early: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
