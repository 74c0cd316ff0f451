"""Sentence coverage: every sentence of every source is cited or excluded."""

from __future__ import annotations

import pytest

from karabakh_data.build.quotes import sentences
from karabakh_data.workbench.coverage import coverage_report, sentence_status

from ..conftest import RAW


def test_every_sentence_is_covered_or_excluded():
    gaps = [f"{s.source_id} [{s.start}:{s.end}] {s.text[:80]}" for s in sentence_status(RAW) if s.status == "uncovered"]
    assert gaps == [], "sentences neither cited nor excluded (run `karabakh-data coverage`)"


def test_exclusions_have_reasons_and_are_not_also_cited():
    rows = sentence_status(RAW)
    assert all(r.reason for r in rows if r.status == "excluded")
    assert {r.source_id for r in rows} == {"src-000", "src-003"}


def test_an_uncited_sentence_is_reported(raw_copy):
    excl = raw_copy / "sources" / "000_7f5d40a5f4979764.exclusions.yaml"
    excl.write_text("exclusions: []\n", encoding="utf-8")
    report, complete = coverage_report(raw_copy)
    assert not complete
    assert "! [" in report and "Your browser doesn’t support HTML5" in report


@pytest.mark.parametrize(
    "text, expected",
    [
        ("One. Two.", ["One.", "Two."]),
        ('He said "no." Then left.', ['He said "no."', "Then left."]),
        ("Met U.S. Secretary Pompeo. Fine.", ["Met U.S. Secretary Pompeo.", "Fine."]),
        ("Line one\nLine two", ["Line one", "Line two"]),
        ("Costs rose by 2.5 percent. Yes", ["Costs rose by 2.5 percent.", "Yes"]),
    ],
)
def test_sentence_splitting_rules(text, expected):
    assert [text[s:e] for s, e in sentences(text)] == expected
