"""Specific facts from each source document, checked in the built tables.

Each case names the sentence it comes from, so a failure says which fact of
which document the coding lost or changed.
"""

from __future__ import annotations

import pytest

import karabakh_data as kd


@pytest.fixture
def con(use_build):
    return kd.connect()


def one(con, sql, *params):
    rows = con.execute(sql, list(params)).fetchall()
    assert len(rows) == 1, f"expected one row, got {rows}"
    return rows[0]


def test_000_shoot_down_claim_and_its_denial(con):
    # "Azerbaijan's Defense Ministry said ... its forces shot down an Armenian "combat aircraft" ... October 24 in the Gubadli sector"
    ev = one(
        con,
        "SELECT event_id, claimant_id, sub_event_type, place_id, date_start, date_basis FROM events "
        "WHERE source_id='src-000' AND quote LIKE '%combat aircraft%'",
    )
    assert ev[1:] == ("azerbaijan-mod", "disrupted_weapons_use", "gubadli", __import__("datetime").date(2020, 10, 24), "explicit")
    # "... Shushan Stepanian, said the claim from Baku was "completely false.""
    denial = one(con, "SELECT disputed_by_id, kind FROM disputes WHERE record_id = ?", ev[0])
    assert denial == ("armenia-mod", "denial")


def test_000_separate_meetings_with_pompeo(con):
    # "... met separately with Pompeo at the U.S. State Department on October 23."
    rows = con.execute(
        "SELECT m.meeting_id, list(p.actor_id ORDER BY p.actor_id) FROM meetings m JOIN meeting_participants p USING (meeting_id) "
        "WHERE m.source_id='src-000' AND m.date_start = DATE '2020-10-23' AND m.status='held' GROUP BY 1 ORDER BY 1"
    ).fetchall()
    assert [r[1] for r in rows] == [["ceyhun-bayramov", "mike-pompeo"], ["mike-pompeo", "zohrab-mnatsakanyan"]]


def test_000_at_least_1000_killed_is_a_lower_bound(con):
    # "At least some 1,000 people have been reported killed since fighting erupted on September 27"
    row = one(
        con,
        "SELECT count_best, count_low, count_high, count_kind, population, party_id, period_start::VARCHAR "
        "FROM casualties WHERE source_id='src-000' AND count_best = 1000",
    )
    assert row == (1000, 1000, None, "cumulative", "unknown", None, "2020-09-27")


def test_003_armenian_total_and_increment_are_separate(con):
    # "Armenia has officially announced that 26 more soldiers have died in the last 24 hours, bringing their casualties to 376"
    rows = con.execute(
        "SELECT count_best, count_kind, claimant_id, date_basis FROM casualties WHERE source_id='src-003' AND count_best IN (26, 376) ORDER BY count_best"
    ).fetchall()
    assert rows == [(26, "increment", "armenia", "relative"), (376, "cumulative", "armenia", "bounded_by_claim")]
    phrase = one(con, "SELECT date_phrase, date_start::VARCHAR, date_end::VARCHAR, date_precision FROM casualties WHERE count_best = 26")
    assert phrase == ("in the last 24 hours", "2020-10-08", "2020-10-09", "days")


def test_003_named_victim_with_age(con):
    # "... the grave of Guliyeva Tevfik, 63, who was killed in the Armenia attacks"
    row = one(con, "SELECT person_age, population, outcome, count_kind FROM casualties WHERE person_name = 'Guliyeva Tevfik'")
    assert row == (63, "civilian", "killed", "incident")


def test_003_materiel_losses_of_the_convoy(con):
    # "In one day, 13 T-72 tanks and four Grad missile systems were shot down, the official statement said."
    rows = con.execute("SELECT count_best, materiel_class FROM materiel WHERE source_id='src-003' AND count_best IN (13, 4) ORDER BY 1").fetchall()
    assert rows == [(4, "rocket_artillery"), (13, "tank")]


