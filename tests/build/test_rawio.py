"""The raw YAML reader keeps line numbers and refuses dangerous or broken files."""

from __future__ import annotations

import time

import pytest
import yaml

from karabakh_data.build import rawio
from karabakh_data.build.rawio import MAX_DEPTH, line_of, load_yaml, read_text


def test_lines_of_mappings_and_keys():
    data, problems = load_yaml("source:\n  a: 1\nevents:\n  - event_id: ev-1\n    quote: x\n", "f.yaml")
    assert not problems
    assert data["events"][0].line == 4
    assert data["events"][0].line_of("quote") == 5
    assert line_of(data, ("events", 0, "quote")) == 5
    assert line_of(data, ("events", 0, "missing")) == 4


def test_dates_stay_strings_and_null_is_none():
    data, _ = load_yaml("a: 2020-02-30\nb: null\nc: 3\nd: '3'\n", "f.yaml")
    assert data == {"a": "2020-02-30", "b": None, "c": 3, "d": "3"}


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ("", 0, "file is empty"),
        ("# only a comment\n", 0, "file is empty"),
        ("a: 1\n\tb: 2\n", 2, "tab character used for indentation"),
        ("a: [1, 2\n", 2, "malformed YAML"),
        ("a: &x 1\nb: *x\n", 2, "YAML aliases (*name) are not allowed"),
        ("a: 1\na: 2\n", 2, "duplicate key 'a'"),
        ("a: !!python/object:os.system 1\n", 1, "is not allowed"),
    ],
)
def test_broken_yaml_is_reported_with_line(text, line, reason):
    data, problems = load_yaml(text, "f.yaml")
    assert data is None
    assert problems[0].line == line
    assert reason in problems[0].reason


def test_billion_laughs_is_refused_quickly():
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i in range(ord("b"), ord("j")):
        prev = chr(i - 1)
        bomb += f"{chr(i)}: &{chr(i)} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    start = time.perf_counter()
    data, problems = load_yaml(bomb, "bomb.yaml")
    assert data is None and "aliases" in problems[0].reason
    assert time.perf_counter() - start < 5  # a guard against expansion, not a benchmark


def test_deep_nesting_is_refused():
    text = "a: " + "[" * (MAX_DEPTH + 5) + "]" * (MAX_DEPTH + 5) + "\n"
    data, problems = load_yaml(text, "deep.yaml")
    assert data is None and "nesting deeper than" in problems[0].reason


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"\xef\xbb\xbfa: 1\n", "byte-order mark"),
        ("a: 'Gazan\u00e7etsots'\n".encode("latin-1"), "not valid UTF-8"),
    ],
)
def test_encoding_faults(tmp_path, content, reason):
    path = tmp_path / "f.yaml"
    path.write_bytes(content)
    text, problems = read_text(path, "f.yaml")
    assert text is None and reason in problems[0].reason


def test_oversized_file_is_refused(tmp_path):
    path = tmp_path / "big.yaml"
    path.write_bytes(b"a: 1\n" * 500_000)
    text, problems = read_text(path, "big.yaml")
    assert text is None and "over the limit" in problems[0].reason


@pytest.mark.parametrize("parser", ["CSafeLoader", "SafeLoader"])
@pytest.mark.parametrize("text", ["a: " + "[" * 5000 + "\n", "source:\n" + "".join("  " * i + f"k{i}:\n" for i in range(1, 40))])
def test_depth_rule_is_ours_with_either_parser(monkeypatch, parser, text):
    """The project's depth rule, not the parser's own limit, whatever parser (and libyaml) reads the file."""
    if not hasattr(yaml, parser):
        pytest.skip(f"PyYAML without {parser}")
    monkeypatch.setattr(rawio, "_Parser", getattr(yaml, parser))
    value, problems = rawio.load_yaml(text, "x.yaml")
    assert value is None
    assert [p.reason for p in problems] == [f"nesting deeper than {rawio.MAX_DEPTH} levels"]


@pytest.mark.parametrize(
    "plain, good",
    [
        ("026", "26"),
        ("-026", "-26"),
        ("00", "0"),
        ("+5", "5"),
        ("1_000", "1000"),
        ("0x1A", "26"),
        ("0b101", "5"),
        ("0o17", "15"),
        ("1:20", "80"),
        (".5", "0.5"),
        ("1.", "1.0"),
        ("+1.5", "1.5"),
        ("1_0.5", "10.5"),
        ("1e5", "100000.0"),
        ("1:20.5", "80.5"),
        ("yes", "true"),
        ("No", "false"),
        ("ON", "true"),
        ("off", "false"),
        ("True", "true"),
        ("FALSE", "false"),
    ],
)
def test_scalars_yaml_1_1_reads_otherwise_are_problems_in_both_readers(plain, good):
    """Both readers: plainyaml declines the document, rawio names line and field; quoted, the same text is text."""
    from karabakh_data.build import plainyaml

    text = f"source:\n  a: 1\nevents:\n  - b: {plain}\n    c: [x, {plain}]\n"
    assert plainyaml.parse(text) is None
    data, problems = load_yaml(text, "f.yaml")
    reason = f"write {good}, not {plain}; quote it ('{plain}') if it is text"
    assert data is None and [str(p) for p in problems] == [f"f.yaml:4: events[0].b: {reason}", f"f.yaml:5: events[0].c[1]: {reason}"]
    quoted = f"a: '{plain}'\n"
    assert plainyaml.parse(quoted) == load_yaml(quoted, "f.yaml")[0] == {"a": plain}


@pytest.mark.parametrize(
    "plain, value", [("26", 26), ("-3", -3), ("0", 0), ("0.5", 0.5), ("-1.5e+3", -1500.0), ("true", True), ("false", False), ("null", None), ("~", None)]
)
def test_yaml_1_2_core_forms_read_alike_in_both_readers(plain, value):
    from karabakh_data.build import plainyaml

    text = f"a: {plain}\n"
    assert load_yaml(text, "f.yaml") == ({"a": value}, []) and plainyaml.parse(text) == {"a": value}
