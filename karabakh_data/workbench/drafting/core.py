"""The draft of one text: every sentence with what was found in it and the records proposed."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from ...build.quotes import occurrences, sentences
from ...schema.base import WAR_START
from .cues import Attribution, attribute
from .dates import DateFind, find_dates
from .figures import Figure, find_figures
from .names import Gazetteer, Mention
from .tables import KnownIncident, candidates, propose_tables


@dataclass
class SentenceDraft:
    number: int
    start: int
    end: int
    text: str
    mentions: list[Mention]
    dates: list[DateFind]
    figures: list[Figure]
    attribution: Attribution
    tables: list[str]
    incidents: list[tuple[str, str]] = field(default_factory=list)

    def ids(self, kind: str) -> list[str]:
        return sorted({m.id for m in self.mentions if m.kind == kind and m.id})


@dataclass
class Draft:
    source_id: str
    file: str
    sha256: str
    published: dt.date
    sentences: list[SentenceDraft]
    text: str

    def proposed_new(self, kind: str) -> list[str]:
        seen: dict[str, None] = {}
        for s in self.sentences:
            for m in s.mentions:
                if m.kind == kind and m.id is None:
                    seen.setdefault(m.text)
        return list(seen)


def reference(raw: Path) -> tuple[Gazetteer, list[KnownIncident]]:
    """The alias tables and the existing incidents, read from raw/ as the build reads them."""
    from ...build.ingest import read_raw

    data = read_raw(Path(raw))
    actors = {a.actor_id: list(dict.fromkeys([a.name, *a.aliases])) for a, _ in data.actors}
    places = {p.place_id: list(dict.fromkeys([p.name, *p.aliases])) for p, _ in data.places}
    parents = {p.place_id: p.parent_id for p, _ in data.places}
    return Gazetteer(actors, places, parents), _known_incidents(data)


def _known_incidents(data) -> list[KnownIncident]:
    spans: dict[str, list] = {}
    people: dict[str, set] = {}
    for items in data.records.values():
        for rec, _ in items:
            inc = getattr(rec, "incident_id", None)
            if not inc or rec.date_start is None:
                continue
            spans.setdefault(inc, []).append((rec.date_start, rec.date_end))
            ids = {getattr(rec, f, None) for f in ("actor1_id", "actor2_id", "party_id", "mediator_id")}
            ids |= {p.actor_id for p in getattr(rec, "participants", [])}
            people.setdefault(inc, set()).update(i for i in ids if i)
    out = []
    for inc, _ in data.incidents:
        ds = spans.get(inc.incident_id, [])
        d0 = min((a for a, _ in ds), default=None)
        d1 = max((b for _, b in ds), default=None)
        out.append(KnownIncident(inc.incident_id, inc.incident_kind, inc.place_id, d0, d1, frozenset(people.get(inc.incident_id, ()))))
    return out


def draft_text(text: str, published: dt.date, gazetteer: Gazetteer, known: list[KnownIncident], source_id: str, file: str, sha256: str = "") -> Draft:
    """Analyse every sentence of text (the function the tests measure)."""
    out = []
    for n, (s, e) in enumerate(sentences(text), 1):
        sentence = text[s:e]
        mentions = gazetteer.find(sentence)
        dates = find_dates(sentence, published)
        figures = find_figures(sentence, [(d.start, d.end) for d in dates])
        who = attribute(sentence, mentions)
        victim = any(m.id is None and len(m.text.split()) > 1 for m in mentions)
        tables = propose_tables(sentence, bool(figures), victim, who.claimant_id != "source-author", who.dispute is not None, who.accusation)
        sd = SentenceDraft(n, s, e, sentence, mentions, dates, figures, who, tables)
        d0, d1 = when(sd, published)[:2]
        actors, places = set(sd.ids("actor")), set(sd.ids("place"))
        seen: dict[str, str] = {}
        for table in tables:
            for inc, why in candidates(table, d0, d1, places, actors, known):
                seen.setdefault(inc, why)
        sd.incidents = list(seen.items())  # the first table's best candidates first
        out.append(sd)
    return Draft(source_id, file, sha256 or hashlib.sha256(text.encode()).hexdigest(), published, out, text)


def when(sd: SentenceDraft, published: dt.date) -> tuple[dt.date, dt.date, str, str, str | None]:
    """The proposed date_start, date_end, precision, basis and phrase of a sentence's record."""
    dated = [d for d in sd.dates if not d.since]
    if dated:
        d = dated[0]
        return d.date_start, d.date_end, d.precision, d.basis, d.phrase
    start = WAR_START if published >= WAR_START else published
    precision = "day" if start == published else ("days" if (published - start).days <= 8 else "range")
    return start, published, precision, "bounded_by_claim", None


def quote_occurrence(text: str, quote: str, start: int) -> int | None:
    """quote_occurrence for a sentence that occurs more than once in the text (None when once)."""
    starts = occurrences(text, quote)
    return starts.index(start) + 1 if len(starts) > 1 else None
