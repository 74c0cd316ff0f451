"""The `karabakh-data` command line.

Every command exits 0 on success and non-zero with a one-line reason (or
the full problem list for build/validate) on failure, never a traceback for
bad input.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def _cmd_build(args) -> int:
    from ..build import build
    from ..build.problems import BuildFailed
    from ..paths import PACKAGE_DATA

    package = PACKAGE_DATA if args.package else None
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
    problems = verify(folder)
    for p in problems:
        print(p, file=sys.stderr)
    if problems:
        print(f"verify: {len(problems)} file(s) differ from {folder / 'manifest.json'}", file=sys.stderr)
        return 1
    print(f"verify: every file in {folder} matches manifest.json")
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
    if args.format == "sqlite":
        return _cmd_export_sqlite(args)
    if not args.name:
        print("export: give a view or table name (only --format sqlite exports everything)", file=sys.stderr)
        return 2
    from ..access.export import ExportError, export
    from ..access.query import QueryRefused

    try:
        n, text = export(args.name, args.format, Path(args.output) if args.output else None)
    except (ExportError, QueryRefused, OSError) as err:
        print(f"export: {err}", file=sys.stderr)
        return 1
    if text is None:
        print(f"wrote {n} rows of {args.name} to {args.output} ({args.format})", file=sys.stderr)
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


def _cmd_plot(args) -> int:
    try:
        import matplotlib  # noqa: F401
    except ImportError:
        print("plot: matplotlib is not installed; install it with:  pip install 'karabakh-data[plot]'", file=sys.stderr)
        return 1
    from ..explore import plot

    if args.figure == "all":
        paths = plot.write_all(Path(args.output or "."))
    else:
        out = Path(args.output or ".")
        target = out if out.suffix in (".png", ".svg") else out / args.figure
        paths = plot.save(plot.FIGURES[args.figure](), target)
    for path in paths:
        print(f"wrote {path}")
    return 0


def _cmd_serve(args) -> int:
    from ..explore.datasette import serve

    return serve(args.port)


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


def parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="karabakh-data", description="Build, check and query the karabakh-data dataset.")
    sub = p.add_subparsers(dest="command", required=True)

    b = sub.add_parser("build", help="validate raw/ and write Parquet, DuckDB and manifest")
    b.add_argument("--raw", default="raw", help="raw folder (default: raw)")
    b.add_argument("--out", default="build", help="output folder (default: build)")
    b.add_argument("--package", action="store_true", help="also refresh the package's own copy (karabakh_data/data/); do this before committing data changes")
    b.set_defaults(func=_cmd_build)

    v = sub.add_parser("validate", help="check raw/ without writing anything")
    v.add_argument("--raw", default="raw")
    v.set_defaults(func=_cmd_validate)

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

    e = sub.add_parser("export", help="write a view or table as GeoJSON, CSV, JSON or Parquet, or everything as SQLite")
    e.add_argument("name", nargs="?", help="view or table, e.g. events_geo (none for --format sqlite)")
    e.add_argument(
        "--format",
        choices=["geojson", "csv", "json", "parquet", "sqlite"],
        default="csv",
        help="sqlite: every table and view in one SQLite file (views materialised as tables)",
    )
    e.add_argument("-o", "--output", help="output file (default: standard output; required for parquet)")
    e.set_defaults(func=_cmd_export)

    pl = sub.add_parser("plot", help="draw the timeline, casualty or map figure as PNG and SVG (needs the [plot] extra)")
    pl.add_argument("figure", choices=["timeline", "casualties", "map", "all"])
    pl.add_argument("-o", "--output", help="folder, or a .png/.svg file name (default: current folder); for all, the folder")
    pl.set_defaults(func=_cmd_plot)

    sv = sub.add_parser("serve", help="browse the tables and views in Datasette on localhost (needs the [explore] extra)")
    sv.add_argument("--port", type=int, default=8001, help="port on 127.0.0.1 (default: 8001)")
    sv.set_defaults(func=_cmd_serve)

    c = sub.add_parser("coverage", help="show which source sentences are cited or excluded")
    c.add_argument("--raw", default="raw")
    c.add_argument("--all", action="store_true", help="list every sentence, not only the uncovered ones")
    c.set_defaults(func=_cmd_coverage)

    f = sub.add_parser("verify", help="check the data files against the manifest's SHA-256")
    f.add_argument("--dir", help="folder to check (default: the installed data)")
    f.set_defaults(func=_cmd_verify)

    a = sub.add_parser("add-source", help="copy a new source document into raw/ and write its records skeleton")
    a.add_argument("path", help="the document (UTF-8 text)")
    a.add_argument("--raw", default="raw")
    a.add_argument("--id", help="source id (default: src-<leading part of the file name>)")
    a.set_defaults(func=_cmd_add_source)

    s = sub.add_parser("schemas", help="regenerate the JSON Schema files of the raw records")
    s.add_argument("--out", default="schemas")
    s.set_defaults(func=_cmd_schemas)
    from .release import register

    register(sub)  # cite, dictionary, diff, release
    return p


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    try:
        return args.func(args)
    except BrokenPipeError:  # output piped into head/less that exited early: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
