"""plainyaml.parse gives exactly rawio.load_yaml's values, types and lines, or declines (None) and leaves the file to rawio.

plainyaml reads the plain YAML coders write without libyaml's event
objects; it may not change a value, a type or a line number of what rawio
reads. Compared on every raw file, a synthetic corpus, tricky snippets and
random documents.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from karabakh_data.build import plainyaml, rawio

from ..conftest import RAW


def same(a, b, path="$"):
    """None if a and b are equal in value, type and recorded lines; else where they differ."""
    if type(a) is not type(b):
        return f"{path}: {type(a).__name__} {a!r} != {type(b).__name__} {b!r}"
    if isinstance(a, dict):
        if list(a) != list(b) or a.line != b.line or a.key_lines != b.key_lines or a.item_lines != b.item_lines:
            return f"{path}: keys or lines differ ({a.line} vs {b.line}, {a.key_lines} vs {b.key_lines}, {a.item_lines} vs {b.item_lines})"
        return next((d for k in a if (d := same(a[k], b[k], f"{path}.{k}"))), None)
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: lengths differ"
        return next((d for i, (x, y) in enumerate(zip(a, b)) if (d := same(x, y, f"{path}[{i}]"))), None)
    return None if a == b else f"{path}: {a!r} != {b!r}"


def _agree(text: str) -> None:
    fast = plainyaml.parse(text)
    if fast is None:
        return  # declined: rawio decides
    slow, problems = rawio.load_yaml(text, "f.yaml")
    assert not problems, f"plainyaml accepted what rawio refuses: {problems}"
    assert same(fast, slow) is None, same(fast, slow)


def test_plainyaml_reads_every_raw_file_as_rawio_does(synthetic):
    files = sorted(RAW.rglob("*.yaml")) + sorted(synthetic.rglob("*.yaml"))
    read = 0
    for path in files:
        text = path.read_text(encoding="utf-8")
        _agree(text)
        read += plainyaml.parse(text) is not None
    assert read == len(files), "the plain raw files should all take the fast path"


TRICKY = [
    "a: yes\nb: No\nc: on\nd: OFF\ne: y\nf: n\n",
    "a: 010\nb: 0x1F\nc: 1_000\nd: 1:30\ne: 1e5\nf: 1.5e+3\ng: .inf\nh: -.5\ni: -7\nj: +3\n",
    "a: null\nb: ~\nc:\nd: Null\ne: ''\nf: \"\"\n",
    "a: 2020-02-30\nb: 2020-10-24 10:00:00\nc: '2020-10-24'\n",
    'a: "x\\"y"\nb: \'it\'\'s\'\nc: "tab\\there"\n',
    "a: x # comment\nb: x#y\nc: 'q' # c\nd: [a, 'b c', \"d\"] # c\n",
    "a: [a, [b]]\nb: [a,\n  b]\nc: {x: 1}\nd: []\n",
    "a: &x 1\nb: *x\n",
    "a: !!str 1\nb: !custom x\n",
    "a: 1\na: 2\n",
    "on: 1\nyes: 2\nnull: 3\n",
    "a: >-\n  one\n  two\n\n  three\nb: 1\n",
    "a: >-\n  one\n    more\n  two\nb: |\n  l1\n  l2\nc: |-\n  x\nd: >\n  folded\n\n\ne: 1\n",
    "a: plain\n  continued\nb: 1\n",
    "a:\n- x\n- y\nb:\n  - c: 1\n    d: 2\n  -   e: 3\n",
    "- a\n- b\n",
    "just a scalar\n",
    "---\na: 1\n...\n",
    "a: b: c\n",
    "a: x:\n",
    "a: 'unterminated\n",
    "a:\n  b:\n    c:\n      d: [1, 2.5, true, null]\n",
    'a: \u00e9t\u00e9 \u2018quoted\u2019\nb: "\u201ccurly\u201d"\n',
    "a: line\u2028break\n",
    "# only a comment\n",
    "",
    "a: 1\n\tb: 2\n",
    "a: -\nb: - x\nc: ? x\nd: ,x\ne: %x\nf: @x\ng: `x\n",
    "key with space: 1\n",
    "a: 99999999999999999999999\nb: -0\nc: 0o17\nd: 0b101\n",
    # runs of fields read in one pass (plainyaml._run): block scalars inside them and at their edges
    "r:\n  - a: >-\n      one\n      two\n    b: x\n    c: |\n      l1\n      l2\n    d: >\n      f\n  - a: |-\n      z\n",
    "a: >-\n  one\n  two",
    "a: >\n  one\n  two\n  \nb: 1\n",
    "a: >-\n  one\n\n  # not a comment\nb: 1\n",
    "a: >-\n  one\n  # content, not a comment\nb: 1\n",
    "a: >-\n  one \n  two\nb: 1\n",
    "a: >-  # comment\n  one\nb: 1\n",
    "a: >2\n   one\nb: 1\n",
    "a: |+\n  one\n\nb: 1\n",
    "a: x\nb: >-\n  one\n c: 1\n",
    "- a: >-\n    one\n  b: 1\n- c: 2\n",
    "a: x  y\nb: x :y\nc: x: \nd: x #y\ne: x#y\n",
    # the line of each list item (ingest names it for an item that is not a mapping)
    "events:\n  - ev-1\n  - >-\n    folded\n  - k: v\n\n  - [a, b]\nflow: [x, 'y', z]\nnone: []\n",
]


@pytest.mark.parametrize("text", TRICKY)
def test_plainyaml_equals_rawio_or_declines(text):
    _agree(text)


_TOKENS = [
    "plain text",
    "yes",
    "No",
    "on",
    "OFF",
    "null",
    "~",
    "",
    "0x1F",
    "010",
    "1_000",
    "1:30",
    "-5",
    "-7.5",
    "+3",
    "1e5",
    "1.5e+3",
    ".inf",
    "2020-01-01",
    "2020-02-30",
    "a: b",
    "a #b",
    "a#b",
    "x:",
    "http://x.org/a",
    "'q'",
    "'it''s'",
    '"d"',
    '"e\\"f"',
    "[a, b]",
    "[a, 'b c', \"d\"]",
    "[]",
    "[a, [b]]",
    "{x: 1}",
    "&a x",
    "*a",
    "!t x",
    "!!str 5",
    "- x",
    "? x",
    "@x",
    "%x",
    "é \u2019curly\u2019",
    "a  b",
    "trailing ",
    "a, b, c",
    "x] y",
    "# only comment",
    "'unterminated",
    "a\tb",
]


def _random_yaml(rng) -> str:
    """A small YAML-like document: mostly what coders write, with odd pieces mixed in."""
    lines: list[str] = []

    def scalar() -> str:
        return rng.choice(_TOKENS)

    def mapping(indent: int, depth: int, first_prefix: str = "") -> None:
        keys = rng.sample(["alpha", "beta", "gamma", "on", "note", "quote", "x_1", "yes", "alpha"], rng.randint(1, 4))
        for i, key in enumerate(keys):
            pad = " " * indent
            lead = first_prefix if (i == 0 and first_prefix) else (" " * len(first_prefix))
            kind = rng.random()
            if rng.random() < 0.1:
                lines.append(rng.choice(["", "# a comment", pad + "# indented comment", "   "]))
            if depth < 3 and kind < 0.2:
                lines.append(f"{pad}{lead}{key}:")
                child = indent + len(lead) + rng.choice([2, 2, 4, 3])
                mapping(child, depth + 1)
            elif depth < 3 and kind < 0.35:
                lines.append(f"{pad}{lead}{key}:")
                seq_indent = indent + len(lead) + rng.choice([0, 2, 2])
                for _ in range(rng.randint(1, 3)):
                    if rng.random() < 0.5:
                        mapping(seq_indent, depth + 1, "- ")
                    else:
                        lines.append(f"{' ' * seq_indent}- {scalar()}")
            elif kind < 0.5:
                style = rng.choice([">-", ">", "|", "|-", ">+", ">2"])
                lines.append(f"{pad}{lead}{key}: {style}")
                body_indent = indent + len(lead) + rng.choice([2, 2, 1, 4])
                for _ in range(rng.randint(1, 3)):
                    extra = " " if rng.random() < 0.1 else ""
                    lines.append(" " * body_indent + extra + rng.choice(["some words", "more words here", "# not a comment", "a: b", ""]))
            else:
                lines.append(f"{pad}{lead}{key}: {scalar()}" + (" # trailing comment" if rng.random() < 0.1 else ""))

    mapping(0, 0)
    return "\n".join(lines) + rng.choice(["\n", "", "\n\n"])


@settings(max_examples=400, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_plainyaml_equals_rawio_or_declines_on_random_documents(seed):
    import random

    _agree(_random_yaml(random.Random(seed)))