def test_003_publication_date_from_internal_evidence(con):
    row = one(con, "SELECT published_date::VARCHAR, date_basis FROM sources WHERE source_id='src-003'")
    assert row[0] == "2020-10-09" and "thirteenth day" in row[1]


def test_003_relative_weekdays_resolved(con):
    # "Mnatsakanyan would instead meet with Russian Foreign Minister Sergei Lavrov in Moscow on Monday."
    row = one(
        con,
        "SELECT status, date_start::VARCHAR, date_phrase, place_id FROM meetings m JOIN meeting_participants p USING (meeting_id) "
        "WHERE p.actor_id = 'sergei-lavrov'",
    )
    assert row == ("scheduled", "2020-10-12", "on Monday", "moscow")


def test_003_territory_figures_and_their_conflict(con):
    # "... about 20 percent of Azerbaijan's territory" vs "More than 14 percent of Azerbaijan's territory is still under occupation."
    shares = con.execute("SELECT territory_id, value_num, value_qualifier FROM territory WHERE attribute='share_of_territory' ORDER BY value_num").fetchall()
    assert [(s[1], s[2]) for s in shares] == [(14.0, "more_than"), (20.0, "about")]
    ids = {s[0] for s in shares}
    dispute = one(
        con, "SELECT record_id, other_record_id FROM disputes WHERE kind = 'conflicting_figure' AND record_id IN (SELECT territory_id FROM territory)"
    )
    assert set(dispute) == ids
    assert one(con, "SELECT value_num, unit FROM territory WHERE attribute='area' AND place_id='nagorno-karabakh'") == (4400.0, "km2")
    assert one(con, "SELECT value_num, unit FROM territory WHERE attribute='contact_line_length'") == (175.0, "km")


def test_003_historical_referendum(con):
    # "In a referendum held on December 10, 1991 ..."
    row = one(con, "SELECT date_start::VARCHAR, historical, date_precision FROM territory WHERE attribute='referendum'")
    assert row == ("1991-12-10", True, "day")


def test_003_cathedral_shelling_reported_and_denied(con):
    # "Azerbaijan's Defense Ministry also denied reports that artillery was fired at the historic Gazançetsots Cathedral in Shusha"
    ev = one(con, "SELECT event_id, place_id FROM events WHERE place_id = 'ghazanchetsots-cathedral'")
    assert one(con, "SELECT disputed_by_id, kind FROM disputes WHERE record_id = ?", ev[0]) == ("azerbaijan-mod", "denial")


def test_003_statement_of_aliyev(con):
    # Aliyev's response was "no matter whose bases you lick, we will take back our land."
    row = one(con, "SELECT statement_type FROM statements WHERE claimant_id='ilham-aliyev' AND quote LIKE '%take back our land%'")
    assert row[0] in ("position", "demand", "commitment")


def test_aliases_keep_every_spelling(con):
    aliases = dict(con.execute("SELECT actor_id, aliases FROM actors").fetchall())
    assert {"Mnatsakanian", "Mnatsakanyan"} <= set(aliases["zohrab-mnatsakanyan"])
    places = dict(con.execute("SELECT place_id, aliases FROM places").fetchall())
    assert {"Mingechevir", "Mingachevir"} <= set(places["mingachevir"])
    # "the cities of Shusha and Lacin" is the city (second read before 2.0.0); "Lachin and Kelbajar" the district
    assert "Lacin" in places["lachin-city"] and "Lachin" in places["lachin"]


def test_every_dispute_links_to_an_existing_record(con):
    ids = {
        r[0]
        for t, k in [
            ("events", "event_id"),
            ("casualties", "casualty_id"),
            ("materiel", "materiel_id"),
            ("meetings", "meeting_id"),
            ("territory", "territory_id"),
            ("statements", "statement_id"),
        ]
        for r in con.execute(f"SELECT {k} FROM {t}").fetchall()
    }
    for record_id, other in con.execute("SELECT record_id, other_record_id FROM disputes").fetchall():
        assert record_id in ids
        assert other is None or other in ids


