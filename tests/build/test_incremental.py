"""The fast build equals the reference build; the cached build equals a build without cache.

stages reads documents in parallel, keeps per-document results in
<out>/.cache and checks across documents in columns; plainyaml reads the
common YAML without libyaml's event objects. None of it may change a byte of
the output or a word of a problem report:

* plainyaml.parse gives exactly rawio.load_yaml's values, types and lines, or
  declines (None) and leaves the file to rawio;
* the fast path's Parquet files are byte-identical to the reference path's,
  and its problems the same, on the real raw/ and on a synthetic corpus;
* after a document is changed, added or removed, after a reference table
  changes, and after a source text changes, a build that reuses the cache
  gives the same bytes (or the same problems) as a build without it.
"""

from __future__ import annotations

import hashlib
import shutil
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from karabakh_data.build import plainyaml, rawio
from karabakh_data.build.pipeline import build, validate
from karabakh_data.build.problems import BuildFailed

from ..conftest import RAW, ROOT, duckdb_contents
from .oracle import build_reference, validate_reference

sys.path.insert(0, str(ROOT / "benchmarks"))
from generate import generate  # noqa: E402


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


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory) -> Path:
    """A small synthetic corpus: 1,500 records over 10 documents (benchmarks/generate.py)."""
    return generate(tmp_path_factory.mktemp("synthetic"), 1500, 10, seed=7)


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


def _parquet(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.glob("*.parquet"))}


def _outputs(folder: Path) -> tuple[dict, dict]:
    """The Parquet files' digests and everything readable from the DuckDB file (rows in any order)."""
    return _parquet(folder), duckdb_contents(folder / "karabakh.duckdb")


def _fresh(raw: Path, tmp: Path, name: str) -> tuple[dict, dict]:
    """The outputs of a build from scratch: no cache, no earlier DuckDB file."""
    result = build(raw, tmp / name, None, cache=False)
    assert result.stats["duckdb"] == "written"
    return _outputs(tmp / name / "data")


def test_fast_path_equals_reference_on_real_and_synthetic_data(synthetic, tmp_path, monkeypatch):
    from karabakh_data.build import tables as columns
    from karabakh_data.build import workers

    # two processes sharing small chunks: the worker path, results put back in document order
    monkeypatch.setattr(workers, "SHARE_BYTES", 0)
    monkeypatch.setattr(workers, "CHUNK_BYTES", 50_000)
    for raw in (RAW, synthetic):  # package-style folders: Parquet and manifest, no DuckDB file
        build_reference(raw, tmp_path / "ref")
        fast = build(raw, None, tmp_path / "fast", jobs=2, pandera=False)
        assert fast.stats["jobs"] == (2 if raw == synthetic else 1)  # raw/ has two documents: not worth a worker
        assert _parquet(tmp_path / "fast") == _parquet(tmp_path / "ref")
    # columns are built by tables.arrow_array when short, by pyarrow.array when long: both give the same bytes
    monkeypatch.setattr(columns, "SMALL", 0)
    build(synthetic, None, tmp_path / "long", jobs=1, pandera=False)
    assert _parquet(tmp_path / "long") == _parquet(tmp_path / "ref")


def _problems(fn, raw: Path):
    with pytest.raises(BuildFailed) as err:
        fn(raw)
    return err.value.problems


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


