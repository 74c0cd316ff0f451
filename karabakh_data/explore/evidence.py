"""The evidence pages: ``karabakh-data evidence -o DIR``, every claim's quote shown in its source document.

A reader who doubts a number should reach the sentence it was coded from
without writing SQL. This writes a static site, an index and one page per
source document: the full text with every claim record's quote marked
(coloured by table, a red double underline for a disputed claim), each mark
carrying its record id (``<mark data-record="ev-000-01">``, and the page
anchor ``#ev-000-01``); selecting a mark shows the record, its incident,
the disputes it is part of, and the other claims of that incident in every
document, linked. The sentences the coders excluded are shown greyed with
their reason (raw/sources/*.exclusions.yaml).

Overlapping quotes: marks nest where one quote lies inside another; where
two quotes only partly overlap, the later one's mark is split in parts (each
part carries the same id), so every record has at least one mark and a
mark never hides another.

Offline by construction: one HTML file per page with its CSS, its script and
its data inline; no font, script, image or tile is fetched. The pages hold
the full texts, so they are built from a checkout (where raw/sources is,
each text checked against the SHA-256 of the sources table) and never
shipped in a distribution.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

TABLE_COLOURS = {  # light tints of the Okabe-Ito palette, one per claim table
    "events": "#f9cf9f",
    "casualties": "#f2b8c6",
    "materiel": "#d9c7ea",
    "meetings": "#b8e3c8",
    "territory": "#bfe0f5",
    "statements": "#fbeea0",
    "disputes": "#dedede",
}
EXCLUDED = "excluded"


class EvidenceError(Exception):
    """The site cannot be built here (no checkout, a changed text); the message says why."""


def page_name(source_id: str) -> str:
    return f"{source_id}.html"


def _plain(v):
    """A JSON-ready value, None for any missing value."""
    import pandas as pd

    if isinstance(v, (list, tuple)):
        return [_plain(x) for x in v]
    if v is None or (not isinstance(v, (list, dict)) and pd.isna(v)):
        return None
    if hasattr(v, "isoformat"):
        return v.date().isoformat() if hasattr(v, "date") else v.isoformat()
    if hasattr(v, "item"):
        return v.item()
    return v


def _frames() -> dict:
    """Every table as records (lists of dicts without nulls), keyed by id where the table has one."""
    from ..access import load
    from ..schema.registry import TABLES

    out = {}
    for name, t in TABLES.items():
        df = load(name)
        rows = [{k: _plain(v) for k, v in r.items() if _plain(v) is not None} for r in df.to_dict("records")]
        out[name] = {r[t.key]: r for r in rows} if t.key else rows
    return out


def exclusions(raw: Path, source_file: str, text: str) -> list[dict]:
    """The excluded sentences of one source with their reason and position (every occurrence).

    A sentence that is not in the text is an error: the build would have refused it too.
    """
    import yaml

    path = (Path(raw) / source_file).with_suffix(".exclusions.yaml")
    if not path.is_file():
        return []
    items = (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("exclusions") or []
    out = []
    for item in items:
        sentence, reason = str(item["sentence"]), " ".join(str(item.get("reason", "")).split())
        start = text.find(sentence)
        if start < 0:
            raise EvidenceError(f"{path}: the excluded sentence {sentence[:60]!r} is not in {source_file}; run `karabakh-data validate`")
        while start >= 0:
            out.append({"sentence": sentence, "reason": reason, "start": start, "end": start + len(sentence)})
            start = text.find(sentence, start + 1)
    return sorted(out, key=lambda e: e["start"])


def render_text(text: str, spans: list[dict]) -> tuple[str, int]:
    """The text as HTML with one <mark> (or excluded <span>) per span; returns (html, number of mark elements).

    spans: dicts with start, end, id, cls, and attrs (extra HTML attributes).
    Nested where one span lies inside another; a span that only partly
    overlaps an open one is closed and reopened (split in parts).
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i]["start"], -spans[i]["end"], spans[i]["id"]))
    rank = {i: n for n, i in enumerate(order)}
    cuts = sorted({0, len(text)} | {s["start"] for s in spans} | {s["end"] for s in spans})
    out, stack, parts, n_marks = [], [], {}, 0
    for a, b in zip(cuts, cuts[1:]):
        want = sorted((i for i in order if spans[i]["start"] <= a and spans[i]["end"] >= b), key=rank.get)
        keep = 0
        while keep < len(stack) and keep < len(want) and stack[keep] == want[keep]:
            keep += 1
        for i in reversed(stack[keep:]):
            out.append("</mark>" if spans[i]["cls"] != EXCLUDED else "</span>")
        stack = stack[:keep]
        for i in want[keep:]:
            s = spans[i]
            parts[i] = parts.get(i, 0) + 1
            if s["cls"] == EXCLUDED:
                out.append(f'<span class="excluded" data-excluded="{s["id"]}" title="{html.escape(s["title"])}">')
            else:
                anchor = f' id="{s["id"]}"' if parts[i] == 1 else ""
                out.append(f'<mark{anchor} class="{s["cls"]}" data-record="{s["id"]}" data-part="{parts[i]}" tabindex="0" title="{s["id"]}">')
                n_marks += 1
            stack.append(i)
        out.append(html.escape(text[a:b]))
    for i in reversed(stack):
        out.append("</mark>" if spans[i]["cls"] != EXCLUDED else "</span>")
    return "".join(out), n_marks


