"""Which records each figure draws, as plain pandas frames (no matplotlib).

Kept apart from the drawing (plot.py) so that the figures' tests and the
freshness check of the README figures (docs/figures/figures.json) count
exactly the rows that are drawn, by the same rules, without rendering.

Rules, stated once:
- a claimant's *side* is its actor's ``country`` (or, if null, the nearest
  parent's): AZE, ARM, else "other" (third states, media, unattributed);
- by default only the 2020 war is drawn: records flagged ``historical``
  and undated records are left out and counted in the caption's notes;
- "territory changes" are territory records other than measurements,
  the same rule as sql/views/timeline.sql;
- the timeline and the map count *happenings*: one row per incident (the
  incidents table groups the claims that describe one happening), and each
  claim that belongs to no incident as a row of its own; an incident is
  historical when every claim of it is, and disputed as the incidents
  table says;
- the map shows the war's region, REGION (Armenia, Azerbaijan and the
  Caspian shore); incidents placed elsewhere (Moscow, Geneva, Washington)
  are counted and named in its footer.
"""

from __future__ import annotations

import hashlib
import json

SIDES = ("AZE", "ARM", "other")
SIDE_NAMES = {"AZE": "Azerbaijan side", "ARM": "Armenia side", "other": "other / unattributed"}
REGION = {"lon": (43.3, 50.7), "lat": (38.2, 42.0)}
"""The map's frame in degrees: Armenia, Azerbaijan and the Caspian shore."""
CLAIM_TABLES = {"events": "event_id", "meetings": "meeting_id", "casualties": "casualty_id", "territory": "territory_id"}
"""The claim tables the timeline draws (statements are drawn only through their incidents)."""
TERRITORY_MEASUREMENTS = ("area", "share_of_territory", "population", "contact_line_length")
LANES = {
    "battles": "Battles",
    "explosions_remote_violence": "Explosions / remote violence",
    "violence_against_civilians": "Violence against civilians",
    "protests": "Protests",
    "riots": "Riots",
    "strategic_developments": "Strategic developments",
    "meetings": "Meetings",
    "casualties": "Casualty reports",
    "territory": "Territory changes",
}


def _load(name):
    from ..access import load

    return load(name)


def _na(v) -> bool:
    import pandas as pd

    return v is None or bool(pd.isna(v))


def sides(actors) -> dict[str, str]:
    """actor_id -> AZE / ARM / other, from the actor's country or its parents'."""
    country = dict(zip(actors["actor_id"], actors["country"]))
    parent = dict(zip(actors["actor_id"], actors["parent_id"]))

    def side(actor_id):
        seen = set()
        while not _na(actor_id) and actor_id not in seen:
            seen.add(actor_id)
            c = country.get(actor_id)
            if not _na(c):
                return c if c in ("AZE", "ARM") else "other"
            actor_id = parent.get(actor_id)
        return "other"

    return {a: side(a) for a in actors["actor_id"]}


def _short(name: str, width: int = 24) -> str:
    """A place name cut to fit a row label."""
    return name if len(name) <= width else name[: width - 1].rstrip() + "\u2026"


def _day(v):
    return None if _na(v) else v.date()


def _claims(table: str):
    """One claim table with the rule for territory changes applied."""
    df = _load(table)
    if table == "territory":
        df = df[~df["attribute"].astype("string").isin(TERRITORY_MEASUREMENTS)]
    return df


def incident_claims() -> dict[str, list[tuple[str, bool]]]:
    """incident_id -> [(record_id, historical)] over every claim table that has incidents."""
    from ..schema.registry import RECORD_TABLES, TABLES

    out: dict[str, list[tuple[str, bool]]] = {}
    for table in RECORD_TABLES:
        df = _load(table)
        if "incident_id" not in df.columns:
            continue
        df = df[df["incident_id"].notna()]
        for rid, iid, hist in zip(df[TABLES[table].key], df["incident_id"], df["historical"]):
            out.setdefault(str(iid), []).append((str(rid), bool(hist)))
    return out


def incident_rows():
    """Every incident with its dates, kind, place, claim count, disputed flag and whether it is historical."""
    inc = _load("incidents")
    places = dict(zip(_load("places")["place_id"], _load("places")["name"]))
    claims = incident_claims()
    import pandas as pd

    return pd.DataFrame(
        {
            "row_id": inc["incident_id"].astype(str),
            "kind": "incident",
            "incident_kind": inc["incident_kind"].astype(str),
            "place_id": [None if _na(p) else str(p) for p in inc["place_id"]],
            "place": [None if _na(p) else places.get(p, p) for p in inc["place_id"]],
            "claims": inc["claim_count"].astype(int),
            "disputed": inc["disputed"].astype(bool),
            "historical": [bool(claims.get(i)) and all(h for _, h in claims[i]) for i in inc["incident_id"]],
            "date_start": [_day(v) for v in inc["date_start"]],
            "date_end": [_day(v) for v in inc["date_end"]],
        }
    )


