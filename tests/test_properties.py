"""Property-based tests: randomly damaged records never crash the build or leave partial output.

Hypothesis mutates the valid records of the real raw/ (drop a field, change
a type, shuffle a date, corrupt a quote, reuse an id, break a reference,
add an unknown key), writes the one changed file into a copy of raw/, and
checks that

* validate() either succeeds or raises BuildFailed whose problems are
  structured (file, line, field, one-line reason), sorted and the same on a
  second run: never another exception, never a traceback;
* build() over a previous good build either succeeds with a complete folder
  (every file listed in the manifest with its SHA-256) or fails and leaves
  the previous build byte for byte as it was.

The records are mutated in memory; only the mutated file is written.
"""

from __future__ import annotations

import copy
import json
import shutil
import string

import pytest
import yaml
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from karabakh_data.access import verify
from karabakh_data.build.pipeline import build, validate
from karabakh_data.build.problems import BuildFailed, Problem
from karabakh_data.build.rawio import Located, load_yaml, read_text

from .build.oracle import validate_reference
from .conftest import RAW, tree

REC = "records/src-000.yaml"
DATE_FIELDS = ("date_start", "date_end", "period_start", "period_end", "published_date")
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], derandomize=True)


def _plain(value):
    """Located mappings -> plain dicts, so yaml.safe_dump can write them."""
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _records() -> dict:
    data, problems = load_yaml((RAW / REC).read_text(encoding="utf-8"), REC)
    assert not problems
    return _plain(data)


BASE = _records()
TEXT = (RAW / BASE["source"]["file"]).read_text(encoding="utf-8")
SLOTS = [("source", None)] + [(k, i) for k, v in BASE.items() if isinstance(v, list) for i in range(len(v))]
IDS = sorted({v for k, i in SLOTS if i is not None for f, v in BASE[k][i].items() if f.endswith("_id") and isinstance(v, str)})

any_value = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=30),
    st.sampled_from(["", "2020-02-30", "2020-10-24", "yes", "null", "~", "0x1F", "1e400", "-1", "day", "ev-000-01"]),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(string.ascii_lowercase, max_size=5), st.integers(), max_size=2),
)
a_date = st.one_of(
    st.dates().map(lambda d: d.isoformat()),
    st.dates(min_value=__import__("datetime").date(2020, 9, 1), max_value=__import__("datetime").date(2020, 12, 31)).map(lambda d: d.isoformat()),
    st.from_regex(r"\A20[0-9]{2}-[0-9]{2}-[0-9]{2}\Z"),
    st.sampled_from(["2020-02-30", "2020-13-01", "24 October 2020", "2020-10", ""]),
)


@st.composite
def corrupted_quote(draw, quote: str) -> str:
    kind = draw(st.sampled_from(["delete", "insert", "spaces", "curly", "truncate", "substring", "twice"]))
    if kind == "delete" and quote:
        i = draw(st.integers(0, len(quote) - 1))
        return quote[:i] + quote[i + 1 :]
    if kind == "insert":
        i = draw(st.integers(0, len(quote)))
        return quote[:i] + draw(st.characters(codec="utf-8")) + quote[i:]
    if kind == "spaces":
        return quote.replace(" ", draw(st.sampled_from(["  ", "\n", "\t", "\u00a0"])), 1)
    if kind == "curly":
        return quote.replace('"', "\u201c", 1).replace("'", "\u2019", 1)
    if kind == "truncate":
        return quote[: draw(st.integers(0, len(quote)))]
    if kind == "substring":  # a span of the source: valid, too short, or ambiguous
        start = draw(st.integers(0, len(TEXT) - 1))
        return TEXT[start : start + draw(st.integers(1, 60))]
    return "the"  # occurs many times


@st.composite
def mutation(draw, data: dict) -> None:
    """Apply one random change to data (the records file, as plain values)."""
    key, i = draw(st.sampled_from(SLOTS))
    rec = data[key] if i is None else data[key][i] if i < len(data[key]) else None
    if not isinstance(rec, dict) or not rec:
        return
    field = draw(st.sampled_from(sorted(rec)))
    kind = draw(st.sampled_from(["drop", "retype", "date", "swap_dates", "quote", "reuse_id", "reference", "unknown_key", "duplicate"]))
    if kind == "drop":
        del rec[field]
    elif kind == "retype":
        rec[field] = draw(any_value)
    elif kind == "date":
        rec[draw(st.sampled_from(DATE_FIELDS))] = draw(a_date)
    elif kind == "swap_dates":
        rec["date_start"], rec["date_end"] = rec.get("date_end"), rec.get("date_start")
    elif kind == "quote" and isinstance(rec.get("quote"), str):
        rec["quote"] = draw(corrupted_quote(rec["quote"]))
    elif kind in ("reuse_id", "reference"):
        ids = [f for f in rec if f.endswith("_id")]
        if ids:
            rec[draw(st.sampled_from(ids))] = draw(st.one_of(st.sampled_from(IDS), st.from_regex(r"\A[a-z]{1,8}(-[a-z0-9]{1,4}){0,2}\Z")))
    elif kind == "unknown_key":
        rec[draw(st.text(string.ascii_lowercase + "_", min_size=1, max_size=12))] = draw(any_value)
    elif kind == "duplicate" and i is not None:
        data[key].append(copy.deepcopy(rec))


