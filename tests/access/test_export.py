"""karabakh-data export: GeoJSON for maps, and CSV, JSON, Parquet."""

from __future__ import annotations

import json

import duckdb
import pytest

from karabakh_data.cli import main


@pytest.fixture
def events_geo(built):
    con = duckdb.connect(str(built / "data" / "karabakh.duckdb"), read_only=True)
    yield con.execute("SELECT event_id, latitude, longitude FROM events_geo").fetchall()
    con.close()


def test_events_geo_as_geojson(use_build, events_geo, tmp_path, capsys):
    out = tmp_path / "events.geojson"
    assert main(["export", "events_geo", "--format", "geojson", "-o", str(out)]) == 0
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["type"] == "FeatureCollection" and len(doc["features"]) == len(events_geo)
    for f in doc["features"]:
        assert f["type"] == "Feature" and f["geometry"]["type"] == "Point"
        lon, lat = f["geometry"]["coordinates"]  # RFC 7946: longitude first
        assert -180 <= lon <= 180 and -90 <= lat <= 90
        assert "latitude" not in f["properties"] and f["id"] == f["properties"]["event_id"]
    # src-000: the shoot-down claimed "in the Gubadli sector"
    (gubadli,) = [f for f in doc["features"] if f["id"] == "ev-000-01"]
    assert gubadli["geometry"]["coordinates"] == [46.58, 39.34]
    assert gubadli["properties"]["disputed"] is True and gubadli["properties"]["date_start"] == "2020-10-24"
    assert "wrote" in capsys.readouterr().err


def test_csv_json_and_parquet(use_build, events_geo, tmp_path, capsys):
    assert main(["export", "events_geo", "--format", "json"]) == 0
    assert len(json.loads(capsys.readouterr().out)) == len(events_geo)
    assert main(["export", "events_geo", "--format", "csv"]) == 0
    assert capsys.readouterr().out.splitlines()[0].startswith("event_id,")
    path = tmp_path / "e.parquet"
    assert main(["export", "events_geo", "--format", "parquet", "-o", str(path)]) == 0
    import pyarrow.parquet as pq

    assert pq.read_table(path).num_rows == len(events_geo)


@pytest.mark.parametrize(
    "argv, message",
    [
        (["export", "events_gep"], "did you mean 'events_geo'"),
        (["export", "events", "--format", "geojson"], "latitude and longitude"),
        (["export", "events_geo", "--format", "parquet"], "-o FILE"),
        (["export", "events; DROP TABLE events"], "unknown table or view"),
    ],
)
def test_bad_exports_fail_with_a_reason(use_build, capsys, argv, message):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("karabakh-data export: ") and len(err.splitlines()) == 1
    assert message in err and "Traceback" not in err
