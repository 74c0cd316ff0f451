"""The UCDP GED- and ACLED-shaped exports, the actors' sides, the war panels and the merges.

Column lists are frozen here from the published layouts, not from our views:
* GED: the 49-column event file, in order: names and definitions from the R
  package mcgirjau/ucdp (R/GED.R, data-raw/DATASET.R, which reads the
  published ged201.csv), order as in two third-party GED loaders that agree.
* ACLED: the 31-column current export, in order (ACLED's codebook as the
  acledR package gives it); precision codes from mapme.biodiversity
  R/calc_fatalities_acled.R.
Each rule of the shapes has a test with the row it shows and its expected
values, checked against the two documents (src-000, src-003). The merges of
docs/using-with-other-datasets.md run on invented GED and ACLED rows
(tests/fixtures/interop/), in pandas and in R.
"""

from __future__ import annotations

import csv
import io
import os
import shutil
import subprocess

import duckdb
import pytest

from karabakh_data.cli import main

from .conftest import ROOT

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


def _rows(db, view, key=0) -> dict[str, dict]:
    res = db.execute(f"SELECT * FROM {view}")
    cols = [d[0] for d in res.description]
    return {r[key]: dict(zip(cols, r)) for r in res.fetchall()}


@pytest.fixture(scope="module")
def ged(db):
    """to_ucdp_ged by our id (karabakh_id)."""
    return {r["karabakh_id"]: r for r in _rows(db, "to_ucdp_ged").values()}


@pytest.fixture(scope="module")
def ged_all(db):
    return {r["karabakh_id"]: r for r in _rows(db, "to_ged_all").values()}


@pytest.fixture(scope="module")
def acled(db):
    return _rows(db, "to_acled")


def _csv(capsys, *argv) -> list[dict]:
    assert main(["export", *argv]) == 0
    return list(csv.DictReader(io.StringIO(capsys.readouterr().out)))


# --- columns ---------------------------------------------------------------------------


@pytest.mark.parametrize("view, published", [("to_ucdp_ged", GED_COLUMNS), ("to_ged_all", GED_COLUMNS), ("to_acled", ACLED_COLUMNS)])
def test_columns_are_the_published_ones_in_order_then_the_claim_columns(db, view, published):
    cols = [d[0] for d in db.execute(f"SELECT * FROM {view} LIMIT 0").description]
    assert cols[: len(published)] == published
    assert CLAIM_COLUMNS <= set(cols[len(published) :])


