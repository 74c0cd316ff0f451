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
  the same rule as sql/views/timeline.sql.
"""

from __future__ import annotations

import hashlib
import json

SIDES = ("AZE", "ARM", "other")
SIDE_NAMES = {"AZE": "Azerbaijan side", "ARM": "Armenia side", "other": "other / unattributed"}
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


def _day(v):
    return None if _na(v) else v.date()


def timeline_rows(war_only: bool = True):
    """Events, meetings, casualty reports and territory changes with their dates.

    Returns (rows, notes): one row per drawn record (lane, side, date range,
    is_range, disputed) and the counts of records left out.
    """
    import pandas as pd

    actors = _load("actors")
    side, name = sides(actors), dict(zip(actors["actor_id"], actors["name"]))
    disputed = set(_load("disputes")["record_id"])
    parts = []
    for table, key in (("events", "event_id"), ("meetings", "meeting_id"), ("casualties", "casualty_id"), ("territory", "territory_id")):
        df = _load(table)
        if table == "territory":
            df = df[~df["attribute"].astype("string").isin(TERRITORY_MEASUREMENTS)]
        lane = df["event_type"].astype("string") if table == "events" else pd.Series(table, index=df.index)
        parts.append(
            pd.DataFrame(
                {
                    "record_id": df[key].astype(str),
                    "table": table,
                    "lane": lane.astype(str),
                    "claimant_id": df["claimant_id"].astype(str),
                    "date_start": [_day(v) for v in df["date_start"]],
                    "date_end": [_day(v) for v in df["date_end"]],
                    "date_precision": df["date_precision"].astype(str),
                    "historical": df["historical"].astype(bool),
                }
            )
        )
    rows = pd.concat(parts, ignore_index=True)
    undated = rows["date_start"].isna()
    hist = rows["historical"] & ~undated
    notes = {"undated": int(undated.sum()), "historical": int(hist.sum()) if war_only else 0}
    rows = rows[~undated & ~(hist if war_only else False)].copy()
    rows["claimant"] = rows["claimant_id"].map(name)
    rows["side"] = rows["claimant_id"].map(side).fillna("other")
    rows["is_range"] = rows["date_start"] != rows["date_end"]
    rows["disputed"] = rows["record_id"].isin(disputed)
    return rows.sort_values(["date_start", "date_end", "record_id"]).reset_index(drop=True), notes


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


def map_rows(war_only: bool = True):
    """Events grouped by place and event type, with the place's coordinates.

    Coordinates are the place's own or, failing that, the containing
    place's (as in sql/views/events_geo.sql). One row per (place, event
    type) with the number of events ``n``.
    """
    ev, places = _load("events"), _load("places")
    p = places.set_index("place_id")
    hist = ev["historical"].astype(bool)
    notes = {"historical": int(hist.sum()) if war_only else 0, "no_place": 0, "no_coordinates": 0}
    if war_only:
        ev = ev[~hist]
    records = []
    for e in ev.itertuples():
        if _na(e.place_id):
            notes["no_place"] += 1
            continue
        place = p.loc[e.place_id]
        coords = place if not _na(place["latitude"]) else (p.loc[place["parent_id"]] if not _na(place["parent_id"]) else None)
        if coords is None or _na(coords["latitude"]):
            notes["no_coordinates"] += 1
            continue
        records.append(
            (e.place_id, place["name"], float(coords["latitude"]), float(coords["longitude"]), str(coords["coord_precision"]), str(e.event_type), e.event_id)
        )
    import pandas as pd

    df = pd.DataFrame(records, columns=["place_id", "place", "latitude", "longitude", "coord_precision", "event_type", "event_id"])
    rows = df.groupby(["place_id", "place", "latitude", "longitude", "coord_precision", "event_type"], as_index=False).agg(
        n=("event_id", "size"), event_ids=("event_id", lambda s: ",".join(sorted(s)))
    )
    return rows.sort_values(["place_id", "event_type"]).reset_index(drop=True), notes


def _digest(rows) -> str:
    text = json.dumps([[str(v) for v in r] for r in rows.itertuples(index=False)], ensure_ascii=False)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def summary() -> dict:
    """What each figure draws: counts and a digest of the drawn rows.

    Written to docs/figures/figures.json by ``karabakh-data plot all``; a
    test recomputes it from the installed data, so stale committed figures
    fail the tests without comparing image bytes across matplotlib versions.
    """
    tl, tl_notes = timeline_rows()
    cas, cas_notes = casualty_rows()
    mp, mp_notes = map_rows()
    return {
        "timeline": {
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
        "map": {"markers": len(mp), "events": int(mp["n"].sum()), "places": int(mp["place_id"].nunique()), "left_out": mp_notes, "digest": _digest(mp)},
    }
