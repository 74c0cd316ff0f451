"""Export a view or table to a file: GeoJSON for maps, or CSV, JSON, Parquet.

Map tools (QGIS, kepler.gl, geojson.io) read GeoJSON, not SQL, so
``karabakh-data export events_geo --format geojson`` turns any relation with
latitude/longitude columns into an RFC 7946 FeatureCollection.
``--format ucdp-ged`` and ``--format acled`` write the views shaped like the
field's event datasets (to_ucdp_ged, to_acled: their published column names
in their order, then the claim columns) as CSV; the mapping is documented in
the views' comments, docs/codebook.md section 19 and
docs/using-with-other-datasets.md. Only names
of existing tables and views are accepted (never SQL), and the data is read
on connect()'s sealed connection; the file is written by Python.
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


def relations(con) -> list[str]:
    """Names of the tables and views on a connection (the only things export takes)."""
    rows = con.execute(
        "SELECT table_name FROM duckdb_tables() WHERE NOT internal AND NOT temporary "
        "UNION SELECT view_name FROM duckdb_views() WHERE NOT internal AND NOT temporary ORDER BY 1"
    ).fetchall()
    return [r[0] for r in rows]


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


LIST_SEPARATOR = " | "  # as release/downloads.py joins list columns


def shaped_csv(columns: list[str], rows: list[tuple], missing: str = "") -> str:
    """CSV that R's read.csv types: TRUE/FALSE for flags, ISO dates, lists joined by ' | '.

    Missing is an empty cell in the shaped views (as UCDP GED and ACLED files
    have it) and NA in any other view (as the table downloads have it).
    """
    import csv
    import io

    def cell(v):
        if v is None:
            return missing
        if isinstance(v, bool):
            return "TRUE" if v else "FALSE"
        if isinstance(v, list):
            return LIST_SEPARATOR.join(str(x) for x in v)
        return v.isoformat() if isinstance(v, (dt.date, dt.datetime)) else str(v)

    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(columns)
    w.writerows([[cell(v) for v in r] for r in rows])
    return buf.getvalue().rstrip("\n")


def export(name: str | None, fmt: str, out: Path | None = None, all_rows: bool = False) -> tuple[int, str | None]:
    """Write relation name in fmt to out (or return the text if out is None).

    For a shaped format (ucdp-ged, acled) name may be None: its view is written;
    all_rows (``--all``) writes the ucdp-ged view with the non-fatal incidents too.
    Returns (number of rows, text or None when written to a file).
    """
    from .query import _connection, render

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
    con = _connection()
    names = relations(con)
    if name not in names:
        import difflib

        close = difflib.get_close_matches(name, names, n=1)
        raise ExportError(f"unknown table or view {name!r}" + (f"; did you mean {close[0]!r}?" if close else ""))
    sql = f'SELECT * FROM "{name}"'
    if fmt == "parquet":
        import pyarrow.parquet as pq

        rel = con.sql(sql)  # duckdb 2 renamed fetch_arrow_table() to to_arrow_table()
        table = (getattr(rel, "to_arrow_table", None) or rel.fetch_arrow_table)()
        pq.write_table(table, out)
        return table.num_rows, None
    result = con.execute(sql)
    columns, rows = [d[0] for d in result.description], result.fetchall()
    if fmt == "geojson":
        text = json.dumps(geojson(columns, rows), ensure_ascii=False, indent=1)
    elif fmt in SHAPES:
        text = shaped_csv(columns, rows)
    elif fmt == "csv":
        text = shaped_csv(columns, rows, missing="NA")
    else:
        text = render(columns, rows, fmt)
    if out is None:
        return len(rows), text
    Path(out).write_text(text + "\n", encoding="utf-8")
    return len(rows), None