def _label(value, names: dict) -> str:
    return f"{value} ({names[value]})" if isinstance(value, str) and value in names else value


def _record_view(table: str, rec: dict, key: str, names: dict, pages: dict) -> dict:
    """What the panel shows of one record: its table, page, fields (ids of actors and places with their names)."""
    hidden = {key, "quote_start", "quote_end"}
    fields = {k: _label(v, names) for k, v in rec.items() if k not in hidden}
    return {"id": rec[key], "table": table, "page": pages[rec["source_id"]], "incident": rec.get("incident_id"), "fields": fields}


def site_data(frames: dict) -> dict:
    """Records, incidents and disputes as the pages' script reads them (all sources)."""
    from ..schema.registry import RECORD_TABLES, TABLES

    names = {**{k: v["name"] for k, v in frames["actors"].items()}, **{k: v["name"] for k, v in frames["places"].items()}}
    pages = {sid: page_name(sid) for sid in frames["sources"]}
    records = {}
    for table in RECORD_TABLES:
        for rid, rec in frames[table].items():
            records[rid] = _record_view(table, rec, TABLES[table].key, names, pages)
    incidents = {}
    for iid, inc in frames["incidents"].items():
        incidents[iid] = {"id": iid, "fields": {k: _label(v, names) for k, v in inc.items() if k != "incident_id"}, "claims": []}
    for rid, rec in records.items():
        if rec["incident"] in incidents:
            incidents[rec["incident"]]["claims"].append(rid)
    disputes = {rid: [] for rid in records}
    for did, d in frames["disputes"].items():
        for side in ("record_id", "other_record_id"):
            if d.get(side) in disputes:
                disputes[d[side]].append(did)
    for rid, rec in records.items():
        rec["disputes"] = disputes[rid]
    disputed = {d["record_id"] for d in frames["disputes"].values()}
    return {"records": records, "incidents": incidents, "disputed": sorted(disputed)}


def _related(data: dict, source_id: str) -> dict:
    """The part of site_data a page needs: its records, and the records and incidents they link to."""
    recs = data["records"]
    mine = {r for r, v in recs.items() if v["fields"].get("source_id") == source_id}
    incidents = {recs[r]["incident"] for r in mine if recs[r]["incident"]}
    wanted = set(mine)
    for iid in incidents:
        wanted.update(data["incidents"][iid]["claims"])
    for r in list(wanted):
        for did in recs[r]["disputes"]:
            wanted.add(did)
            d = recs[did]["fields"]
            wanted.update(x for x in (d.get("record_id"), d.get("other_record_id")) if x in recs)
    incidents |= {recs[r]["incident"] for r in wanted if recs[r]["incident"]}
    return {
        "source": source_id,
        "records": {r: recs[r] for r in sorted(wanted)},
        "incidents": {i: data["incidents"][i] for i in sorted(incidents)},
    }


