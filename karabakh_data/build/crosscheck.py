"""Checks across documents and the reference tables, in columns (Arrow compute): ids, references, exclusions.

When one fails, the line is found by reading that one document again, so
every message names the file and line exactly as the reference build does
(tests/build/test_incremental.py compares them).
"""

from __future__ import annotations

import os
from pathlib import Path

from ..schema.table_specs import ACTOR_FIELDS, INCIDENT_FIELDS, PLACE_FIELDS, RECORD_FIELDS, TABLES
from .checks import check_ids, check_references, duplicate_id, exclusion_problems, orphan_texts, retired_id, unknown
from .columns import DOC_TABLES, arrow_array
from .ingest import RECORD_LISTS, RawData, read_file
from .problems import Problem


class _Origins:
    """Where row r of a table came from: its file and its YAML node (read again on demand)."""

    def __init__(self, root: Path, docs: list[tuple[Path, dict]]):
        from bisect import bisect_right

        self.root, self._bisect = root, bisect_right
        self.docs = [(p, rows) for p, rows in docs if rows]
        self.starts = {t: [rows[t][0] for _, rows in self.docs] for t in DOC_TABLES}
        self._data: dict = {}

    def where(self, table: str, row: int) -> tuple[Path, int]:
        i = self._bisect(self.starts[table], row) - 1
        path, rows = self.docs[i]
        return path, row - rows[table][0]

    def node(self, table: str, row: int, sub: tuple = ()):
        """(file as shown in messages, the record's Located mapping)."""
        path, pos = self.where(table, row)
        if path not in self._data:
            self._data[path] = read_file(path, self.root, RawData())
        data, display = self._data[path]
        node = data["source"] if table == "sources" else data["meetings" if table == "meeting_participants" else table][sub[0] if sub else pos]
        return display, node


def _ids_problems(ref: RawData, work: dict, origins: _Origins, problems: list[Problem]) -> None:
    """checks.check_ids, with the document tables in columns."""
    import pyarrow as pa
    import pyarrow.compute as pc

    check_ids(RawData(actors=ref.actors, places=ref.places, incidents=ref.incidents), problems)
    seen: dict = {}
    for row, sid in enumerate(work["sources"].column("source_id").to_pylist()):
        if sid in seen:
            display, node = origins.node("sources", row)
            pdisp, pnode = origins.node("sources", seen[sid])
            problems.append(Problem(display, node.line_of("source_id"), "source_id", duplicate_id(sid, pdisp, pnode.line)))
        else:
            seen[sid] = row
    keys = [(t, TABLES[t].key) for t in RECORD_LISTS]
    ids = pa.chunked_array([c for t, k in keys for c in work[t].column(k).chunks], type=pa.string())
    retired = arrow_array(list(ref.retired), pa.string())
    if pc.count_distinct(ids).as_py() == len(ids) and not (len(retired) and pc.any(pc.is_in(ids, value_set=retired)).as_py()):
        return
    seen = {}
    for t, key in keys:  # the reference loop, only when something is wrong
        for row, rid in enumerate(work[t].column(key).to_pylist()):
            if rid in seen:
                display, node = origins.node(t, row)
                pt, prow = seen[rid]
                pdisp, pnode = origins.node(pt, prow)
                problems.append(Problem(display, node.line_of(key), key, duplicate_id(rid, pdisp, pnode.line)))
                continue
            if rid in ref.retired:
                r = ref.retired[rid]
                display, node = origins.node(t, row)
                problems.append(Problem(display, node.line_of(key), key, retired_id(rid, r)))
            seen[rid] = (t, row)


def _unknown(col, space):
    """Rows whose value is set and not in space."""
    import pyarrow.compute as pc

    bad = pc.and_(pc.is_valid(col), pc.invert(pc.is_in(col, value_set=space)))
    if not pc.any(bad).as_py():
        return []
    return pc.indices_nonzero(bad).to_pylist()


def _reference_problems(ref: RawData, work: dict, origins: _Origins, problems: list[Problem]) -> None:
    """checks.check_references, with the document tables in columns."""
    import pyarrow as pa

    check_references(RawData(actors=ref.actors, places=ref.places, incidents=ref.incidents), {}, problems)
    incidents = arrow_array([i.incident_id for i, _ in ref.incidents], pa.string())
    actors = arrow_array([a.actor_id for a, _ in ref.actors], pa.string())
    places = arrow_array([p.place_id for p, _ in ref.places], pa.string())
    events = work["events"].column("event_id").combine_chunks()
    claims = pa.concat_arrays([work[t].column(TABLES[t].key).combine_chunks() for t in RECORD_LISTS])
    for table in RECORD_LISTS:
        tbl = work[table]
        fields = [(f, actors, "actor") for f in ACTOR_FIELDS] + [(f, places, "place") for f in PLACE_FIELDS]
        fields += [(f, incidents, "incident") for f in INCIDENT_FIELDS]
        if table != "events":
            fields.append(("event_id", events, "event"))
        fields += [(f, claims, "record") for f in RECORD_FIELDS]
        for f, space, what in fields:
            if f not in tbl.column_names:
                continue
            col = tbl.column(f)
            for row in _unknown(col, space):
                display, node = origins.node(table, row)
                problems.append(Problem(display, node.line_of(f), f"{table}.{f}", unknown(what, col[row].as_py())))
    mp = work["meeting_participants"]
    for row in _unknown(mp.column("actor_id"), actors):
        k, i = mp.column("_meeting")[row].as_py(), mp.column("_part")[row].as_py()
        display, node = origins.node("meeting_participants", row, (k,))
        field = f"participants[{i}].actor_id"
        problems.append(Problem(display, node.line_of(field), f"meetings.{field}", unknown("actor", mp.column("actor_id")[row].as_py())))


def _exclusion_problems(root: Path, ref: RawData, work: dict, docs: list, failed: dict, problems: list[Problem]) -> None:
    """checks.check_exclusions: by_stem and texts as the reference builds them, texts read on demand."""
    sources = work["sources"]
    files = iter(sources.column("file").to_pylist())
    sids = iter(sources.column("source_id").to_pylist())
    by_stem: dict[str, str] = {}
    text_file: dict[str, str] = {}
    coded: set[str] = set()  # every source.file a records file names, its text good or not
    for path, rows in docs:
        doc = failed.get(path.relative_to(root.parent).as_posix())
        if rows:
            f, sid = next(files), next(sids)
            ok = doc is None or doc.text_ok
        elif doc is None or doc.source_id is None:
            continue
        else:
            f, sid, ok = doc.source_file, doc.source_id, doc.text_ok
        by_stem[Path(f).stem] = sid
        coded.add(f)
        if ok:
            text_file[sid] = f

    shown = f"{root.name}/" if root.name else ""
    problems += orphan_texts(root, shown, {os.path.normpath(f) for f in coded})

    def text_of(sid: str) -> str | None:
        f = text_file.get(sid)
        return (root / f).read_bytes().decode("utf-8") if f is not None else None

    exclusion_problems(ref.exclusions, by_stem, text_of, problems)


def cross_checks(root: Path, ref: RawData, work: dict, docs: list[tuple[Path, dict]], failed: dict) -> list[Problem]:
    """Every check of checks.check_all that needs more than one document."""
    problems: list[Problem] = []
    origins = _Origins(root, docs)
    _ids_problems(ref, work, origins, problems)
    _reference_problems(ref, work, origins, problems)
    _exclusion_problems(root, ref, work, docs, failed, problems)
    return problems
