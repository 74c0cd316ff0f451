"""Export a view or table to a file: GeoJSON for maps, or CSV, JSON, Parquet.

Map tools (QGIS, kepler.gl, geojson.io) read GeoJSON, not SQL, so
``karabakh-data export events_geo --format geojson`` turns any relation with
latitude/longitude columns into an RFC 7946 FeatureCollection.
``--format ucdp-ged`` and ``--format acled`` write the views shaped like the
field's event datasets (to_ucdp_ged, to_acled: their published column names
in their order, then the claim columns) as CSV; the mapping is documented in
the views' comments, docs/codebook.md section 19 and
docs/using-with-other-datasets.md. CSV follows the conventions of every
CSV the project writes (r_csv.py: TRUE/FALSE, NA, lists joined by ' | '),
for tables and views alike. Only names of existing tables and views are
accepted (never SQL), and the data is read on the query command's sealed
connection (query.sealed_connection), opened for that relation only; the
file is written by Python.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

SHAPES = {"ucdp-ged": "to_ucdp_ged", "acled": "to_acled"}
"""Formats shaped like another dataset: the view each writes (as CSV)."""
SHAPES_ALL = {"ucdp-ged": "to_ged_all"}
"""With --all: the view that adds the rows the dataset's own rule leaves out, flagged (GED: the non-fatal incidents)."""
FORMATS = ("geojson", "csv", "json", "parquet", *SHAPES)


class ExportError(Exception):
    """An unknown name, a format the relation cannot have, or a missing -o."""


def relations() -> list[str]:
    """Names of the tables and views (the only things export takes)."""
    from ..schema.registry import TABLE_DESCRIPTIONS
    from .views import views

    return sorted([*TABLE_DESCRIPTIONS, *(v.name for v in views())])


def _json_value(v):
    if isinstance(v, (dt.date, dt.datetime)):
        return v.isoformat()
    if isinstance(v, list):
        return [_json_value(x) for x in v]
    if isinstance(v, dict):
        return {k: _json_value(x) for k, x in v.items()}
    return v


def geojson(columns: list[str], rows: list[tuple]) -> dict:
    """A FeatureCollection: one Point per row at [longitude, latitude], other columns as properties.

    A row without coordinates gets a null geometry (allowed by RFC 7946).
    """
    if "latitude" not in columns or "longitude" not in columns:
        raise ExportError("geojson needs latitude and longitude columns (try events_geo or places)")
    features = []
    for row in rows:
        rec = {c: _json_value(v) for c, v in zip(columns, row)}
        lat, lon = rec.pop("latitude"), rec.pop("longitude")
        geometry = None if lat is None or lon is None else {"type": "Point", "coordinates": [lon, lat]}
        feature = {"type": "Feature", "geometry": geometry, "properties": rec}
        if columns[0].endswith("_id") and row[0] is not None:
            feature["id"] = row[0]
        features.append(feature)
    return {"type": "FeatureCollection", "features": features}


def export(name: str | None, fmt: str, out: Path | None = None, bom: bool = False, all_rows: bool = False) -> tuple[int, str | None]:
    """Write relation name in fmt to out (or return the text if out is None).

    For a shaped format (ucdp-ged, acled) name may be None: its view is
    written; all_rows (``--all``) writes the ucdp-ged view with the non-fatal
    incidents too. bom: CSV to a file starts with a UTF-8 byte-order mark
    (Excel on Windows). Returns (number of rows, text or None when written to a file).
    """
    from . import r_csv
    from .query import render, sealed_connection

    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r}; choose one of {', '.join(FORMATS)}")
    if all_rows and fmt not in SHAPES_ALL:
        raise ExportError(f"--all is for --format {', '.join(SHAPES_ALL)} (GED lists only events with a death; --all adds the others, flagged)")
    if fmt in SHAPES:
        view = SHAPES_ALL[fmt] if all_rows else SHAPES[fmt]
        if name not in (None, view):
            raise ExportError(f"--format {fmt}{' --all' if all_rows else ''} writes the view {view}; give no name")
        name = view
    if name is None:
        raise ExportError("give a view or table name")
    if fmt == "parquet" and out is None:
        raise ExportError("parquet is binary: give an output file with -o FILE")
    if bom and (fmt != "csv" or out is None):
        raise ExportError("--bom is for a CSV file opened in Excel: give --format csv and -o FILE")
    names = relations()
    if name not in names:
        import difflib

        close = difflib.get_close_matches(name, names, n=1)
        raise ExportError(f"unknown table or view {name!r}" + (f"; did you mean {close[0]!r}?" if close else ""))
    con = sealed_connection({name})
    sql = f'SELECT * FROM "{name}"'
    if fmt == "parquet":
        import pyarrow.parquet as pq

        rel = con.sql(sql)  # duckdb 2 renamed fetch_arrow_table() to to_arrow_table()
        table = (getattr(rel, "to_arrow_table", None) or rel.fetch_arrow_table)()
        pq.write_table(table, out)
        return table.num_rows, None
    result = con.execute(sql)
    columns, rows = [d[0] for d in result.description], result.fetchall()
    if fmt in ("csv", *SHAPES):
        missing = "" if fmt in SHAPES else r_csv.MISSING  # the shaped views leave a cell empty, as UCDP GED and ACLED do
        if out is not None:
            return r_csv.write_file(columns, rows, out, missing, name, bom), None
        return len(rows), r_csv.text(columns, rows, missing, name)
    text = json.dumps(geojson(columns, rows), ensure_ascii=False, indent=1) if fmt == "geojson" else render(columns, rows, fmt)
    if out is None:
        return len(rows), text
    Path(out).write_text(text + "\n", encoding="utf-8")
    return len(rows), None
