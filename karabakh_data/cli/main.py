"""The `karabakh-data` command line.

Every command is declared once, as one ``Command`` (command.py) in
commands() below (the release commands in release.py's USER_COMMANDS and
MAINTAINER_COMMANDS): its name, one line of help, the function that adds
its arguments, the function that runs it, and whether it is a maintainer's
command (run in a checkout). To add a command, write ``_cmd_NAME(args) ->
int`` and, if it takes arguments, ``_NAME_arguments(p)``, then add one
``Command(...)`` line to the user or maintainer list; the parser, the help's
grouped list and the checkout check follow from it.

A command that fails raises ``CommandError(message, ExitCode.KIND)``
(exits.py): main() prints ``karabakh-data <command>: <message>`` and exits
with the code of its kind, never with a traceback for bad input. The
failures any command may meet (the build's problem report, a data file that
does not match the manifest, a missing extra, an unwritable file, Ctrl-C)
are handled once, in main().
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .command import Command
from .exits import CommandError, ExitCode, fail
from .progress import progress


def _cmd_build(args) -> int:
    from ..build.pipeline import build
    from ..paths import PACKAGE_DATA

    package = PACKAGE_DATA if args.package else None
    progress(f"reading and checking {args.raw}/, then writing {args.out}/data" + (" and the package's copy" if package else ""))
    result = build(Path(args.raw), Path(args.out), package)
    total = sum(result.seconds.values())
    print(f"karabakh-data build: {sum(result.rows.values())} rows in {len(result.rows)} tables ({total:.2f} s)")
    for name, n in result.rows.items():
        print(f"  {name:<22}{n:>6}")
    print(f"wrote {Path(args.out) / 'data'}" + (f" and {package}" if package else ""))
    return 0


def _cmd_validate(args) -> int:
    from ..build.pipeline import validate

    _, tables, _ = validate(Path(args.raw))
    print(f"valid: {sum(t.num_rows for t in tables.values())} rows in {len(tables)} tables; nothing written")
    return 0


def _cmd_tables(args) -> int:
    from ..access import tables

    for name, desc in tables().items():
        print(f"{name:<22}{desc}")
    return 0


def _cmd_verify(args) -> int:
    from ..access import data_dir, verify
    from ..paths import MANIFEST

    folder = Path(args.dir) if args.dir else data_dir()
    if not folder.is_dir():
        raise CommandError(f"--dir {folder} is not a folder", ExitCode.USAGE)
    against = Path("releases") / args.release / MANIFEST if args.release else None
    if against is not None and not against.is_file():
        raise CommandError(f"no {against} here: --release reads the release's own manifest from a checkout of the repository", ExitCode.ENVIRONMENT)
    if against is None and not (folder / MANIFEST).is_file():
        raise CommandError(
            f"no {MANIFEST} in {folder}: nothing to check the files against (give the data folder of a build, or none for the installed data)",
            ExitCode.INTEGRITY,
        )
    trusted = f"{against} (the release's own manifest)" if against else f"{folder / MANIFEST} (the folder's own manifest)"
    problems = verify(folder, against)
    if against is None and len(problems) == 1 and problems[0].startswith(f"{MANIFEST} unreadable"):
        raise CommandError(f"{folder / MANIFEST}: {problems[0].removeprefix(MANIFEST + ' ')}", ExitCode.INTEGRITY)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        raise CommandError(f"{len(problems)} file(s) differ from {trusted}", ExitCode.INTEGRITY)
    print(f"verify: every {'table file' if against else 'file'} in {folder} matches {trusted}")
    return 0


def _cmd_query(args) -> int:
    from ..access.query import QueryRefused, render, run_query

    try:
        sql = Path(args.file).read_text(encoding="utf-8") if args.file else args.sql
    except OSError as err:
        raise CommandError(f"cannot read --file: {err}", ExitCode.USAGE) from None
    if args.file and args.sql:
        raise CommandError("give SQL or --file, not both", ExitCode.USAGE)
    if not sql:
        raise CommandError("give SQL or --file", ExitCode.USAGE)
    try:
        columns, rows = run_query(sql, args.timeout)
    except QueryRefused as err:
        raise CommandError(str(err)) from None
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
            raise CommandError(err.args[0], ExitCode.USAGE) from None
        print(view.sql, end="")
        return 0
    print(listing())
    return 0


def _cmd_export(args) -> int:
    from .export import run

    return run(args)


def _cmd_plot(args) -> int:
    from ..extras import require

    require("matplotlib")
    from ..explore import plot

    out = Path(args.output or ".")
    if out.suffix and out.suffix not in (".png", ".svg"):
        raise CommandError(f"-o {out}: a figure is written as .png or .svg; give FILE.png, FILE.svg or a folder", ExitCode.USAGE)
    if args.figure == "all":
        if out.suffix:
            raise CommandError("plot all writes several files: give a folder with -o", ExitCode.USAGE)
        paths = plot.write_all(out)
    else:
        fig = plot.FIGURES[args.figure]()
        paths = plot.save(fig, out, formats=(out.suffix[1:],)) if out.suffix else plot.save(fig, out / args.figure)
    for path in paths:
        print(f"wrote {path}")
    return 0


def _cmd_serve(args) -> int:
    import socket

    from ..explore.datasette import serve
    from ..extras import require

    require("datasette.cli")  # the install hint first
    with socket.socket() as probe:  # before the export and the URL: a busy port fails at once
        try:
            probe.bind((args.host, args.port))
        except OSError as err:
            raise CommandError(f"cannot listen on {args.host}:{args.port} ({err.strerror}); choose another --port", ExitCode.ENVIRONMENT) from None
    if args.sql:
        print(
            "karabakh-data serve: SQL allowed (--sql): 1 s and 1000 rows a query; any page you open may use it",
            file=sys.stderr,
        )
    return serve(args.port, args.host, sql=args.sql)


def _cmd_coverage(args) -> int:
    from ..workbench.coverage import coverage_report

    report, complete = coverage_report(Path(args.raw), show_all=args.all)
    print(report)
    return 0 if complete else int(ExitCode.PROBLEMS)


def _cmd_add_source(args) -> int:
    from ..workbench.add_source import AddSourceError, add_source

    try:
        target, records = add_source(Path(args.path), Path(args.raw), args.id)
    except AddSourceError as err:
        raise CommandError(str(err)) from None
    print(f"copied {args.path} -> {target}")
    print(f"wrote {records}: fill in published_date and date_basis, then code every sentence of its checklist")
    return 0


def _cmd_draft(args) -> int:
    import datetime as dt

    from ..workbench.drafting import draft_file

    try:
        published = dt.date.fromisoformat(args.published)
    except ValueError:
        raise CommandError(f"--published {args.published!r} is not a date (YYYY-MM-DD)", ExitCode.USAGE) from None
    try:
        text = draft_file(Path(args.path), published, Path(args.raw), args.id)
    except (OSError, UnicodeDecodeError) as err:
        raise CommandError(f"cannot read {args.path}: {err}", ExitCode.ENVIRONMENT) from None
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"wrote {args.output}: a draft; review every record, then delete its `draft:` line", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


def _cmd_agreement(args) -> int:
    from ..workbench.agreement import AgreementError, agreement, render

    try:
        result = agreement(Path(args.a), Path(args.b), Path(args.raw))
    except AgreementError as err:
        raise CommandError(str(err), ExitCode.PROBLEMS) from None
    print(render(result, args.format), end="")
    return 0


def _cmd_regenerate(args) -> int:
    from .regenerate import regenerate

    return regenerate(Path(args.root))


def _cmd_evidence(args) -> int:
    from ..access.annotations import AnnotationError, NotACheckout
    from ..explore.evidence import EvidenceError, build_site

    try:
        counts = build_site(Path(args.output), Path(args.raw))
    except NotACheckout as err:
        raise CommandError(str(err), ExitCode.ENVIRONMENT) from None
    except (AnnotationError, EvidenceError) as err:
        raise CommandError(str(err), ExitCode.INTEGRITY) from None
    for sid, c in counts.items():
        print(f"  {sid}: {c['records']} claim records, {c['marks']} marks, {c['excluded']} excluded sentences")
    print(f"wrote {len(counts) + 1} pages to {args.output} (open {Path(args.output) / 'index.html'}; not for distribution: it holds the full texts)")
    return 0


def _cmd_schemas(args) -> int:
    from ..schema.json_schema import write_schemas

    for path in write_schemas(Path(args.out)):
        print(f"wrote {path}")
    return 0


# --- arguments of each command ---------------------------------------------------------------------


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a port number") from None
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{port} is not a port number (1-65535)")
    return port


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a number of seconds") from None
    if not seconds >= 0:
        raise argparse.ArgumentTypeError(f"{text} is not a number of seconds (0 or more; 0: no limit)")
    return seconds


def _query_arguments(p) -> None:
    from ..access.query import DEFAULT_TIMEOUT, FORMATS

    p.add_argument("sql", nargs="?", help="SQL text: one statement that reads")
    p.add_argument("--file", help="read the SQL from a file")
    p.add_argument("--format", choices=FORMATS, default=FORMATS[0], help="csv: R-ready (TRUE/FALSE, NA, lists joined by ' | '), as export writes it")
    p.add_argument(
        "--timeout",
        type=_seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"stop the statement after SECONDS (default: {DEFAULT_TIMEOUT:g}; 0: no limit)",
    )


def _views_arguments(p) -> None:
    p.add_argument("name", nargs="?", help="print this view's SQL")
    p.add_argument(
        "--script",
        nargs="?",
        const="",
        metavar="DIR",
        help="print SQL that sets up a plain duckdb session over the Parquet files in DIR (default: the installed data)",
    )


def _export_arguments(p) -> None:
    from .export import arguments

    arguments(p)


def _plot_arguments(p) -> None:
    p.add_argument("figure", choices=["timeline", "casualties", "map", "all"])
    p.add_argument("-o", "--output", help="folder, or a .png/.svg file name (default: current folder); for all, the folder")


def _serve_arguments(p) -> None:
    p.add_argument("--port", type=_port, default=8001, help="port (default: 8001)")
    p.add_argument("--host", default="127.0.0.1", help=argparse.SUPPRESS)
    p.add_argument(
        "--sql", action="store_true", help="allow arbitrary SQL (1 s and 1000 rows a query); off by default, as any web page you open can reach the server"
    )


def _release_version(text: str) -> str:
    import re

    if not re.fullmatch(r"\d+\.\d+\.\d+", text):
        raise argparse.ArgumentTypeError(f"{text!r} is not a release version (X.Y.Z)")
    return text


def _verify_arguments(p) -> None:
    p.add_argument("--dir", help="folder to check (default: the installed data)")
    p.add_argument(
        "--release",
        metavar="X.Y.Z",
        type=_release_version,
        help="check the table files against releases/X.Y.Z/manifest.json of a checkout, not the folder's own manifest",
    )


def _build_arguments(p) -> None:
    p.add_argument("--raw", default="raw", help="raw folder (default: raw)")
    p.add_argument("--out", default="build", help="output folder (default: build)")
    p.add_argument("--package", action="store_true", help="also refresh the package's own copy (karabakh_data/data/); do this before committing data changes")


def _raw_argument(p) -> None:
    p.add_argument("--raw", default="raw", help="raw folder (default: raw)")


def _coverage_arguments(p) -> None:
    _raw_argument(p)
    p.add_argument("--all", action="store_true", help="list every sentence, not only the uncovered ones")


def _add_source_arguments(p) -> None:
    p.add_argument("path", help="the document (UTF-8 text)")
    _raw_argument(p)
    p.add_argument("--id", help="source id (default: src-<leading part of the file name>)")


def _schemas_arguments(p) -> None:
    p.add_argument("--out", default="schemas")


def _draft_arguments(p) -> None:
    p.add_argument("path", help="the document (UTF-8 text)")
    p.add_argument("--published", required=True, help="publication date, YYYY-MM-DD (relative dates are resolved against it)")
    p.add_argument("-o", "--output", help="write the draft here (default: standard output)")
    p.add_argument("--raw", default="raw", help="raw folder whose alias tables and incidents are used (default: raw)")
    p.add_argument("--id", help="source id (default: src-<leading part of the file name>)")


def _agreement_arguments(p) -> None:
    p.add_argument("a", help="records file of the first coder")
    p.add_argument("b", help="records file of the second coder")
    p.add_argument("--format", choices=("text", "markdown", "json"), default="text")
    p.add_argument("--raw", default="raw", help="raw folder holding the source text (default: raw)")


def _regenerate_arguments(p) -> None:
    p.add_argument("--root", default=".", help="the checkout (default: the current folder)")


def _evidence_arguments(p) -> None:
    p.add_argument("-o", "--output", required=True, help="folder to write index.html and one page per source into")
    p.add_argument("--raw", default="raw", help="raw folder whose sources/ holds the texts (default: raw)")


# --- the commands ----------------------------------------------------------------------------------


def commands() -> list[Command]:
    """Every command, in the order of the help's lists."""
    from . import release

    user = [
        Command("query", "run a read-only SQL query over the tables and views", _cmd_query, _query_arguments),
        Command("views", "list the views and the question each answers (or print one view's SQL)", _cmd_views, _views_arguments),
        Command("tables", "list the tables", _cmd_tables),
        Command(
            "export",
            "write a table or view (CSV, JSON, Parquet, GeoJSON, xlsx, Stata .dta), every table (export all), SQLite, "
            "UCDP GED-/ACLED-shaped CSV, or every claim as a W3C Web Annotation",
            _cmd_export,
            _export_arguments,
        ),
        Command("verify", "check the data files against the manifest's SHA-256", _cmd_verify, _verify_arguments),
        *release.USER_COMMANDS,
        Command("plot", "draw the timeline, casualty or map figure as PNG and SVG (needs the [plot] extra)", _cmd_plot, _plot_arguments),
        Command("serve", "browse the tables and views in Datasette on localhost (needs the [explore] extra)", _cmd_serve, _serve_arguments),
    ]
    maintainer = [
        Command("build", "validate raw/ and write Parquet, DuckDB and manifest", _cmd_build, _build_arguments, True),
        Command("validate", "check raw/ without writing anything", _cmd_validate, _raw_argument, True),
        Command("coverage", "show which source sentences are cited or excluded", _cmd_coverage, _coverage_arguments, True),
        Command("add-source", "copy a new source document into raw/ and write its records skeleton", _cmd_add_source, _add_source_arguments, True),
        Command("draft", "propose a draft records file for a new text (every proposal marked draft)", _cmd_draft, _draft_arguments, True),
        Command("agreement", "agreement between two codings of one source (Krippendorff's alpha per field)", _cmd_agreement, _agreement_arguments, True),
        Command(
            "regenerate",
            "rebuild everything generated: package copy, schemas, dictionary, README sections, figures",
            _cmd_regenerate,
            _regenerate_arguments,
            True,
        ),
        Command("schemas", "regenerate the JSON Schema files of the raw records", _cmd_schemas, _schemas_arguments, True),
        Command(
            "evidence",
            "write the evidence pages: each source text with every claim's quote marked (offline HTML; holds the full texts)",
            _cmd_evidence,
            _evidence_arguments,
            True,
        ),
        *release.MAINTAINER_COMMANDS,
    ]
    return user + maintainer


