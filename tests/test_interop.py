"""The UCDP GED- and ACLED-shaped exports and the precision codes (issue 15).

Column lists are frozen here from the published layouts, not from our views:
* GED: the 49-column event file, in order. Source: the research notes for
  issue 15 (/work/notes/crosswalk.md section 5): names and definitions from
  mcgirjau/ucdp R/GED.R and data-raw/DATASET.R (which reads the published
  ged201.csv), order as in two third-party GED loaders that agree.
* ACLED: the 31-column current export, in order. Source: the same notes,
  section 6 (a processor quoting the current ACLED codebook, and a test CSV
  with this header); precision codes from mapme.biodiversity
  R/calc_fatalities_acled.R.
Mapped rows are checked against the two documents (src-000, src-003).
"""

from __future__ import annotations

import csv
import io

import duckdb
import pytest

from karabakh_data.cli import main

GED_COLUMNS = [
    "id",
    "relid",
    "year",
    "active_year",
    "code_status",
    "type_of_violence",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_a",
    "side_b_dset_id",
    "side_b_new_id",
    "side_b",
    "number_of_sources",
    "source_article",
    "source_office",
    "source_date",
    "source_headline",
    "source_original",
    "where_prec",
    "where_coordinates",
    "where_description",
    "adm_1",
    "adm_2",
    "latitude",
    "longitude",
    "geom_wkt",
    "priogrid_gid",
    "country",
    "country_id",
    "region",
    "event_clarity",
    "date_prec",
    "date_start",
    "date_end",
    "deaths_a",
    "deaths_b",
    "deaths_civilians",
    "deaths_unknown",
    "best",
    "high",
    "low",
    "gwnoa",
    "gwnob",
]
ACLED_COLUMNS = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]
CLAIM_COLUMNS = {"unit", "claims", "claim_count", "disputed", "historical"}
"""Columns the formats lack, so that no row hides that it is a claim or contested."""
UNCONFIRMED_IDS = [
    "relid",
    "active_year",
    "code_status",
    "conflict_dset_id",
    "conflict_new_id",
    "conflict_name",
    "dyad_dset_id",
    "dyad_new_id",
    "dyad_name",
    "side_a_dset_id",
    "side_a_new_id",
    "side_b_dset_id",
    "side_b_new_id",
    "region",
]


@pytest.fixture(scope="module")
def db(built):
    con = duckdb.connect(str(built / "data" / "karabakh.duckdb"), read_only=True)
    yield con
    con.close()


def _rows(db, view) -> dict[str, dict]:
    res = db.execute(f"SELECT * FROM {view}")
    cols = [d[0] for d in res.description]
    return {r[0]: dict(zip(cols, r)) for r in res.fetchall()}


@pytest.fixture(scope="module")
def ged(db):
    return _rows(db, "to_ucdp_ged")


@pytest.fixture(scope="module")
def acled(db):
    return _rows(db, "to_acled")


