"""`karabakh-data regenerate`: every generated file of a checkout rebuilt from raw/ and the schemas, in one command.

After a coder adds or changes records, these files follow from raw/ and
the code and must never be edited by hand: the package's own copy of the
data (and build/data), the JSON Schemas of the raw files, the data
dictionary, the common questions (docs/common-questions.md and its README
section), the README's examples that print data (Python doctests and
`$ karabakh-data ...` blocks: their printed output is replaced by what the
commands print now), the figures in docs/figures and the reliability
summary (reliability/summary.json). Each step says what
it wrote; the first failure stops the command with its reason (a build
failure lists every problem, as `build` does).
"""

from __future__ import annotations

import doctest
import re
import shlex
import sys
from pathlib import Path


def regenerate(root: Path) -> int:
    root = Path(root).resolve()
    if not ((root / "pyproject.toml").is_file() and (root / "raw" / "records").is_dir()):
        print(f"karabakh-data regenerate: {root} is not a checkout (no pyproject.toml and raw/records/); nothing written", file=sys.stderr)
        return 1
    from ..paths import PACKAGE_DATA

    if PACKAGE_DATA.parent.parent.resolve() != root:
        print(f"karabakh-data regenerate: the installed package is not this checkout's ({PACKAGE_DATA}); install it with pip install -e .", file=sys.stderr)
        return 1
    for name, step in STEPS:
        print(f"regenerate: {name}", file=sys.stderr)
        code = step(root)
        if code:
            return code
    return 0


def _data(root: Path) -> int:
    from ..build.pipeline import build
    from ..paths import PACKAGE_DATA

    build(root / "raw", root / "build", PACKAGE_DATA)  # a BuildFailed reaches main(), which lists every problem
    print(f"wrote {root / 'build' / 'data'} and {PACKAGE_DATA}")
    return 0


def _schemas(root: Path) -> int:
    from ..schema.json_schema import write_schemas

    for path in write_schemas(root / "schemas"):
        print(f"wrote {path}")
    return 0


def _dictionary(root: Path) -> int:
    from ..release.dictionary import write

    print(f"wrote {write(root)}")
    return 0


def _questions(root: Path) -> int:
    from ..release.questions import regenerate as questions

    print(f"wrote {questions(root / 'raw', root / 'docs' / 'common-questions.md')} and README.md's common questions")
    return 0


def _figures(root: Path) -> int:
    from ..extras import require

    require("matplotlib")
    from ..explore import plot

    for path in plot.write_all(root / "docs" / "figures"):
        print(f"wrote {path}")
    return 0


def _readme_examples(root: Path) -> int:
    """The printed output of the README's Python and `$ karabakh-data` examples, replaced by what they print now."""
    readme = root / "README.md"
    text = readme.read_text(encoding="utf-8")
    new = re.sub(r"^```(python|text)\n(.*?)^```", _block, text, flags=re.M | re.S)
    if new != text:
        readme.write_text(new, encoding="utf-8")
    print(f"wrote {readme} (examples)")
    return 0


def _block(m: re.Match) -> str:
    lang, body = m.group(1), m.group(2)
    if lang == "python" and ">>>" in body:
        return f"```python\n{_doctest(body)}```"
    if lang == "text" and body.startswith("$ karabakh-data"):
        command, _, _ = body.partition("\n")
        import subprocess  # the command as a user runs it (and the CLI module is not imported back by its own subcommand)

        done = subprocess.run([sys.executable, "-m", "karabakh_data", *shlex.split(command[2:])[1:]], capture_output=True, text=True, check=True)
        return f"```text\n{command}\n{done.stdout.rstrip(chr(10))}\n```"
    return m.group(0)


class _Recorder(doctest.DocTestRunner):
    """Runs a doctest and keeps what each example printed."""

    def __init__(self):
        super().__init__(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
        self.got: dict[int, str] = {}

    def report_failure(self, out, test, example, got):
        self.got[id(example)] = got


def _doctest(body: str) -> str:
    test = doctest.DocTestParser().get_doctest(body, {}, "README", "README.md", 0)
    runner = _Recorder()
    runner.run(test, out=lambda _: None)
    lines = body.splitlines(keepends=True)
    out: list[str] = []
    i = 0
    for ex in test.examples:
        end = ex.lineno + len(ex.source.splitlines())
        out += lines[i:end]
        want_lines = len(ex.want.splitlines())
        if id(ex) in runner.got:
            got = runner.got[id(ex)]
            indent = re.match(r"\s*", lines[ex.lineno]).group()
            out += [indent + line + "\n" if line else "\n" for line in got.rstrip("\n").split("\n")] if got.strip() else []
        else:
            out += lines[end : end + want_lines]
        i = end + want_lines
    out += lines[i:]
    return "".join(out)


def _reliability(root: Path) -> int:
    from ..release.reliability import write

    if (root / "reliability" / "second-coding").is_dir():
        print(f"wrote {write(root)}")
    return 0


STEPS = [
    ("the data: build/data and the package copy", _data),
    ("JSON Schemas", _schemas),
    ("data dictionary", _dictionary),
    ("common questions", _questions),
    ("README examples", _readme_examples),
    ("figures", _figures),
    ("reliability summary", _reliability),
]
