"""Figures in a sentence with their qualifiers, and vague number words with the codebook's bounds (section 8.1).

A figure is proposed as count_low / count_best / count_high and a
count_qualifier exactly as the codebook's table reads the wording; a vague
word ("hundreds") takes its bounds from the schema's VAGUE_BOUNDS, the one
place they are written. Numbers inside dates, times, years, ages and
equipment names ("T-72") are not figures.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...schema.vocabularies import VAGUE_BOUNDS

_WORDS = {
    "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11,
    "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a dozen": 12, "a hundred": 100, "a thousand": 1000, "half a million": 500_000,
}  # fmt: skip
_SCALE = {"thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
_NUMBER = r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?|" + "|".join(sorted(_WORDS, key=len, reverse=True)) + r")(?:\s+(thousand|million|billion))?"
_QUALIFIERS = [
    ("at_least", r"at\s+least(?:\s+some)?"),
    ("more_than", r"(?:slightly\s+)?(?:more|over)\s+than|over"),
    ("up_to", r"up\s+to"),
    ("about", r"about|some|around|nearly|almost|approximately|roughly|an\s+estimated"),
]
_QUAL = "|".join(f"(?P<{k}>{p})" for k, p in _QUALIFIERS)
_FIGURE = re.compile(rf"(?<![\w:-])(?:(?:{_QUAL})\s+)?{_NUMBER}(?![\w-]|:\d)", re.I)
_RANGE = re.compile(rf"\bbetween\s+{_NUMBER}\s+and\s+{_NUMBER}\b", re.I)
_VAGUE = re.compile(r"\b(" + "|".join(VAGUE_BOUNDS) + r")\s+(?:of\s+)?(?=\w)", re.I)
_UNIT = re.compile(r"\s*(percent|%|km2|square\s+kilometers|km|kilometers)?\s*(?:of\s+)?(?:the\s+)?((?:[A-Za-z-]+\s+){0,2}[A-Za-z-]+)?")


@dataclass(frozen=True)
class Figure:
    phrase: str
    start: int
    end: int
    qualifier: str  # exact, at_least, more_than, about, up_to, range, vague
    best: int | float | None
    low: int | float | None
    high: int | float | None
    unit: str | None
    noun: str  # the words after the figure ('soldiers', 'T-72 tanks')


def _value(number: str, scale: str | None) -> int | float:
    n = number.lower()
    v = _WORDS[n] if n in _WORDS else float(n.replace(",", ""))
    v *= _SCALE[scale.lower()] if scale else 1
    return int(v) if float(v).is_integer() else v


def _after(sentence: str, end: int) -> tuple[str | None, str]:
    m = _UNIT.match(sentence, end)
    unit = m.group(1)
    unit = {"%": "percent", "square kilometers": "km2", "kilometers": "km"}.get(unit.lower() if unit else "", unit)
    return unit, (m.group(2) or "").strip()


def find_figures(sentence: str, skip: list[tuple[int, int]]) -> list[Figure]:
    """Every figure and vague quantity, skipping the spans given (dates), in text order."""
    taken = [False] * len(sentence)
    for s, e in skip:
        for i in range(s, min(e, len(sentence))):
            taken[i] = True
    out: list[Figure] = []

    def free(s, e):
        return not any(taken[s:e])

    def take(s, e):
        for i in range(s, e):
            taken[i] = True

    for m in _RANGE.finditer(sentence):
        if free(*m.span()):
            unit, noun = _after(sentence, m.end())
            out.append(Figure(m.group(), m.start(), m.end(), "range", None, _value(m.group(1), m.group(2)), _value(m.group(3), m.group(4)), unit, noun))
            take(*m.span())
    for m in _FIGURE.finditer(sentence):
        s, e = m.span()
        number, scale = m.group(len(_QUALIFIERS) + 1), m.group(len(_QUALIFIERS) + 2)
        if not free(s, e) or _not_a_figure(sentence, m.start(len(_QUALIFIERS) + 1), m.end(), number):
            continue
        qualifier = next((k for k, _ in _QUALIFIERS if m.group(k)), "exact")
        v = _value(number, scale)
        unit, noun = _after(sentence, e)
        low = v if qualifier in ("at_least", "more_than") else None
        high = v if qualifier == "up_to" else None
        out.append(Figure(m.group(), s, e, qualifier, v, low, high, unit, noun))
        take(s, e)
    for m in _VAGUE.finditer(sentence):
        if free(*m.span()):
            word = m.group(1).lower()
            low, high = VAGUE_BOUNDS[word]
            unit, noun = _after(sentence, m.end() - 1)
            out.append(Figure(m.group(1), m.start(), m.start() + len(m.group(1)), "vague", None, low, high, None, noun))
    return sorted(out, key=lambda f: f.start)


def _not_a_figure(sentence: str, s: int, e: int, number: str) -> bool:
    """Years, clock times, ages after a name ('Tevfik, 63,') and ordinals are not figures."""
    if re.fullmatch(r"(?:1[89]|20)\d\d", number) and not re.match(r"\s*(?:people|soldiers|civilians|troops|percent)", sentence[e:]):
        return True
    if re.match(r"\s*:\s*\d", sentence[e:]) or re.match(r"(?:st|nd|rd|th)\b", sentence[e:]):
        return True
    if re.search(r"\b(?:the|its|their|his|her)\s+$", sentence[:s], re.I):
        return True  # 'the two sides', 'its 13th day'
    if re.search(r"[A-Z][a-z]+,\s*$", sentence[:s]) and re.match(r"\s*,", sentence[e:]):
        return True  # an age: 'Guliyeva Tevfik, 63,'
    return False