def build_site(out: Path, raw: Path) -> dict[str, dict]:
    """Write index.html and one page per source into out; returns per page: records, records marked, mark elements, excluded.

    Every text is checked against the sources table first and every quote
    against its text, so nothing is written from data that does not match.
    """
    from ..access.annotations import claim_quotes, source_texts

    texts = source_texts(raw)  # AnnotationError (NotACheckout outside a checkout) names every missing or changed text
    frames = _frames()
    data = site_data(frames)
    disputed = set(data["disputed"])
    by_source: dict[str, list[dict]] = {sid: [] for sid in texts}
    wrong = []
    for q in claim_quotes():
        if texts[q["source_id"]][q["start"] : q["end"]] != q["quote"]:
            wrong.append(f"{q['record_id']}: its quote is not the text at {q['start']}..{q['end']} of {q['source_id']}")
        by_source[q["source_id"]].append(q)
    if wrong:
        raise EvidenceError("quotes out of place; rebuild with `karabakh-data build --package`; nothing written:\n  " + "\n  ".join(wrong))
    pages, counts = {}, {}
    for sid, text in texts.items():
        source = frames["sources"][sid]
        excl = exclusions(raw, source["file"], text)
        spans = [
            {"start": q["start"], "end": q["end"], "id": q["record_id"], "cls": f"t-{q['table']}" + (" disputed" if q["record_id"] in disputed else "")}
            for q in by_source[sid]
        ]
        spans += [{"start": e["start"], "end": e["end"], "id": f"x{n}", "cls": EXCLUDED, "title": e["reason"]} for n, e in enumerate(excl, 1)]
        body, n_marks = render_text(text, spans)
        counts[sid] = {
            "records": len(by_source[sid]),
            "marked_records": len({q["record_id"] for q in by_source[sid]}),
            "marks": n_marks,
            "excluded": len(excl),
            "disputed": sum(q["record_id"] in disputed for q in by_source[sid]),
        }
        pages[page_name(sid)] = _page(source, body, excl, _related(data, sid), counts[sid])
    pages["index.html"] = _index(frames, data, counts)
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    for name, doc in pages.items():
        (out / name).write_text(doc, encoding="utf-8")
    return counts


def _legend() -> str:
    items = "".join(f'<li><mark class="t-{t}">{t}</mark></li>' for t in TABLE_COLOURS)
    items += '<li><mark class="t-events disputed">disputed claim</mark></li><li><span class="excluded">excluded sentence</span></li>'
    return f'<ul class="legend">{items}</ul>'


def _head(title: str) -> str:
    from .._version import __version__

    colours = "\n".join(f"mark.t-{t} {{ background: {c}; }}" for t, c in TABLE_COLOURS.items())
    return (
        f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)} - karabakh-data {__version__} evidence</title>\n<style>\n{CSS}\n{colours}\n</style>\n</head>\n"
    )


def _footer() -> str:
    from .._version import __version__

    return (
        f"<footer>karabakh-data {__version__} (data CC BY 4.0). Every mark is a claim as its source reports it, not a verified fact. "
        "These pages hold the full source texts: they are built from a checkout of the repository and not distributed.</footer>"
    )


def _page(source: dict, body: str, excl: list[dict], data: dict, counts: dict) -> str:
    sid = source["source_id"]
    title = f"{sid}: {source['title']}" if source.get("title") else sid
    meta = " · ".join(
        html.escape(str(x))
        for x in (
            f"published {source.get('published_date', 'date unknown')}",
            source.get("publisher") or "publisher not stated",
            f"{source['char_count']:,} characters",
            f"SHA-256 {source['sha256']}",
        )
    )
    excluded = "".join(f'<li><q>{html.escape(e["sentence"])}</q> <span class="reason">{html.escape(e["reason"])}</span></li>' for e in excl)
    stats = (
        f'<p class="stats" data-records="{counts["records"]}" data-marks="{counts["marks"]}">{counts["records"]} claim records, '
        f"{counts['marks']} marks ({counts['disputed']} disputed), {counts['excluded']} excluded sentences</p>"
    )
    script = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")  # no "</script>" or "<!--" inside the script element
    return (
        _head(title)
        + f'<body>\n<header><a href="index.html">All documents</a><h1>{html.escape(title)} <small>({html.escape(source["file"])})</small></h1>'
        + f'<p class="meta">{meta}</p>{stats}{_legend()}</header>\n<main>\n<article id="text" class="text">{body}</article>\n'
        + '<aside id="panel" aria-live="polite"><p class="hint">Select a marked passage to see its record.</p></aside>\n</main>\n'
        + f'<section class="excluded-list"><h2>Excluded sentences ({len(excl)})</h2><ol>{excluded}</ol></section>\n'
        + _footer()
        + f'\n<script id="data" type="application/json">{script}</script>\n<script>\n{SCRIPT}\n</script>\n</body>\n</html>\n'
    )


