"""The Pydantic models accept valid records and reject each kind of fault.

Cases are a table, in the style of frictionless-py's spec tests: each row is
a change to a valid record and the message it must produce.
"""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from karabakh_data.schema import models as m

VALID_CASUALTY = {
    "casualty_id": "cas-003-09",
    "claimant_id": "armenia",
    "party_id": "armenia",
    "population": "military",
    "outcome": "killed",
    "count_best": 376,
    "count_qualifier": "exact",
    "count_kind": "cumulative",
    "period_start": "2020-09-27",
    "period_end": "2020-10-09",
    "quote": "bringing their casualties to 376 since September 27",
    "date_start": "2020-10-09",
    "date_end": "2020-10-09",
    "date_precision": "day",
    "date_basis": "bounded_by_claim",
}


def test_valid_casualty_parses_dates_and_counts():
    rec = m.Casualty.model_validate(VALID_CASUALTY)
    assert rec.count_best == 376
    assert str(rec.period_start) == "2020-09-27"


@pytest.mark.parametrize(
    "change, message",
    [
        ({"count_low": 400}, "count_low 400 is greater than count_best 376"),
        ({"count_high": 100}, "count_best 376 is greater than count_high 100"),
        ({"count_best": -1}, "greater than or equal to 0"),
        ({"date_end": "2020-10-01"}, "date_end 2020-10-01 is before date_start 2020-10-09"),
        ({"date_start": "2020-02-30"}, "day value is outside expected range"),
        ({"date_start": "2019-10-09", "date_end": "2019-10-09"}, "outside the 2020 war"),
        ({"population": "soldiers"}, "Input should be 'military', 'civilian' or 'unknown'"),
        ({"person_age": 130}, "less than or equal to 120"),
        ({"count_best": "many"}, "valid integer"),
        ({"quote_start": 5}, "'quote_start' is computed by the build"),
        ({"colour": "red"}, "Extra inputs are not permitted"),
        ({"period_start": None}, "a cumulative total needs period_start"),
        ({"date_basis": "relative"}, "needs the date_phrase"),
        ({"date_precision": "day", "date_end": "2020-10-10"}, "needs date_start == date_end"),
    ],
)
def test_invalid_casualty_is_rejected_with_reason(change, message):
    with pytest.raises(ValidationError) as err:
        m.Casualty.model_validate({**VALID_CASUALTY, **change})
    assert message in str(err.value)


def test_missing_required_field():
    data = dict(VALID_CASUALTY)
    del data["outcome"]
    with pytest.raises(ValidationError) as err:
        m.Casualty.model_validate(data)
    assert err.value.errors()[0]["loc"] == ("outcome",)


def test_historical_flag_allows_background_dates():
    rec = m.Casualty.model_validate(
        {
            **VALID_CASUALTY,
            "date_start": "2014-08-01",
            "date_end": "2014-08-31",
            "date_precision": "month",
            "period_start": "2014-08-01",
            "period_end": "2014-08-31",
            "historical": True,
        }
    )
    assert rec.historical


def test_sub_event_type_must_belong_to_event_type():
    with pytest.raises(ValidationError, match="belongs to event_type 'strategic_developments'"):
        m.Event.model_validate(
            {
                "event_id": "ev-000-99",
                "claimant_id": "azerbaijan-mod",
                "event_type": "battles",
                "sub_event_type": "disrupted_weapons_use",
                "description": "A shoot-down claim.",
                "quote": "shot down",
                "date_start": "2020-10-24",
                "date_end": "2020-10-24",
                "date_precision": "day",
                "date_basis": "explicit",
            }
        )


def test_dispute_cannot_point_at_itself():
    with pytest.raises(ValidationError, match="cannot point at itself"):
        m.Dispute.model_validate(
            {
                "dispute_id": "dis-000-09",
                "record_id": "dis-000-09",
                "disputed_by_id": "armenia-mod",
                "kind": "denial",
                "quote": "completely false",
                "date_precision": "unknown",
                "date_basis": "undated",
            }
        )


@pytest.mark.parametrize("lat, lon, ok", [(40.0, 46.0, True), (91.0, 46.0, False), (40.0, 181.0, False)])
def test_place_coordinates_in_range(lat, lon, ok):
    data = {"place_id": "x", "name": "X", "place_type": "city", "latitude": lat, "longitude": lon, "coord_precision": "approximate"}
    if ok:
        assert m.Place.model_validate(data).latitude == lat
    else:
        with pytest.raises(ValidationError):
            m.Place.model_validate(data)


