"""Finding quotes in their source, and splitting sources into sentences.

A quote must occur verbatim. When it does not, the message says whether it
would match with different whitespace or quotation marks, because that is
the usual slip when copying from a browser.
"""

from __future__ import annotations

import re

_QUOTE_MARKS = str.maketrans({"“": '"', "”": '"', "„": '"', "‘": "'", "’": "'", "‚": "'"})


def _loose(s: str) -> str:
    return re.sub(r"\s+", " ", s.translate(_QUOTE_MARKS)).strip()


def _spaces(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def _near_miss(text: str, quote: str) -> str | None:
    """Say what differs when a quote matches only loosely: whitespace, quotation marks or both."""
    differs = []
    if _spaces(quote) in _spaces(text):
        differs = ["whitespace (spaces, tabs or line breaks)"]
    elif quote.translate(_QUOTE_MARKS) in text.translate(_QUOTE_MARKS):
        differs = ["quotation marks (straight vs curly)"]
    elif _loose(quote) and _loose(quote) in _loose(text):
        differs = ["whitespace (spaces, tabs or line breaks)", "quotation marks (straight vs curly)"]
    if not differs:
        return None
    return f"quote not found verbatim: its {' and its '.join(differs)} differ from the source's; copy it exactly from the source"


def occurrences(text: str, quote: str) -> list[int]:
    """Start offsets of every occurrence of quote in text (overlaps included), in time linear in the text.

    Calling str.find again one character after each match costs the
    quote's length per match: a 40 KB quote repeating through a 400 KB
    text took 80 s. Matches can overlap only when the quote is periodic;
    then, from one match, the next can only be a whole period on, or more
    than a period on (a shift that is not a period of the quote cannot
    match). So after a match the period's last characters decide whether
    the next match is one period on, and otherwise the search resumes past
    it. benchmarks/run.py times the worst case.
    """
    m = len(quote)
    if not m:
        return []
    starts: list[int] = []
    period, tail = 0, ""
    i = text.find(quote)
    while i != -1:
        starts.append(i)
        if period and text.startswith(tail, i + m):
            i += period  # the next match, one period on: only its last `period` characters were unchecked
            continue
        nxt = text.find(quote, i + period + 1)
        if not period and nxt != -1 and nxt - i < m:  # an overlap: the quote is periodic
            period = smallest_period(quote)
            tail = quote[m - period :]
        i = nxt
    return starts


def smallest_period(s: str) -> int:
    """The smallest p > 0 with s[k] == s[k + p] for every k (len(s) when none is shorter): the prefix function of Knuth-Morris-Pratt, O(len(s))."""
    border = [0] * len(s)
    k = 0
    for i in range(1, len(s)):
        c = s[i]
        while k and s[k] != c:
            k = border[k - 1]
        if s[k] == c:
            k += 1
        border[i] = k
    return len(s) - (border[-1] if s else 0)


def locate(text: str, quote: str, occurrence: int | None) -> tuple[int, int] | str:
    """Return (start, end) of the quote in text, or the reason it cannot be placed."""
    starts = occurrences(text, quote)
    if not starts:
        return _near_miss(text, quote) or "quote not found in the source text"
    if occurrence is None:
        if len(starts) > 1:
            return f"quote occurs {len(starts)} times in the source; add quote_occurrence (1 to {len(starts)}) or quote a longer span"
        occurrence = 1
    if occurrence > len(starts):
        return f"quote_occurrence {occurrence} but the quote occurs only {len(starts)} time(s)"
    start = starts[occurrence - 1]
    return start, start + len(quote)


_SENTENCE_END = re.compile(r"(?<!\bU\.S\.)(?<!\bMr\.)(?<!\bDr\.)(?<!\bSt\.)(?<=[.!?])[\"”’']?\s+(?=[\"“‘'A-Z0-9])")


def sentences(text: str) -> list[tuple[int, int]]:
    """Spans of the sentences of a text: split at line breaks, then after . ! ?

    The rule is simple on purpose (a coder can predict it); abbreviations
    such as "U.S. Secretary" may split a sentence, which only makes the
    coverage check stricter.
    """
    spans = []
    for line in re.finditer(r"[^\n]+", text):
        start = line.start()
        for cut in _SENTENCE_END.finditer(line.group()):
            end = line.start() + cut.start()
            # keep a closing quotation mark with its sentence
            while end < line.end() and text[end] in "\"”’'":
                end += 1
            spans.append((start, end))
            start = line.start() + cut.end()
        if text[start : line.end()].strip():
            spans.append((start, line.end()))
    return [(s, e) for s, e in ((s, e) for s, e in spans) if text[s:e].strip()]