def _index(frames: dict, data: dict, counts: dict) -> str:
    rows = "".join(
        f'<tr><td><a href="{page_name(sid)}">{html.escape(s.get("title") or sid)}</a></td><td>{sid}</td><td>{html.escape(str(s.get("published_date", "")))}</td>'
        f"<td>{counts[sid]['records']}</td><td>{counts[sid]['marks']}</td><td>{counts[sid]['disputed']}</td><td>{counts[sid]['excluded']}</td></tr>"
        for sid, s in frames["sources"].items()
    )
    recs = data["records"]
    inc_rows = []
    for iid, inc in data["incidents"].items():
        claims = " ".join(f'<a href="{recs[r]["page"]}#{r}">{r}</a>' for r in inc["claims"])
        f = inc["fields"]
        inc_rows.append(
            f'<tr id="{iid}"><td>{iid}</td><td>{html.escape(str(f.get("incident_kind", "")))}</td><td>{html.escape(str(f.get("date_start", "")))}</td>'
            f"<td>{html.escape(str(f.get('description', '')))}</td><td>{'yes' if f.get('disputed') else ''}</td><td>{claims}</td></tr>"
        )
    return (
        _head("Evidence")
        + "<body>\n<header><h1>The evidence: every claim's quote in its source</h1>"
        + "<p>One page per source document, with the quote of every claim record marked. Select a mark to see the record, its incident, its disputes "
        + "and the other claims of that incident.</p>"
        + _legend()
        + "</header>\n<h2>Documents</h2>\n<table><thead><tr><th>document</th><th>source</th><th>published</th><th>claim records</th><th>marks</th>"
        + f"<th>disputed</th><th>excluded sentences</th></tr></thead><tbody>{rows}</tbody></table>\n"
        + "<h2>Incidents and the claims that describe them</h2>\n<table><thead><tr><th>incident</th><th>kind</th><th>from</th><th>description</th>"
        + f"<th>disputed</th><th>claims</th></tr></thead><tbody>{''.join(inc_rows)}</tbody></table>\n"
        + _footer()
        + "\n</body>\n</html>\n"
    )


CSS = """
body { font: 16px/1.5 Georgia, 'DejaVu Serif', serif; margin: 0 auto; max-width: 1280px; padding: 0 1em 2em; color: #222; }
header h1 { font-size: 1.4em; margin: .4em 0 .2em; } header h1 small { font-size: .6em; color: #666; }
.meta, .stats, footer, .hint { font: 13px/1.4 system-ui, 'DejaVu Sans', sans-serif; color: #555; word-break: break-all; }
main { display: flex; gap: 1.5em; align-items: flex-start; }
.text { flex: 3; white-space: pre-wrap; }
aside { flex: 2; position: sticky; top: .5em; max-height: 96vh; overflow: auto; font: 14px/1.4 system-ui, 'DejaVu Sans', sans-serif;
        border-left: 3px solid #ccc; padding: 0 .8em; }
aside h2 { font-size: 1.1em; margin: .6em 0 .3em; } aside h3 { font-size: 1em; margin: .8em 0 .2em; }
aside table, body > table { border-collapse: collapse; font: 13px/1.35 system-ui, 'DejaVu Sans', sans-serif; }
aside td, aside th, body > table td, body > table th { border-bottom: 1px solid #e5e5e5; padding: 2px 6px; text-align: left; vertical-align: top; }
body > table td:nth-child(-n+3), body > table a { white-space: nowrap; }
aside th { color: #666; font-weight: normal; white-space: nowrap; }
mark { cursor: pointer; color: inherit; border-radius: 2px; padding: 0 1px; }
mark mark { box-shadow: inset 0 -3px 0 rgba(0,0,0,.25); }
mark.disputed { text-decoration: underline double #b00020; text-decoration-thickness: 2px; text-underline-offset: 3px; }
mark.selected { outline: 2px solid #000; background-image: linear-gradient(rgba(0,0,0,.08), rgba(0,0,0,.08)); }
mark:focus { outline: 2px dotted #000; }
.excluded { color: #888; background: repeating-linear-gradient(135deg, #f4f4f4 0 6px, #fff 6px 12px); cursor: help; }
.legend { list-style: none; padding: 0; margin: .4em 0; display: flex; flex-wrap: wrap; gap: .5em;
          font: 13px system-ui, 'DejaVu Sans', sans-serif; }
aside .said { font-style: italic; margin: .2em 0; } aside ul { padding-left: 1.2em; margin: .2em 0; }
.excluded-list { font-size: 14px; } .reason { color: #666; font-style: italic; }
footer { margin-top: 2em; border-top: 1px solid #ddd; padding-top: .5em; }
""".strip()

