"""`karabakh-data draft`: a first draft of a new document's records, for a coder to review.

It reads a text and proposes, sentence by sentence, what the codebook asks
a coder to look up: actors and places from the alias tables, dates resolved
against the publication date, figures and their qualifiers, the claimant,
intermediary and dispute from attribution cues, a table, and existing
incidents the sentence may describe. Every proposal is marked `draft:`; the
build refuses a record that still carries the mark (build/ingest.py, unmark), so
nothing drafted enters the data unreviewed. Rules, not a model: the same
text gives the same draft, and nothing is downloaded.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from .core import Draft, draft_text, reference
from .render import render

__all__ = ["Draft", "draft_file", "draft_text", "reference", "render"]


def draft_file(document: Path, published: dt.date, raw: Path, source_id: str | None = None) -> str:
    """The draft records file of a document, as text."""
    from ..add_source import default_source_id

    document = Path(document)
    data = document.read_bytes()
    text = data.decode("utf-8")
    gazetteer, known = reference(raw)
    sid = source_id or default_source_id(document)
    d = draft_text(text, published, gazetteer, known, sid, f"sources/{document.name}", hashlib.sha256(data).hexdigest())
    return render(d, document.name)
