"""Which table a sentence's record belongs in (codebook sections 7-13), and the existing incidents it may describe (section 17).

Keyword rules, written to be read: a loss of people with a figure or a
victim is a casualty, a loss of equipment is materiel, a meeting or call is
a meeting, control or share of land is territory, violence is an event, a
denial is a dispute, and any other attributed sentence is a statement. A
sentence may propose several tables (a shoot-down is an event and a
materiel loss). The proposal is where the coder starts, not a coding.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

_CASUALTY = re.compile(r"\b(?:killed|died|dead|deaths?|wounded|injured|casualties|missing|captured|prisoners?|lost\s+their\s+lives)\b", re.I)
_PEOPLE = re.compile(r"\b(?:soldiers?|civilians?|people|troops|servicemen|militiamen|fighters|residents|children|women|men|persons?)\b", re.I)
_EQUIPMENT = re.compile(
    r"\b(?:tanks?|aircraft|planes?|jets?|drones?|UAVs?|helicopters?|armou?red\s+vehicles?|vehicles|artillery\s+(?:systems?|pieces?)|howitzers?|launchers?|air\s+defen[cs]e\s+systems?)\b",
    re.I,
)
_LOSS = re.compile(r"\b(?:destroyed|shot\s+down|downed|seized|captured|disabled|intercepted|neutrali[sz]ed|lost)\b", re.I)
_MEETING = re.compile(r"\b(?:met|meet|meets|meeting|talks|phone\s+call|telephone|spoke\s+(?:by\s+phone|with)|video\s+call|hosted|summit|negotiations)\b", re.I)
_TERRITORY = re.compile(
    r"\b(?:percent\s+of\s+(?:its|the|Azerbaijan|Armenia)\S*\s+territory|territory|under\s+(?:the\s+)?control|occupied|occupation|square\s+kilomet\w+|km2|took\s+control|liberated|recaptured)\b",
    re.I,
)
_VIOLENCE = re.compile(
    r"\b(?:cease-?fires?|truce|shell\w*|struck|strikes?|attack\w*|fired|firing|clash\w*|fighting|fought|bomb\w*|missiles?|rockets?|artillery|shot\s+down|hit|offensive|battles?|explosions?)\b",
    re.I,
)

EVENT_TYPES = [  # (words, event_type, sub_event_type): the first that matches is proposed
    (re.compile(r"\bshot\s+down|intercepted|downed\b", re.I), "strategic_developments", "disrupted_weapons_use"),
    (re.compile(r"\bshell\w*|artillery|missiles?|rockets?\b", re.I), "explosions_remote_violence", "shelling_artillery_missile_attack"),
    (re.compile(r"\bair\s*strikes?|drone\s+strikes?|bomb\w*\b", re.I), "explosions_remote_violence", "air_drone_strike"),
    (re.compile(r"\bcease-?fires?|truce|agreement\b", re.I), "strategic_developments", "agreement"),
    (re.compile(r"\bclash\w*|fighting|fought|battles?|offensive\b", re.I), "battles", "armed_clash"),
]
INCIDENT_KINDS = {
    "events": {"strike", "clash", "interception", "seizure", "other"},
    "casualties": {"death", "strike", "clash"},
    "materiel": {"interception", "seizure", "strike"},
    "meetings": {"meeting"},
}


def propose_tables(sentence: str, has_figure: bool, has_victim: bool, attributed: bool, dispute: bool, accusation: bool = False) -> list[str]:
    """The tables a sentence's records may go in, most specific first; [] proposes an exclusion."""
    out = []
    if _CASUALTY.search(sentence) and (has_figure or has_victim or _PEOPLE.search(sentence)):
        out.append("casualties")
    if _EQUIPMENT.search(sentence) and _LOSS.search(sentence):
        out.append("materiel")
    if _MEETING.search(sentence):
        out.append("meetings")
    if _TERRITORY.search(sentence):
        out.append("territory")
    if _VIOLENCE.search(sentence):
        out.append("events")
    if dispute:
        out.append("disputes")
    if (not out and attributed) or accusation:
        out.insert(0, "statements")
    return out


def event_type(sentence: str) -> tuple[str, str] | None:
    for words, kind, sub in EVENT_TYPES:
        if words.search(sentence):
            return kind, sub
    return None


@dataclass(frozen=True)
class KnownIncident:
    """An existing incident as its claims describe it: dates, place, actors and kind."""

    incident_id: str
    kind: str
    place_id: str | None
    date_start: dt.date | None
    date_end: dt.date | None
    actors: frozenset


MAX_CANDIDATES = 3
PRIMARY_KIND = {"casualties": "death", "meetings": "meeting", "materiel": "interception"}  # preferred among equally alike


def candidates(table: str, d0, d1, places: set, actors: set, known: list[KnownIncident]) -> list[tuple[str, str]]:
    """Existing incidents a proposed record may describe: overlapping dates, and two of the same place, actors or kind;
    the most alike first (more reasons, the table's own kind, the same place, the narrowest dates), at most MAX_CANDIDATES."""
    out = []
    for inc in known:
        if d0 is None or inc.date_start is None or d0 > inc.date_end or d1 < inc.date_start:
            continue
        reasons = []
        if inc.place_id and inc.place_id in places:
            reasons.append(f"same place {inc.place_id}")
        shared = sorted(inc.actors & actors)
        if shared:
            reasons.append("same actors " + ", ".join(shared))
        if inc.kind in INCIDENT_KINDS.get(table, ()):
            reasons.append(f"same kind {inc.kind}")
        if len(reasons) >= 2:
            span = (inc.date_end - inc.date_start).days
            out.append(
                (
                    -len(reasons),
                    inc.kind != PRIMARY_KIND.get(table),
                    not reasons[0].startswith("same place"),
                    span,
                    inc.incident_id,
                    f"dates overlap {inc.date_start}..{inc.date_end}; " + "; ".join(reasons),
                )
            )
    return [(inc, why) for *_, inc, why in sorted(out)[:MAX_CANDIDATES]]
