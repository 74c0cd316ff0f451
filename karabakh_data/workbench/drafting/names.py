"""Actors and places named in a sentence, found through the alias tables (raw/actors.yaml, raw/places.yaml).

Three passes, each a proposal a coder checks:

1. exact: an alias occurs in the sentence (case, accents and typographic
   variants folded, as resolve() folds them), longest alias first;
2. fuzzy and reordered: a capitalised name left over is compared with every
   alias by rapidfuzz's token_sort_ratio after dropping "of", "the" and the
   possessive, so "Ministry of Defense of Azerbaijan" finds "Azerbaijan's
   Defense Ministry" and "Mnatsakanian" finds "Mnatsakanyan";
3. new: a capitalised name that matches nothing is proposed as a new actor
   or place (a place after "in", "at", "near", "from", "to").
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

FUZZY_CUTOFF = 86  # token_sort_ratio on 0..100; 'Mnatsakanian'/'Mnatsakanyan' is 92, 'Armenia'/'Romania' 71
_FOLD = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "`": "'", "“": '"', "”": '"', "ı": "i", "–": "-", "—": "-", "‐": "-"})
_STOP = {"of", "the", "'s", "s", "and"}
_NAME = re.compile(r"(?:[A-Z][\w’'.-]*(?:’s|'s)?)(?:\s+(?:(?:of|the|for)\s+)*[A-Z][\w’'.-]*(?:’s|'s)?)*")
_PLACE_CUE = re.compile(r"(?<!according )\b(?:in|at|near|from|to|into|around|outside|across|over)\s+(?:the\s+)?$", re.I)
_TITLES = re.compile(
    r"^(?:(?:Colonel|General|Major|Captain|Lieutenant|President|Prime|Foreign|Defense|Defence|Minister|Ministers|Secretary|Spokesman|Spokeswoman|Mr|Mrs|Ms|Dr|Photojournalist|Journalist|Correspondent)\.?\s+)+"
)
_NOT_NAMES = {
    "The", "A", "An", "He", "She", "It", "They", "We", "I", "But", "And", "On", "In", "At", "As", "After", "Before", "This", "That",
    "These", "Those", "Its", "His", "Her", "Their", "Our", "If", "When", "While", "Since", "According", "However", "Meanwhile",
    "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February", "March", "April", "May",
    "June", "July", "August", "September", "October", "November", "December", "There", "Even", "Both", "Some", "Several",
    "Yesterday", "Today", "Local", "Earlier", "Later", "Also", "Other", "One", "Two", "Three",
}  # fmt: skip


def fold(text: str) -> str:
    """Case-, accent- and typography-insensitive form, one character per character of text (offsets survive)."""
    out = []
    for ch in text.translate(_FOLD):
        base = unicodedata.normalize("NFKD", ch)
        base = "".join(c for c in base if not unicodedata.combining(c)) or ch
        out.append(base[0].casefold()[0])
    return "".join(out)


def _rapidfuzz():
    from ...extras import require

    return require("rapidfuzz.fuzz"), require("rapidfuzz.process")


def _trim(sentence: str, m: re.Match) -> tuple[int, str]:
    """A capitalised run without sentence-initial words, titles ('Colonel'), a final full stop or a possessive."""
    s, text = m.start(), m.group().rstrip(".")
    if text.endswith(("’s", "'s")):
        text = text[:-2]
    words = text.split()
    while words and words[0] in _NOT_NAMES:
        s += len(words[0]) + 1
        words = words[1:]
    text = " ".join(words)
    title = _TITLES.match(text)
    if title and title.end() < len(text):
        s, text = s + title.end(), text[title.end() :]
    return s, text


def _key(name: str) -> str:
    words = re.findall(r"[\w.-]+|'s", fold(name))
    return " ".join(sorted(w for w in words if w not in _STOP))


@dataclass(frozen=True)
class Entry:
    """One spelling of one actor or place."""

    kind: str  # "actor" or "place"
    id: str
    alias: str


@dataclass(frozen=True)
class Mention:
    """A name found in a sentence: what it resolves to (id None: a proposed new entry) and how."""

    kind: str
    id: str | None
    text: str
    start: int  # offsets within the sentence
    end: int
    how: str  # exact, fuzzy (score), new
    score: float = 100.0


class Gazetteer:
    """The alias tables, ready for matching."""

    def __init__(self, actors: dict[str, list[str]], places: dict[str, list[str]], place_parents: dict[str, str | None] | None = None):
        self.place_parents = place_parents or {}
        self.entries = [Entry("actor", i, a) for i, names in actors.items() for a in names]
        self.entries += [Entry("place", i, a) for i, names in places.items() for a in names]
        self.entries.sort(key=lambda e: (-len(e.alias), e.kind, e.id, e.alias))
        self.patterns = [(e, re.compile(r"(?<![\w])" + re.escape(fold(e.alias)) + r"(?![\w])")) for e in self.entries if len(e.alias) > 1]
        self.keys = [_key(e.alias) for e in self.entries]
        self.scores: dict = {}

    def find(self, sentence: str) -> list[Mention]:
        folded = fold(sentence)
        taken = [False] * len(sentence)
        found: list[Mention] = []
        spans: dict[tuple[int, int], list[Entry]] = {}
        for entry, pattern in self.patterns:
            for m in pattern.finditer(folded):
                s, e = m.span()
                if " " not in entry.alias and entry.alias[0].isupper() and not sentence[s].isupper():
                    continue  # a one-word proper name must be capitalised in the text too ('Turkey', not 'turkey')
                if any(taken[s:e]) and (s, e) not in spans:
                    continue
                spans.setdefault((s, e), []).append(entry)
                for i in range(s, e):
                    taken[i] = True
        self._prefer_longer(sentence, spans, taken)
        for (s, e), entries in spans.items():
            score = self.scores.pop((sentence, s, e), None)
            for entry in self._widest({(x.kind, x.id): x for x in entries}.values()):
                found.append(Mention(entry.kind, entry.id, sentence[s:e], s, e, "exact" if score is None else "fuzzy", score or 100.0))
        found += self._others(sentence, taken)
        return sorted(found, key=lambda m: (m.start, m.kind, m.id or ""))

    def _widest(self, entries) -> list[Entry]:
        """The entries of one span, less a place whose ancestor the same name also names: 'Lachin', the district and
        its city, is proposed as the district, the bound the text allows (codebook: nothing more precise than the text)."""
        named = {e.id for e in entries if e.kind == "place"}
        return [e for e in entries if e.kind != "place" or not (self._ancestors(e.id) & named)]

    def _ancestors(self, place_id: str) -> set[str]:
        out, cur = set(), self.place_parents.get(place_id)
        while cur is not None and cur not in out:
            out.add(cur)
            cur = self.place_parents.get(cur)
        return out

    def _prefer_longer(self, sentence: str, spans: dict, taken: list[bool]) -> None:
        """A reordered or respelled multi-word name ('Ministry of Defense of Azerbaijan') wins over the shorter alias inside it ('Azerbaijan')."""
        fuzz, process = _rapidfuzz()

        for m in _NAME.finditer(sentence):
            s, text = _trim(sentence, m)
            e = s + len(text)
            inner = [k for k in spans if s <= k[0] and k[1] <= e]
            if len(text.split()) < 2 or (s, e) in spans or not inner:
                continue
            best = process.extractOne(_key(text), self.keys, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF)
            longest = max(len(spans[k][0].alias.split()) for k in inner)
            if best and len(self.entries[best[2]].alias.split()) > longest:
                for k in inner:
                    del spans[k]
                spans[(s, e)] = [self.entries[best[2]]]
                self.scores[(sentence, s, e)] = round(best[1], 1)
                for i in range(s, e):
                    taken[i] = True

    def _others(self, sentence: str, taken: list[bool]) -> list[Mention]:
        """Capitalised names the exact pass left: fuzzy or reordered matches, else proposed new entries."""
        fuzz, process = _rapidfuzz()

        out = []
        for m in _NAME.finditer(sentence):
            s, text = _trim(sentence, m)
            e = s + len(text)
            words = text.split()
            if len(text) < 3 or any(taken[s:e]) or text in _NOT_NAMES or not text[0].isupper() or re.search(r"\d", text):
                continue
            best = process.extract(_key(text), self.keys, scorer=fuzz.token_sort_ratio, score_cutoff=FUZZY_CUTOFF, limit=4)
            if best:
                top = best[0][1]
                hits = {(self.entries[i].kind, self.entries[i].id): self.entries[i] for _, score, i in best if score == top}
                out += [Mention(en.kind, en.id, text, s, s + len(text), "fuzzy", round(top, 1)) for en in hits.values()]
            elif not (not sentence[:s].strip(" [(\"“‘'") and len(words) == 1):  # a lone capitalised first word is usually not a name
                kind = "place" if _PLACE_CUE.search(sentence[:s]) else "actor"
                out.append(Mention(kind, None, text, s, s + len(text), "new", 0.0))
        return out
