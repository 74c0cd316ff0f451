"""Figures of the dataset: timeline(), casualties() and map(), each a matplotlib Figure.

    >>> from karabakh_data import plot
    >>> plot.timeline().savefig("timeline.png")
    $ karabakh-data plot all -o docs/figures      # regenerates the README figures

Why it looks the way it does: every mark is a *claim*, so colour says who
claims it (the claimant's side) and the caption says what is left out. A
date known to the day is a dot; a date known only within a range is a bar
over the whole range, never a dot at a guessed day. matplotlib is imported
only here, inside the functions, and figures are drawn on the Agg canvas
without pyplot, so neither ``import karabakh_data`` nor a user's own
backend is touched. Which rows are drawn is decided in plotdata.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from . import plotdata as pdata

DPI = 150
SIZES = {"timeline": (12.0, 7.0), "casualties": (12.0, 6.0), "map": (10.0, 8.0)}
SIDE_COLOURS = {"AZE": "#0072B2", "ARM": "#D55E00", "other": "#7a7a7a"}
TABLE_MARKERS = {"events": "o", "meetings": "s", "casualties": "D", "territory": "^"}
TABLE_NAMES = {"events": "event", "meetings": "meeting", "casualties": "casualty report", "territory": "territory change"}
TYPE_STYLE = {  # event type -> (marker, colour), Okabe-Ito colours
    "battles": ("X", "#D55E00"),
    "explosions_remote_violence": ("*", "#CC79A7"),
    "violence_against_civilians": ("v", "#E69F00"),
    "protests": ("^", "#009E73"),
    "riots": ("P", "#F0E442"),
    "strategic_developments": ("D", "#0072B2"),
}
OUTCOME_MARKERS = {"killed": "o", "wounded": "s", "missing": "^", "captured": "D"}
REGENERATE = "karabakh-data plot all -o docs/figures"


def _not_shown(*counts: tuple[str, int]) -> str:
    """The footer's list of what a figure leaves out, e.g. '2 increments, 1 historical figure' ('nothing' if none)."""
    return ", ".join(f"{n} {what}" for what, n in counts if n) or "nothing"


def _figure(name: str):
    from ..extras import require

    require("matplotlib")
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=SIZES[name], dpi=DPI)
    FigureCanvasAgg(fig)
    return fig


def _war():
    from ..schema.models import WAR_END, WAR_START

    return WAR_START, WAR_END


def _footer(fig, notes: str) -> None:
    from .._version import __version__

    source = (
        f"Source: karabakh-data {__version__} (CC BY 4.0), hand-coded from news reports. "
        "Every mark is a claim as reported by its claimant, not a verified fact."
    )
    fig.text(0.01, 0.012, source + ("\n" + notes if notes else ""), fontsize=7.5, color="#444444", va="bottom")


def _date_axis(ax, start: dt.date, end: dt.date, label_war: bool = True) -> None:
    import matplotlib.dates as mdates

    ax.set_xlim(start - dt.timedelta(days=1), end + dt.timedelta(days=2))
    ax.xaxis.set_major_locator(mdates.WeekdayLocator(byweekday=mdates.SU))  # 27 Sep 2020 was a Sunday
    ax.xaxis.set_minor_locator(mdates.DayLocator())
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.set_xlabel("date (2020)")
    if label_war:
        w0, w1 = _war()
        for day, text in ((w0, "27 Sep: war begins"), (w1, "10 Nov: ceasefire")):
            x = mdates.date2num(day) + (0 if day == w0 else 1)
            ax.axvline(x, color="#999999", lw=0.8, ls="--", zorder=0)
            ax.text(x, 1.005, text, transform=ax.get_xaxis_transform(), fontsize=7.5, color="#555555", ha="left" if day == w0 else "right", va="bottom")


def _pack(rows) -> list[int]:
    """Row slot of each record in its lane, so overlapping dates never hide each other."""
    ends: list[dt.date] = []
    slots = []
    for start, end in zip(rows["date_start"], rows["date_end"]):
        slot = next((i for i, e in enumerate(ends) if e < start), None)
        if slot is None:
            slot = len(ends)
            ends.append(end)
        ends[slot] = end
        slots.append(slot)
    return slots


