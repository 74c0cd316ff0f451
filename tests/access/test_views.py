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
from karabakh_data.access.views import duckdb_script, views
from karabakh_data.cli import main

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
    # src-000: "since fighting erupted on September 27"
    (start,) = [r for r in got if r["record_id"] == "ev-000-07"]
    assert start["date"] == D(2020, 9, 27) and start["kind"] == "event"
    kinds = {r["record_id"]: r["kind"] for r in got}
    assert kinds["mtg-000-01"] == "meeting" and kinds["cas-000-01"] == "casualty report"


def test_events_geo_places_the_gubadli_shoot_down(db):
    (row,) = rows(db, "SELECT * FROM events_geo WHERE event_id = 'ev-000-01'")
    assert (row["place"], row["latitude"], row["longitude"], row["disputed"]) == ("Gubadli", 39.34, 46.58, True)
    unplaced = db.execute("""SELECT count(*) FROM events_geo WHERE latitude IS NULL OR longitude IS NULL""").fetchone()[0]
    assert unplaced == 0


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


def test_claims_has_one_row_per_record(db):
    n = db.execute("SELECT count(*) FROM claims").fetchone()[0]
    tables = ("events", "casualties", "materiel", "meetings", "territory", "statements", "disputes")
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