BREAKS = {
    "dangling actor": ("records/src-000.yaml", "claimant_id: azerbaijan-mod", "claimant_id: azerbaijan-mo"),
    "duplicate id": ("records/src-000.yaml", "event_id: ev-000-02", "event_id: ev-000-01"),
    "quote not in source": ("records/src-000.yaml", "There were conflicting claims", "There were conflicting claimz"),
    "unknown place": ("records/src-000.yaml", "place_id: gubadli", "place_id: gubadly"),
    "bad value": ("records/src-000.yaml", "date_precision: day", "date_precision: daily"),
    "retired id reused": ("records/src-000.yaml", "event_id: ev-000-02", "event_id: ev-003-19"),
    "unknown event": ("records/src-000.yaml", "\n    event_id: ev-000-01\n", "\n    event_id: ev-000-99\n"),
    "unknown record": ("records/src-000.yaml", "record_id: mat-000-01", "record_id: mat-000-99"),
    "unknown participant": ("records/src-003.yaml", "- actor_id: ceyhun-bayramov", "- actor_id: ceyhun-bayramof"),
    "unknown parent": ("actors.yaml", "parent_id: azerbaijan\n", "parent_id: azerbaijn\n"),
    "parent circle": (
        "actors.yaml",
        "  - actor_id: azerbaijan\n    name: Azerbaijan\n",
        "  - actor_id: azerbaijan\n    name: Azerbaijan\n    parent_id: azerbaijan-mod\n",
    ),
    "unknown possibly-same incident": ("incidents.yaml", "possibly_same_as: inc-013\n", "possibly_same_as: inc-913\n"),
    "unknown agreement": ("records/src-000.yaml", "    agreement_id: agr-000-01\n", "    agreement_id: agr-000-99\n"),
    "source text changed": ("sources/000_7f5d40a5f4979764.txt", "Gubadli", "Qubadli"),
    "exclusion not in source": ("sources/000_7f5d40a5f4979764.exclusions.yaml", "doesn’t support HTML5", "does not support HTML5"),
}
"""One break per rule of the reference checks (test_every_reference_check_is_exercised_by_a_break)."""


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_fast_path_reports_the_reference_problems(case, raw_copy):
    file, old, new = BREAKS[case]
    _edit(raw_copy / file, old, new)
    expected = _problems(validate_reference, raw_copy)
    assert _problems(validate, raw_copy) == expected
    assert all(p.line > 0 for p in expected if p.file.startswith("raw/records"))


def test_fast_path_reports_cross_document_problems_with_lines(synthetic, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(synthetic, raw)
    docs = sorted((raw / "records").glob("*.yaml"))
    _edit(docs[3], "event_id: ev-00003-001", "event_id: ev-00001-001")  # duplicate across documents
    _edit(docs[5], "claimant_id: ", "claimant_id: no-such-actor\n    note_x: 1\n    x_claimant_id: ")  # unknown field: a read problem
    expected = _problems(validate_reference, raw)
    assert _problems(validate, raw) == expected
    _edit(docs[5], "claimant_id: no-such-actor\n    note_x: 1\n    x_claimant_id: ", "claimant_id: ")
    expected = _problems(validate_reference, raw)  # now the cross-document problems
    assert any("duplicate id 'ev-00001-001'" in p.reason for p in expected)
    assert _problems(validate, raw) == expected


def test_incremental_build_is_byte_identical_to_a_full_build(raw_copy, tmp_path):
    out = tmp_path / "inc"
    first = build(raw_copy, out, None)
    assert first.stats["parsed"] == first.stats["documents"]
    # nothing changed: everything from the cache
    again = build(raw_copy, out, None)
    assert again.stats["parsed"] == 0 and _parquet(out / "data") == _parquet(tmp_path / "inc" / "data")

    # a changed document: only it is read again
    _edit(raw_copy / "records/src-000.yaml", "description: Azerbaijani forces shot down", "description: Azerbaijani forces reportedly shot down")
    changed = build(raw_copy, out, None)
    assert changed.stats["parsed"] == 1 and changed.stats["duckdb"] == "updated"
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "full-changed")

    # an added document (its own source text and records)
    text = "A new report.\nThe ministry said the talks would resume on Monday.\n"
    (raw_copy / "sources" / "900_added.txt").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    (raw_copy / "records" / "src-900.yaml").write_text(
        "source:\n  source_id: src-900\n  file: sources/900_added.txt\n"
        f"  sha256: {digest}\n  published_date: 2020-10-30\n  date_basis: Stated in the report itself.\n  language: en\n"
        "statements:\n  - statement_id: st-900-01\n    claimant_id: unattributed\n    statement_type: announcement\n"
        "    summary: Talks would resume on Monday.\n    quote: The ministry said the talks would resume on Monday.\n"
        "    date_start: 2020-10-30\n    date_end: 2020-10-30\n    date_precision: day\n    date_basis: bounded_by_claim\n",
        encoding="utf-8",
    )
    added = build(raw_copy, out, None)
    assert added.stats["parsed"] == 1 and added.rows["statements"] == changed.rows["statements"] + 1
    assert added.stats["duckdb"] == "updated"
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "full-added")

    # a removed document (a source text no records file codes is a problem: it goes too)
    (raw_copy / "records" / "src-900.yaml").unlink()
    (raw_copy / "sources" / "900_added.txt").unlink()
    removed = build(raw_copy, out, None)
    assert removed.stats["parsed"] == 0 and removed.rows == changed.rows and removed.stats["duckdb"] == "updated"
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "full-removed")