def _csv(capsys, fmt) -> list[dict]:
    assert main(["export", "--format", fmt]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


# --- columns ---------------------------------------------------------------------------


@pytest.mark.parametrize("view, published", [("to_ucdp_ged", GED_COLUMNS), ("to_acled", ACLED_COLUMNS)])
def test_columns_are_the_published_ones_in_order_then_the_claim_columns(db, view, published):
    cols = [d[0] for d in db.execute(f"SELECT * FROM {view} LIMIT 0").description]
    assert cols[: len(published)] == published
    assert CLAIM_COLUMNS <= set(cols[len(published) :])


def test_column_types(db):
    types = {r[0]: r[1] for r in db.execute("DESCRIBE to_ucdp_ged").fetchall()}
    for c in [
        "year",
        "type_of_violence",
        "conflict_new_id",
        "number_of_sources",
        "where_prec",
        "priogrid_gid",
        "country_id",
        "event_clarity",
        "date_prec",
        "best",
        "high",
        "low",
        "deaths_a",
        "deaths_civilians",
    ]:
        assert types[c] == "BIGINT", c
    assert types["latitude"] == types["longitude"] == "DOUBLE"
    assert types["date_start"] == types["date_end"] == "DATE"
    types = {r[0]: r[1] for r in db.execute("DESCRIBE to_acled").fetchall()}
    for c in ["year", "time_precision", "iso", "geo_precision", "fatalities", "timestamp"]:
        assert types[c] == "BIGINT", c
    assert types["event_date"] == "DATE" and types["inter1"] == types["interaction"] == "VARCHAR"


@pytest.mark.parametrize("fmt, published", [("ucdp-ged", GED_COLUMNS), ("acled", ACLED_COLUMNS)])
def test_export_writes_the_published_header(use_build, capsys, fmt, published):
    rows = _csv(capsys, fmt)
    assert list(rows[0])[: len(published)] == published
    assert {r["disputed"] for r in rows} <= {"TRUE", "FALSE"}


def test_export_to_a_file_and_refusals(use_build, tmp_path, capsys):
    out = tmp_path / "ged.csv"
    assert main(["export", "--format", "ucdp-ged", "-o", str(out)]) == 0
    assert "to_ucdp_ged" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8").startswith("id,relid,year,")
    assert main(["export", "events", "--format", "acled"]) == 1
    assert "give no name" in capsys.readouterr().err
    assert main(["export", "to_acled", "--format", "acled"]) == 0  # its own view's name is fine


# --- rows against the documents ---------------------------------------------------------


def test_ged_rows_are_the_violent_units_only(ged, db):
    kinds = dict(db.execute("SELECT incident_id, incident_kind FROM incidents").fetchall())
    incidents = {i for i in ged if i.startswith("inc-")}
    assert {kinds[i] for i in incidents} <= {"strike", "clash", "death", "interception", "destruction"}
    violent = {i for i, k in kinds.items() if k in ("strike", "clash", "death", "interception", "destruction")}
    assert incidents == violent
    # src-000 "ongoing fighting ... some shelling" and src-003 "many missiles before": events, no incident
    assert {i for i in ged if i.startswith("ev-")} == {"ev-000-04", "ev-003-10"}
    assert all(ged[i]["event_clarity"] == 2 and ged[i]["unit"] == "event" for i in ("ev-000-04", "ev-003-10"))
    # meetings, the cease-fire agreements and the seizure are not GED events
    assert not {"inc-004", "inc-005", "inc-008", "inc-014", "inc-020"} & set(ged)
    assert {r["type_of_violence"] for r in ged.values()} == {1}


def test_ged_leaves_unconfirmed_ucdp_ids_empty(ged):
    for row in ged.values():
        assert all(row[c] is None for c in UNCONFIRMED_IDS), row["id"]


def test_ged_mingachevir_strikes(ged):
    # src-003: "Armenia launched a ballistic missile at Mingechevir" and "another ballistic missile ... shot in the air"
    for iid, claims in [("inc-010", "ev-003-01; ev-003-03"), ("inc-011", "ev-003-08; ev-003-09; mat-003-06")]:
        row = ged[iid]
        assert row["claims"] == claims and row["date_start"].isoformat() == row["date_end"].isoformat() == "2020-10-09"
        assert (row["side_a"], row["side_b"], row["gwnoa"], row["gwnob"]) == ("Azerbaijan", "Armenia", "373", "371")
        assert (row["country"], row["country_id"], row["priogrid_gid"]) == ("Azerbaijan", 373, 188375)
        assert (row["where_coordinates"], row["where_prec"], row["date_prec"]) == ("Mingachevir", 2, 1)
        assert row["best"] is None and row["low"] is None  # no claim gives a death figure, and none says "no deaths"


def test_ged_hadjian_death_counts_once(ged):
    # src-003: Hadjian "reportedly killed in clashes around Lulasaz" and "killed ... on October 6": one death
    row = ged["inc-018"]
    assert (row["best"], row["low"], row["high"]) == (1, 1, 1)
    assert row["deaths_b"] == 1 and row["deaths_a"] is None and row["deaths_civilians"] is None
    # three reports of the death and local media's own claim of the clash (ev-003-22, second read before 2.0.0)
    assert row["claim_count"] == 4 and "cas-003-02" in row["claims"] and "cas-003-03" in row["claims"]
    assert row["where_coordinates"] == "Lulasaz" and row["date_start"].isoformat() == "2020-10-06"


def test_ged_civilian_death_goes_to_deaths_civilians(ged):
    row = ged["inc-016"]  # Guliyeva Tevfik, killed by a cannon shot
    assert (row["best"], row["deaths_civilians"], row["deaths_a"], row["deaths_b"]) == (1, 1, None, None)
    assert row["latitude"] is None and row["where_prec"] is None  # the claims name no place


def test_ged_gubadli_shoot_down(ged):
    # src-000: "its forces shot down an Armenian 'combat aircraft'" in the Gubadli sector on 24 October; denied
    row = ged["inc-001"]
    assert row["date_start"].isoformat() == "2020-10-24" and row["date_prec"] == 1
    assert (row["where_coordinates"], row["adm_1"], row["where_prec"]) == ("Gubadli", "Gubadli", 4)
    assert (row["latitude"], row["longitude"], row["priogrid_gid"]) == (39.34, 46.58, 186214)
    assert row["geom_wkt"] == "POINT (46.58 39.34)"
    assert row["disputed"] is True and row["claims"] == "ev-000-01; mat-000-01"
    assert row["source_original"] == "Azerbaijan Defense Ministry"


def test_acled_rows(acled, db):
    with_events = {r[0] for r in db.execute("SELECT DISTINCT incident_id FROM events WHERE incident_id IS NOT NULL").fetchall()}
    assert {i for i in acled if i.startswith("inc-")} == with_events
    assert not {"inc-008", "inc-020", "inc-021"} & set(acled)  # meetings and conversations are not ACLED events
    row = acled["inc-011"]  # the launch (shelling) is the most violent claim; the interception is listed beside it
    assert (row["disorder_type"], row["event_type"], row["sub_event_type"]) == (
        "Political violence",
        "Explosions/Remote violence",
        "Shelling/artillery/missile attack",
    )
    assert row["claimed_sub_event_types"] == "Disrupted weapons use; Shelling/artillery/missile attack"
    assert (row["iso"], row["country"], row["location"], row["geo_precision"]) == (31, "Azerbaijan", "Mingachevir", 1)
    assert (row["actor1"], row["inter1"], row["interaction"]) == ("Armenian forces", "State forces", "State forces only")
    row = acled["inc-016"]
    assert (row["inter2"], row["interaction"], row["civilian_targeting"], row["fatalities"]) == ("Civilians", "State forces-Civilians", "Civilian targeting", 1)
    row = acled["inc-001"]
    assert (row["event_type"], row["sub_event_type"], row["disputed"]) == ("Strategic developments", "Disrupted weapons use", True)
    assert (row["event_date"].isoformat(), row["time_precision"], row["admin1"], row["geo_precision"]) == ("2020-10-24", 1, "Gubadli", 2)
    assert acled["inc-018"]["fatalities"] == 1 and acled["inc-025"]["fatalities"] == 13  # the conservative figure
    for row in acled.values():  # every actor pair has ACLED's wording
        assert (row["inter1"] is None) == (row["interaction"] is None), row["event_id_cnty"]
        assert row["event_type"] and row["sub_event_type"] and row["disorder_type"]


# --- precision codes --------------------------------------------------------------------


def test_precision_codes_of_a_day_and_a_range(db):
    codes = {
        r[0]: r[1:]
        for r in db.execute("SELECT unit_id, date_precision, span_days, date_prec, time_precision, where_prec, geo_precision FROM precision_codes").fetchall()
    }
    assert codes["inc-010"] == ("day", 1, 1, 1, 2, 1)  # Mingachevir on 9 October: a city, approximate coordinates
    assert codes["inc-015"] == ("range", 13, 4, 3, 1, 1)  # the cathedral: 27 September..9 October, a building (point)
    assert codes["inc-014"][:4] == ("days", 2, 2, 2)  # "in the last 24 hours": 8..9 October
    assert codes["inc-025"][:4] == ("month", 31, 4, 3)  # August 2014
    assert codes["inc-026"][:4] == ("year", 365, 5, None)  # 1922: coarser than ACLED's scale
    assert codes["inc-012"][4:] == (5, 3)  # Nagorno-Karabakh: a region of one country
    assert codes["inc-030"][4:] == (6, 3)  # a country
    assert codes["inc-013"][4:] == (None, None)  # no place


def test_precision_codes_cover_every_unit_of_both_exports(db, ged, acled):
    units = {r[0] for r in db.execute("SELECT unit_id FROM precision_codes").fetchall()}
    assert set(ged) <= units and set(acled) <= units
    assert len(units) == db.execute("SELECT count(*) FROM incidents").fetchone()[0] + 2


def test_a_disputed_incident_is_flagged(ged, acled, db):
    disputed = {r[0] for r in db.execute("SELECT incident_id FROM incidents WHERE disputed").fetchall()}
    assert "inc-015" in disputed  # Azerbaijan's MoD denies the artillery fire at the cathedral
    assert ged["inc-015"]["disputed"] is True and acled["inc-015"]["disputed"] is True
    assert {i for i, r in ged.items() if r["disputed"]} == disputed & set(ged)
    assert {i for i, r in acled.items() if r["disputed"]} == disputed & set(acled)


# --- docs/using-with-other-datasets.md: every example runs ----------------------------------

from .conftest import ROOT  # noqa: E402

PAGE = ROOT / "docs" / "using-with-other-datasets.md"


def _blocks(lang: str) -> list[str]:
    import re

    text = PAGE.read_text(encoding="utf-8").split("## Reading the data in R, Stata and Excel")[0]  # the merge sections
    return [body for kind, body in re.findall(r"^```(\w+)\n(.*?)^```", text, re.M | re.S) if kind == lang]


def test_page_sections():
    import re

    headings = re.findall(r"^## (.+)$", PAGE.read_text(encoding="utf-8"), re.M)
    assert headings[:2] == ["Merging with UCDP GED", "Merging with ACLED"]
    assert headings[-1] == "Reading the data in R, Stata and Excel"
    assert _blocks("sql") and [b for b in _blocks("python") if ">>>" in b] and [b for b in _blocks("python") if ">>>" not in b]


@pytest.mark.parametrize("index", range(len([b for b in _blocks("python") if ">>>" in b])))
def test_page_doctests(use_build, index):
    import doctest

    body = [b for b in _blocks("python") if ">>>" in b][index]
    test = doctest.DocTestParser().get_doctest(body, {}, f"{PAGE.name} block {index + 1}", PAGE.name, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    failures = []
    runner.run(test, out=failures.append)
    assert runner.failures == 0, "".join(failures)


def test_page_merge_examples_run_against_stand_ins(use_build, tmp_path, monkeypatch, capsys):
    """The set-up block, then every SQL block, with ged.csv / acled.csv stand-ins: this dataset's own
    shaped rows cut to the published columns (the real files are the user's; none is shipped)."""
    for fmt, published, name in [("ucdp-ged", GED_COLUMNS, "ged.csv"), ("acled", ACLED_COLUMNS, "acled.csv")]:
        rows = _csv(capsys, fmt)
        with (tmp_path / name).open("w", encoding="utf-8", newline="") as f:
            w = csv.DictWriter(f, published, extrasaction="ignore")
            w.writeheader()
            w.writerows(rows)
    monkeypatch.chdir(tmp_path)
    (setup,) = [b for b in _blocks("python") if ">>>" not in b]
    namespace: dict = {}
    exec(compile(setup, f"{PAGE.name} set-up block", "exec"), namespace)
    con = namespace["con"]
    for sql in _blocks("sql"):
        result = con.execute(sql)
        assert result.description and result.fetchall(), sql  # each finds rows on the stand-ins
