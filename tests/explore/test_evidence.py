"""`karabakh-data evidence`: the source texts with every claim's quote marked, read in headless Chromium.

The marks are counted against the tables (pandas), not against the
module's own counts. Selecting a mark is a click dispatched on the element
Chromium finds at the mark's on-screen position (so a mark hidden under
another would fail), by a script appended to a copy of the page; Chromium
then dumps the DOM with the panel it filled.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import karabakh_data as kd
from karabakh_data.cli import main
from karabakh_data.schema.registry import RECORD_TABLES, TABLES

from .test_browser import CHROMIUM, browse

ROOT = Path(__file__).resolve().parents[2]


def claims_by_source() -> dict[str, dict[str, str]]:
    """source_id -> {record_id: table}, straight from the tables."""
    out: dict[str, dict[str, str]] = {}
    for t in RECORD_TABLES:
        df = kd.load(t)
        for rid, sid in zip(df[TABLES[t].key], df["source_id"]):
            out.setdefault(str(sid), {})[str(rid)] = t
    return out


def incident_of() -> dict[str, str]:
    """record_id -> incident_id of every claim that has one."""
    out = {}
    for t in RECORD_TABLES:
        df = kd.load(t)
        if "incident_id" in df.columns:
            df = df[df["incident_id"].notna()]
            out.update(zip(df[TABLES[t].key].astype(str), df["incident_id"].astype(str)))
    return out


@pytest.fixture
def built_site(use_build, tmp_path, monkeypatch, capsys) -> tuple[Path, str]:
    """The site written by the command, and what the command printed."""
    monkeypatch.chdir(ROOT)
    out = tmp_path / "evidence"
    assert main(["evidence", "-o", str(out)]) == 0
    return out, capsys.readouterr().out


@pytest.fixture
def site(built_site) -> Path:
    return built_site[0]


def test_every_claim_record_has_a_mark_in_its_source_page(built_site):
    site, printed = built_site
    disputed = set(kd.load("disputes")["record_id"])
    sources = kd.load("sources")
    for sid, records in claims_by_source().items():
        page = (site / f"{sid}.html").read_text(encoding="utf-8")
        marked = re.findall(r'<mark(?: id="([^"]+)")? class="t-(\w+)( disputed)?" data-record="([^"]+)"', page)
        assert {rid: table for _, table, _, rid in marked} == records  # each record marked, coloured by its table
        assert {rid for _, _, d, rid in marked if d} == disputed & set(records)
        assert {anchor for anchor, _, _, _ in marked if anchor} == set(records)  # one anchor (#id) per record
        n = len(marked)
        assert f"{len(records)} claim records, {n} marks" in page and f"{sid}: {len(records)} claim records, {n} marks" in printed
        text = (ROOT / "raw" / sources.set_index("source_id").loc[sid, "file"]).read_text(encoding="utf-8")
        article = re.search(r'<article id="text" class="text">(.*?)</article>', page, re.S).group(1)
        assert html.unescape(re.sub(r"<[^>]+>", "", article)) == text  # the full text, nothing added or lost


def test_excluded_sentences_are_shown_with_their_reason(site):
    import yaml

    for path in sorted((ROOT / "raw" / "sources").glob("*.exclusions.yaml")):
        page = (site / f"src-{path.name[:3]}.html").read_text(encoding="utf-8")
        for item in yaml.safe_load(path.read_text(encoding="utf-8"))["exclusions"]:
            reason = " ".join(item["reason"].split())
            assert f'title="{html.escape(reason)}">{html.escape(item["sentence"])}</span>' in page


def test_pages_fetch_nothing_from_outside(site):
    for page in site.glob("*.html"):
        doc = page.read_text(encoding="utf-8")
        assert not re.search(r"<(link|img|iframe|object|embed)\b|\bsrc=|@import|url\(", doc), page.name
        assert not re.search(r'href="(?!#|src-\d+\.html|index\.html)', doc), page.name


def test_outside_a_checkout_evidence_refuses_and_writes_nothing(use_build, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["evidence", "-o", "site"]) == 4  # environment: not a checkout
    assert "checkout" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_a_changed_text_is_refused(use_build, raw_copy, tmp_path, monkeypatch, capsys):
    text = next((raw_copy / "sources").glob("*.txt"))
    text.write_text(text.read_text(encoding="utf-8") + "\nAn invented sentence for this test.\n", encoding="utf-8")
    monkeypatch.chdir(raw_copy.parent)
    assert main(["evidence", "-o", "site"]) == 3  # integrity: the text differs from the data
    assert text.name in capsys.readouterr().err
    assert not (raw_copy.parent / "site").exists()


CLICK = """
<script>
window.addEventListener("load", () => {
  const mark = document.querySelector('mark[data-record="%s"]');
  const box = mark.getClientRects()[0];
  const x = box.left + 3, y = box.top + box.height / 2;
  const hit = document.elementFromPoint(x, y);
  hit.dispatchEvent(new MouseEvent("click", {bubbles: true, clientX: x, clientY: y}));
  document.body.setAttribute("data-clicked", hit.closest("mark").dataset.record);
});
</script>
"""


def _clicked(site: Path, sid: str, rid: str) -> Path:
    """A copy of the page that clicks where the record's first mark is drawn, once loaded."""
    page = site / f"{sid}.html"
    doc = page.read_text(encoding="utf-8").replace("</body>", CLICK % rid + "</body>")
    copy = site / f"clicked-{rid}.html"
    copy.write_text(doc, encoding="utf-8")
    return copy


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium; .ci/run does it)")
def test_clicking_a_mark_shows_its_record_incident_disputes_and_the_incidents_other_claims(site, tmp_path):
    incidents = kd.load("incidents")
    disputes = kd.load("disputes")
    by_source = claims_by_source()
    table_of = {rid: t for recs in by_source.values() for rid, t in recs.items()}
    inc_of = incident_of()
    # a disputed claim whose incident other documents also describe, else any disputed claim with an incident
    disputed = [r for r in disputes["record_id"] if r in inc_of]
    multi = set(incidents[incidents["source_count"] > 1]["incident_id"])
    rid = next((r for r in disputed if inc_of[r] in multi), disputed[0])
    sid = next(s for s, recs in by_source.items() if rid in recs)
    dom, shot = browse(_clicked(site, sid, rid).as_uri(), tmp_path, "evidence")
    assert f'data-clicked="{rid}"' in dom  # the element drawn there is the record's mark
    panel = re.search(r'<aside id="panel"[^>]*>(.*?)</aside>', dom, re.S).group(1)
    assert f"{table_of[rid]} {rid}" in panel
    quote = kd.load(table_of[rid]).set_index(TABLES[table_of[rid]].key).loc[rid, "quote"]
    assert quote in html.unescape(re.sub(r"<[^>]+>", "", panel))
    assert f"Incident {inc_of[rid]}" in panel
    for did in disputes[(disputes["record_id"] == rid) | (disputes["other_record_id"] == rid)]["dispute_id"]:
        assert f'data-link="{did}"' in panel
    siblings = [r for r, i in inc_of.items() if i == inc_of[rid] and r != rid]
    assert f"Other claims of this incident ({len(siblings)})" in panel
    for other in siblings:
        src = next(s for s, recs in by_source.items() if other in recs)
        href = f"#{other}" if src == sid else f"{src}.html#{other}"
        assert f'href="{href}" data-link="{other}"' in panel
    assert shot.stat().st_size > 20_000


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium; .ci/run does it)")
def test_a_link_to_a_record_opens_its_page_with_the_record_shown(site, tmp_path):
    by_source = claims_by_source()
    sid, recs = max(by_source.items(), key=lambda kv: len(kv[1]))
    rid = sorted(recs)[-1]
    dom, _ = browse((site / f"{sid}.html").as_uri() + f"#{rid}", tmp_path, "anchor")
    panel = re.search(r'<aside id="panel"[^>]*>(.*?)</aside>', dom, re.S).group(1)
    assert f"{recs[rid]} {rid}" in panel
    assert re.search(rf'<mark[^>]*class="[^"]*selected[^"]*"[^>]*data-record="{rid}"|<mark[^>]*data-record="{rid}"[^>]*class="[^"]*selected', dom)


@pytest.mark.slow
@pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed (apt-get install chromium; .ci/run does it)")
def test_datasette_served_from_a_checkout_links_each_record_to_its_mark(server, tmp_path):
    events = kd.load("events")
    first = events.iloc[0]
    page, _ = browse(server + f"/karabakh/events/{first['event_id']}", tmp_path, "record-link")
    url = f"{server}/evidence/{first['source_id']}.html#{first['event_id']}"
    assert f'href="{url}"' in page
    listing, _ = browse(server + "/karabakh/events", tmp_path, "table-links")
    assert listing.count(f"{server}/evidence/") >= min(len(events), 50)  # every row on the first page links
    iid = kd.load("incidents")["incident_id"].iloc[0]
    incident, _ = browse(server + f"/karabakh/incidents/{iid}", tmp_path, "incident-link")
    assert f'href="{server}/evidence/index.html#{iid}"' in incident
    dom, _ = browse(url, tmp_path, "evidence-served")
    panel = re.search(r'<aside id="panel"[^>]*>(.*?)</aside>', dom, re.S).group(1)
    assert f"events {first['event_id']}" in panel