# --- agreements, violations, harm, time of day, distance (records invented for the tests) ---

VALID_AGREEMENT = {  # invented: a ceasefire as a third report might give it
    "agreement_id": "agr-900-01",
    "claimant_id": "russia",
    "agreement_kind": "humanitarian_truce",
    "status": "agreed",
    "description": "A humanitarian ceasefire agreed in Moscow.",
    "party1_id": "armenia",
    "party2_id": "azerbaijan",
    "broker_id": "russia",
    "terms": ["exchange_of_prisoners", "exchange_of_bodies"],
    "terms_phrase": "prisoners and the dead to be handed over",  # invented wording
    "effective_date": "2020-10-10",
    "effective_time": "12:00",
    "effective_time_zone": "local time",
    "effective_phrase": "at 12:00 local time on 10 October",
    "quote": "an invented truce, at 12:00 local time on 10 October",
    "date_start": "2020-10-10",
    "date_end": "2020-10-10",
    "date_precision": "day",
    "date_basis": "explicit",
}


def test_valid_agreement_keeps_terms_and_effective_time():
    rec = m.Agreement.model_validate(VALID_AGREEMENT)
    assert rec.terms == ["exchange_of_prisoners", "exchange_of_bodies"]
    assert (str(rec.effective_date), rec.effective_time, rec.effective_time_zone) == ("2020-10-10", "12:00", "local time")


@pytest.mark.parametrize(
    "change, message",
    [
        ({"terms": ["exchange_of_hostages"]}, "Input should be 'cessation_of_hostilities'"),
        ({"terms_phrase": None}, "terms need the terms_phrase"),
        ({"terms": ["monitoring", "monitoring"]}, "a term is listed twice"),
        ({"effective_date": None}, "effective_time needs effective_date"),
        ({"effective_time": None}, "effective_time_zone needs effective_time"),
        ({"effective_phrase": None}, "effective_date and effective_phrase go together"),
        ({"effective_time": "24:00"}, "String should match pattern"),
        ({"party2_id": "armenia"}, "party1_id and party2_id are the same actor"),
        ({"status": "signed"}, "Input should be 'agreed' or 'planned'"),
        ({"agreement_id": "ev-900-01"}, "String should match pattern '^agr-"),
    ],
)
def test_invalid_agreement_is_rejected_with_reason(change, message):
    with pytest.raises(ValidationError) as err:
        m.Agreement.model_validate({**VALID_AGREEMENT, **change})
    assert message in str(err.value)


def test_violation_points_at_an_agreement_and_names_the_accused():
    base = {  # invented: a violation claim of the truce above
        "violation_id": "vio-900-01",
        "claimant_id": "azerbaijan-mod",
        "agreement_id": "agr-900-01",
        "violation_kind": "violation",
        "accused_id": "armenian-forces",
        "description": "The ministry says Armenian forces broke the truce.",
        "quote": "Armenian forces violated the humanitarian ceasefire",
        "date_start": "2020-10-11",
        "date_end": "2020-10-11",
        "date_precision": "day",
        "date_basis": "explicit",
    }
    assert m.Violation.model_validate(base).accused_id == "armenian-forces"
    for change, message in [
        ({"agreement_id": "st-000-05"}, "String should match pattern '^agr-"),
        ({"agreement_id": None}, "valid string"),
        ({"accused_id": "azerbaijan-mod"}, "a claimant accusing itself"),
        ({"violation_kind": "breach"}, "Input should be 'violation' or 'collapse'"),
    ]:
        with pytest.raises(ValidationError) as err:
            m.Violation.model_validate({**base, **change})
        assert message in str(err.value)


@pytest.mark.parametrize(
    "change, message",
    [
        ({"time_start": "15:00", "time_phrase": "at 15: 00", "part_of_day": "morning"}, "falls in the afternoon, not the morning"),
        ({"part_of_day": "afternoon"}, "needs the time_phrase"),
        ({"time_phrase": "in the afternoon"}, "time_phrase without time_start or part_of_day"),
        ({"time_end": "16:00"}, "time_end needs time_start"),
        ({"time_start": "16:00", "time_end": "15:00", "time_phrase": "from 16:00 to 15:00"}, "time_end 15:00 is before time_start 16:00"),
        ({"time_start": "9:00", "time_phrase": "at 9"}, "String should match pattern"),
        ({"time_zone": "local time"}, "time_zone needs time_start"),
        ({"part_of_day": "dusk", "time_phrase": "at dusk"}, "Input should be 'night', 'morning', 'afternoon' or 'evening'"),
        (
            {"part_of_day": "night", "time_phrase": "overnight", "date_precision": "days", "date_end": "2020-10-10"},
            "a time of day needs a known day",
        ),
    ],
)
def test_time_of_day_rules(change, message):
    with pytest.raises(ValidationError) as err:
        m.Casualty.model_validate({**VALID_CASUALTY, **change})
    assert message in str(err.value)