def test_coordinates_are_flagged_as_general_knowledge(con):
    assert con.execute("SELECT DISTINCT coord_basis FROM places").fetchall() == [("general_knowledge",)]


# --- incidents and claim dates: facts of both documents through the views ---------------


def test_003_mingachevir_five_event_records_two_strikes(con):
    # "Armenia launched a ballistic missile at Mingachevir" (lead, P2) and "another ballistic missile was fired
    # by Armenia today ... the missile was shot in the air 20 kilometers away"; "has been hit by many missiles before"
    events = con.execute("SELECT event_id, incident_id FROM events WHERE place_id = 'mingachevir' ORDER BY event_id").fetchall()
    assert [e for e, _ in events] == ["ev-003-01", "ev-003-03", "ev-003-08", "ev-003-09", "ev-003-10"]
    assert sorted({i for _, i in events if i}) == ["inc-010", "inc-011"] and dict(events)["ev-003-10"] is None
    kinds = con.execute("SELECT incident_kind, count(*) FROM incident_summary WHERE place_id = 'mingachevir' GROUP BY 1").fetchall()
    assert kinds == [("strike", 2)]


def test_003_moscow_talks_one_meeting_three_records_disputed(con):
    # lead: "The foreign ministers of Azerbaijan and Armenia ... met"; body: "Talks are expected to begin shortly."
    meetings = con.execute("SELECT meeting_id, status FROM meetings WHERE incident_id = 'inc-020' ORDER BY 1").fetchall()
    assert meetings == [("mtg-003-01", "held"), ("mtg-003-02", "expected"), ("mtg-003-08", "expected")]
    row = one(con, "SELECT incident_kind, disputed, claim_count FROM incident_summary WHERE incident_id = 'inc-020'")
    assert row[:2] == ("meeting", True) and row[2] >= 3
    kind = one(con, "SELECT kind FROM disputes WHERE record_id = 'mtg-003-01' AND other_record_id = 'mtg-003-08'")
    assert kind == ("internal_inconsistency",)


def test_003_hadjian_one_death_from_two_reports(con):
    # "Kevork Hadjian ... was killed by Azeri troops in clashes on October 6" and the report of Hadjian's death
    row = one(
        con,
        "SELECT incident_kind, deaths_best, deaths_low, deaths_high, date_start::VARCHAR FROM incident_summary WHERE list_contains(record_ids, 'cas-003-02')",
    )
    assert row == ("death", 1, 1, 1, "2020-10-06")
    reports = con.execute("SELECT casualty_id FROM casualties WHERE incident_id = 'inc-018' ORDER BY 1").fetchall()
    assert reports == [("cas-003-02",), ("cas-003-03",)]


def test_000_separate_pompeo_meetings_are_two_incidents(con):
    # "... met separately with Pompeo at the U.S. State Department on October 23."
    rows = con.execute("SELECT incident_id FROM diplomacy WHERE date = DATE '2020-10-23' ORDER BY 1").fetchall()
    assert rows == [("inc-008",), ("inc-009",)]


def test_known_on_sees_src_003_on_10_october_and_src_000_from_23_october(con):
    # src-003 is published on 9 October, src-000 on 24 October; Mnatsakanian's remark "as he exited the
    # State Department" is claimed on 23 October
    first = dict(con.execute("SELECT source_id, min(known_on)::VARCHAR FROM claims_known_on GROUP BY 1").fetchall())
    assert first == {"src-003": "2020-10-09", "src-000": "2020-10-23"}
    total = one(
        con,
        "SELECT total, claimant FROM totals_known_on WHERE known_on = DATE '2020-10-10' "
        "AND claimant_id = 'armenia' AND population = 'military' AND outcome = 'killed'",
    )
    assert total == (376, "Armenia")


