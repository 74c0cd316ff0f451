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
    "date_basis": "publication",
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
