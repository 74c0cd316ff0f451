"""The release commands of the command line: cite, dictionary, diff, release.

Kept apart from main.py, which lists USER_COMMANDS and MAINTAINER_COMMANDS
among its own; the same conventions hold (a failure raises CommandError,
exits.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

from .command import Command
from .exits import CommandError, ExitCode


def _cmd_cite(args) -> int:
    from ..release.cite import cite

    sys.stdout.write(cite(args.style))
    return 0


def _cmd_dictionary(args) -> int:
    from ..release.dictionary import write

    print(f"wrote {write(Path(args.root))}")
    return 0


def _cmd_diff(args) -> int:
    from ..release.diff import diff, render_markdown, render_text, update_changelog
    from ..release.snapshot import resolve

    try:
        old, new = resolve(args.old, Path(args.root)), resolve(args.new, Path(args.root))
    except (ValueError, OSError) as err:
        raise CommandError(str(err), ExitCode.USAGE) from None
    diffs = diff(old, new)
    if args.changelog is None:
        sys.stdout.write(render_text(diffs, old, new, full=args.full))
    elif args.changelog == "-":
        sys.stdout.write(render_markdown(diffs, old, new))
    else:
        update_changelog(Path(args.changelog), render_markdown(diffs, old, new))
        print(f"wrote a section into {args.changelog}")
    return 0


def _cmd_release(args) -> int:
    from ..release.archive import ReleaseError, ensure_build, make_archive, record, recorded_date, release_epoch
    from ..release.distributions import DistributionError, build_distributions
    from .progress import progress

    root = Path(args.root)
    try:
        progress("building raw/ unless the last build is current")
        data = ensure_build(Path(args.raw) if args.raw else root / "raw", Path(args.build) if args.build else root / "build", args.rebuild)
        if args.snapshot:
            progress("recording the release snapshot and the CHANGELOG")
            snap = record(root, data, args.date, args.replace)
            print(f"recorded {snap.version} ({snap.date}) in {root / 'releases' / snap.version}; updated CHANGELOG.md, CITATION.cff, docs/data-dictionary.md")
        dist = Path(args.dist) if args.dist else root / "dist"
        epoch = release_epoch(recorded_date(root))  # the one time stamp of the wheel, the sdist and the archive
        if not args.no_packages:
            progress("building the wheel and the sdist")
        packages = () if args.no_packages else tuple(build_distributions(root, dist / "packages", epoch))
        progress("packing the archive")
        path = make_archive(root, data, dist, packages, Path(args.raw) if args.raw else None)
    except (ReleaseError, DistributionError) as err:
        raise CommandError(str(err)) from None
    from ..paths import sha256_file

    print(f"wrote {path} (sha256 {sha256_file(path)})")
    return 0


def _cite_arguments(p) -> None:
    p.add_argument("--style", choices=["apa", "bibtex", "cff"], default="apa")


def _root_argument(p) -> None:
    p.add_argument("--root", default=".", help="project root (default: .)")


def _diff_arguments(p) -> None:
    p.add_argument("old")
    p.add_argument("new")
    p.add_argument("--full", action="store_true", help="list every added, removed and changed record, with changed fields old -> new")
    p.add_argument("--changelog", nargs="?", const="-", metavar="FILE", help="write a Markdown CHANGELOG section (to FILE, or to stdout)")
    p.add_argument("--root", default=".", help="project root holding raw/ and releases/ (default: .; versions shipped in the package are found anywhere)")


def _release_arguments(p) -> None:
    p.add_argument("--snapshot", action="store_true", help="record this version: releases/X.Y.Z/, CHANGELOG.md, CITATION.cff, data dictionary")
    p.add_argument("--replace", action="store_true", help="with --snapshot: overwrite a recorded, not yet published release")
    p.add_argument("--date", help="with --snapshot: release date YYYY-MM-DD (default: SOURCE_DATE_EPOCH or today, UTC)")
    p.add_argument("--rebuild", action="store_true", help="build even if the existing build is current")
    _root_argument(p)
    p.add_argument("--raw", help="raw folder (default: ROOT/raw)")
    p.add_argument("--build", help="build folder (default: ROOT/build)")
    p.add_argument("--dist", help="output folder (default: ROOT/dist)")
    p.add_argument("--no-packages", action="store_true", help="leave the wheel and sdist out of the archive")


USER_COMMANDS = [Command("cite", "how to cite the installed version of the dataset", _cmd_cite, _cite_arguments)]
MAINTAINER_COMMANDS = [
    Command("dictionary", "regenerate docs/data-dictionary.md from the schemas", _cmd_dictionary, _root_argument, True),
    Command(
        "diff",
        "compare two releases record by record (X.Y.Z: in releases/ or shipped in the installed package; HEAD, an archive or a build folder)",
        _cmd_diff,
        _diff_arguments,
        True,
    ),
    Command("release", "write dist/karabakh-data-X.Y.Z.zip; with --snapshot, first record version X.Y.Z", _cmd_release, _release_arguments, True),
]