def timeline(war_only: bool = True):
    """Claimed events, meetings, casualty reports and territory changes over time.

    One lane per kind (events split by ACLED type), one mark per record,
    coloured by the claimant's side; a dot for a known day, a bar from
    date_start to date_end for a range; a ring for a disputed record.
    war_only=False also draws the historical background records.
    """
    import matplotlib.dates as mdates
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    rows, notes = pdata.timeline_rows(war_only)
    fig = _figure("timeline")
    ax = fig.add_axes((0.19, 0.16, 0.60, 0.72))
    lanes = [k for k in pdata.LANES if k in set(rows["lane"])]
    y, ticks, top, n_rows = {}, [], 0.0, 0
    for lane in lanes:
        sub = rows[rows["lane"] == lane]
        slots = _pack(sub)
        height = max(slots) + 1
        for rid, s in zip(sub["record_id"], slots):
            y[rid] = -(top + s + 0.5)
        ticks.append(-(top + height / 2))
        if lanes.index(lane) % 2 == 0:
            ax.axhspan(-top, -(top + height), color="#f2f2f2", zorder=0, lw=0)
        top += height
        n_rows += height
    rows["y"] = rows["record_id"].map(y)
    size = max(12, min(45, 1400 / max(n_rows, 1)))
    start = mdates.date2num(rows["date_start"].tolist()) if len(rows) else []
    rows["x0"], rows["x1"] = start, (mdates.date2num(rows["date_end"].tolist()) + 1) if len(rows) else []
    rows["xm"] = (rows["x0"] + rows["x1"]) / 2
    for (table, side), g in rows[~rows["is_range"]].groupby(["table", "side"]):
        sc = ax.scatter(g["xm"], g["y"], s=size, marker=TABLE_MARKERS[table], color=SIDE_COLOURS[side], edgecolors="white", linewidths=0.4, zorder=3)
        sc.set_gid(f"points:{table}:{side}")
    for side, g in rows[rows["is_range"]].groupby("side"):
        segs = [[(a, yy), (b, yy)] for a, b, yy in zip(g["x0"], g["x1"], g["y"])]
        lc = LineCollection(segs, colors=SIDE_COLOURS[side], linewidths=max(2.0, size**0.5 * 0.7), alpha=0.6, zorder=2)
        lc.set_gid(f"ranges:{side}")
        ax.add_collection(lc)
    d = rows[rows["disputed"]]
    ring = ax.scatter(d["xm"], d["y"], s=size * 3.2, facecolors="none", edgecolors="black", linewidths=1.1, zorder=4)
    ring.set_gid("disputed")
    ax.set_ylim(-max(top, 1), 0)
    ax.set_yticks(ticks, [pdata.LANES[k] for k in lanes], fontsize=9)
    ax.tick_params(axis="y", length=0)
    w0, w1 = _war()
    if war_only or not len(rows):
        _date_axis(ax, w0, w1)
    else:
        ax.set_xlim(rows["x0"].min() - 30, rows["x1"].max() + 30)
        ax.xaxis_date()
    ax.grid(axis="x", color="#dddddd", lw=0.6, zorder=0)
    fig.suptitle("The 2020 Nagorno-Karabakh war as claimed: events, meetings, casualty reports, territory", x=0.01, ha="left", fontsize=13, fontweight="bold")
    fig.text(
        0.01,
        0.925,
        "Each mark is one record, coloured by the side of whoever claims it. A dot is a day the text states; a bar spans the days the record may fall on.",
        fontsize=9,
    )
    handles = [Line2D([], [], ls="", marker="o", color=SIDE_COLOURS[s], label=pdata.SIDE_NAMES[s]) for s in pdata.SIDES]
    handles += [Line2D([], [], ls="", marker=m, color="#444444", label=TABLE_NAMES[t]) for t, m in TABLE_MARKERS.items()]
    handles += [
        Line2D([], [], color="#444444", lw=4, alpha=0.6, label="date known only as a range"),
        Line2D([], [], ls="", marker="o", mfc="none", mec="black", ms=9, label="disputed (see disputes table)"),
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8.5,
        frameon=False,
        title="claimant's side / kind",
        title_fontsize=9,
        alignment="left",
    )
    left = []
    if notes["historical"]:
        left.append(f"{notes['historical']} historical background records (before the war)")
    if notes["undated"]:
        left.append(f"{notes['undated']} undated records")
    _footer(
        fig,
        f"Shown: {len(rows)} records. Side = claimant's country in the actors table (or its parent's): "
        "AZE, ARM, anything else 'other'." + (" Not shown: " + ", ".join(left) + "." if left else ""),
    )
    return fig


