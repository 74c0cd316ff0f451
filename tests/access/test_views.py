"""The views: conventions, one known fact from the documents per view, and
the same answers through connect(), the CLI, the DuckDB file and Parquet.

Facts come from the source texts (raw/sources/*.txt); facts of a source
that is not coded yet are skipped, not failed.
"""

from __future__ import annotations

import datetime as dt
import json
import re

import duckdb
import pytest

from karabakh_data import connect
from karabakh_data.access import table_names
from karabakh_data.access.views import duckdb_script, reads, views
from karabakh_data.cli import main
from karabakh_data.schema.vocabularies import INCIDENT_KINDS

REQUIRED = {
    "casualty_totals",
    "casualty_timeline",
    "disputed_claims",
    "conflicting_figures",
    "diplomacy",
    "actor_contacts",
    "timeline",
    "events_geo",
    "actor_lookup",
    "source_summary",
    "incident_summary",
    "incidents_per_day",
    "claims_known_on",
    "totals_known_on",
}
D = dt.date


@pytest.fixture(scope="module")
def db(built):
    """A plain duckdb connection, read-only, on the built database file."""
    con = duckdb.connect(str(built / "data" / "karabakh.duckdb"), read_only=True)
    yield con
    con.close()


def rows(con, sql: str) -> list[dict]:
    result = con.execute(sql)
    names = [d[0] for d in result.description]
    return [dict(zip(names, r)) for r in result.fetchall()]


def coded(db, source_id: str) -> None:
    if not db.execute("SELECT count(*) FROM sources WHERE source_id = ?", [source_id]).fetchone()[0]:
        pytest.skip(f"{source_id} is not coded yet")


# --- conventions ---------------------------------------------------------------


def test_required_views_exist_with_a_question_each():
    found = {v.name: v for v in views()}
    assert REQUIRED <= set(found)
    for v in found.values():
        assert v.question.endswith("?"), v.path.name


def test_views_name_tables_never_files():
    for v in views():
        body = "\n".join(line for line in v.sql.splitlines() if not line.lstrip().startswith("--"))
        assert not re.search(r"read_(parquet|csv|json)|\.parquet|'/", body, re.IGNORECASE), v.path.name