def test_000_two_russian_brokered_ceasefires_each_collapsed(con):
    # "despite two Russian-brokered cease-fires, which both collapsed soon after being agreed upon"
    rows = con.execute(
        "SELECT agreement_id, status, party1_id, party2_id, broker_id, collapse_count, violation_count, event_ids "
        "FROM agreement_violations WHERE agreement_id LIKE 'agr-000-%' AND status = 'agreed' ORDER BY 1"
    ).fetchall()
    assert [r[1:] for r in rows] == [
        ("agreed", "armenia", "azerbaijan", "russia", 1, 0, ["ev-000-05"]),
        ("agreed", "armenia", "azerbaijan", "russia", 1, 0, ["ev-000-06"]),
    ]


def test_000_a_new_ceasefire_deal_is_planned_not_agreed(con):
    # "adding that work on a new cease-fire deal would continue"
    row = one(con, "SELECT agreement_id, status, claimant_id, party1_id FROM agreements WHERE quote LIKE '%new cease-fire deal%'")
    assert row[1:] == ("planned", "zohrab-mnatsakanyan", None)
    refs = con.execute(
        "SELECT statement_id FROM statements WHERE agreement_id = ? UNION ALL SELECT meeting_id FROM meetings WHERE agreement_id = ?", [row[0]] * 2
    )
    assert sorted(r[0] for r in refs.fetchall()) == ["mtg-000-02", "st-000-05"]


def test_003_armenia_accused_of_violating_the_ceasefire_in_the_morning(con):
    # "Sunday (September 27th) clashes in Nagorno-Karabakh began in the morning with Armenia violating the ceasefire."
    row = one(
        con,
        "SELECT v.claimant_id, v.accused_id, v.violation_kind, v.event_id, v.part_of_day, v.date_start::VARCHAR, a.agreement_kind "
        "FROM violations v JOIN agreements a USING (agreement_id) WHERE v.quote LIKE 'Sunday (September 27th)%'",
    )
    assert row == ("source-author", "armenia", "violation", "ev-003-16", "morning", "2020-09-27", "ceasefire")
    # "violations of the mutual ceasefire are frequently repeated both on the ... contact line and on the Azerbaijan-Armenia border"
    places = con.execute("SELECT place_id FROM violations WHERE quote LIKE 'Despite the ongoing settlement%' ORDER BY 1").fetchall()
    assert [p[0] for p in places] == ["azerbaijan-armenia-border", "contact-line"]


def test_003_possible_settlement_terms_from_both_sides(con):
    # "Azerbaijan's expectation of a possible agreement is the return of the occupied territories. Armenia's expectation ... is to
    # guarantee security for the Armenians of Karabakh and hold an independence vote."
    row = one(con, "SELECT status, agreement_kind, terms, len(statement_ids) FROM agreement_violations WHERE agreement_kind = 'settlement'")
    assert row == ("planned", "settlement", ["withdrawal", "security_guarantees", "status_vote"], 4)


def test_003_refugees_and_relocated_are_displacement_not_territory(con):
    # "Half a million refugees took refuge in Azerbaijan and Armenia, and about a million people were forced to relocate."
    rows = con.execute(
        "SELECT count_best, count_qualifier, count_kind, population, date_precision FROM casualties WHERE outcome = 'displaced' ORDER BY count_best"
    ).fetchall()
    assert rows == [(500000, "exact", "cumulative", "civilian", "unknown"), (1000000, "about", "cumulative", "civilian", "unknown")]
    assert con.execute("SELECT count(*) FROM territory WHERE value_num IN (500000, 1000000)").fetchone() == (0,)


def test_times_of_day_from_both_documents(con):
    rows = con.execute("SELECT record_id, time_start, part_of_day FROM claims WHERE time_phrase IS NOT NULL ORDER BY record_id").fetchall()
    got = {r[0]: r[1:] for r in rows}
    # src-000: "shot down an Armenian "combat aircraft" during the afternoon of October 24"
    assert got["ev-000-01"] == got["mat-000-01"] == (None, "afternoon")
    # src-003: "The meeting, which is expected to start at 15: 00"
    assert got["st-003-11"] == ("15:00", None)


