"""The claims as W3C Web Annotations: ``karabakh-data export --format annotations -o claims.jsonld``.

Annotation tools (Hypothesis, INCEpTION, Recogito) re-anchor a quote in its
text through the W3C Web Annotation model (https://www.w3.org/TR/annotation-model/),
not through the dataset's own quote_start/quote_end columns. This writes one
AnnotationCollection in JSON-LD with one Annotation per claim record: its
target is the source document, named by the SHA-256 of its bytes
(``urn:sha256:...``, as the sources table records it), selected twice, by a
TextQuoteSelector (the quote, with PREFIX_CHARS characters before and after
it) and a TextPositionSelector (start and end in Unicode code points, the
dataset's own offsets); its bodies name the record id (purpose
"identifying") and its table (purpose "classifying").

Where the prefix and suffix come from: the tables hold the quotes and their
offsets but not the full texts, which never ship in a distribution. So the
prefix and suffix are cut at export time from the source texts of a
checkout (raw/sources/), each text first checked against the SHA-256 in the
sources table; the release archive's annotations.jsonld is made the same
way when the release is packed from its checkout. Outside a checkout the
export refuses and says where the file is, rather than write selectors
without their context. Storing the context in the tables would change
their schema for a single export.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

CONTEXT = "http://www.w3.org/ns/anno.jsonld"
PREFIX_CHARS = 32
"""Characters of context on each side of a quote: enough to tell repeated quotes apart, short enough to stay an excerpt."""
FILE_NAME = "annotations.jsonld"


class AnnotationError(Exception):
    """The source texts differ from the ones the tables were built from."""


class NotACheckout(AnnotationError):
    """There are no source texts here: they live only in a checkout of the repository."""


def claim_quotes() -> list[dict]:
    """Every claim record's table, id, source, quote, offsets and incident, ordered by source and position."""
    import pandas as pd

    from ..schema.registry import RECORD_TABLES, TABLES
    from . import load

    rows = []
    for table in RECORD_TABLES:
        df = load(table)
        key = TABLES[table].key
        incident = df["incident_id"] if "incident_id" in df.columns else [None] * len(df)
        for rid, sid, quote, start, end, inc in zip(df[key], df["source_id"], df["quote"], df["quote_start"], df["quote_end"], incident):
            inc = None if pd.isna(inc) else str(inc)
            rows.append(
                {"table": table, "record_id": str(rid), "source_id": str(sid), "quote": str(quote), "start": int(start), "end": int(end), "incident_id": inc}
            )
    return sorted(rows, key=lambda r: (r["source_id"], r["start"], r["end"], r["record_id"]))


def source_texts(raw: Path) -> dict[str, str]:
    """source_id -> full text, read from raw/ of a checkout and checked against the sources table's SHA-256.

    Raises AnnotationError naming every missing or changed file at once.
    """
    from . import load

    raw = Path(raw)
    if not (raw / "sources").is_dir():
        raise NotACheckout(
            f"no source texts here ({raw / 'sources'} does not exist): run this in a checkout of the karabakh-data repository "
            "(the texts never ship in a distribution); nothing written"
        )
    texts, problems = {}, []
    sources = load("sources")
    for sid, file, sha in zip(sources["source_id"], sources["file"], sources["sha256"]):
        path = raw / str(file)
        if not path.is_file():
            problems.append(f"{path}: missing (source {sid})")
            continue
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() != sha:
            problems.append(f"{path}: SHA-256 differs from the sources table (source {sid}); rebuild with `karabakh-data build` after changing a text")
            continue
        texts[str(sid)] = data.decode("utf-8")
    if problems:
        raise AnnotationError("the source texts do not match the data; nothing written:\n  " + "\n  ".join(problems))
    return texts


def annotation(rec: dict, text: str, sha256: str, version: str) -> dict:
    """One claim record as a Web Annotation on its source document."""
    s, e = rec["start"], rec["end"]
    return {
        "id": f"urn:karabakh-data:{version}:{rec['record_id']}",
        "type": "Annotation",
        "motivation": "identifying",
        "body": [
            {"type": "TextualBody", "purpose": "identifying", "value": rec["record_id"]},
            {"type": "TextualBody", "purpose": "classifying", "value": rec["table"]},
        ],
        "target": {
            "source": f"urn:sha256:{sha256}",
            "selector": [
                {"type": "TextQuoteSelector", "exact": text[s:e], "prefix": text[max(0, s - PREFIX_CHARS) : s], "suffix": text[e : e + PREFIX_CHARS]},
                {"type": "TextPositionSelector", "start": s, "end": e},
            ],
        },
    }


def collection(raw: Path) -> dict:
    """The AnnotationCollection of every claim record (one page), from the tables and the checkout's texts.

    A record whose quote is not the text at its offsets is an error, never
    an annotation that points at the wrong words.
    """
    from .._version import __version__
    from . import load

    texts = source_texts(raw)
    sha = dict(zip(load("sources")["source_id"].astype(str), load("sources")["sha256"].astype(str)))
    items, wrong = [], []
    for rec in claim_quotes():
        text = texts[rec["source_id"]]
        if text[rec["start"] : rec["end"]] != rec["quote"]:
            wrong.append(f"{rec['record_id']}: the text at {rec['start']}..{rec['end']} of {rec['source_id']} is not its quote")
            continue
        items.append(annotation(rec, text, sha[rec["source_id"]], __version__))
    if wrong:
        raise AnnotationError("quotes out of place; rebuild with `karabakh-data build`; nothing written:\n  " + "\n  ".join(wrong))
    return {
        "@context": CONTEXT,
        "id": f"urn:karabakh-data:{__version__}:annotations",
        "type": "AnnotationCollection",
        "label": f"karabakh-data {__version__}: the verbatim quote of every claim record in its source document",
        "total": len(items),
        "first": {"type": "AnnotationPage", "startIndex": 0, "items": items},
    }


def write(out: Path, raw: Path) -> int:
    """Write the collection to out (checked before anything is written); returns the number of annotations."""
    doc = collection(raw)
    Path(out).write_text(dumps(doc), encoding="utf-8")
    return doc["total"]


def dumps(doc: dict) -> str:
    """The JSON-LD text: stable key order, so the same data gives the same bytes."""
    return json.dumps(doc, ensure_ascii=False, indent=1) + "\n"
