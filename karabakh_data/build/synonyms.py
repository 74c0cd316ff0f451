"""Vocabulary values by meaning: what a coder may type for the value the schema calls it.

A mistyped value is matched by spelling (difflib) and, first, by meaning:
"injured" is close in spelling to "captured" but means "wounded". Kept free
of imports so that the record reader (ingest.py) can use it.
"""

from __future__ import annotations

SYNONYMS = {
    "injured": "wounded", "hurt": "wounded", "wounds": "wounded",
    "dead": "killed", "died": "killed", "death": "killed", "deaths": "killed", "fatalities": "killed",
    "disappeared": "missing", "lost": "missing",
    "detained": "captured", "prisoner": "captured", "prisoners": "captured", "taken_prisoner": "captured", "kidnapped": "captured",
    "soldiers": "military", "troops": "military", "army": "military", "civilians": "civilian", "people": "unknown",
    "telephone": "phone_call", "phone": "phone_call", "call": "phone_call", "in-person": "in_person", "face_to_face": "in_person",
    "planned": "scheduled", "occurred": "held", "took_place": "held", "canceled": "cancelled",
    "denied": "denial", "contradicts": "contradiction",
    "approximately": "about", "around": "about", "some": "about", "over": "more_than", "at_most": "up_to",
    "stated": "explicit", "reported": "explicit",
}  # fmt: skip
"""A value a coder may type for the vocabulary value it means."""


def meaning(given: str, allowed: list[str]) -> str | None:
    """The vocabulary value a mistyped one means, by the synonym table (None if it has none)."""
    target = SYNONYMS.get(str(given).strip().lower().replace(" ", "_"))
    return target if target in allowed and target != given else None