def test_views_are_stored_in_the_database_file(db):
    stored = {r[0] for r in db.execute("SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert {v.name for v in views()} <= stored


def test_views_command_lists_each_view_with_its_question(capsys):
    assert main(["views"]) == 0
    out = capsys.readouterr().out
    for v in views():
        assert re.search(rf"^{v.name}\s+{re.escape(v.question)}$", out, re.MULTILINE)


# --- one known fact per view -------------------------------------------------------


def test_casualty_totals_latest_armenian_military_total(db):
    # src-003: "26 more soldiers have died in the last 24 hours, bringing their
    # casualties to 376 since September 27" (the war's thirteenth day, 9 October).
    coded(db, "src-003")
    (row,) = rows(
        db,
        """SELECT * FROM casualty_totals
        WHERE party_id IN ('armenia', 'armenian-forces') AND claimant_id = 'armenia'
          AND population = 'military' AND outcome = 'killed' AND is_latest""",
    )
    assert (row["total"], row["as_of"], row["counted_since"]) == (376, D(2020, 10, 9), D(2020, 9, 27))
    assert any(i.startswith("+26 ") for i in row["increments"])  # beside the total, not added to it


def test_casualty_totals_lists_hadjian_once(db):
    # src-003: Hadjian "was killed by Azeri troops in clashes on October 6", reported twice: one death, not two
    coded(db, "src-003")
    (row,) = rows(
        db,
        """SELECT * FROM casualty_totals WHERE claimant_id = 'armenia' AND is_latest
        AND population = 'military' AND outcome = 'killed'""",
    )
    hadjian = [i for i in row["incidents"] if "Hadjian" in i]
    assert hadjian == ["1 on 2020-10-06: Kevork Hadjian [inc-018: cas-003-02, cas-003-03]"]


def test_casualty_totals_keeps_the_at_least_1000_of_src_000(db):
    # src-000: "At least some 1,000 people have been reported killed since fighting erupted on September 27"
    (row,) = rows(db, "SELECT * FROM casualty_totals WHERE source_id = 'src-000'")
    assert (row["party_id"], row["population"], row["total"], row["count_qualifier"]) == (None, "unknown", 1000, "at_least")
    assert row["is_latest"] and row["as_of"] == D(2020, 10, 24)


def test_casualty_timeline_has_total_increment_and_incident_apart(db):
    coded(db, "src-003")
    got = rows(
        db,
        """SELECT date, figure_kind, count_best, person_name FROM casualty_timeline
        WHERE party_id IN ('armenia', 'armenian-forces') AND population = 'military' AND outcome = 'killed'""",
    )
    kinds = {(r["date"], r["figure_kind"], r["count_best"]) for r in got}
    assert {(D(2020, 10, 9), "total", 376), (D(2020, 10, 9), "increment", 26)} <= kinds
    # "Hadjian, who was killed by Azeri troops in clashes on October 6"
    assert any(r["figure_kind"] == "incident" and "Hadjian" in (r["person_name"] or "") and r["date"] == D(2020, 10, 6) for r in got)


def test_disputed_claims_shoot_down_denied_as_completely_false(db):
    (row,) = rows(db, "SELECT * FROM disputed_claims WHERE record_id = 'ev-000-01'")
    assert (row["claimant_id"], row["claim_date"], row["kind"], row["disputed_by_id"]) == ("azerbaijan-mod", D(2020, 10, 24), "denial", "armenia-mod")
    assert "shot" in row["claim_quote"] and '"completely false."' in row["dispute_quote"]


def test_conflicting_figures_two_shares_of_azerbaijans_territory(db):
    # src-003: "about 20 percent of Azerbaijan's territory" vs "More than 14 percent ... still under occupation"
    coded(db, "src-003")
    pairs = db.execute("""SELECT a.value_num, b.value_num FROM conflicting_figures f
        JOIN territory a ON a.territory_id = f.record_a JOIN territory b ON b.territory_id = f.record_b
        WHERE a.attribute = 'share_of_territory'""").fetchall()
    assert {frozenset(p) for p in pairs} >= {frozenset({20.0, 14.0})}


def test_diplomacy_two_separate_pompeo_meetings_in_washington(db):
    # src-000: Bayramov and Mnatsakanian "met separately with Pompeo at the U.S. State Department on October 23"
    got = rows(
        db,
        """SELECT * FROM diplomacy WHERE date = DATE '2020-10-23'
        AND 'Washington' IN (place, within_place) AND list_contains(participant_ids, 'mike-pompeo')""",
    )
    assert len(got) == 2 and len({r["meeting_id"] for r in got}) == 2
    others = sorted(set(r["participant_ids"]) - {"mike-pompeo"} for r in got)
    assert others == [{"ceyhun-bayramov"}, {"zohrab-mnatsakanyan"}]
    assert all(r["status"] == "held" and r["mediator"] == "Mike Pompeo" for r in got)


def test_diplomacy_the_moscow_talks_are_one_disputed_meeting(db):
    # src-003: "The foreign ministers ... met" (lead) against "Talks are expected to begin shortly" (body)
    coded(db, "src-003")
    got = rows(db, "SELECT * FROM diplomacy WHERE place = 'Moscow' AND date = DATE '2020-10-09'")
    assert len(got) == 1
    (row,) = got
    assert row["incident_id"] == "inc-020" and row["meeting_ids"] == ["mtg-003-01", "mtg-003-02", "mtg-003-08"]
    assert row["status"] == "expected / held" and row["disputed"]
    assert any(d.endswith("internal_inconsistency") for d in row["disputes"])
    assert {"ceyhun-bayramov", "zohrab-mnatsakanyan", "vladimir-putin"} <= set(row["participant_ids"])
    # every meeting record is in exactly one row
    ids = [i for (ids,) in db.execute("SELECT meeting_ids FROM diplomacy").fetchall() for i in ids]
    assert sorted(ids) == sorted(i for (i,) in db.execute("SELECT meeting_id FROM meetings").fetchall())


def test_actor_contacts_separate_meetings_make_no_pair(db):
    got = {(r["actor_a"], r["actor_b"]): r for r in rows(db, "SELECT * FROM actor_contacts")}
    assert D(2020, 10, 23) in got[("ceyhun-bayramov", "mike-pompeo")]["dates"]
    assert D(2020, 10, 23) in got[("mike-pompeo", "zohrab-mnatsakanyan")]["dates"]
    # they met Pompeo separately: no contact between the two ministers that day
    pair = got.get(("ceyhun-bayramov", "zohrab-mnatsakanyan"))
    assert pair is None or D(2020, 10, 23) not in pair["dates"]


def test_timeline_is_chronological_and_starts_the_war_on_27_september(db):
    got = rows(db, "SELECT * FROM timeline")
    dated = [r["date"] for r in got if r["date"] is not None]
    assert dated == sorted(dated)
    # src-000: "since fighting erupted on September 27"; src-003: "Sunday (September 27th) clashes ... began":
    # one incident, one row, two claims
    (start,) = [r for r in got if "ev-000-07" in r["record_ids"]]
    assert (start["date"], start["entry"], start["kind"], start["incident_id"]) == (D(2020, 9, 27), "incident", "clash", "inc-006")
    assert sorted(start["record_ids"]) == ["ev-000-07", "ev-003-16"] and start["claim_count"] == 2
    kinds = {r["record_id"]: r["kind"] for r in got if r["entry"] == "claim"}
    assert kinds["cas-000-01"] == "casualty report"  # a total describes no incident: its own row
    # every claim of the timeline's tables appears exactly once, in its incident's row or its own
    listed = [i for r in got for i in r["record_ids"]]
    assert len(listed) == len(set(listed))


def test_timeline_collapses_the_moscow_talks_into_one_meeting(db):
    coded(db, "src-003")
    got = rows(db, "SELECT * FROM timeline WHERE date = DATE '2020-10-09' AND kind = 'meeting'")
    assert len(got) == 1
    (row,) = got
    assert row["incident_id"] == "inc-020" and row["claim_count"] == 4 and row["disputed"]
    assert {"mtg-003-01", "mtg-003-02", "mtg-003-08"} <= set(row["record_ids"])


def test_events_geo_places_the_gubadli_shoot_down(db):
    (row,) = rows(db, "SELECT * FROM events_geo WHERE event_id = 'ev-000-01'")
    assert (row["place"], row["latitude"], row["longitude"], row["disputed"]) == ("Gubadli", 39.34, 46.58, True)
    assert (row["incident_id"], row["claim_count"]) == ("inc-001", 2)  # the event and its materiel, one shoot-down
    unplaced = db.execute("""SELECT count(*) FROM events_geo WHERE latitude IS NULL OR longitude IS NULL""").fetchone()[0]
    assert unplaced == 0
    ids = [i for (ids,) in db.execute("SELECT event_ids FROM events_geo").fetchall() for i in ids]
    assert len(ids) == len(set(ids))  # each event record on one marker at most


def test_events_geo_mingachevir_is_two_strikes_not_five_events(db):
    # src-003: a missile "moments before the foreign ministers ... met", "another ballistic missile ... today",
    # "the missile was shot in the air", and "Mingechevir has been hit by many missiles before"
    coded(db, "src-003")
    got = rows(db, "SELECT * FROM events_geo WHERE place = 'Mingachevir' ORDER BY event_id")
    strikes = [r for r in got if r["incident_id"] is not None]
    assert [(r["incident_id"], r["incident_kind"], r["date_start"]) for r in strikes] == [
        ("inc-010", "strike", D(2020, 10, 9)),
        ("inc-011", "strike", D(2020, 10, 9)),
    ]
    assert sorted(i for r in strikes for i in r["event_ids"]) == ["ev-003-01", "ev-003-03", "ev-003-08", "ev-003-09"]
    (before,) = [r for r in got if r["incident_id"] is None]  # "many missiles before": no countable incident
    assert before["event_id"] == "ev-003-10" and before["date_precision"] == "range"


def test_actor_lookup_both_spellings_of_mnatsakanyan(db):
    got = db.execute("""SELECT DISTINCT actor_id FROM actor_lookup
        WHERE alias_key IN (lower(strip_accents('Mnatsakanian')), lower(strip_accents('MNATSAKANYAN')))""").fetchall()
    assert got == [("zohrab-mnatsakanyan",)]


def test_source_summary_dates_and_counts(db, built):
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    got = {r["source_id"]: r for r in rows(db, "SELECT * FROM source_summary")}
    # src-000 is written "a day after" the meeting it dates "on October 23"
    assert got["src-000"]["published_date"] == D(2020, 10, 24)
    for table in ("events", "casualties", "materiel", "meetings", "territory", "statements", "disputes"):
        ids = pq.read_table(built / "data" / f"{table}.parquet", columns=["source_id"]).column(0)
        for source_id, row in got.items():
            assert row[table] == pc.sum(pc.equal(ids, source_id)).as_py() or 0, (source_id, table)


def test_incident_summary_mingachevir_moscow_and_hadjian(db):
    coded(db, "src-003")
    got = {r["incident_id"]: r for r in rows(db, "SELECT * FROM incident_summary")}
    # five event records on Mingachevir on 9 October: two launches ("another ballistic missile")
    mingachevir = [r for r in got.values() if r["place"] == "Mingachevir" and r["date_start"] == D(2020, 10, 9)]
    assert sorted(r["incident_kind"] for r in mingachevir) == ["strike", "strike"]
    assert sorted(i for r in mingachevir for i in r["record_ids"] if i.startswith("ev-")) == ["ev-003-01", "ev-003-03", "ev-003-08", "ev-003-09"]
    # the Moscow talks: one meeting, three meeting records (held, expected, expected), disputed
    moscow = got["inc-020"]
    assert moscow["incident_kind"] == "meeting" and moscow["place"] == "Moscow" and moscow["disputed"]
    assert [i for i in moscow["record_ids"] if i.startswith("mtg-")] == ["mtg-003-01", "mtg-003-02", "mtg-003-08"]
    assert "dis-003-07 internal_inconsistency" in moscow["disputes"]
    # Kevork Hadjian: one death from two casualty reports
    hadjian = got["inc-018"]
    assert (hadjian["incident_kind"], hadjian["deaths_best"], hadjian["deaths_low"], hadjian["deaths_high"]) == ("death", 1, 1, 1)
    assert [i for i in hadjian["record_ids"] if i.startswith("cas-")] == ["cas-003-02", "cas-003-03"]
    assert (hadjian["place"], hadjian["within_place"], hadjian["date_start"]) == ("Lulasaz", "Nagorno-Karabakh", D(2020, 10, 6))
    # src-000: the Gubadli shoot-down and its denial
    assert got["inc-001"]["disputes"] == ["dis-000-01 denial", "dis-000-02 denial"]


def test_incident_summary_every_incident_has_its_claims(db):
    got = rows(db, "SELECT * FROM incident_summary")
    assert len(got) == db.execute("SELECT count(*) FROM incidents").fetchone()[0]
    described = dict(db.execute("SELECT incident_id, count(*) FROM claims WHERE incident_id IS NOT NULL GROUP BY 1").fetchall())
    for r in got:
        assert r["claim_count"] >= 1 and r["claim_count"] == len(r["record_ids"]) == described[r["incident_id"]], r["incident_id"]
        assert r["claimant_count"] == len(r["claimants"]) and r["source_count"] == len(r["source_ids"])


def test_incidents_per_day_on_9_october(db):
    coded(db, "src-003")
    got = {r["incident_kind"]: r for r in rows(db, "SELECT * FROM incidents_per_day WHERE day = DATE '2020-10-09'")}
    # two strikes (inc-010, inc-011) from five claims, one meeting (Moscow) from four, one clash
    assert (got["strike"]["incidents"], got["strike"]["claims"], got["strike"]["sources"]) == (2, 5, 1)
    assert got["strike"]["incident_ids"] == ["inc-010", "inc-011"]
    assert (got["meeting"]["incidents"], got["meeting"]["claims"], got["meeting"]["incident_ids"]) == (1, 4, ["inc-020"])
    assert (got["clash"]["incidents"], got["clash"]["claims"]) == (1, 1)
    assert set(got) == {"strike", "meeting", "clash"}


def test_incidents_per_day_counts_spans_apart_never_on_a_day(db):
    got = rows(db, "SELECT * FROM incidents_per_day")
    spans = [r for r in got if not r["one_day"]]
    assert spans and all(r["day"] is None and r["date_start"] < r["date_end"] for r in spans)
    assert all(r["day"] == r["date_start"] == r["date_end"] for r in got if r["one_day"])
    assert [r["one_day"] for r in got] == sorted((r["one_day"] for r in got), reverse=True)  # days first, spans after
    # the Guliyeva Tevfik death is known only as 27 September .. 9 October: a span row, not 9 October
    (guliyeva,) = [r for r in got if "inc-016" in r["incident_ids"]]
    assert (guliyeva["one_day"], guliyeva["date_start"], guliyeva["date_end"]) == (False, D(2020, 9, 27), D(2020, 10, 9))
    # every war incident counted once
    ids = [i for r in got for i in r["incident_ids"]]
    war = {i for (i,) in db.execute("SELECT incident_id FROM incident_summary WHERE NOT historical").fetchall()}
    assert sorted(ids) == sorted(war)


# --- the war panels: one set of rules, by day and by month ---------------------------------------

PANEL_COUNTS = ["incidents", *INCIDENT_KINDS, "deaths_best", "deaths_low", "deaths_high", "claims", "disputed_incidents"]
"""The panels' count columns: incidents, one per incident_kind of the schema (in its order), deaths, claims, disputes."""


def test_panel_columns_are_the_country_the_date_and_the_schemas_kinds(db):
    for view, date in (("war_panel_country_day", "day"), ("war_panel_country_month", "month")):
        columns = [d[0] for d in db.execute(f"SELECT * FROM {view} LIMIT 0").description]
        assert columns == ["iso3", "gwcode", "iso_numeric", "country", date, *PANEL_COUNTS, "span_incidents"], view


def test_panel_cells_the_last_24_hours_in_october_on_no_day(db):
    # src-003: Armenian positions seized and people expelled "in the last 24 hours" (8..9 October): in October, on no day
    coded(db, "src-003")
    got = {(r["day"], r["month"]): r for r in rows(db, "SELECT * FROM war_panel_cells WHERE iso3 = 'ARM'")}
    october = got[(None, D(2020, 10, 1))]
    assert (october["incidents"], october["seizure"], october["expulsion"], october["disputed_incidents"]) == (2, 1, 1, 1)
    for day in (D(2020, 10, 8), D(2020, 10, 9)):
        assert (got[(day, None)]["incidents"], got[(day, None)]["seizure"], got[(day, None)]["span_incidents"]) == (0, 0, 3)
    # Hadjian "was killed by Azeri troops in clashes on October 6": one death on his day and in his month
    (hadjian,) = rows(db, "SELECT * FROM war_panel_cells WHERE iso3 = 'AZE' AND day = DATE '2020-10-06'")
    assert (hadjian["death"], hadjian["deaths_best"], hadjian["month"]) == (1, 1, None)


def test_month_panel_is_the_day_panel_by_month_plus_the_spans_inside_a_month(db):
    """A month's counts are its days' counts plus the incidents known only as a span of several of its days."""
    expected = {}

    def add(key, codes, counts):
        cell = expected.setdefault(key, {"codes": codes, **dict.fromkeys(PANEL_COUNTS, 0)})
        assert cell["codes"] == codes, key  # one country, one set of codes
        for column, n in counts.items():
            cell[column] += n or 0  # an incident with no death figure adds none

    for r in rows(db, "SELECT * FROM war_panel_country_day"):
        add((r["iso3"], r["day"].replace(day=1)), (r["gwcode"], r["iso_numeric"], r["country"]), {c: r[c] for c in PANEL_COUNTS})
    codes = {r["iso3"]: (r["gwcode"], r["iso_numeric"], r["country"]) for r in rows(db, "SELECT * FROM war_panel_country_month")}
    inside = rows(
        db,
        """SELECT u.country AS iso3, i.incident_kind, i.deaths_best, i.deaths_low, i.deaths_high, u.claim_count, u.disputed,
                  CAST(date_trunc('month', i.date_start) AS DATE) AS month
        FROM incidents AS i JOIN shaped_unit_claims AS u ON u.unit_id = i.incident_id
        WHERE NOT u.historical AND i.date_start < i.date_end AND date_trunc('month', i.date_start) = date_trunc('month', i.date_end)""",
    )
    assert inside  # the "last 24 hours" of 8..9 October, among others: the two panels differ by these
    for r in inside:
        counts = {"incidents": 1, r["incident_kind"]: 1, "claims": r["claim_count"], "disputed_incidents": int(r["disputed"])}
        add((r["iso3"], r["month"]), codes[r["iso3"]], {**counts, **{c: r[c] for c in ("deaths_best", "deaths_low", "deaths_high")}})
    month = {(r["iso3"], r["month"]): r for r in rows(db, "SELECT * FROM war_panel_country_month")}
    assert set(month) == set(expected)  # the same countries, and the months of the day panel's days
    for key, r in month.items():
        assert {"codes": (r["gwcode"], r["iso_numeric"], r["country"]), **{c: r[c] for c in PANEL_COUNTS}} == expected[key], key


def test_known_on_10_and_25_october(db):
    coded(db, "src-003")
    by_day = dict(
        db.execute("""SELECT known_on, list(DISTINCT source_id ORDER BY source_id) FROM claims_known_on
        WHERE known_on IN (DATE '2020-10-10', DATE '2020-10-25') GROUP BY 1""").fetchall()
    )
    assert by_day == {D(2020, 10, 10): ["src-003"], D(2020, 10, 25): ["src-000", "src-003"]}
    n = dict(db.execute("SELECT source_id, count(*) FROM claims GROUP BY 1").fetchall())
    assert db.execute("SELECT count(*) FROM claims_known_on WHERE known_on = DATE '2020-10-10'").fetchone()[0] == n["src-003"]
    assert db.execute("SELECT count(*) FROM claims_known_on WHERE known_on = DATE '2020-10-25'").fetchone()[0] == sum(n.values())
    assert db.execute("SELECT count(*) FROM claims_known_on WHERE known_on = DATE '2020-10-01'").fetchone()[0] == 0
    assert db.execute("SELECT count(*) FROM claims_known_on WHERE claim_date > known_on").fetchone()[0] == 0
    # Mnatsakanian "told reporters as he exited the State Department" on 23 October: known from that day
    known_23 = {r for (r,) in db.execute("SELECT record_id FROM claims_known_on WHERE known_on = DATE '2020-10-23'").fetchall()}
    assert {"st-000-04", "st-000-05"} <= known_23 and "ev-000-01" not in known_23


def test_totals_known_on_latest_armenian_total(db):
    # src-003 (9 October): Armenia's "376 since September 27"; src-000 (24 October): "At least some 1,000"
    coded(db, "src-003")
    (arm,) = rows(
        db,
        """SELECT * FROM totals_known_on WHERE known_on = DATE '2020-10-10'
        AND party_id IN ('armenia', 'armenian-forces') AND claimant_id = 'armenia' AND population = 'military'""",
    )
    assert (arm["total"], arm["as_of"], arm["claimant"], arm["source_id"]) == (376, D(2020, 10, 9), "Armenia", "src-003")
    on_10 = {r["casualty_id"] for r in rows(db, "SELECT * FROM totals_known_on WHERE known_on = DATE '2020-10-10'")}
    on_25 = {r["casualty_id"] for r in rows(db, "SELECT * FROM totals_known_on WHERE known_on = DATE '2020-10-25'")}
    assert "cas-000-01" in on_25 - on_10 and on_10 <= on_25
    (row,) = rows(db, "SELECT * FROM totals_known_on WHERE known_on = DATE '2020-10-25' AND casualty_id = 'cas-000-01'")
    assert (row["total"], row["count_qualifier"], row["party"]) == (1000, "at_least", "unspecified side")


def test_conflicting_figures_sees_the_vague_hundreds(db):
    # src-003: Armenia's 376 against Azar, "who wrote that hundreds of militiamen who died ... were hiding"
    coded(db, "src-003")
    (row,) = rows(db, "SELECT * FROM conflicting_figures WHERE record_a = 'cas-003-05'")
    assert row["record_b"] == "cas-003-06" and "incomplete_figure" in row["basis"] and "hundreds (200-999)" in row["claim_b"]


def test_claims_has_one_row_per_record(db):
    n = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    tables = ("events", "casualties", "materiel", "meetings", "territory", "statements", "agreements", "violations", "disputes")
    assert n == sum(db.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables)


# --- the logic on invented rows ------------------------------------------------------


@pytest.fixture
def scratch(built):
    """An in-memory copy of the tables, free to change, with the views on top."""
    con = duckdb.connect()
    for path in sorted((built / "data").glob("*.parquet")):
        con.execute(f"CREATE TABLE \"{path.stem}\" AS SELECT * FROM read_parquet('{path}')")
    yield con
    con.close()


def _add_casualty(con, cid, claimant, kind, n, as_of, start=None, source="src-000"):
    con.execute(
        """INSERT INTO casualties BY NAME SELECT ? AS casualty_id, ? AS claimant_id, 'test-side' AS party_id,
           'military' AS population, 'killed' AS outcome, ? AS count_kind, ? AS count_best, 'exact' AS count_qualifier,
           ?::DATE AS period_start, ?::DATE AS period_end, ?::DATE AS date_start, ?::DATE AS date_end,
           ? AS source_id, 'q' AS quote, 'day' AS date_precision, 'explicit' AS date_basis""",
        [cid, claimant, kind, n, start, as_of, as_of, as_of, source],
    )


def test_totals_never_absorb_increments_or_incidents(scratch):
    _add_casualty(scratch, "cas-t-1", "armenia", "cumulative", 100, "2020-10-01", "2020-09-27")
    _add_casualty(scratch, "cas-t-2", "armenia", "cumulative", 150, "2020-10-05", "2020-09-27")
    _add_casualty(scratch, "cas-t-3", "armenia", "increment", 20, "2020-10-05", "2020-10-04")
    _add_casualty(scratch, "cas-t-4", "local-media", "incident", 1, "2020-09-30")
    _add_casualty(scratch, "cas-t-5", "local-media", "incident", 1, "2020-10-03")
    _add_casualty(scratch, "cas-t-6", "azerbaijan-mod", "cumulative", 300, "2020-10-05", "2020-09-27", "src-003")
    for v in views():
        scratch.execute(v.sql)
    got = {r["casualty_id"]: r for r in rows(scratch, "SELECT * FROM casualty_totals WHERE party_id = 'test-side'")}
    assert set(got) == {"cas-t-1", "cas-t-2", "cas-t-6"}
    assert [got[c]["total"] for c in ("cas-t-1", "cas-t-2", "cas-t-6")] == [100, 150, 300]
    assert [got[c]["is_latest"] for c in ("cas-t-1", "cas-t-2", "cas-t-6")] == [False, True, True]
    assert got["cas-t-2"]["increments"] == ["+20 over 2020-10-04..2020-10-05 [cas-t-3]"]
    assert [i[-9:] for i in got["cas-t-1"]["incidents"]] == ["[cas-t-4]"]
    assert [i[-9:] for i in got["cas-t-2"]["incidents"]] == ["[cas-t-5]"]
    # the two sides' totals for the same day conflict; one claimant's own series does not
    found = rows(scratch, "SELECT record_a, record_b, basis FROM conflicting_figures WHERE record_a LIKE 'cas-t-%'")
    assert found == [{"record_a": "cas-t-2", "record_b": "cas-t-6", "basis": "same casualty total"}]


# --- the same answers everywhere ---------------------------------------------------------


def _normal(columns, records) -> list[dict]:
    return json.loads(json.dumps([dict(zip(columns, r)) for r in records], default=str, ensure_ascii=False))


@pytest.mark.parametrize("view", sorted(v.name for v in views()))
def test_same_answer_through_connect_cli_file_and_parquet(view, use_build, built, db, capsys):
    sql = f"SELECT * FROM {view} ORDER BY ALL"
    answers = {}
    for name, con in [("connect()", connect()), ("duckdb file", db)]:
        res = con.execute(sql)
        answers[name] = _normal([d[0] for d in res.description], res.fetchall())
    plain = duckdb.connect()
    plain.execute(duckdb_script(built / "data"))
    res = plain.execute(sql)
    answers["parquet"] = _normal([d[0] for d in res.description], res.fetchall())
    assert main(["query", sql, "--format", "json"]) == 0
    answers["cli"] = json.loads(capsys.readouterr().out)
    assert answers["cli"] == answers["connect()"] == answers["duckdb file"] == answers["parquet"]
    assert answers["cli"], f"{view} is empty on the current data"


# --- the README's Common questions ------------------------------------------------------


def test_common_questions_page_matches_the_data(built):
    from karabakh_data.release.questions import DOC, REGENERATE, generate

    fresh = generate(built / "data" / "karabakh.duckdb")
    current = DOC.read_text(encoding="utf-8") if DOC.exists() else ""
    assert current == fresh, f"{DOC.name} is out of date with raw/: regenerate it with `{REGENERATE}`"


def test_readme_common_questions_match_the_data(built):
    from karabakh_data.release.questions import README, REGENERATE, generate, in_readme

    readme = README.read_text(encoding="utf-8")
    fresh = in_readme(readme, generate(built / "data" / "karabakh.duckdb"))
    assert readme == fresh, f"README's Common questions are out of date with raw/: regenerate with `{REGENERATE}`"


# --- opening only what a statement reads -------------------------------------------------------


@pytest.mark.parametrize("view", [v.name for v in views()])
def test_each_view_opened_alone_gives_what_every_relation_gives(use_build, view):
    """The query command opens a view with only the tables and views it reads, in creation order: same rows."""
    from karabakh_data.access.query import sealed_connection

    con = sealed_connection({view})
    opened = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables() UNION ALL SELECT view_name FROM duckdb_views() WHERE NOT internal").fetchall()}
    assert view in opened and len(opened) < len(table_names()) + len(views())
    full = connect()
    assert con.execute(f'SELECT * FROM "{view}" ORDER BY ALL').fetchall() == full.execute(f'SELECT * FROM "{view}" ORDER BY ALL').fetchall()


@pytest.mark.parametrize(
    ("sql", "names"),
    [
        ("SELECT count(*) FROM events", {"events"}),
        ("select * from Events e join PLACES p using (place_id)", {"events", "places"}),
        ("WITH x AS (SELECT * FROM claims) SELECT * FROM x WHERE record_id IN (SELECT record_id FROM disputes)", {"claims", "disputes"}),
        ("SELECT 1", set()),
        ("SELECT d FROM generate_series(DATE '2020-09-27', DATE '2020-09-28', INTERVAL 1 DAY) AS g(d)", set()),  # a calendar reads nothing
        ("SELECT * FROM range((SELECT count(*) FROM events))", {"events"}),  # ... but its arguments may
        ("SELECT * FROM read_parquet('events.parquet')", None),
        ("SELECT * FROM duckdb_tables()", None),
        ("SELECT * FROM information_schema.tables", None),
        ("SHOW TABLES", None),
        ("DESCRIBE events", None),
    ],
)
def test_reads_names_the_relations_of_a_select_or_says_it_cannot(sql, names):
    assert reads(duckdb.connect(), sql) == names