def test_a_failed_build_changes_nothing_and_the_fix_reuses_the_cache(raw_copy, tmp_path):
    out = tmp_path / "inc"
    build(raw_copy, out, None)
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    _edit(raw_copy / "records/src-000.yaml", "date_precision: day", "date_precision: daily")
    with pytest.raises(BuildFailed):
        build(raw_copy, out, None)
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before
    _edit(raw_copy / "records/src-000.yaml", "date_precision: daily", "date_precision: day")
    fixed = build(raw_copy, out, None)
    assert fixed.stats["parsed"] == 0  # the document is as it was at the last good build
    _edit(raw_copy / "records/src-000.yaml", "description: Azerbaijani forces shot down", "description: Azerbaijani forces reportedly shot down")
    changed = build(raw_copy, out, None)
    assert changed.stats["parsed"] == 1 and changed.stats["cached"] == changed.stats["documents"] - 1
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "full")


def test_reference_tables_and_source_texts_are_never_stale(raw_copy, tmp_path):
    out = tmp_path / "inc"
    build(raw_copy, out, None)
    # a changed reference table: documents come from the cache, the output follows the new table
    _edit(raw_copy / "actors.yaml", "name: Armenia\n", "name: Republic of Armenia\n")
    result = build(raw_copy, out, None)
    assert result.stats["parsed"] == 0 and result.stats["duckdb"] == "updated"
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "full-actors")
    # an actor that cached records point at disappears: the same problems as without the cache
    actors = (raw_copy / "actors.yaml").read_text(encoding="utf-8")
    (raw_copy / "actors.yaml").write_text(actors.replace("actor_id: azerbaijan-mod\n", "actor_id: azerbaijan-defence\n", 1), encoding="utf-8")
    expected = _problems(validate_reference, raw_copy)
    assert any("unknown actor 'azerbaijan-mod'" in p.reason for p in expected)
    assert _problems(lambda raw: build(raw, out, None), raw_copy) == expected
    (raw_copy / "actors.yaml").write_text(actors, encoding="utf-8")
    # an exclusions file edited: read again, checked again
    excl = next((raw_copy / "sources").glob("*.exclusions.yaml"))
    saved = excl.read_text(encoding="utf-8")
    excl.write_text(saved.replace("sentence: ", "sentence: Not in the text. ", 1), encoding="utf-8")
    expected = _problems(validate_reference, raw_copy)
    assert any("excluded sentence not found" in p.reason for p in expected)
    assert _problems(lambda raw: build(raw, out, None), raw_copy) == expected
    excl.write_text(saved, encoding="utf-8")
    build(raw_copy, out, None)
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "full-excl")
    # a source text edited under an unchanged records file: its cached result is not used
    text = next((raw_copy / "sources").glob("000_*.txt"))
    text.write_text(text.read_text(encoding="utf-8").replace("Gubadli", "Qubadli", 1), encoding="utf-8")
    expected = _problems(validate_reference, raw_copy)
    assert any("SHA-256" in p.reason for p in expected)
    assert _problems(lambda raw: build(raw, out, None), raw_copy) == expected


def test_every_reference_check_is_exercised_by_a_break(raw_copy, tmp_path, monkeypatch):
    """Every check_* of the reference checks reports a problem for at least one of BREAKS.

    With test_fast_path_reports_the_reference_problems (the fast path gives
    the same problems for each break), a rule added to or changed in the
    reference checks without the same change in the build fails a test, by
    what the two report rather than by their source text.
    """
    import shutil

    from . import oracle as checks  # the reference checks, as the reference build calls them

    called, fired = set(), set()
    for name in [n for n in dir(checks) if n.startswith("check_") and n not in ("check_all", "check_frames")]:

        def wrapped(*args, _fn=getattr(checks, name), _name=name):
            called.add(_name)
            problems = next(a for a in args if isinstance(a, list))
            before = len(problems)
            out = _fn(*args)
            if len(problems) > before:
                fired.add(_name)
            return out

        monkeypatch.setattr(checks, name, wrapped)
    for case, (file, old, new) in sorted(BREAKS.items()):
        raw = tmp_path / case.replace(" ", "-")
        shutil.copytree(raw_copy, raw)
        _edit(raw / file, old, new)
        try:
            validate_reference(raw)
        except BuildFailed:
            pass
    wanted = called
    assert len(called) >= 6, called
    assert fired == wanted, f"no break in BREAKS makes {sorted(wanted - fired)} report a problem: add one"


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


