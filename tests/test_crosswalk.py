"""Crosswalk codes: each one confirmed by its named basis, well formed, and never shared by two entities."""

from __future__ import annotations

import pytest

import karabakh_data as kd
from karabakh_data.schema.models import priogrid_gid


@pytest.fixture(scope="module")
def actors(built):
    import os

    os.environ["KARABAKH_DATA_DIR"] = str(built / "data")
    try:
        return kd.load("actors"), kd.load("places")
    finally:
        del os.environ["KARABAKH_DATA_DIR"]


def test_state_codes_are_those_of_the_named_packages(actors):
    """ISO 3166-1 from pycountry, Gleditsch-Ward and COW from countrycode, as state_codes_basis says."""
    import importlib.metadata as md

    import pycountry
    from countrycode import countrycode

    states = actors[0][actors[0].gwcode.notna()]
    assert len(states) >= 7
    for row in states.itertuples():
        assert f"pycountry {md.version('pycountry')}" in row.state_codes_basis
        assert f"countrycode {md.version('countrycode')}" in row.state_codes_basis
        assert pycountry.countries.get(alpha_3=row.country).numeric == row.iso3166_numeric
        assert countrycode([row.country], origin="iso3c", destination="gwn")[0] == row.gwcode
        assert countrycode([row.country], origin="iso3c", destination="cown")[0] == row.cowcode


def test_no_state_code_without_a_state(actors):
    coded = actors[0][actors[0].iso3166_numeric.notna() | actors[0].gwcode.notna()]
    assert set(coded.actor_type) == {"state"}
    artsakh = actors[0].set_index("actor_id").loc["nagorno-karabakh-republic"]
    assert artsakh.gwcode is pd_na() and artsakh.country is pd_na()  # no code exists; none is invented


def pd_na():
    import pandas as pd

    return pd.NA


def test_no_id_names_two_entities(actors):
    frames = {"actors": actors[0], "places": actors[1]}
    for name, df in frames.items():
        for col in ("wikidata_qid", "iso3166_numeric", "gwcode", "cowcode"):
            if col in df:
                values = df[col].dropna()
                assert values.is_unique, f"{name}.{col} repeats {values[values.duplicated()].tolist()}"
    # across the two tables a Wikidata item may name a state and its territory (Q227: Azerbaijan), nothing else
    a = actors[0].dropna(subset=["wikidata_qid"]).set_index("wikidata_qid")
    p = actors[1].dropna(subset=["wikidata_qid"]).set_index("wikidata_qid")
    for qid in set(a.index) & set(p.index):
        assert a.loc[qid, "actor_type"] == "state" and p.loc[qid, "place_type"] == "country" and a.loc[qid, "country"] == p.loc[qid, "country"]


def test_every_wikidata_item_has_its_basis(actors):
    for df in actors:
        coded = df[df.wikidata_qid.notna()]
        assert coded.wikidata_qid.str.fullmatch(r"Q[1-9][0-9]*").all()
        assert coded.wikidata_basis.notna().all()


@pytest.mark.parametrize(
    ("lat", "lon", "gid"),
    [(1.55, 1.25, 132123), (0.0, 0.0, 129961), (82.0, -102.99, 247835), (-89.9, -179.9, 1), (89.9, 179.9, 259200)],
)
def test_priogrid_cell_by_the_published_formula(lat, lon, gid):
    assert priogrid_gid(lat, lon) == gid


def test_every_place_with_coordinates_has_its_cell(actors):
    places = actors[1]
    with_coords = places[places.latitude.notna()]
    assert with_coords.priogrid_gid.notna().all()
    assert (with_coords.apply(lambda r: priogrid_gid(r.latitude, r.longitude), axis=1) == with_coords.priogrid_gid).all()
    assert places[places.latitude.isna()].priogrid_gid.isna().all()


def test_panel_codes_are_those_of_the_named_packages(built):
    """The war panels' iso3, iso_numeric and gwcode: pycountry's and countrycode's, as the actors' crosswalk."""
    import duckdb
    import pycountry
    from countrycode import countrycode

    con = duckdb.connect(str(built / "data" / "karabakh.duckdb"), read_only=True)
    try:
        for view in ("war_panel_country_day", "war_panel_country_month"):
            rows = con.execute(f"SELECT DISTINCT iso3, iso_numeric, gwcode FROM {view} WHERE iso3 IS NOT NULL").fetchall()
            assert {r[0] for r in rows} >= {"AZE", "ARM"}
            for iso3, numeric, gwcode in rows:
                assert pycountry.countries.get(alpha_3=iso3) is not None, iso3
                if gwcode is not None:  # from the country's state actor; empty where the dataset has none
                    assert numeric == pycountry.countries.get(alpha_3=iso3).numeric
                    assert countrycode([iso3], origin="iso3c", destination="gwn")[0] == gwcode
    finally:
        con.close()