SCRIPT = r"""
"use strict";
const DATA = JSON.parse(document.getElementById("data").textContent);
const panel = document.getElementById("panel");

function el(tag, text, attrs) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) e.textContent = String(text);
  for (const [k, v] of Object.entries(attrs || {})) e.setAttribute(k, v);
  return e;
}
function link(rid) {
  const r = DATA.records[rid];
  if (!r) return el("span", rid);
  const here = r.fields.source_id === DATA.source;
  return el("a", rid + (here ? "" : " (" + r.fields.source_id + ")"), {href: (here ? "" : r.page) + "#" + rid, "data-link": rid});
}
function fieldTable(fields) {
  const t = el("table");
  for (const [k, v] of Object.entries(fields)) {
    const tr = el("tr");
    tr.appendChild(el("th", k));
    const td = el("td");
    if ((k === "record_id" || k === "other_record_id") && DATA.records[v]) td.appendChild(link(v));
    else td.textContent = Array.isArray(v) ? v.join(", ") : String(v);
    tr.appendChild(td);
    t.appendChild(tr);
  }
  return t;
}
function select(rid, scroll) {
  const r = DATA.records[rid];
  if (!r) return;
  document.querySelectorAll("mark.selected").forEach(m => m.classList.remove("selected"));
  const marks = document.querySelectorAll('mark[data-record="' + rid + '"]');
  marks.forEach(m => m.classList.add("selected"));
  if (scroll && marks.length) {
    const box = marks[0].getBoundingClientRect();
    if (box.top < 0 || box.bottom > window.innerHeight) marks[0].scrollIntoView({block: "center"});
  }
  panel.replaceChildren();
  panel.appendChild(el("h2", r.table + " " + rid, {id: "record-title"}));
  const said = r.fields.description || r.fields.summary || r.fields.topic;
  if (said) panel.appendChild(el("p", said, {class: "said"}));
  panel.appendChild(el("h3", "Disputes (" + r.disputes.length + ")"));
  const dl = el("ul", null, {id: "disputes"});
  for (const d of r.disputes) {
    const li = el("li");
    li.appendChild(link(d));
    const f = (DATA.records[d] || {fields: {}}).fields;
    const role = f.record_id === rid ? "disputes this claim" : "cites this claim as the other side";
    li.appendChild(el("span", " " + (f.kind || "") + " by " + (f.disputed_by_id || "?") + ": " + role));
    dl.appendChild(li);
  }
  panel.appendChild(dl);
  const inc = r.incident && DATA.incidents[r.incident];
  panel.appendChild(el("h3", inc ? "Incident " + r.incident : "Incident: none"));
  if (inc) {
    panel.appendChild(el("p", inc.fields.description || "", {class: "said"}));
    const others = inc.claims.filter(c => c !== rid);
    panel.appendChild(el("h3", "Other claims of this incident (" + others.length + ")"));
    const ul = el("ul", null, {id: "incident-claims"});
    for (const c of others) {
      const li = el("li");
      li.appendChild(link(c));
      const o = DATA.records[c];
      if (o) li.appendChild(el("span", " " + o.table + ": " + (o.fields.quote || "")));
      ul.appendChild(li);
    }
    panel.appendChild(ul);
  } else {
    panel.appendChild(el("p", "Not part of any incident: no happening in the incidents table groups this claim."));
  }
  panel.appendChild(el("h3", "The record"));
  panel.appendChild(fieldTable(r.fields));
  if (inc) {
    const more = el("details");
    more.appendChild(el("summary", "The incident " + r.incident));
    more.appendChild(fieldTable(inc.fields));
    panel.appendChild(more);
  }
  if (location.hash !== "#" + rid) history.replaceState(null, "", "#" + rid);
}
document.addEventListener("click", e => {
  const a = e.target.closest("a[data-link]");
  if (a && DATA.records[a.dataset.link] && DATA.records[a.dataset.link].fields.source_id === DATA.source) {
    e.preventDefault();
    select(a.dataset.link, true);
    return;
  }
  const m = e.target.closest("mark[data-record]");
  if (m) select(m.dataset.record, false);
  const x = e.target.closest("span.excluded");
  if (x && !m) {
    panel.replaceChildren(el("h2", "Excluded sentence"), el("p", x.title));
  }
});
document.addEventListener("keydown", e => {
  const m = e.target.closest && e.target.closest("mark[data-record]");
  if (m && (e.key === "Enter" || e.key === " ")) { e.preventDefault(); select(m.dataset.record, false); }
});
function fromHash() {
  const rid = decodeURIComponent(location.hash.slice(1));
  if (DATA.records[rid]) select(rid, true);
}
window.addEventListener("hashchange", fromHash);
fromHash();
""".strip()