def casualties():
    """Reported cumulative casualty totals per party over time, each labelled with its claimant.

    Colour is the party whose losses are counted; an arrow marks a lower
    ("at least") or upper ("up to") bound, a vertical bar a range. Totals
    are never summed or joined across claimants.
    """
    import matplotlib.dates as mdates
    from matplotlib.lines import Line2D

    rows, notes = pdata.casualty_rows()
    fig = _figure("casualties")
    ax = fig.add_axes((0.08, 0.17, 0.62, 0.70))
    top = max([v for v in list(rows["value"]) + list(rows["high"].dropna()) if v is not None] + [10]) * 1.3
    rows["x"] = mdates.date2num(rows["as_of"].tolist()) + 0.5 if len(rows) else []
    for series, g in rows.groupby("series", sort=True):
        colour = SIDE_COLOURS[g["party_side"].iloc[0]]
        face = "white" if g["population"].iloc[0] == "civilian" else colour
        sc = ax.scatter(
            g["x"], g["value"], s=55, marker=OUTCOME_MARKERS[g["outcome"].iloc[0]], color=face, edgecolors=colour, linewidths=1.5, zorder=3, label=series
        )
        sc.set_gid(f"points:{series}")
        for _, c in g.groupby("claimant_id"):
            if len(c) > 1:
                ax.plot(c["x"], c["value"], color=colour, lw=1, alpha=0.6, zorder=2)
    for r in rows.itertuples():
        colour = SIDE_COLOURS[r.party_side]
        words = {"at_least": "at least ", "more_than": "more than ", "up_to": "up to ", "about": "about "}.get(r.qualifier, "")
        figure = f"{r.low:,}-{r.high:,}" if r.qualifier == "range" else f"{words}{r.value:,}"
        ax.annotate(f"{r.claimant}: {figure}", (r.x, r.value), xytext=(7, 5), textcoords="offset points", fontsize=8.5)
        if r.qualifier in ("at_least", "more_than", "up_to"):
            sign = -1 if r.qualifier == "up_to" else 1
            bound = ax.annotate("", xy=(r.x, r.value + sign * top * 0.12), xytext=(r.x, r.value), arrowprops=dict(arrowstyle="-|>", color=colour, lw=1.3))
            bound.set_gid("bound")
        elif r.qualifier == "range":
            bound = ax.vlines(r.x, r.low, r.high, colors=colour, lw=1.5)
            bound.set_gid("bound")
    w0, w1 = _war()
    _date_axis(ax, w0, w1)
    ax.set_ylim(0, top)
    ax.yaxis.set_major_formatter(lambda v, _: f"{v:,.0f}")
    ax.set_ylabel("people (cumulative total, as reported)")
    ax.grid(color="#e3e3e3", lw=0.6, zorder=0)
    fig.suptitle("Reported cumulative casualty totals, by party and claimant", x=0.01, ha="left", fontsize=13, fontweight="bold")
    fig.text(
        0.01, 0.925, "Each point is one total as its claimant reported it, at the date it runs to; colour is the side whose losses are counted.", fontsize=9
    )
    handles, _ = ax.get_legend_handles_labels()
    handles += [
        Line2D([], [], ls="", marker=r"$\uparrow$", ms=10, color="#444444", label="at least / more than (lower bound)"),
        Line2D([], [], ls="", marker=r"$\downarrow$", ms=10, color="#444444", label="up to (upper bound)"),
        Line2D([], [], ls="", marker="|", ms=12, mew=1.5, color="#444444", label="range (low to high)"),
        Line2D([], [], ls="", marker="o", mfc="white", mec="#444444", label="hollow: civilians"),
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8.5,
        frameon=False,
        title="party: population outcome",
        title_fontsize=9,
        alignment="left",
    )
    left = _not_shown(
        ("increments", notes["increment"]),
        ("incident figures", notes["incident"]),
        ("totals without a figure", notes["no_figure"]),
        ("historical figures", notes["historical"]),
    )
    _footer(
        fig,
        f"Shown: {len(rows)} cumulative totals. Not shown: {left} "
        "(see the casualty_totals and casualty_timeline views). Figures are never added up across claimants.",
    )
    return fig