def test_a_worker_that_dies_fails_the_build_and_changes_nothing(synthetic, tmp_path, monkeypatch):
    from karabakh_data.build import workers

    out = tmp_path / "out"
    build(synthetic, out, None, jobs=1)
    before = {p.name: p.read_bytes() for p in (out / "data").iterdir()}
    shutil.rmtree(out / ".cache")  # a cold build: the documents are shared with a worker
    monkeypatch.setattr(workers, "SHARE_BYTES", 0)
    monkeypatch.setattr(workers.sys, "executable", "/bin/false")  # the worker exits at once
    with pytest.raises(RuntimeError, match="a build worker failed"):
        build(synthetic, out, None, jobs=2)
    assert {p.name: p.read_bytes() for p in (out / "data").iterdir()} == before


def test_a_document_saved_while_it_is_read_is_not_cached_under_its_old_digest(raw_copy, tmp_path, monkeypatch):
    from karabakh_data.build import documents

    out = tmp_path / "out"
    doc = raw_copy / "records" / "src-000.yaml"
    old = doc.read_text(encoding="utf-8")
    new = old.replace("description: Azerbaijani forces shot down", "description: Azerbaijani forces reportedly shot down")
    original = documents.read_text

    def saved_meanwhile(path, display):  # the coder saves between the build's hashing and its reading
        if Path(path).name == doc.name:
            doc.write_text(new, encoding="utf-8")
        return original(path, display)

    monkeypatch.setattr(documents, "read_text", saved_meanwhile)
    build(raw_copy, out, None)
    monkeypatch.setattr(documents, "read_text", original)
    doc.write_text(old, encoding="utf-8")  # back to the bytes whose digest the first build keyed it by
    again = build(raw_copy, out, None)
    assert again.stats["parsed"] == 1  # read again, not taken from the cache
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "fresh")


DERIVED_EDITS = {
    # a claim's dates: its incident's date_start, date_end and date_precision
    "claim date": (
        "records/src-000.yaml",
        "    date_start: 2020-10-24\n    date_end: 2020-10-24\n    date_precision: day\n    date_basis: inferred\n    date_phrase: a day after",
        "    date_start: 2020-10-24\n    date_end: 2020-10-25\n    date_precision: days\n    date_basis: inferred\n    date_phrase: a day after",
    ),
    # a dispute now names another claim: the disputed flag of two incidents
    "dispute target": ("records/src-000.yaml", "  - dispute_id: dis-000-01\n    record_id: ev-000-01", "  - dispute_id: dis-000-01\n    record_id: ev-000-02"),
    # a casualty claim's figure: its incident's deaths
    "casualty count": (
        "records/src-003.yaml",
        "    count_kind: incident\n    count_best: 1\n    count_qualifier: exact\n    person_name: Hadjian",
        "    count_kind: incident\n    count_best: 1\n    count_low: 1\n    count_high: 3\n    count_qualifier: range\n    person_name: Hadjian",
    ),
}


@pytest.mark.parametrize("case", sorted(DERIVED_EDITS))
def test_derived_tables_are_never_stale_in_the_duckdb_file(case, raw_copy, tmp_path):
    """An edit of one claim changes derived columns of the incidents table: the updated DuckDB file equals a cold build's, every table and view."""
    import duckdb

    out = tmp_path / "inc"
    build(raw_copy, out, None)

    def incidents() -> list:
        con = duckdb.connect(str(out / "data" / "karabakh.duckdb"), read_only=True)
        try:
            return con.execute("SELECT * FROM incidents ORDER BY ALL").fetchall()
        finally:
            con.close()

    before = incidents()
    file, old, new = DERIVED_EDITS[case]
    _edit(raw_copy / file, old, new)
    result = build(raw_copy, out, None)
    assert result.stats["parsed"] == 1 and result.stats["duckdb"] == "updated"
    assert incidents() != before, "the edit must change a derived column, or the case shows nothing"
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "cold")