@st.composite
def damaged_records(draw) -> dict:
    data = copy.deepcopy(BASE)
    for _ in range(draw(st.integers(1, 3))):
        draw(mutation(data))
    return data


def _write(raw, data: dict) -> None:
    (raw / REC).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=10_000), encoding="utf-8")


def _check_problems(problems: list) -> None:
    assert problems, "BuildFailed without problems"
    assert problems == sorted(set(problems))
    for p in problems:
        assert isinstance(p, Problem)
        assert isinstance(p.file, str) and p.file and isinstance(p.line, int) and p.line >= 0
        assert isinstance(p.field, str) and isinstance(p.reason, str) and p.reason.strip()
        assert "\n" not in str(p) and "Traceback" not in p.reason


@pytest.fixture(scope="module")
def work(tmp_path_factory):
    root = tmp_path_factory.mktemp("props")
    shutil.copytree(RAW, root / "raw")
    build(root / "raw", root / "out", None)
    return root


def test_unchanged_records_round_trip(work):
    """The mutation harness itself: the records dumped unchanged still build."""
    _write(work / "raw", copy.deepcopy(BASE))
    validate(work / "raw")


def _problems(check, raw) -> list:
    try:
        check(raw)
        return []
    except BuildFailed as err:
        _check_problems(err.problems)
        return err.problems


@settings(max_examples=100, **SETTINGS)
@given(data=damaged_records())
def test_validate_fails_only_with_structured_problems(work, data):
    """Both build paths (the fast one and the record-by-record reference) accept or reject alike."""
    _write(work / "raw", data)
    fast = _problems(validate, work / "raw")
    event(f"rejected: {fast[0].reason[:40]}" if fast else "valid")
    assert _problems(validate, work / "raw") == fast, "two runs gave different problems"
    reference = _problems(validate_reference, work / "raw")
    assert bool(fast) == bool(reference)
    assert fast == reference, "the fast path and the reference path list different problems"


@settings(max_examples=40, **SETTINGS)
@given(data=damaged_records())
def test_build_leaves_old_or_complete_output(work, data):
    out = work / "out"
    before = tree(out)
    _write(work / "raw", data)
    try:
        result = build(work / "raw", out, None)
    except BuildFailed as err:
        _check_problems(err.problems)
        assert tree(out) == before, "a failed build changed the previous build"
        return
    folder = out / "data"
    assert verify(folder) == []
    manifest = json.loads((folder / "manifest.json").read_text())
    assert set(manifest["files"]) == {p.name for p in folder.iterdir()} - {"manifest.json"}
    assert {n: t["rows"] for n, t in manifest["tables"].items()} == result.rows
    assert not [p for p in out.iterdir() if p.name.startswith(".data.")], "staging or previous folder left behind"


@settings(max_examples=200, **SETTINGS)
@given(text=st.one_of(st.text(max_size=300), st.from_regex(r"\A([a-z]{1,5}: ?(\[|\{|&a |\*a|!!str |- |'|\")?[a-z0-9 ]{0,10}\n {0,4}){1,8}\Z")))
def test_yaml_reader_never_raises(text):
    data, problems = load_yaml(text, "f.yaml")
    assert data is None or not problems
    for p in problems:
        assert isinstance(p, Problem) and p.reason and "\n" not in p.reason
    if isinstance(data, Located):
        assert all(isinstance(data.line_of(k), int) for k in data)


@settings(max_examples=100, **SETTINGS)
@given(content=st.binary(max_size=200))
def test_reading_any_bytes_gives_text_or_a_problem(tmp_path_factory, content):
    path = tmp_path_factory.getbasetemp() / "any.yaml"
    path.write_bytes(content)
    text, problems = read_text(path, "any.yaml")
    assert (text is None) == bool(problems)
    if text is not None:
        load_yaml(text, "any.yaml")  # must not raise either
