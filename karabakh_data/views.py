"""The views from the command line; the views themselves are in access/views.py.

    python -m karabakh_data.views            # list the views
    python -m karabakh_data.views --readme   # rebuild raw/ and regenerate docs/common-questions.md

At the top of the package, not in access/, because --readme builds raw/
(release/questions.py) and access/ never imports the builder. The README
and the docs name this command.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if args[:1] == ["--readme"]:
        from .release.questions import regenerate

        print(f"wrote {regenerate()}")
        return 0
    from .access.views import listing

    print(listing())
    return 0


if __name__ == "__main__":
    sys.exit(main())
