"""The incidents' derived columns: the codebook's rules (sections 17-18) as case tables, and their problems."""

from __future__ import annotations

import datetime as dt

import pytest

from karabakh_data.build.incidents import _dates, _deaths
from karabakh_data.build.ingest import Origin
from karabakh_data.cli import main


def cas(rid, party, best=None, low=None, high=None, qualifier="exact", outcome="killed"):
    return {
        "record_id": rid,
        "table": "casualties",
        "party_id": party,
        "outcome": outcome,
        "count_best": best,
        "count_low": low,
        "count_high": high,
        "count_qualifier": qualifier,
    }


@pytest.mark.parametrize(
    ("claims", "disputed", "expected"),
    [
        ([cas("a", "arm", 1), cas("b", "arm", 1)], set(), (1, 1, 1)),  # two reports of one death: not 2
        ([cas("a", "aze", 13), cas("b", None, 20)], set(), (13, 13, 33)),  # a side not named raises the high only
        ([cas("a", "aze", 13), cas("b", "arm", 7)], set(), (20, 20, 20)),  # different parties add up
        ([cas("a", "arm", 10), cas("b", "arm", 4)], {"b"}, (10, 4, 10)),  # the best of the claims no dispute names
        ([cas("a", "arm", 10), cas("b", "arm", 4)], {"a", "b"}, (4, 4, 10)),  # all disputed: the smallest of all
        ([cas("a", "arm", 5, low=5, qualifier="at_least")], set(), (5, 5, None)),  # 'at least 5': the high is open
        ([cas("a", None, None, low=200, high=999, qualifier="vague")], set(), (None, 200, 999)),
        ([cas("a", "arm", 3, outcome="wounded")], set(), (None, None, None)),  # only deaths count
        ([], set(), (None, None, None)),
    ],
)
def test_derived_deaths(claims, disputed, expected):
    assert _deaths(claims, disputed) == expected


def claim(rid, start, end, precision):
    return {"record_id": rid, "date_start": start, "date_end": end, "date_precision": precision}


D = dt.date


@pytest.mark.parametrize(
    ("claims", "expected"),
    [
        ([claim("a", D(2020, 10, 9), D(2020, 10, 9), "day"), claim("b", D(2020, 9, 27), D(2020, 10, 9), "range")], (D(2020, 10, 9), D(2020, 10, 9), "day")),
        ([claim("a", D(1922, 1, 1), D(1922, 12, 31), "year")], (D(1922, 1, 1), D(1922, 12, 31), "year")),  # one claim: its precision
        ([claim("a", D(2020, 10, 2), D(2020, 10, 9), "days"), claim("b", D(2020, 9, 27), D(2020, 10, 9), "range")], (D(2020, 10, 2), D(2020, 10, 9), "days")),
        (
            [claim("a", D(2020, 9, 27), D(2020, 10, 24), "range"), claim("b", D(2020, 9, 27), D(2020, 10, 9), "range")],
            (D(2020, 9, 27), D(2020, 10, 9), "range"),
        ),
        ([claim("a", None, None, "unknown")], (None, None, "unknown")),
    ],
)
def test_incident_dates_are_the_intersection_of_its_claims(claims, expected):
    problems = []
    assert _dates("inc-900", claims, Origin("raw/incidents.yaml", 5), problems) == expected
    assert problems == []


def test_claims_whose_dates_cannot_meet_are_a_problem():
    problems = []
    claims = [claim("ev-1", D(2020, 10, 9), D(2020, 10, 9), "day"), claim("ev-2", D(2020, 10, 1), D(2020, 10, 2), "days")]
    assert _dates("inc-900", claims, Origin("raw/incidents.yaml", 5), problems) == (None, None, "unknown")
    assert [(p.file, p.line, p.field) for p in problems] == [("raw/incidents.yaml", 5, "incidents.incident_id")]
    assert "ev-1 starts on 2020-10-09, after ev-2 ends on 2020-10-02" in problems[0].reason


def test_an_incident_no_claim_describes_fails_the_build(raw_copy, tmp_path, capsys):
    path = raw_copy / "incidents.yaml"
    path.write_text(
        path.read_text(encoding="utf-8") + "  - incident_id: inc-900\n    incident_kind: strike\n    description: A strike no claim describes.\n",
        encoding="utf-8",
    )
    assert main(["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "incidents.yaml:" in err and "no claim record describes incident 'inc-900'" in err
    assert not (tmp_path / "out" / "data").exists()


def test_a_claim_naming_an_unknown_incident_fails_the_build(raw_copy, tmp_path, capsys):
    path = raw_copy / "records" / "src-000.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("incident_id: inc-001", "incident_id: inc-999", 1), encoding="utf-8")
    assert main(["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "events.incident_id: unknown incident 'inc-999'" in err
