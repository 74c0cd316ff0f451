"""The figures, drawn from a fresh build of raw/: files, sizes, and one mark per record.

Counts are taken from the tables directly (pandas), not from plotdata.py,
so a drawing rule that drops or duplicates records fails here.
"""

from __future__ import annotations

import json
import struct
import subprocess
import sys
from pathlib import Path

import pytest

import karabakh_data as kd
from karabakh_data.cli import main
from karabakh_data.explore import plot

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


def war_records():
    """Every record the timeline should draw, straight from the tables."""
    keys = {"events": "event_id", "meetings": "meeting_id", "casualties": "casualty_id", "territory": "territory_id"}
    out = []
    for table, key in keys.items():
        df = kd.load(table)
        if table == "territory":
            df = df[~df["attribute"].isin(["area", "share_of_territory", "population", "contact_line_length"])]
        df = df[~df["historical"].astype(bool) & df["date_start"].notna()]
        out += [(r[key], r["date_start"] == r["date_end"]) for _, r in df.iterrows()]
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


def test_timeline_draws_each_war_record_once(use_build):
    records = war_records()
    assert records, "no dated war records in the data"
    fig = plot.timeline()
    points = n_offsets(fig, "points:")
    ranges = sum(len(c.get_segments()) for c in gid_items(fig, "ranges:"))
    assert points == sum(1 for _, day in records if day)
    assert ranges == sum(1 for _, day in records if not day)
    disputed = set(kd.load("disputes")["record_id"])
    assert n_offsets(fig, "disputed") == sum(1 for rid, _ in records if rid in disputed)
    text = " ".join(t.get_text() for t in fig.texts)
    assert f"karabakh-data {kd.__version__}" in text and "historical" in text
    start, end = fig.axes[0].get_xlim()
    import matplotlib.dates as mdates

    assert mdates.num2date(start).date().isoformat() >= "2020-09-25"
    assert mdates.num2date(end).date().isoformat() <= "2020-11-13"
    assert fig.axes[0].get_legend() is not None and fig._suptitle.get_text()


def test_timeline_colours_follow_the_claimants_side(use_build):
    fig = plot.timeline()
    for coll in gid_items(fig, "points:"):
        side = coll.get_gid().split(":")[2]
        assert tuple(coll.get_facecolor()[0][:3]) == pytest.approx(tuple(int(plot.SIDE_COLOURS[side][i : i + 2], 16) / 255 for i in (1, 3, 5)), abs=0.01)


def test_timeline_with_history_draws_more(use_build):
    hist = sum(int((kd.load(t)["historical"].astype(bool) & kd.load(t)["date_start"].notna()).sum()) for t in ("events", "meetings", "casualties"))
    fig = plot.timeline(war_only=False)
    drawn = n_offsets(fig, "points:") + sum(len(c.get_segments()) for c in gid_items(fig, "ranges:"))
    assert drawn >= len(war_records()) + hist


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


def test_map_marks_every_located_war_event(use_build):
    ev, places = kd.load("events"), kd.load("places").set_index("place_id")
    ev = ev[~ev["historical"].astype(bool) & ev["place_id"].notna()]

    def located(pid):
        p = places.loc[pid]
        return p["latitude"] == p["latitude"] or (
            p["parent_id"] in places.index and places.loc[p["parent_id"], "latitude"] == places.loc[p["parent_id"], "latitude"]
        )

    ev = ev[[bool(located(p)) for p in ev["place_id"]]]
    fig = plot.map()
    assert n_offsets(fig, "events:") == len(ev.groupby(["place_id", "event_type"], observed=True))
    labels = " ".join(t.get_text() for t in fig.axes[0].texts)
    for pid, n in ev.groupby("place_id", observed=True).size().items():
        assert f"{places.loc[pid, 'name']} ({n})" in labels


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
    from karabakh_data.explore.plotdata import summary

    record = json.loads((FIGURES / "figures.json").read_text(encoding="utf-8"))
    assert record["figures"] == summary(), f"docs/figures is stale: run `{record['regenerate']}`"
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    for name in ("timeline", "casualties"):
        assert png_size(FIGURES / f"{name}.png") == tuple(round(v * plot.DPI) for v in plot.SIZES[name])
        assert f"docs/figures/{name}.png" in readme