def _place_labels(ax, labels, markers, fontsize: float) -> None:
    """Put each label where it overlaps no marker and no earlier label.

    A required label that fits nowhere goes to its first position anyway;
    an optional (context) label that fits nowhere is left out.
    """
    ax.apply_aspect()
    to_px = ax.figure.dpi / 72
    placed = []
    for x, y in markers:  # keep labels off the markers (about 14 pt across)
        px, py = ax.transData.transform((x, y))
        placed.append((px - 7 * to_px, py - 7 * to_px, px + 7 * to_px, py + 7 * to_px))
    offsets = [(9, 4, "left"), (9, -14, "left"), (-9, 4, "right"), (-9, -14, "right"), (0, 12, "center"), (0, -22, "center")]
    for x, y, text, style, required in labels:
        px, py = ax.transData.transform((x, y))
        w, h = len(text) * fontsize * 0.6 * to_px, fontsize * 1.3 * to_px
        boxes = []
        for dx, dy, ha in offsets:
            x0 = px + dx * to_px - {"left": 0, "right": w, "center": w / 2}[ha]
            boxes.append(((x0, py + dy * to_px, x0 + w, py + dy * to_px + h), dx, dy, ha))
        free = [b for b in boxes if not any(b[0][0] < o[2] and o[0] < b[0][2] and b[0][1] < o[3] and o[1] < b[0][3] for o in placed)]
        chosen = free[0] if free else (boxes[0] if required else None)
        if chosen:
            placed.append(chosen[0])
            ax.annotate(text, (x, y), xytext=chosen[1:3], textcoords="offset points", ha=chosen[3], fontsize=fontsize, **style)


