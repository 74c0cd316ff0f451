"""The draft as a records file in the raw format, every proposal marked `draft:`.

Strings are written as JSON strings (valid YAML double-quoted scalars), so a
quote is copied exactly, curly quotation marks and all. The analysis of
each sentence (names, dates, figures, cues, candidate incidents) is written
as comments above the records it gave, for the coder to check.
"""

from __future__ import annotations

import datetime as dt
import json

from .core import Draft, SentenceDraft, quote_occurrence, when
from .tables import event_type

MARK = "proposed by karabakh-data draft; check every field against the text and the codebook, then delete this line"
PREFIX = {"events": "ev", "casualties": "cas", "materiel": "mat", "meetings": "mtg", "territory": "ter", "statements": "st", "disputes": "dis"}
KEY = {
    "events": "event_id",
    "casualties": "casualty_id",
    "materiel": "materiel_id",
    "meetings": "meeting_id",
    "territory": "territory_id",
    "statements": "statement_id",
    "disputes": "dispute_id",
}


def _s(value) -> str:
    if value is None:
        return "null"
    if isinstance(value, (int, float, dt.date)):
        return str(value)
    if isinstance(value, list):
        return json.dumps(value, ensure_ascii=False)
    return json.dumps(str(value), ensure_ascii=False)


def render(d: Draft, document: str) -> str:
    lines = [
        f"# DRAFT records proposed by `karabakh-data draft` from {document} (published {d.published}).",
        "# Nothing here is coded yet: every block carries `draft:`, and the build refuses it until a",
        "# coder has checked each field against the text and the codebook and deleted that line.",
        "# Codebook: docs/codebook.md. Schema: schemas/records.schema.json.",
    ]
    for kind, where in (("actor", "raw/actors.yaml"), ("place", "raw/places.yaml")):
        new = d.proposed_new(kind)
        if new:
            lines.append(f"# Names that match no {kind} (propose each in {where}, or add it as an alias): " + "; ".join(new))
    lines += [
        "source:",
        f"  draft: {_s(MARK)}",
        f"  source_id: {d.source_id}",
        f"  file: {d.file}",
        f"  sha256: {d.sha256}",
        "  publisher: null",
        "  title: null",
        f"  published_date: {d.published}",
        f"  date_basis: {_s('given to karabakh-data draft --published; replace with the internal evidence for the date')}",
        "  language: en",
        "",
        "# --- sentences: number [start:end] text, then what the draft found ---",
    ]
    for s in d.sentences:
        lines += _analysis(s)
    counters: dict[str, int] = {}
    blocks: dict[str, list[str]] = {t: [] for t in PREFIX}
    for s in d.sentences:
        for table in s.tables:
            counters[table] = counters.get(table, 0) + 1
            blocks[table] += _record(d, s, table, f"{PREFIX[table]}-{d.source_id.removeprefix('src-')}-{counters[table]:02d}")
    for table, body in blocks.items():
        lines.append("")
        lines += [f"{table}:", *body] if body else [f"{table}: []"]
    return "\n".join(lines) + "\n"


def _analysis(s: SentenceDraft) -> list[str]:
    out = [f"# S{s.number:03d} [{s.start}:{s.end}] {' '.join(s.text.split())}"]
    for kind in ("actor", "place"):
        ms = [m for m in s.mentions if m.kind == kind]
        if ms:
            out.append(f"#   {kind}s: " + "; ".join(f"{m.text!r} -> {m.id or 'NEW'} ({m.how}{'' if m.how == 'exact' else f' {m.score:g}'})" for m in ms))
    for d in s.dates:
        out.append(f"#   date: {d.phrase!r} -> {d.date_start}..{d.date_end} {d.precision}, {d.basis} ({d.rule})")
    for f in s.figures:
        bounds = f"low {f.low}, best {f.best}, high {f.high}"
        out.append(f"#   figure: {f.phrase!r} {f.qualifier} ({bounds}){' ' + f.unit if f.unit else ''} {f.noun}".rstrip())
    a = s.attribution
    cue = f" (cue {a.cue!r})" if a.cue else ""
    out.append(
        f"#   claimant: {a.claimant_id or 'NEW ' + repr(a.claimant_text)}{cue}"
        + (f"; via {a.reported_via_id}" if a.reported_via_id else "")
        + (f"; {a.dispute}" if a.dispute else "")
    )
    out.append(f"#   tables: {', '.join(s.tables) or 'none (exclude with a reason, or code by hand)'}")
    for inc, why in s.incidents:
        out.append(f"#   candidate incident: {inc} ({why})")
    return out


def _record(d: Draft, s: SentenceDraft, table: str, rid: str) -> list[str]:
    a = s.attribution
    d0, d1, precision, basis, phrase = when(s, d.published)
    actors = s.ids("actor")
    places = s.ids("place")
    fields: list[tuple[str, object]] = [
        ("draft", f"S{s.number:03d}: {MARK}"),
        (KEY[table], rid),
        ("claimant_id" if table != "disputes" else "disputed_by_id", a.claimant_id),
    ]
    if a.reported_via_id:
        fields.append(("reported_via_id", a.reported_via_id))
    fields += _specific(s, table, actors)
    fields.append(("quote", s.text))
    occ = quote_occurrence(d.text, s.text, s.start)
    if occ:
        fields.append(("quote_occurrence", occ))
    fields += [("date_start", d0), ("date_end", d1), ("date_precision", precision), ("date_basis", basis)]
    if phrase:
        fields.append(("date_phrase", phrase))
    if places and table != "disputes":
        fields.append(("place_id", places[0]))
    if s.incidents and table != "disputes":
        fields += [("incident_id", s.incidents[0][0]), ("incident_basis", "same_place_time_actors")]
    body = [f"  - {fields[0][0]}: {_s(fields[0][1])}"]
    body += [f"    {k}: {_s(v)}" for k, v in fields[1:]]
    return body + [""]


def _specific(s: SentenceDraft, table: str, actors: list[str]) -> list[tuple[str, object]]:
    """The table's own fields the draft can propose; the rest the coder adds."""
    a = s.attribution
    others = [x for x in actors if x not in (a.claimant_id, a.reported_via_id)]
    fig = next((f for f in s.figures if f.unit is None), None)
    if table == "events":
        kind = event_type(s.text)
        out = [("event_type", kind[0]), ("sub_event_type", kind[1])] if kind else []
        return out + [("actor1_id", others[0] if others else None), ("actor2_id", others[1] if len(others) > 1 else None)]
    if table in ("casualties", "materiel"):
        out = [("party_id", others[0] if others else None)]
        if fig:
            out += [("count_low", fig.low), ("count_best", fig.best), ("count_high", fig.high), ("count_qualifier", fig.qualifier)]
            if fig.qualifier == "vague":
                out.append(("count_phrase", fig.phrase.lower()))
        since = next((x for x in s.dates if x.since), None)
        if table == "casualties" and since:
            out += [("count_kind", "cumulative"), ("period_start", since.date_start), ("period_end", since.date_end)]
        return out
    if table == "meetings":
        return [("participants", [{"actor_id": x} for x in others] or None)]
    if table == "territory":
        pct = next((f for f in s.figures if f.unit), None)
        return [("value_num", pct.best if pct else None), ("unit", pct.unit if pct else None), ("value_qualifier", pct.qualifier if pct else None)]
    if table == "statements":
        return [("statement_type", "accusation" if a.accusation else None), ("subject_id", others[0] if others else None)]
    if table == "disputes":
        return [("kind", a.dispute or "contradiction"), ("record_id", None)]
    return []
