"""Attribution cues: who asserts a sentence, who relayed it, and whether it denies something (codebook sections 2 and 13).

The cue words are the codebook's: a named actor who "said", "told",
"announced", "reported", "claimed", "accused", "denied" (subject before the
verb, or after it: "..., State Department spokeswoman Morgan Ortagus said");
"according to X"; a passive with no one named ("it was announced",
"reportedly", "is said to", "have been reported") gives `unattributed`; no
cue at all gives `source-author`. A second named speaker ("X said Y told
him") makes the outer one the intermediary.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .names import Mention

_VERBS = r"said|says|say|told|tells|announced|announces|reported|reports|report|claimed|claims|stated|states|declared|insisted|added|wrote|posted|shared|confirmed|accused|accuses|denied|denies|rejected|rejects|dismissed|warned|called"
_VERB = re.compile(rf"\b({_VERBS})\b")
_ACCORDING = re.compile(r"\baccording\s+to\b", re.I)
_PASSIVE = re.compile(
    r"\b(?:it\s+(?:was|is|has\s+been)\s+(?:announced|reported|said|claimed)|reportedly|(?:is|are|was|were)\s+said\s+to|(?:has|have)\s+been\s+reported|allegedly)\b",
    re.I,
)
_DENIAL = re.compile(
    r"\b(?:denied|denies|deny|rejected|rejects|dismissed|refuted|completely\s+false|untrue|not\s+true|lies?|fabricat\w+|disinformation)\b", re.I
)
_ACCUSE = re.compile(r"\b(?:accused|accuses|accusing|blamed|blames)\b", re.I)


@dataclass(frozen=True)
class Attribution:
    claimant_id: str | None  # None: a named claimant not in the tables (see claimant_text)
    claimant_text: str
    reported_via_id: str | None
    dispute: str | None  # denial, or None
    accusation: bool
    cue: str  # the words that gave the claimant


def _actor_mentions(mentions: list[Mention]) -> list[Mention]:
    return [m for m in mentions if m.kind == "actor"]


def attribute(sentence: str, mentions: list[Mention]) -> Attribution:
    """The proposed claimant, intermediary and dispute of one sentence."""
    actors = _actor_mentions(mentions)
    dispute = "denial" if _DENIAL.search(sentence) else None
    accusation = bool(_ACCUSE.search(sentence))
    speakers: list[tuple[Mention, str]] = []
    for m in _ACCORDING.finditer(sentence):
        after = [a for a in actors if a.start >= m.end() and a.start - m.end() < 40]
        if after:
            speakers.append((after[0], m.group()))
    for m in _VERB.finditer(sentence):
        before = [a for a in actors if a.end <= m.start() and _gap_ok(sentence[a.end : m.start()])]
        after = [a for a in actors if a.start >= m.end() and a.start - m.end() < 60 and _subject_after(sentence, m.start())]
        who = before[-1] if before else (after[-1] if after else None)
        who = _body_of_spokesperson(sentence, actors, who)
        if who is not None:
            speakers.append((who, m.group()))
    speakers.sort(key=lambda x: x[0].start)
    if speakers:
        first, cue = speakers[0]
        inner = [s for s, _ in speakers[1:] if s.id != first.id]
        if inner:  # 'X said Y told him ...': Y claims, X relays
            return Attribution(inner[0].id, inner[0].text, first.id, dispute, accusation, cue)
        return Attribution(first.id, first.text, None, dispute, accusation, cue)
    passive = _PASSIVE.search(sentence)
    if passive:
        return Attribution("unattributed", "", None, dispute, accusation, passive.group())
    return Attribution("source-author", "", None, dispute, accusation, "")


def _gap_ok(gap: str) -> bool:
    """Words between a speaker and the verb: an adverb, an apposition (', the BBC's correspondent,') or a short title, not a new clause."""
    g = gap.strip()
    if not g or re.fullmatch(r"(?:(?:has|have|had|also|officially|again|later|then|publicly|repeatedly)\s*)+", g):
        return True
    if g.startswith(",") and g.endswith(",") and len(g) < 80 and not re.search(r"[.;]", g):
        return True
    return len(g) <= 25 and "," not in g and not re.search(r"\b(?:was|were|is|are|be|been|that|which|who)\b", g)


_SPOKES = re.compile(r"^\s*(?:’s|'s)?\s*(?:spokes(?:wo)?man|spokesperson|press\s+secretary|press\s+service)\s*,?\s*$", re.I)


def _body_of_spokesperson(sentence: str, actors: list[Mention], who: Mention | None) -> Mention | None:
    """A spokesperson voices their body's position: the body is the claimant (codebook 2.1)."""
    if who is None:
        return None
    before = [a for a in actors if a.end <= who.start and _SPOKES.match(sentence[a.end : who.start])]
    return before[-1] if before else who


def _subject_after(sentence: str, verb_start: int) -> bool:
    """'..., said X' / '..., X said': the verb follows a comma or closing quote (an inverted attribution)."""
    return bool(re.search(r"[,\"”’]\s*$", sentence[:verb_start]))
