"""Sentence coverage: no fact of a source can be silently skipped.

Each source is split into sentences (quotes.sentences). A sentence is
covered when at least one record's quote overlaps it, or excluded when the
source's exclusions file lists it with a reason. Anything else is a gap.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..build.documents import check_quotes, check_sources
from ..build.ingest import RECORD_LISTS, read_raw
from ..build.quotes import sentences
from ..schema.table_specs import TABLES


@dataclass
class SentenceStatus:
    source_id: str
    start: int
    end: int
    text: str
    status: str  # covered, excluded, uncovered
    cited_by: tuple[str, ...] = ()
    reason: str = ""


def sentence_status(raw_dir: Path, problems: list | None = None) -> list[SentenceStatus]:
    """Status of every sentence; problems that hide records are appended to problems."""
    raw = read_raw(raw_dir)
    found: list = list(raw.problems)
    texts = check_sources(raw, raw_dir, found)
    check_quotes(raw, texts, found)
    if problems is not None:
        problems.extend(found)
    spans: dict[str, list[tuple[int, int, str]]] = {}
    for table in RECORD_LISTS:
        key = TABLES[table].key
        for rec, _ in raw.records[table]:
            rid = getattr(rec, key)
            if rec.quote_end > rec.quote_start:
                spans.setdefault(rec.source_id, []).append((rec.quote_start, rec.quote_end, rid))
    stems = {Path(s.file).stem: s.source_id for s, _ in raw.sources}
    excluded = {stems.get(stem): {s: r for s, r, _ in items} for stem, items in raw.exclusions.items()}
    out = []
    for src, _ in sorted(raw.sources, key=lambda x: x[0].source_id):
        text = texts.get(src.source_id)
        if text is None:
            continue
        for s, e in sentences(text):
            sent = text[s:e]
            cited = tuple(sorted({rid for qs, qe, rid in spans.get(src.source_id, []) if qs < e and qe > s}))
            reason = excluded.get(src.source_id, {}).get(sent.strip(), "")
            status = "covered" if cited else "excluded" if reason else "uncovered"
            out.append(SentenceStatus(src.source_id, s, e, sent, status, cited, reason))
    return out


def coverage_report(raw_dir: Path, show_all: bool = False) -> tuple[str, bool]:
    problems: list = []
    rows = sentence_status(raw_dir, problems)
    lines = [f"problem: {p}" for p in sorted(set(problems))]
    for source_id in sorted({r.source_id for r in rows}):
        mine = [r for r in rows if r.source_id == source_id]
        counts = {k: sum(r.status == k for r in mine) for k in ("covered", "excluded", "uncovered")}
        lines.append(f"{source_id}: {len(mine)} sentences, {counts['covered']} covered, {counts['excluded']} excluded, {counts['uncovered']} uncovered")
        for r in mine:
            if show_all or r.status == "uncovered":
                tag = {"covered": "+", "excluded": "x", "uncovered": "!"}[r.status]
                extra = ", ".join(r.cited_by) if r.cited_by else r.reason
                lines.append(f"  {tag} [{r.start}:{r.end}] {r.text[:90]}{'...' if len(r.text) > 90 else ''}" + (f"  ({extra})" if extra else ""))
    gaps = sum(r.status == "uncovered" for r in rows)
    if problems:
        lines.append(f"coverage unreliable: {len(set(problems))} problem(s) hide records or sources; fix them first")
    elif gaps:
        lines.append(f"coverage incomplete: {gaps} sentence(s) neither cited nor excluded")
    else:
        lines.append("coverage complete: every sentence is covered or excluded")
    return "\n".join(lines), gaps == 0 and not problems
