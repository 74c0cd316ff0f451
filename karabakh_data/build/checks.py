"""The build's rules on records, written record by record: ids, references, source hashes, quotes, exclusions.

Pydantic sees one record at a time; these rules need more. The build runs
check_sources and check_quotes on each document (documents.py), and
check_ids and check_references on the reference tables (crosscheck.py,
which checks the document tables' ids and references in columns);
exclusion_problems is the exclusion rule of both. The reference build of
the tests (tests/build/oracle.py) runs every one of them on the whole dataset.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from ..schema import models as m
from ..schema.table_specs import ACTOR_FIELDS, INCIDENT_FIELDS, PLACE_FIELDS, RECORD_FIELDS, TABLES
from .ingest import RECORD_LISTS, Origin, RawData
from .problems import Problem
from .quotes import locate
from .rawio import MAX_FILE_BYTES


def duplicate_id(rid: str, first_file: str, first_line: int) -> str:
    """The message of an id used twice in its namespace (both build paths: checks and crosscheck)."""
    return f"duplicate id '{rid}' (first used at {first_file}:{first_line})"


def retired_id(rid: str, retired: Origin) -> str:
    """The message of an id that belonged to a removed record (retired_ids.yaml)."""
    return f"id '{rid}' belonged to a removed record ({retired.file}:{retired.line}); ids are never reused, pick a new one"


def unknown(what: str, value: object) -> str:
    """The message of a reference that resolves to nothing."""
    return f"unknown {what} '{value}'"


def _line(origin: Origin, field: str) -> int:
    raw = origin.raw
    return raw.line_of(field) if hasattr(raw, "line_of") else origin.line


def _key(table: str) -> str:
    return TABLES[table].key


def _namespace(table: str) -> str:
    """Actors, places and sources each have their own ids; all claims share one."""
    return table if table in ("actors", "places", "incidents", "sources") else "records"


def check_ids(raw: RawData, problems: list[Problem]) -> dict[str, str]:
    """Every id unique in its namespace and not retired; return record id -> table."""
    seen: dict[tuple[str, str], Origin] = {}
    record_tables: dict[str, str] = {}
    groups = [("actors", raw.actors), ("places", raw.places), ("incidents", raw.incidents), ("sources", raw.sources)]
    groups += [(t, raw.records[t]) for t in RECORD_LISTS]
    for table, items in groups:
        key = _key(table)
        for rec, origin in items:
            rid = getattr(rec, key)
            slot = (_namespace(table), rid)
            if slot in seen:
                prev = seen[slot]
                problems.append(Problem(origin.file, _line(origin, key), key, duplicate_id(rid, prev.file, prev.line)))
                continue
            if rid in raw.retired and _namespace(table) == "records":
                r = raw.retired[rid]
                problems.append(Problem(origin.file, _line(origin, key), key, retired_id(rid, r)))
            seen[slot] = origin
            if _namespace(table) == "records":
                record_tables[rid] = table
    return record_tables


def check_sources(raw: RawData, root: Path, problems: list[Problem]) -> dict[str, str]:
    """Hash of each source file matches; return source_id -> text."""
    texts = {}
    sources_dir = (root / "sources").resolve()
    for src, origin in raw.sources:
        stem = Path(origin.file).stem
        if stem != src.source_id:
            problems.append(
                Problem(
                    origin.file,
                    _line(origin, "source_id"),
                    "source.source_id",
                    f"source_id '{src.source_id}' does not match the file name '{stem}.yaml'; records/<source_id>.yaml holds one source",
                )
            )
        path = (root / src.file).resolve()
        if not path.is_relative_to(sources_dir):
            problems.append(Problem(origin.file, _line(origin, "file"), "source.file", f"path '{src.file}' is outside raw/sources/"))
            continue
        if not path.is_file():
            problems.append(Problem(origin.file, _line(origin, "file"), "source.file", f"file '{src.file}' does not exist (or is not a regular file)"))
            continue
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            problems.append(Problem(origin.file, _line(origin, "file"), "source.file", f"{src.file} is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}"))
            continue
        try:
            data = path.read_bytes()
        except OSError as err:
            reason = f"{src.file} cannot be read ({(err.strerror or str(err)).lower()}); make it readable"
            problems.append(Problem(origin.file, _line(origin, "file"), "source.file", reason))
            continue
        digest = hashlib.sha256(data).hexdigest()
        if digest != src.sha256:
            problems.append(
                Problem(
                    origin.file,
                    _line(origin, "sha256"),
                    "source.sha256",
                    f"SHA-256 of {src.file} is {digest}, not {src.sha256}: the text changed; re-check its quotes, then update the hash",
                )
            )
            continue
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as e:
            problems.append(Problem(origin.file, _line(origin, "file"), "source.file", f"{src.file} is not valid UTF-8 (offset {e.start})"))
            continue
        src.char_count = len(text)
        texts[src.source_id] = text
    return texts


def check_quotes(raw: RawData, texts: dict[str, str], problems: list[Problem]) -> None:
    """Place every quote in its source; store quote_start and quote_end."""
    for table in RECORD_LISTS:
        for rec, origin in raw.records[table]:
            text = texts.get(rec.source_id)
            if text is None:
                continue  # the source itself failed; reported there
            found = locate(text, rec.quote, rec.quote_occurrence)
            if isinstance(found, str):
                problems.append(Problem(origin.file, _line(origin, "quote"), f"{table}.quote", found))
            else:
                m.fill(rec, quote_start=found[0], quote_end=found[1])


def _ref(problems, origin, table, field, value, space, what):
    if value is not None and value not in space:
        problems.append(Problem(origin.file, _line(origin, field), f"{table}.{field}", unknown(what, value)))


def parent_cycles(items: list, table: str, what: str, problems: list[Problem]) -> None:
    """An actor or place that is its own parent, or its own ancestor: every member of the circle is a problem."""
    key = _key(table)
    parent = {getattr(rec, key): (rec.parent_id, origin) for rec, origin in items}
    for rid, (pid, origin) in parent.items():
        chain, cur = [rid], pid
        while cur is not None and cur in parent and cur not in chain:
            chain.append(cur)
            cur = parent[cur][0]
        if cur == rid:
            circle = " -> ".join([*chain, rid])
            problems.append(
                Problem(
                    origin.file, _line(origin, "parent_id"), f"{table}.parent_id", f"{what} '{rid}' is its own ancestor ({circle}); a chain of parents must end"
                )
            )


def check_references(raw: RawData, ids: dict[str, str], problems: list[Problem]) -> None:
    """Every actor, place, event, meeting and record reference resolves."""
    actors = {a.actor_id for a, _ in raw.actors}
    places = {p.place_id for p, _ in raw.places}
    events = {r.event_id for r, _ in raw.records["events"]}
    claim_ids = set(ids)
    for a, origin in raw.actors:
        _ref(problems, origin, "actors", "parent_id", a.parent_id, actors, "actor")
    for p, origin in raw.places:
        _ref(problems, origin, "places", "parent_id", p.parent_id, places, "place")
    parent_cycles(raw.actors, "actors", "actor", problems)
    parent_cycles(raw.places, "places", "place", problems)
    incidents = {i.incident_id for i, _ in raw.incidents}
    for i, origin in raw.incidents:
        _ref(problems, origin, "incidents", "place_id", i.place_id, places, "place")
        _ref(problems, origin, "incidents", "possibly_same_as", i.possibly_same_as, incidents, "incident")
    for table in RECORD_LISTS:
        for rec, origin in raw.records[table]:
            for f in ACTOR_FIELDS:
                _ref(problems, origin, table, f, getattr(rec, f, None), actors, "actor")
            for f in PLACE_FIELDS:
                _ref(problems, origin, table, f, getattr(rec, f, None), places, "place")
            for f in INCIDENT_FIELDS:
                _ref(problems, origin, table, f, getattr(rec, f, None), incidents, "incident")
            _ref(problems, origin, table, "event_id", getattr(rec, "event_id", None) if table != "events" else None, events, "event")
            for f in RECORD_FIELDS:
                _ref(problems, origin, table, f, getattr(rec, f, None), claim_ids, "record")
            for i, part in enumerate(getattr(rec, "participants", [])):
                _ref(problems, origin, table, f"participants[{i}].actor_id", part.actor_id, actors, "actor")


ORPHAN = "no records file codes this source text (no source.file names it); write its records file, or remove the text"


def orphan_texts(root: Path, shown: str, coded: set[str]) -> list[Problem]:
    """A problem for every source text under root/sources that no records file names (links are stray files: rawtree.py)."""
    texts = sorted(p for p in (root / "sources").glob("*.txt") if not p.is_symlink() and p.name.isprintable())  # others: stray files
    return [Problem(f"{shown}sources/{p.name}", 0, "", ORPHAN) for p in texts if os.path.normpath(f"sources/{p.name}") not in coded]


def exclusion_problems(exclusions: dict, by_stem: dict[str, str], text_of, problems: list[Problem]) -> None:
    """The exclusion rule itself, shared with crosscheck: text_of(source_id) gives
    the source text, or None when the text could not be read (reported elsewhere)."""
    for stem, items in exclusions.items():
        text = text_of(by_stem.get(stem, ""))
        for sentence, _, origin in items:
            if stem not in by_stem:
                problems.append(Problem(origin.file, origin.line, "exclusions", f"no registered source has the file name '{stem}.txt'"))
                break
            if text is not None and sentence not in text:
                problems.append(Problem(origin.file, origin.line, "exclusions.sentence", "excluded sentence not found verbatim in the source"))