class _Parser(argparse.ArgumentParser):
    """One-line errors: `karabakh-data export: argument --format: invalid choice ...`, exit 2."""

    def error(self, message: str):
        self.exit(ExitCode.USAGE, f"{self.prog}: {message} (see {self.prog} --help)\n")


class _VersionAction(argparse.Action):
    """--version: the package version and the installed data's, read from the manifest only when asked."""

    def __call__(self, parser, namespace, values, option_string=None):
        print(_version())
        parser.exit()


def _version() -> str:
    from .._version import __version__
    from ..access import manifest

    try:
        data = manifest().get("dataset_version", "unknown")
    except (OSError, ValueError):
        data = "unreadable (run karabakh-data verify)"
    return f"karabakh-data {__version__} (data {data})"


def _command_list(declared: list[Command]) -> str:
    def group(title, maintainer):
        return title + "\n" + "\n".join(f"  {c.name:<12}{c.help}" for c in declared if c.maintainer == maintainer)

    return group("commands for using the data:", False) + "\n\n" + group("commands for maintainers (run in a checkout of the repository):", True)


def parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The parser of every command; given argv, only the named command gets its own parser.

    Each subparser costs about a millisecond (argparse looks up translations
    for every help text), a sixth of what a one-table query adds to DuckDB's
    own start; help, --version and a mistyped command still get them all.
    """
    declared = commands()
    named = next((a for a in argv or [] if not a.startswith("-")), None)
    if any(c.name == named for c in declared):
        wanted = [c for c in declared if c.name == named]
    else:
        wanted = declared
    p = _Parser(
        prog="karabakh-data",
        usage="karabakh-data [-h] [--version] COMMAND ...",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        description="Query, export and cite the karabakh-data dataset; build and release it from a checkout.\n\n" + _command_list(declared),
        epilog="Run karabakh-data COMMAND --help for a command's options. Exit codes: see the README.",
    )
    p.add_argument("--version", action=_VersionAction, nargs=0, help="print the package and data version and exit")
    # the grouped list above replaces argparse's own (help=SUPPRESS)
    sub = p.add_subparsers(dest="command", required=True, metavar="COMMAND", parser_class=_Parser, help=argparse.SUPPRESS)
    for command in wanted:
        cp = sub.add_parser(command.name, prog=f"karabakh-data {command.name}", help=command.help, description=command.help)
        if command.arguments:
            command.arguments(cp)
        cp.set_defaults(func=command.run, maintainer=command.maintainer)
    return p


# --- running a command -----------------------------------------------------------------------------


def _outside_checkout(args) -> str | None:
    """Why a maintainer command cannot run here (None if it can): what of a checkout it needs is missing."""
    if not args.maintainer:
        return None
    root = Path(getattr(args, "root", None) or ".")
    raw = Path(args.raw) if getattr(args, "raw", None) else root / "raw"
    needed = [raw / "records"]
    if args.command in ("schemas", "dictionary"):
        needed.append(root / "pyproject.toml")  # they write docs/ and schemas/ of a checkout
    if args.command == "diff":
        specs = (args.old, args.new)
        needed = [raw / "records"] if "HEAD" in specs else []  # versions: the checkout's releases/ or those shipped in the wheel
    missing = [p for p in needed if not p.exists()]
    if not missing:
        return None
    return f"a maintainer command; run it in a checkout of the karabakh-data repository (no {missing[0]} here); nothing written"


def _known_failure(err: Exception) -> tuple[str, ExitCode] | None:
    """The message and exit code of a failure any command may meet; None for a bug (its traceback is shown)."""
    from ..access import DataIntegrityError
    from ..access.query import QueryStopped
    from ..access.r_csv import CsvValueError
    from ..extras import MissingExtra

    if isinstance(err, DataIntegrityError):
        return (
            f"{err.problem}; run `karabakh-data verify` to list every file that differs, then reinstall karabakh-data (or rebuild: karabakh-data build --package)",
            ExitCode.INTEGRITY,
        )
    if isinstance(err, QueryStopped):
        return str(err), ExitCode.TIMEOUT if err.timed_out else ExitCode.INTERRUPTED
    if isinstance(err, MissingExtra):
        return str(err), ExitCode.ENVIRONMENT
    if isinstance(err, CsvValueError):
        return str(err), ExitCode.PROBLEMS
    if isinstance(err, OSError) and err.filename:
        return f"{err.filename}: {err.strerror}", ExitCode.ENVIRONMENT
    return None


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    args = parser(argv).parse_args(argv)
    try:
        why = _outside_checkout(args)
        if why:
            raise CommandError(why, ExitCode.ENVIRONMENT)
        return args.func(args)
    except CommandError as err:
        return fail(args.command, str(err), err.code)
    except KeyboardInterrupt:
        return fail(args.command, "interrupted (Ctrl-C)", ExitCode.INTERRUPTED)
    except BrokenPipeError:  # output piped into head/less that exited early: not an error
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as err:
        from ..build.problems import BuildFailed

        if isinstance(err, BuildFailed):  # build, validate, diff HEAD, release: every problem, one per line, then a summary
            print(err.report(), file=sys.stderr)
            return int(ExitCode.PROBLEMS)
        known = _known_failure(err)
        if known is None:
            raise
        return fail(args.command, *known)