LINK_COLUMN = "evidence"
LINK_DESCRIPTION = "Where the quote stands in its source document: the record's mark in the evidence pages (served from a checkout only)."
INCIDENT_LINK_DESCRIPTION = "The incident's row in the evidence pages' index, with links to each of its claims (served from a checkout only)."


def link_records(db: Path, base_url: str) -> int:
    """Add an evidence column to each claim table of a SQLite export (the URL of the record's mark) and to incidents (its row of the index).

    Datasette shows a value that is a whole http(s) URL as a link, so each
    row of a claim table links to its quote. Returns the number of records linked.
    """
    import sqlite3

    from ..schema.registry import RECORD_TABLES, TABLES

    con = sqlite3.connect(db)
    n = 0
    try:
        for table in RECORD_TABLES:
            key = TABLES[table].key
            rows = con.execute(f'SELECT "{key}", source_id FROM "{table}"').fetchall()
            con.execute(f'ALTER TABLE "{table}" ADD COLUMN "{LINK_COLUMN}" TEXT')
            con.executemany(f'UPDATE "{table}" SET "{LINK_COLUMN}" = ? WHERE "{key}" = ?', [(f"{base_url}/{page_name(s)}#{r}", r) for r, s in rows])
            n += len(rows)
        ids = [r for (r,) in con.execute('SELECT incident_id FROM "incidents"')]  # an incident: its row of the index, with its claims
        con.execute(f'ALTER TABLE "incidents" ADD COLUMN "{LINK_COLUMN}" TEXT')
        con.executemany(f'UPDATE "incidents" SET "{LINK_COLUMN}" = ? WHERE incident_id = ?', [(f"{base_url}/index.html#{i}", i) for i in ids])
        con.commit()
    finally:
        con.close()
    return n


def for_datasette(folder: Path, db: Path, base_url: str, raw: Path = Path("raw")) -> Path | None:
    """The evidence pages in folder and the links in db, when served from a checkout; None (and a note) elsewhere."""
    import sys

    if not (Path(raw) / "sources").is_dir():
        return None
    from ..access.annotations import AnnotationError

    try:
        build_site(folder, raw)
    except (AnnotationError, EvidenceError) as err:
        print(f"karabakh-data serve: no evidence links ({err})", file=sys.stderr)
        return None
    link_records(db, base_url)
    return folder
