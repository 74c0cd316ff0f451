"""Dates in a sentence, resolved against the publication date by the codebook's rules (section 5.3).

Each date found keeps the words it came from (phrase), the resolved
bounds, the precision and the basis, and says in `rule` which rule gave it,
so the coder can check the resolution instead of redoing it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

MONTHS = {
    m: i for i, m in enumerate(("january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"), 1)
}
WEEKDAYS = {d: i for i, d in enumerate(("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"))}
_MONTH = r"(January|February|March|April|May|June|July|August|September|October|November|December)"
_WEEKDAY = r"(Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_FUTURE = re.compile(
    r"\b(will|would|shall|is to|are to|is due to|are due to|is scheduled to|are scheduled to|plans? to|is expected to|are expected to|next)\b", re.I
)
_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "a": 1}


@dataclass(frozen=True)
class DateFind:
    phrase: str
    start: int  # offsets within the sentence
    end: int
    date_start: dt.date | None
    date_end: dt.date | None
    precision: str
    basis: str
    rule: str
    since: bool = False  # "since <date>": the start of a running count (a casualty's period_start)


def _year_for(month: int, day: int, published: dt.date) -> int:
    """A date without a year: the publication's year, or the year before if it would lie months ahead."""
    year = published.year
    try:
        if dt.date(year, month, day) > published + dt.timedelta(days=62):
            year -= 1
    except ValueError:
        pass
    return year


def _future(sentence: str, at: int) -> bool:
    """Future tense near the weekday: a future word in the words just before it, with no reporting verb in between."""
    window = sentence[max(0, at - 60) : at]
    cue = None
    for found in _FUTURE.finditer(window):
        cue = found
    return cue is not None and not re.search(r"\b(?:said|told|announced|reported)\b", window[cue.end() :])


def _day(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def find_dates(sentence: str, published: dt.date) -> list[DateFind]:
    """Every date phrase of the sentence, in text order, without overlaps (longest rule first)."""
    found: list[DateFind] = []
    taken = [False] * len(sentence)

    def add(m: re.Match, d0, d1, precision, basis, rule, since=False):
        s, e = m.span()
        if d0 is None or any(taken[s:e]):
            return
        found.append(DateFind(m.group(), s, e, d0, d1, precision, basis, rule, since))
        for i in range(s, e):
            taken[i] = True

    pub = published
    for m in re.finditer(rf"\bsince\s+(?:{_WEEKDAY}\s*\(?\s*)?{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\)?", sentence):
        month, day = MONTHS[m.group(2).lower()], int(m.group(3))
        d0 = _day(int(m.group(4)) if m.group(4) else _year_for(month, day, pub), month, day)
        add(m, d0, pub, "range", "explicit", "since a stated day: from that day to publication", since=True)
    for m in re.finditer(r"\b(?:in|over|during|within)\s+the\s+(?:last|past)\s+(24|48|72)\s+hours\b", sentence, re.I):
        days = int(m.group(1)) // 24
        add(m, pub - dt.timedelta(days=days), pub, "days", "relative", f"the last {m.group(1)} hours: publication - {days} to publication")
    for m in re.finditer(rf"\b(?:on\s+)?(?:{_WEEKDAY},?\s*\(?\s*)?{_MONTH}\s+(\d{{1,2}})(?:st|nd|rd|th)?(?:,?\s+(\d{{4}}))?\)?", sentence):
        month, day = MONTHS[m.group(2).lower()], int(m.group(3))
        year = int(m.group(4)) if m.group(4) else _year_for(month, day, pub)
        d = _day(year, month, day)
        add(m, d, d, "day", "explicit", "a stated day" + ("" if m.group(4) else f" (year {year} from the publication date)"))
    for m in re.finditer(rf"\b(?:on\s+)?(\d{{1,2}})\s+{_MONTH}(?:\s+(\d{{4}}))?\b", sentence):
        month, day = MONTHS[m.group(2).lower()], int(m.group(1))
        year = int(m.group(3)) if m.group(3) else _year_for(month, day, pub)
        d = _day(year, month, day)
        add(m, d, d, "day", "explicit", "a stated day")
    for m in re.finditer(r"\b(?:the\s+)?day\s+before\s+yesterday\b", sentence, re.I):
        add(m, pub - dt.timedelta(days=2), pub - dt.timedelta(days=2), "day", "relative", "the day before yesterday: publication - 2")
    for m in re.finditer(r"\byesterday\b", sentence, re.I):
        add(m, pub - dt.timedelta(days=1), pub - dt.timedelta(days=1), "day", "relative", "yesterday: publication - 1")
    for m in re.finditer(r"\b(?:today|tonight|this\s+(?:morning|afternoon|evening))\b", sentence, re.I):
        add(m, pub, pub, "day", "relative", "today: the publication date")
    for m in re.finditer(r"\b(one|two|three|four|five|six|seven|a|\d)\s+days?\s+ago\b", sentence, re.I):
        n = _WORDS.get(m.group(1).lower()) or int(m.group(1))
        d = pub - dt.timedelta(days=n)
        add(m, d, d, "day", "relative", f"{n} day(s) ago: publication - {n}")
    for m in re.finditer(rf"\b(?:(?:on|last|next|this)\s+)?{_WEEKDAY}(?:\s+(?:morning|afternoon|evening|night))?\b", sentence):
        target = WEEKDAYS[m.group(1).lower()]
        word = m.group().split()[0].lower()
        if word == "next" or (word != "last" and _future(sentence, m.start())):
            delta = (target - pub.weekday()) % 7 or 7
            d, rule = pub + dt.timedelta(days=delta), f"future tense: the next {m.group(1)} after publication"
        else:
            delta = (pub.weekday() - target) % 7
            d, rule = pub - dt.timedelta(days=delta), f"past tense: the latest {m.group(1)} on or before publication"
        add(m, d, d, "day", "relative", rule)
    for m in re.finditer(rf"\b(?:in|since|by)\s+{_MONTH}\s+(\d{{4}})\b", sentence):
        month, year = MONTHS[m.group(1).lower()], int(m.group(2))
        last = dt.date(year + month // 12, month % 12 + 1, 1) - dt.timedelta(days=1)
        add(m, dt.date(year, month, 1), last, "month", "explicit", "a stated month")
    for m in re.finditer(r"\b(?:in|since|by|until)\s+((?:19|20)\d\d)(?!\s*(?:percent|%|people|soldiers))\b", sentence, re.I):
        year = int(m.group(1))
        add(m, dt.date(year, 1, 1), dt.date(year, 12, 31), "year", "explicit", "a stated year")
    return sorted(found, key=lambda f: f.start)