def test_003_interception_20_kilometres_away(con):
    # "the missile was shot in the air 20 kilometers away"
    row = one(con, "SELECT place_id, distance_value, distance_unit, distance_phrase FROM events WHERE quote LIKE '%20 kilometers away%'")
    assert row == ("mingachevir", 20.0, "km", "20 kilometers away")


def test_karabakh_forces_are_their_own_actor(con):
    # "(controlled by ethnic Armeni forces)" and "hundreds of militiamen who died in Nagorno-Karabakh"
    actor = one(con, "SELECT parent_id, actor_type, aliases FROM actors WHERE actor_id = 'nagorno-karabakh-forces'")
    assert actor == ("nagorno-karabakh-republic", "armed_force", ["ethnic Armeni forces", "militiamen"])
    assert "militiamen" not in one(con, "SELECT aliases FROM actors WHERE actor_id = 'armenian-forces'")[0]
    parties = con.execute(
        "SELECT party_id FROM territory WHERE quote LIKE '%ethnic Armeni forces%' UNION ALL SELECT party_id FROM casualties WHERE quote LIKE '%militiamen%'"
    ).fetchall()
    assert {p[0] for p in parties} == {"nagorno-karabakh-forces"} and len(parties) == 3


def test_every_actor_chain_ends_at_a_state_or_a_top_level_actor(con):
    actors = {a: (t, p) for a, t, p in con.execute("SELECT actor_id, actor_type, parent_id FROM actors").fetchall()}
    for actor_id in actors:
        seen, here = [], actor_id
        while actors[here][1] is not None:
            seen.append(here)
            here = actors[here][1]
            assert here not in seen, f"{actor_id}: a cycle through {here}"
        if actors[actor_id][0] in ("armed_force", "government_body"):
            assert actors[here][0] == "state", f"{actor_id} ends at {here}, not a state"
    assert actors["zohrab-mnatsakanyan"][1] == "armenia-mfa"  # a minister in his ministry


def test_contacts_roll_up_to_states(con):
    # src-003: Bayramov and Mnatsakanyan met in Moscow at Putin's invitation (the lead's "met")
    row = one(con, "SELECT contacts, via FROM actor_contacts_rolled_up WHERE level = 'state' AND actor_a = 'armenia' AND actor_b = 'azerbaijan'")
    assert row == (1, ["zohrab-mnatsakanyan - ceyhun-bayramov"])
    bodies = con.execute("SELECT actor_a, actor_b FROM actor_contacts_rolled_up WHERE level = 'body' AND 'us-state-department' IN (actor_a, actor_b)")
    assert sorted(bodies.fetchall()) == [("armenia-mfa", "us-state-department"), ("azerbaijan", "us-state-department")]


def test_003_the_days_tanks_and_grads_are_possibly_the_convoy_strike(con):
    # "... the day when an Armenian convoy ... was destroyed by an airstrike. In one day, 13 T-72 tanks and four Grad
    # missile systems were shot down, the official statement said." The text does not tie the tally to the strike.
    row = one(con, "SELECT i.incident_id, i.possibly_same_as, i.claim_count FROM incidents i JOIN materiel m USING (incident_id) WHERE m.count_best = 13")
    assert row[1:] == ("inc-013", 2)
    strike = one(con, "SELECT incident_kind, claim_count FROM incidents WHERE incident_id = 'inc-013'")
    assert strike == ("strike", 2)  # the airstrike and the convoy, one sentence


def test_003_woman_killed_by_a_cannon_shot_has_a_death_claim(con):
    # "A famous war correspondent who wrote that an Azerbaijani woman was killed by a cannon shot fired by the Armenian army"
    row = one(con, "SELECT claimant_id, outcome, count_best, incident_id, incident_basis FROM casualties WHERE quote LIKE 'A famous war correspondent%'")
    assert row == ("orla-guerin", "killed", 1, "inc-016", "text_says_same")
    assert one(con, "SELECT claim_count, deaths_best FROM incidents WHERE incident_id = 'inc-016'") == (4, 1)