def test_a_clock_time_and_its_part_of_day_agree():
    rec = m.Casualty.model_validate({**VALID_CASUALTY, "time_start": "21:30", "part_of_day": "night", "time_phrase": "at 21:30"})
    assert (rec.time_start, rec.part_of_day) == ("21:30", "night")
    assert [m.part_of_day(t) for t in ("00:10", "05:00", "11:59", "12:00", "17:00", "21:00")] == [
        "night",
        "morning",
        "morning",
        "afternoon",
        "evening",
        "night",
    ]


def test_displacement_follows_the_casualty_rules():
    # invented: "about a million people were forced to relocate", undated
    shifted = {**VALID_CASUALTY, "outcome": "displaced", "population": "civilian", "count_best": 1000000, "count_qualifier": "about"}
    undated = {**shifted, "period_start": None, "period_end": None, "date_start": None, "date_end": None, "date_precision": "unknown", "date_basis": "undated"}
    assert m.Casualty.model_validate(undated).outcome == "displaced"
    with pytest.raises(ValidationError, match="a cumulative total needs period_start"):
        m.Casualty.model_validate({**shifted, "period_start": None})
    with pytest.raises(ValidationError, match="'hundreds' gives count_low 200"):
        m.Casualty.model_validate({**shifted, "count_qualifier": "vague", "count_phrase": "hundreds"})


def test_event_distance_and_origin():
    base = {  # invented: shelled from a neighbouring district, 20 kilometres north of the city
        "event_id": "ev-900-01",
        "claimant_id": "azerbaijan-mod",
        "event_type": "explosions_remote_violence",
        "sub_event_type": "shelling_artillery_missile_attack",
        "description": "A village came under fire from a neighbouring district.",
        "quote": "shelled from the neighbouring district",
        "date_start": "2020-10-11",
        "date_end": "2020-10-11",
        "date_precision": "day",
        "date_basis": "explicit",
        "place_id": "mingachevir",
        "origin_place_id": "lachin",
        "distance_value": 20,
        "distance_unit": "km",
        "distance_phrase": "20 kilometres north",
        "direction": "north",
    }
    rec = m.Event.model_validate(base)
    assert (rec.origin_place_id, rec.distance_value, rec.distance_unit, rec.direction) == ("lachin", 20, "km", "north")
    for change, message in [
        ({"distance_phrase": None}, "distance_value, distance_unit and distance_phrase go together"),
        ({"place_id": None}, "measured from place_id"),
        ({"origin_place_id": "mingachevir"}, "equals place_id"),
        ({"distance_value": -1}, "greater than or equal to 0"),
        ({"distance_unit": "versts"}, "Input should be 'km', 'm' or 'mi'"),
    ]:
        with pytest.raises(ValidationError) as err:
            m.Event.model_validate({**base, **change})
        assert message in str(err.value)


def test_publication_date_bounds():
    base = {  # invented: a text that only says it was written in the war's second week
        "source_id": "src-900",
        "file": "sources/900.txt",
        "sha256": "0" * 64,
        "published_date": "2020-10-04",
        "published_date_end": "2020-10-10",
        "date_basis": "The text says the war is in its second week.",
        "language": "en",
    }
    assert str(m.Source.model_validate(base).published_date_end) == "2020-10-10"
    with pytest.raises(ValidationError, match="must be after published_date"):
        m.Source.model_validate({**base, "published_date_end": "2020-10-04"})


def test_possibly_same_incidents_need_a_basis():
    base = {"incident_id": "inc-900", "incident_kind": "death", "description": "A woman is killed at home."}
    linked = {**base, "possibly_same_as": "inc-016", "possibly_same_basis": "Both texts describe a woman killed at home; neither names her."}
    assert m.Incident.model_validate(linked).possibly_same_as == "inc-016"
    with pytest.raises(ValidationError, match="possibly_same_as and possibly_same_basis go together"):
        m.Incident.model_validate({**base, "possibly_same_as": "inc-016"})
    with pytest.raises(ValidationError, match="cannot be possibly the same as itself"):
        m.Incident.model_validate({**linked, "possibly_same_as": "inc-900"})