def timeline_rows(war_only: bool = True):
    """The timeline's rows: one per incident, then one per claim outside any incident.

    Claims are events, meetings, casualty reports and territory changes
    (statements appear only through their incidents). Returns (rows, notes):
    rows carry kind (incident or claim), label, table, side, dates,
    is_range, disputed and claims (the incident's claim count, 1 for a
    claim); notes count what is left out.
    """
    import pandas as pd

    actors = _load("actors")
    side, name = sides(actors), dict(zip(actors["actor_id"], actors["name"]))
    disputed = set(_load("disputes")["record_id"])
    inc = incident_rows()
    inc["label"] = [f"{i} {k}" + ("" if _na(p) else f", {_short(p)}") for i, k, p in zip(inc["row_id"], inc["incident_kind"], inc["place"])]
    inc["table"], inc["side"], inc["claimant_id"] = "incidents", "other", None
    parts = [inc]
    for table, key in CLAIM_TABLES.items():
        df = _claims(table)
        df = df[df["incident_id"].isna()]
        parts.append(
            pd.DataFrame(
                {
                    "row_id": df[key].astype(str),
                    "kind": "claim",
                    "label": [f"{r} {table}" for r in df[key]],
                    "table": table,
                    "claimant_id": df["claimant_id"].astype(str),
                    "claims": 1,
                    "disputed": df[key].isin(disputed),
                    "historical": df["historical"].astype(bool),
                    "date_start": [_day(v) for v in df["date_start"]],
                    "date_end": [_day(v) for v in df["date_end"]],
                }
            )
        )
    rows = pd.concat(parts, ignore_index=True)
    undated = rows["date_start"].isna()
    hist = rows["historical"].astype(bool) & ~undated
    statements = _load("statements")
    notes = {
        "undated": int(undated.sum()),
        "historical": int(hist.sum()) if war_only else 0,
        "statements_outside_incidents": int(statements["incident_id"].isna().sum()),
    }
    rows = rows[~undated & ~(hist if war_only else False)].copy()
    claim = rows["kind"] == "claim"
    rows.loc[claim, "side"] = rows.loc[claim, "claimant_id"].map(side).fillna("other")
    rows["claimant"] = rows["claimant_id"].map(name)
    rows["is_range"] = rows["date_start"] != rows["date_end"]
    rows["disputed"] = rows["disputed"].astype(bool)
    order = rows["kind"].map({"incident": 0, "claim": 1})
    rows = rows.assign(_o=order).sort_values(["_o", "date_start", "date_end", "row_id"]).drop(columns="_o")
    cols = ["row_id", "kind", "label", "table", "incident_kind", "claimant_id", "claimant", "side", "claims", "disputed", "date_start", "date_end", "is_range"]
    return rows[cols].reset_index(drop=True), notes


def casualty_rows():
    """Cumulative casualty totals reported during the war that carry a figure.

    The value drawn is count_best, else the bound given; ``as_of`` is
    period_end (the date the total runs to), else date_end.
    """
    cas = _load("casualties")
    actors = _load("actors")
    side, name = sides(actors), dict(zip(actors["actor_id"], actors["name"]))
    kind = cas["count_kind"].astype(str)
    hist = cas["historical"].astype(bool)
    has_figure = cas[["count_best", "count_low", "count_high"]].notna().any(axis=1)
    keep = (kind == "cumulative") & ~hist & has_figure
    notes = {
        "increment": int(((kind == "increment") & ~hist).sum()),
        "incident": int(((kind == "incident") & ~hist).sum()),
        "no_figure": int(((kind == "cumulative") & ~hist & ~has_figure).sum()),
        "historical": int(hist.sum()),
    }
    df = cas[keep].reset_index(drop=True)
    import pandas as pd

    rows = pd.DataFrame(
        {
            "casualty_id": df["casualty_id"].astype(str),
            "party_id": df["party_id"].astype(object).where(df["party_id"].notna(), None),
            "population": df["population"].astype(str),
            "outcome": df["outcome"].astype(str),
            "claimant_id": df["claimant_id"].astype(str),
            "as_of": [_day(p) if not _na(p) else _day(e) for p, e in zip(df["period_end"], df["date_end"])],
            "value": [int(next(v for v in (b, lo, hi) if not _na(v))) for b, lo, hi in zip(df["count_best"], df["count_low"], df["count_high"])],
            "low": pd.Series([None if _na(v) else int(v) for v in df["count_low"]], dtype=object),
            "high": pd.Series([None if _na(v) else int(v) for v in df["count_high"]], dtype=object),
            "qualifier": df["count_qualifier"].astype(str),
        }
    )
    rows["party"] = [name.get(p, p) if p else "unspecified side" for p in rows["party_id"]]
    rows["party_side"] = [side.get(p, "other") if p else "other" for p in rows["party_id"]]
    rows["claimant"] = rows["claimant_id"].map(name)
    rows["claimant_side"] = rows["claimant_id"].map(side).fillna("other")
    rows["series"] = rows["party"] + ": " + rows["population"] + " " + rows["outcome"]
    return rows.sort_values(["as_of", "casualty_id"]).reset_index(drop=True), notes