def test_column_types(db):
    types = {r[0]: r[1] for r in db.execute("DESCRIBE to_ucdp_ged").fetchall()}
    for c in [
        "id",
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
        "deaths_b",
        "deaths_civilians",
        "deaths_unknown",
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
    rows = _csv(capsys, "--format", fmt)
    assert list(rows[0])[: len(published)] == published
    assert {r["disputed"] for r in rows} <= {"TRUE", "FALSE"}


def test_export_to_a_file_and_refusals(use_build, tmp_path, capsys):
    out = tmp_path / "ged.csv"
    assert main(["export", "--format", "ucdp-ged", "-o", str(out)]) == 0
    assert "to_ucdp_ged" in capsys.readouterr().err
    assert out.read_text(encoding="utf-8").startswith("id,relid,year,")
    assert main(["export", "events", "--format", "acled"]) == 2
    assert "give no name" in capsys.readouterr().err
    assert main(["export", "to_acled", "--format", "acled"]) == 0  # its own view's name is fine
    capsys.readouterr()
    assert main(["export", "--format", "acled", "--all"]) == 2
    assert "--all is for --format ucdp-ged" in capsys.readouterr().err


def test_export_all_adds_the_non_fatal_rows_flagged(use_build, capsys, ged, ged_all):
    fatal, every = _csv(capsys, "--format", "ucdp-ged"), _csv(capsys, "--format", "ucdp-ged", "--all")
    assert len(fatal) == len(ged) == 3 and len(every) == len(ged_all) == 16  # 2.0.0: the day's tanks and Grads (inc-035) are a destruction of their own
    assert {r["lethal"] for r in fatal} == {"TRUE"}
    added = [r for r in every if r["lethal"] == "FALSE"]
    assert len(added) == 13 and all(r["best"] == r["deaths_unknown"] == "" for r in added)
    assert {r["karabakh_id"] for r in every} - {r["karabakh_id"] for r in added} == set(ged)


# --- GED's rules, a row per rule ------------------------------------------------------------


def test_ged_rows_are_the_violent_units_only(ged_all, db):
    kinds = dict(db.execute("SELECT incident_id, incident_kind FROM incidents").fetchall())
    incidents = {i for i in ged_all if i.startswith("inc-")}
    violent = {i for i, k in kinds.items() if k in ("strike", "clash", "death", "interception", "destruction")}
    assert incidents == violent
    # src-000 "ongoing fighting ... some shelling" and src-003 "many missiles before": events, no incident
    assert {i for i in ged_all if i.startswith("ev-")} == {"ev-000-04", "ev-003-10"}
    assert all(ged_all[i]["event_clarity"] == 2 and ged_all[i]["unit"] == "event" for i in ("ev-000-04", "ev-003-10"))
    assert not {"inc-004", "inc-005", "inc-008", "inc-014", "inc-020"} & set(ged_all)  # no armed force claimed
    assert {r["type_of_violence"] for r in ged_all.values()} == {1}


def test_rule_ged_unit_is_an_event_with_a_death(ged, ged_all, db):
    fatal = {r[0] for r in db.execute("SELECT incident_id FROM incidents WHERE deaths_best >= 1").fetchall()}
    assert set(ged) == fatal & set(ged_all) == {"inc-016", "inc-018", "inc-025"}
    assert all(r["lethal"] and r["best"] >= 1 for r in ged.values())
    assert not ged_all["inc-010"]["lethal"] and ged_all["inc-010"]["best"] is None  # Mingachevir: no death claimed


@pytest.mark.parametrize(
    "unit, expected",  # (best, low, high, deaths_a, deaths_b, deaths_civilians, deaths_unknown)
    [
        ("inc-018", (1, 1, 1, 0, 1, 0, 0)),  # Hadjian, Armenian forces (side B), claimed twice: one death
        ("inc-016", (1, 1, 1, 0, 0, 1, 0)),  # Guliyeva Tevfik, a civilian
        ("inc-025", (13, 13, 33, 0, 0, 0, 13)),  # 2014: 13 Azerbaijani soldiers, and 20 of no side said: no split
    ],
)
def test_rule_deaths_split_adds_up_to_best(ged, unit, expected):
    row = ged[unit]
    assert tuple(row[c] for c in ("best", "low", "high", "deaths_a", "deaths_b", "deaths_civilians", "deaths_unknown")) == expected
    assert row["deaths_a"] + row["deaths_b"] + row["deaths_civilians"] + row["deaths_unknown"] == row["best"]
    assert row["low"] <= row["best"] <= row["high"]


def test_rule_where_prec_and_country_without_a_place(ged, ged_all):
    row = ged["inc-016"]  # the claims name no place; the victim's state (Civilians (Azerbaijan)) places it
    assert (row["where_prec"], row["country"], row["country_id"], row["country_basis"]) == (6, "Azerbaijan", 373, "parties")
    assert (row["where_coordinates"], row["latitude"], row["longitude"], row["priogrid_gid"]) == ("Azerbaijan", 40.3, 47.7, None)
    assert all(r["where_prec"] in range(1, 8) and r["country_id"] is not None for r in ged.values())
    assert ged_all["inc-013"]["country_basis"] == "parties" and ged_all["inc-013"]["where_prec"] == 6


def test_rule_sides_named_as_ged_names_governments(ged):
    for row in ged.values():
        assert (row["side_a"], row["side_b"], row["gwnoa"], row["gwnob"]) == ("Government of Azerbaijan", "Government of Armenia", "373", "371")


def test_rule_integer_id_beside_our_own(ged_all):
    ids = {r["id"]: k for k, r in ged_all.items()}
    assert len(ids) == len(ged_all) and all(isinstance(i, int) and i < 0 for i in ids)
    assert ids[-18] == "inc-018" and ids[-1003010] == "ev-003-10"


def test_ged_leaves_unconfirmed_ucdp_ids_empty(ged_all):
    for row in ged_all.values():
        assert all(row[c] is None for c in UNCONFIRMED_IDS), row["karabakh_id"]


def test_ged_mingachevir_strikes(ged_all):
    # src-003: "Armenia launched a ballistic missile at Mingechevir" and "another ballistic missile ... shot in the air"
    for iid, claims in [("inc-010", "ev-003-01; ev-003-03"), ("inc-011", "ev-003-08; ev-003-09; mat-003-06")]:
        row = ged_all[iid]
        assert row["claims"] == claims and row["date_start"].isoformat() == row["date_end"].isoformat() == "2020-10-09"
        assert (row["country"], row["country_id"], row["priogrid_gid"]) == ("Azerbaijan", 373, 188375)
        assert (row["where_coordinates"], row["where_prec"], row["date_prec"]) == ("Mingachevir", 2, 1)
        assert row["best"] is None and row["lethal"] is False  # no claim gives a death figure


def test_ged_hadjian_death_counts_once(ged):
    # src-003: Hadjian "reportedly killed in clashes around Lulasaz" and "killed ... on October 6": one death
    row = ged["inc-018"]
    # three reports of the death and local media's own claim of the clash (ev-003-22, second read before 2.0.0)
    assert row["claim_count"] == 4 and "cas-003-02" in row["claims"] and "cas-003-03" in row["claims"]
    assert row["where_coordinates"] == "Lulasaz" and row["date_start"].isoformat() == "2020-10-06"


def test_ged_gubadli_shoot_down(ged_all):
    # src-000: "its forces shot down an Armenian 'combat aircraft'" in the Gubadli sector on 24 October; denied
    row = ged_all["inc-001"]
    assert row["date_start"].isoformat() == "2020-10-24" and row["date_prec"] == 1
    assert (row["where_coordinates"], row["adm_1"], row["where_prec"]) == ("Gubadli", "Gubadli", 4)
    assert (row["latitude"], row["longitude"], row["priogrid_gid"]) == (39.34, 46.58, 186214)
    assert row["geom_wkt"] == "POINT (46.58 39.34)"
    assert row["disputed"] is True and row["claims"] == "ev-000-01; mat-000-01"
    assert row["source_original"] == "Azerbaijan Defense Ministry"


# --- ACLED's rules, a row per rule ----------------------------------------------------------


def test_acled_rows(acled, db):
    with_events = {r[0] for r in db.execute("SELECT DISTINCT incident_id FROM events WHERE incident_id IS NOT NULL").fetchall()}
    assert {i for i in acled if i.startswith("inc-")} == with_events - {"inc-007"}  # 1992 only as a year: ACLED cannot date it
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
    for row in acled.values():  # every actor pair has ACLED's wording
        assert (row["inter1"] is None) == (row["interaction"] is None), row["event_id_cnty"]
        assert row["event_type"] and row["sub_event_type"] and row["disorder_type"]


def test_rule_every_acled_row_dated_and_located(acled):
    for row in acled.values():
        assert row["event_date"] and row["time_precision"] in (1, 2, 3), row["event_id_cnty"]
        assert row["date_start"] <= row["event_date"] <= row["date_end"]
        assert row["iso"] and row["country"] and row["location"] and row["latitude"] is not None and row["geo_precision"] in (1, 2, 3)
    row = acled["inc-016"]  # no place claimed: the country, at geo_precision 3
    assert (row["location"], row["latitude"], row["longitude"], row["geo_precision"], row["location_basis"]) == ("Azerbaijan", 40.3, 47.7, 3, "country")


@pytest.mark.parametrize(
    "unit, fatalities, unknown",
    [("inc-018", 1, False), ("inc-025", 13, False), ("inc-010", 0, True)],  # the conservative figure; 0 flagged where none is claimed
)
def test_rule_acled_fatalities(acled, unit, fatalities, unknown):
    assert (acled[unit]["fatalities"], acled[unit]["fatalities_unknown"]) == (fatalities, unknown)


def test_rule_actor1_keeps_a_named_attacker(acled, db):
    # inc-006, the war's start: ev-000-07 names no actor, ev-003-16 says Armenian forces attacked
    claims = dict(db.execute("SELECT event_id, actor1_id FROM events WHERE incident_id = 'inc-006'").fetchall())
    assert claims == {"ev-000-07": None, "ev-003-16": "armenian-forces"}
    assert (acled["inc-006"]["actor1"], acled["inc-006"]["actor2"]) == ("Armenian forces", "Azerbaijani forces")


def test_rule_acled_region(acled):
    assert {(r["country"], r["region"]) for r in acled.values()} == {("Azerbaijan", "Caucasus and Central Asia"), ("Armenia", "Caucasus and Central Asia")}


# --- the actors' sides ----------------------------------------------------------------------

SIDES_SQL = ROOT / "karabakh_data" / "access" / "sql" / "views" / "actor_sides.sql"


def _sides(db, changes: list[str] = ()) -> dict[str, tuple]:
    """actor_sides over a copy of the actors, with the given SQL changes applied first."""
    con = duckdb.connect()
    con.register("built_actors", db.execute("SELECT * FROM actors").df())
    con.execute("CREATE TABLE actors AS SELECT * FROM built_actors")
    for sql in changes:
        con.execute(sql)
    con.execute(SIDES_SQL.read_text(encoding="utf-8"))
    return {r[0]: r[1:] for r in con.execute("SELECT actor_id, side_id, side_basis, side_iso3, side_gwcode, ged_side_name FROM actor_sides").fetchall()}


def test_actor_sides_follow_the_parents(db):
    sides = _sides(db)
    assert sides["armenian-forces"] == ("armenia", "parent chain", "ARM", 371, "Government of Armenia")
    assert sides["shushan-stepanyan"][:2] == ("armenia", "parent chain")  # person -> ministry -> state
    assert sides["azerbaijani-civilians"][:2] == ("azerbaijan", "country")  # a group: its country's state
    assert sides["nagorno-karabakh-republic"] == ("nagorno-karabakh-republic", "itself", None, None, "Nagorno-Karabakh Republic")
    assert sides["osce-minsk-group-co-chairs"] == (None, None, None, None, None)
    assert sides["vladimir-putin"][-1] == "Government of Russia (Soviet Union)"  # GED's name of the country


def test_actor_sides_with_karabakh_forces_split_from_armenias(db):
    """The hierarchy where the Armenian forces are split: Armenia's army, and Nagorno-Karabakh's forces under the
    unrecognised republic (standing in Azerbaijan's territory, so a country rule would misplace them)."""
    sides = _sides(
        db,
        [
            "INSERT INTO actors (actor_id, name, actor_type, country, parent_id) "
            "VALUES ('nk-defence-army', 'Nagorno-Karabakh forces', 'armed_force', 'AZE', 'nagorno-karabakh-republic')",
            "INSERT INTO actors (actor_id, name, actor_type, parent_id) VALUES ('nk-defence-unit', 'a unit', 'armed_force', 'nk-defence-army')",
        ],
    )
    assert sides["nk-defence-army"] == ("nagorno-karabakh-republic", "parent chain", None, None, "Nagorno-Karabakh Republic")
    assert sides["nk-defence-unit"][:2] == ("nagorno-karabakh-republic", "parent chain")
    assert sides["armenian-forces"][:2] == ("armenia", "parent chain")


def test_actor_sides_survive_a_cycle(db):
    sides = _sides(db, ["UPDATE actors SET parent_id = 'osce-minsk-group-co-chairs' WHERE actor_id = 'osce'"])
    assert sides["osce"] == (None, None, None, None, None)


def _views_on_copy(built, changes: list[str]) -> duckdb.DuckDBPyConnection:
    """Every view, over an in-memory copy of the built tables (their Parquet files) with the given SQL changes applied first."""
    from karabakh_data.paths import view_files
    from karabakh_data.schema.registry import TABLE_DESCRIPTIONS

    con = duckdb.connect()
    for table in TABLE_DESCRIPTIONS:
        con.execute(f"CREATE TABLE \"{table}\" AS SELECT * FROM read_parquet('{built / 'data' / f'{table}.parquet'}')")
    for sql in changes:
        con.execute(sql)
    for path in view_files():
        con.execute(path.read_text(encoding="utf-8"))
    return con


def test_ged_shape_with_karabakh_forces_split_from_armenias(built):
    """Hadjian's death, were his side coded as Nagorno-Karabakh's forces: side B is the republic, his death still side B's."""
    con = _views_on_copy(
        built,
        [
            "INSERT INTO actors (actor_id, name, actor_type, country, parent_id) "
            "VALUES ('nk-defence-army', 'Nagorno-Karabakh forces', 'armed_force', 'AZE', 'nagorno-karabakh-republic')",
            "UPDATE events SET actor2_id = 'nk-defence-army' WHERE incident_id = 'inc-018'",
            "UPDATE casualties SET party_id = 'nk-defence-army' WHERE incident_id = 'inc-018'",
        ],
    )
    row = con.execute("SELECT side_a, side_b, gwnob, best, deaths_a, deaths_b, deaths_unknown FROM to_ucdp_ged WHERE karabakh_id = 'inc-018'").fetchone()
    assert row == ("Government of Azerbaijan", "Nagorno-Karabakh Republic", None, 1, 0, 1, 0)


def test_rule_where_prec_7_when_no_country_can_be_given(built):
    """A death with no place and no party that has a country: GED's 7, no coordinates; ACLED cannot locate it either."""
    con = _views_on_copy(built, ["UPDATE events SET actor1_id = NULL, actor2_id = NULL WHERE incident_id = 'inc-016'"])
    row = con.execute("SELECT where_prec, country, country_id, latitude, deaths_civilians, best FROM to_ucdp_ged WHERE karabakh_id = 'inc-016'").fetchone()
    assert row == (7, None, None, None, 1, 1)
    assert con.execute("SELECT count(*) FROM to_acled WHERE event_id_cnty = 'inc-016'").fetchone() == (0,)  # ACLED places every event


# --- the war panels -------------------------------------------------------------------------


def test_panel_is_balanced_and_counts_day_dated_incidents_once(db):
    from karabakh_data.schema.vocabularies import INCIDENT_KINDS

    panel = db.execute("SELECT * FROM war_panel_country_day").df()
    cols = list(panel.columns)
    assert set(INCIDENT_KINDS) <= set(cols)
    days = panel.day.nunique()
    assert days == 28 and len(panel) == days * panel.iso3.nunique(dropna=False)  # 27 September .. 24 October
    assert (panel[list(INCIDENT_KINDS)].sum(axis=1) == panel.incidents).all()
    war = db.execute(
        "SELECT i.incident_id, i.date_start = i.date_end AS day_dated, i.deaths_best, u.country FROM incidents AS i "
        "JOIN shaped_unit_claims AS u ON u.unit_id = i.incident_id WHERE NOT u.historical"
    ).df()
    assert panel.incidents.sum() == war.day_dated.sum()
    assert panel.deaths_best.sum() == war[war.day_dated].deaths_best.fillna(0).sum() == 1  # Hadjian; Guliyeva's span is not a day
    row = panel[(panel.iso3 == "AZE") & (panel.day == "2020-10-06")].iloc[0]
    assert (row.gwcode, row.iso_numeric, row.incidents, row.death, row.deaths_best, row.span_incidents) == (373, "031", 1, 1, 1, 5)


def test_month_panel_counts_spans_within_a_month(db):
    month = db.execute("SELECT * FROM war_panel_country_month WHERE iso3 = 'AZE' ORDER BY month").df()
    assert [d.isoformat()[:7] for d in month.month.dt.date] == ["2020-09", "2020-10"]
    october = month.iloc[1]
    assert (october.incidents, october.death, october.deaths_best, october.span_incidents) == (7, 1, 1, 5)


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


def test_precision_codes_cover_every_unit_of_both_exports(db, ged_all, acled):
    units = {r[0] for r in db.execute("SELECT unit_id FROM precision_codes").fetchall()}
    assert set(ged_all) <= units and set(acled) <= units
    assert len(units) == db.execute("SELECT count(*) FROM incidents").fetchone()[0] + 2


def test_a_disputed_incident_is_flagged(ged_all, acled, db):
    disputed = {r[0] for r in db.execute("SELECT incident_id FROM incidents WHERE disputed").fetchall()}
    assert "inc-015" in disputed  # Azerbaijan's MoD denies the artillery fire at the cathedral
    assert ged_all["inc-015"]["disputed"] is True and acled["inc-015"]["disputed"] is True
    assert {i for i, r in ged_all.items() if r["disputed"]} == disputed & set(ged_all)
    assert {i for i, r in acled.items() if r["disputed"]} == disputed & set(acled)


# --- docs/using-with-other-datasets.md: every example runs ----------------------------------

PAGE = ROOT / "docs" / "using-with-other-datasets.md"
FIXTURES = ROOT / "tests" / "fixtures" / "interop"


def _blocks(lang: str) -> list[str]:
    """The blocks of info string lang (exactly) in the merge sections."""
    import re

    text = PAGE.read_text(encoding="utf-8").split("## Reading the data in R, Stata and Excel")[0]  # the merge sections
    return [body for info, body in re.findall(r"^```([^\n]*)\n(.*?)^```", text, re.M | re.S) if info.strip() == lang]


def test_page_sections():
    import re

    headings = re.findall(r"^## (.+)$", PAGE.read_text(encoding="utf-8"), re.M)
    assert headings[:2] == ["Merging with UCDP GED", "Merging with ACLED"]
    assert "Appending and merging in pandas and R" in headings and "The country-day and country-month panels" in headings
    assert headings[-1] == "Reading the data in R, Stata and Excel"
    assert _blocks("sql") and [b for b in _blocks("python") if ">>>" in b] and [b for b in _blocks("python") if ">>>" not in b]
    assert len(_blocks("python merge")) == len(_blocks("r merge")) == 1


@pytest.mark.parametrize("index", range(len([b for b in _blocks("python") if ">>>" in b])))
def test_page_doctests(use_build, index):
    import doctest

    body = [b for b in _blocks("python") if ">>>" in b][index]
    test = doctest.DocTestParser().get_doctest(body, {}, f"{PAGE.name} block {index + 1}", PAGE.name, 0)
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    failures = []
    runner.run(test, out=failures.append)
    assert runner.failures == 0, "".join(failures)


def _fixtures(folder) -> None:
    """The invented GED and ACLED files, as the user's ged.csv and acled.csv."""
    import shutil

    shutil.copy(FIXTURES / "invented_ged_events.csv", folder / "ged.csv")
    shutil.copy(FIXTURES / "invented_acled_events.csv", folder / "acled.csv")


def test_fixtures_have_the_published_columns_and_are_marked_invented():
    for name, published in [("invented_ged_events.csv", GED_COLUMNS), ("invented_acled_events.csv", ACLED_COLUMNS)]:
        with (FIXTURES / name).open(encoding="utf-8") as f:
            rows = list(csv.DictReader(f))
        assert list(rows[0]) == published and len(rows) == 2
        assert all(any("INVENTED" in v for v in row.values()) for row in rows)


def test_page_sql_merges_on_the_invented_rows(use_build, tmp_path, monkeypatch):
    """The set-up block, then every SQL block, against the invented GED and ACLED rows."""
    _fixtures(tmp_path)
    monkeypatch.chdir(tmp_path)
    (setup,) = [b for b in _blocks("python") if ">>>" not in b]
    namespace: dict = {}
    exec(compile(setup, f"{PAGE.name} set-up block", "exec"), namespace)
    con = namespace["con"]
    results = [con.execute(sql).fetchall() for sql in _blocks("sql")]
    ged_match, appended, acled_match, per_country = results
    assert [(r[0], r[7], r[8]) for r in ged_match] == [("inc-018", 900001, 2)]  # same cell and day: the invented GED row
    assert len(appended) == 2 + 2  # the 2014 incident is historical: left out
    assert {r[-1] for r in appended} == {"karabakh-data claim", "UCDP GED"}
    assert [(r[0], r[7], r[9]) for r in acled_match] == [("inc-018", "INVENTED1", 2)]
    assert {r[0] for r in per_country} == {"Armenia", "Azerbaijan"}


def _merge_env(tmp_path):
    """A folder with csv/ (export all) and the invented ged.csv and acled.csv."""
    from karabakh_data.release import downloads

    downloads.write_all("csv", tmp_path / "csv")
    _fixtures(tmp_path)


def test_page_pandas_merge_on_the_invented_rows(use_build, tmp_path, monkeypatch, capsys):
    _merge_env(tmp_path)
    monkeypatch.chdir(tmp_path)
    (code,) = _blocks("python merge")
    namespace: dict = {}
    exec(compile(code, f"{PAGE.name} pandas block", "exec"), namespace)
    out = capsys.readouterr().out
    assert namespace["overlap"][["karabakh_id", "id_ged", "best_ged"]].values.tolist() == [["inc-018", 900001, 2]]
    assert len(namespace["appended"]) == 2 + 3 and "refused:" in out
    assert namespace["near"][["event_id_cnty", "event_id_cnty_acled"]].values.tolist() == [["inc-018", "INVENTED1"]]
    ours = namespace["ours"]
    assert len(ours.merge(ours, on="conflict_new_id")) == len(ours) ** 2  # what the warning is about


R = shutil.which("Rscript")


@pytest.mark.skipif(R is None and not os.environ.get("CI"), reason="Rscript not installed (.ci/run installs r-base-core)")
def test_page_r_merge_on_the_invented_rows(use_build, tmp_path):
    assert R, "Rscript is required in CI (.ci/run installs r-base-core)"
    _merge_env(tmp_path)
    (code,) = _blocks("r merge")
    check = (
        code
        + """
cat(sprintf("overlap=%s/%d/%d\\n", overlap$karabakh_id, overlap$id_ged, overlap$best_ged))
cat(sprintf("appended=%d\\n", nrow(appended)))
cat(sprintf("refused=%s\\n", grepl("empty in every row", refused)))
cat(sprintf("near=%s/%s\\n", near$event_id_cnty, near$event_id_cnty_acled))
cat(sprintf("cross=%d\\n", nrow(merge(ours, ours, by = "conflict_new_id"))))
"""
    )
    run = subprocess.run([R, "--vanilla", "-e", check], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    facts = dict(line.split("=", 1) for line in run.stdout.splitlines() if "=" in line and not line.startswith(" "))
    assert facts["overlap"] == "inc-018/900001/2" and facts["appended"] == "5" and facts["refused"] == "TRUE"
    assert facts["near"] == "inc-018/INVENTED1"
    assert facts["cross"] == "9"  # base merge() on the empty key pairs every row with every row


@pytest.mark.skipif(R is None and not os.environ.get("CI"), reason="Rscript not installed (.ci/run installs r-base-core)")
def test_r_helper_sourced_from_a_sourced_script_anywhere(use_build, tmp_path):
    """RStudio's Source button: a script that sources karabakh.R is itself sourced, from another working directory."""
    assert R, "Rscript is required in CI (.ci/run installs r-base-core)"
    _merge_env(tmp_path)
    (tmp_path / "analysis").mkdir()
    (tmp_path / "analysis" / "run.R").write_text(
        'source(file.path("..", "csv", "karabakh.R"))\nsetwd(tempdir())\nd <- read_karabakh("war_panel_country_day")\n'
        'cat(sprintf("rows=%d\\nday=%s\\niso_numeric=%s\\n", nrow(d), class(d$day), class(d$iso_numeric)))\n',
        encoding="utf-8",
    )
    script = 'setwd("analysis"); source("run.R")'
    run = subprocess.run([R, "--vanilla", "-e", script], capture_output=True, text=True, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    facts = dict(line.split("=", 1) for line in run.stdout.splitlines() if "=" in line)
    assert facts == {"rows": "168", "day": "Date", "iso_numeric": "character"}