def map(war_only: bool = True):  # noqa: A001 - the public API names it plot.map
    """Where the claimed events took place: one marker per place and event type.

    Longitude/latitude axes with an equal-distance aspect, no basemap (nothing
    is downloaded). Other places in view are grey context. A hollow marker
    means the coordinates are the centre of a region, not the place itself.
    """
    import math

    from matplotlib.lines import Line2D

    from ..access import load

    rows, notes = pdata.map_rows(war_only)
    places = load("places")
    fig = _figure("map")
    ax = fig.add_axes((0.08, 0.14, 0.62, 0.74))
    if len(rows):
        lat0, lat1, lon0, lon1 = rows["latitude"].min(), rows["latitude"].max(), rows["longitude"].min(), rows["longitude"].max()
    else:
        lat0, lat1, lon0, lon1 = 39.0, 41.0, 45.5, 47.5
    pad = max(0.35, 0.15 * max(lat1 - lat0, lon1 - lon0))
    lat0, lat1, lon0, lon1 = lat0 - pad, lat1 + pad, lon0 - pad, lon1 + pad
    # widen the shorter side so the map fills its box at equal distances (box is 6.2 x 5.9 in)
    stretch = math.cos(math.radians((lat0 + lat1) / 2))
    want = (lat1 - lat0) * 6.2 / 5.9 / stretch
    if lon1 - lon0 < want:
        lon0, lon1 = (lon0 + lon1) / 2 - want / 2, (lon0 + lon1) / 2 + want / 2
    else:
        extra = ((lon1 - lon0) * stretch * 5.9 / 6.2 - (lat1 - lat0)) / 2
        lat0, lat1 = lat0 - extra, lat1 + extra
    # several types at one place: spread the markers on a small circle around it
    k = rows.groupby("place_id").cumcount()
    m = rows.groupby("place_id")["event_type"].transform("size")
    r = 0.045 * max(lat1 - lat0, lon1 - lon0) / 2.5
    angle = 2 * math.pi * k / m
    rows["x"] = rows["longitude"] + (m > 1) * r * angle.map(math.cos)
    rows["y"] = rows["latitude"] + (m > 1) * r * angle.map(math.sin)
    for etype, g in rows.groupby("event_type"):
        marker, colour = TYPE_STYLE[etype]
        hollow = g["coord_precision"] == "centroid"
        sizes = 70 + 60 * (g["n"] - 1).clip(upper=8)
        sc = ax.scatter(g["x"], g["y"], s=sizes, marker=marker, c=[colour if not h else "white" for h in hollow], edgecolors=colour, linewidths=1.6, zorder=3)
        sc.set_gid(f"events:{etype}")
    labels = []
    for _pid, g in rows.groupby("place_id", sort=False):
        n = int(g["n"].sum())
        labels.append((g["longitude"].iloc[0], g["latitude"].iloc[0], f"{g['place'].iloc[0]} ({n})", {"fontweight": "bold"}, True))
    # context: point-like places in view (regions' and features' centres would mislead)
    ctx = places[
        places["latitude"].between(lat0, lat1)
        & places["longitude"].between(lon0, lon1)
        & ~places["place_id"].isin(set(rows["place_id"]))
        & places["place_type"].astype(str).isin(["country", "district", "city", "village"])
    ]
    ax.scatter(ctx["longitude"], ctx["latitude"], s=8, color="#b0b0b0", zorder=1).set_gid("context")
    labels += [(x, y, str(t), {"color": "#8a8a8a", "style": "italic"}, False) for x, y, t in zip(ctx["longitude"], ctx["latitude"], ctx["name"])]
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / stretch)
    _place_labels(ax, labels, list(zip(rows["x"], rows["y"])), 8.5)
    ax.set_xlabel("longitude (\u00b0E)")
    ax.set_ylabel("latitude (\u00b0N)")
    ax.grid(color="#e6e6e6", lw=0.6, zorder=0)
    fig.suptitle("Where the claimed events of the 2020 war took place", x=0.01, ha="left", fontsize=13, fontweight="bold")
    fig.text(0.01, 0.925, "Marker = ACLED event type; size and the number in brackets = events claimed at that place.", fontsize=9)
    present = list(dict.fromkeys(rows["event_type"]))
    handles = [Line2D([], [], ls="", marker=TYPE_STYLE[t][0], color=TYPE_STYLE[t][1], ms=9, label=pdata.LANES[t]) for t in present]
    handles += [
        Line2D([], [], ls="", marker="o", mfc="white", mec="#444444", ms=9, label="hollow: centre of a region"),
        Line2D([], [], ls="", marker=".", color="#b0b0b0", label="other place (context)"),
    ]
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8.5, frameon=False, title="event type", title_fontsize=9, alignment="left"
    )
    left = _not_shown(
        ("historical events", notes["historical"]),
        ("events without a place", notes["no_place"]),
        ("events at places without coordinates", notes["no_coordinates"]),
    )
    _footer(
        fig,
        f"Shown: {int(rows['n'].sum())} events at {rows['place_id'].nunique()} places. Not shown: {left}. "
        "Coordinates are approximate, from general knowledge (places table); no borders are drawn.",
    )
    return fig


FIGURES = {"timeline": timeline, "casualties": casualties, "map": map}


def save(fig, path: Path, formats=("png", "svg")) -> list[Path]:
    """Write fig as PNG and SVG beside each other (path's suffix is replaced)."""
    import matplotlib

    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    out = []
    with matplotlib.rc_context({"svg.fonttype": "none", "svg.hashsalt": "karabakh-data"}):
        for fmt in formats:
            target = path.with_suffix(f".{fmt}")
            fig.savefig(target, format=fmt, dpi=DPI, metadata={"Date": None} if fmt == "svg" else None)
            out.append(target)
    return out


def write_all(out_dir: Path, formats=("png", "svg")) -> list[Path]:
    """Every figure into out_dir, plus figures.json recording what each one draws."""
    out_dir = Path(out_dir)
    paths = []
    for name, make in FIGURES.items():
        paths += save(make(), out_dir / name, formats)
    from .._version import __version__

    record = {"dataset_version": __version__, "regenerate": REGENERATE, "figures": pdata.summary()}
    (out_dir / "figures.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return paths + [out_dir / "figures.json"]