def _coordinates(place_id, p):
    """(latitude, longitude, precision) of a place, or of its parent when it has none (as sql/views/events_geo.sql)."""
    place = p.loc[place_id]
    coords = place if not _na(place["latitude"]) else (p.loc[place["parent_id"]] if not _na(place["parent_id"]) else None)
    if coords is None or _na(coords["latitude"]):
        return None
    return float(coords["latitude"]), float(coords["longitude"]), str(coords["coord_precision"])


def map_rows(war_only: bool = True):
    """The map's marks: one per incident with a place, and one per event outside any incident with a place.

    Only marks inside REGION are drawn; the others are counted in the notes
    (outside_region lists their places). Returns (rows, notes).
    """
    import pandas as pd

    p = _load("places").set_index("place_id")
    inc = incident_rows()
    ev = _load("events")
    ev = ev[ev["incident_id"].isna()]
    candidates = [
        (r.row_id, "incident", r.incident_kind, None if _na(r.place_id) else r.place_id, r.claims, r.disputed, r.historical) for r in inc.itertuples()
    ] + [(str(e.event_id), "claim", str(e.event_type), None if _na(e.place_id) else str(e.place_id), 1, False, bool(e.historical)) for e in ev.itertuples()]
    disputed = set(_load("disputes")["record_id"])
    notes = {"historical": 0, "no_place": 0, "no_coordinates": 0, "outside_region": 0, "outside_places": []}
    records = []
    for row_id, kind, what, place_id, n, dis, hist in candidates:
        if war_only and hist:
            notes["historical"] += 1
            continue
        if place_id is None:
            notes["no_place"] += 1
            continue
        where = _coordinates(place_id, p)
        if where is None:
            notes["no_coordinates"] += 1
            continue
        lat, lon, precision = where
        if not (REGION["lat"][0] <= lat <= REGION["lat"][1] and REGION["lon"][0] <= lon <= REGION["lon"][1]):
            notes["outside_region"] += 1
            notes["outside_places"].append(str(p.loc[place_id, "name"]))
            continue
        records.append((row_id, kind, what, place_id, str(p.loc[place_id, "name"]), lat, lon, precision, int(n), bool(dis or row_id in disputed)))
    notes["outside_places"] = sorted(set(notes["outside_places"]))
    cols = ["row_id", "kind", "what", "place_id", "place", "latitude", "longitude", "coord_precision", "claims", "disputed"]
    rows = pd.DataFrame(records, columns=cols)
    return rows.sort_values(["place_id", "kind", "row_id"]).reset_index(drop=True), notes


def _digest(rows) -> str:
    text = json.dumps([[str(v) for v in r] for r in rows.itertuples(index=False)], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def summary() -> dict:
    """What each figure draws: counts and a digest of the drawn rows.

    Written to docs/figures/figures.json by ``karabakh-data plot all``; a
    test recomputes it from the installed data, so stale committed figures
    fail the tests without comparing image bytes across matplotlib versions.
    """
    from .baselayer import RESOLUTION, SOURCE

    tl, tl_notes = timeline_rows()
    cas, cas_notes = casualty_rows()
    mp, mp_notes = map_rows()
    incidents, claims = tl[tl["kind"] == "incident"], tl[tl["kind"] == "claim"]
    return {
        "timeline": {
            "rows": len(tl),
            "incidents": sorted(incidents["row_id"]),
            "claims_outside_incidents": sorted(claims["row_id"]),
            "points": int((~tl["is_range"]).sum()),
            "ranges": int(tl["is_range"].sum()),
            "disputed": int(tl["disputed"].sum()),
            "left_out": tl_notes,
            "digest": _digest(tl),
        },
        "casualties": {
            "points": len(cas),
            "bounds": int(cas["qualifier"].isin(["at_least", "more_than", "up_to", "range"]).sum()),
            "left_out": cas_notes,
            "digest": _digest(cas),
        },
        "map": {
            "incidents": sorted(mp[mp["kind"] == "incident"]["row_id"]),
            "claims_outside_incidents": sorted(mp[mp["kind"] == "claim"]["row_id"]),
            "places": int(mp["place_id"].nunique()),
            "left_out": mp_notes,
            "region": {k: list(v) for k, v in REGION.items()},
            "base_layer": {**SOURCE, "resolution_code": RESOLUTION},
            "digest": _digest(mp),
        },
    }
