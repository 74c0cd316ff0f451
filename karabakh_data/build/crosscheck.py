"""The rules across documents and reference tables, each written once: unique and retired ids, references, parent chains, exclusions.

Pydantic sees one record at a time; these rules need every record. They
are driven by the registry: an id is unique in its namespace (actors,
places, incidents and sources each have their own; all claim tables share
one), and every reference the registry declares (registry.Declared.all_references)
must resolve. The rules read columns (Arrow compute), through a `Rows`:

* `BuiltRows`, for the build: reference tables as read, document tables in
  the build's columns; a failing row's line is found by reading that one
  document again.
* `RecordRows`, for a failed run's feedback (feedback.py): every record
  that validated, as ingest read it, with its origin.

Both name the same file, line and field for the same fault. The reference
build of the tests (tests/build/oracle.py) states the rules record by
record and must find the same problems.
"""

from __future__ import annotations

import os
from bisect import bisect_right
from pathlib import Path

from ..schema.registry import BUILD_ORDER, CLAIMS, REFERENCE_FILES
from ..schema.table_specs import TABLES
from .ingest import Origin, RawData, read_file
from .problems import Problem
from .tables import DOC_TABLES, arrow_array

REFERENCE_TABLES = tuple(REFERENCE_FILES.values())
"""The tables of the reference files (actors, places, incidents)."""
ORPHAN = "no records file codes this source text (no source.file names it); write its records file, or remove the text"


def duplicate_id(rid: str, first_file: str, first_line: int) -> str:
    return f"duplicate id '{rid}' (first used at {first_file}:{first_line})"


def retired_id(rid: str, retired: Origin) -> str:
    return f"id '{rid}' belonged to a removed record ({retired.file}:{retired.line}); ids are never reused, pick a new one"


def unknown(target: str, value: object) -> str:
    """A reference to a row of target (a table name, or registry.CLAIMS) that does not exist: 'unknown actor ...'."""
    return f"unknown {kind(target)} '{value}'"


def kind(target: str) -> str:
    """What a row of a table is called in messages: its name in the singular (every table's name is a plural in -s)."""
    return target.removesuffix("s")


def own_ancestor(what: str, rid: str, circle: list[str]) -> str:
    return f"{what} '{rid}' is its own ancestor ({' -> '.join(circle)}); a chain of parents must end"


def missing_stem(stem: str) -> str:
    return f"no registered source has the file name '{stem}.txt'"


EXCLUDED_NOT_FOUND = "excluded sentence not found verbatim in the source"


def namespace(table: str) -> str:
    """Actors, places, incidents and sources each have their own ids; all claims share one."""
    return CLAIMS if TABLES[table].is_claim else table


KEYED = tuple(t for t in BUILD_ORDER if TABLES[t].key)
"""The tables whose rows have an id (meeting_participants has none), in the build's order."""
NAMESPACES = {ns: [t for t in KEYED if namespace(t) == ns] for ns in dict.fromkeys(map(namespace, KEYED))}
"""Each id namespace and its tables, in the order a first use is counted."""


class RecordRows:
    """The rows of validated records (ingest.RawData), with the origin of each."""

    def __init__(self, raw: RawData):
        self.items = {"sources": raw.sources, **{t: getattr(raw, t) for t in REFERENCE_TABLES}, **raw.records}
        self.items["meeting_participants"] = [(part, origin, i) for mt, origin in raw.records["meetings"] for i, part in enumerate(mt.participants)]
        self.retired = raw.retired

    def column(self, table: str, name: str):
        import pyarrow as pa

        return arrow_array([getattr(item[0], name, None) for item in self.items[table]], pa.string())

    def where(self, table: str, row: int, column: str | None = None) -> tuple[str, int, str]:
        item = self.items[table][row]
        origin = item[1]
        if table == "meeting_participants":
            field = f"participants[{item[2]}].{column}"
            return origin.file, origin.raw.line_of(field), f"meetings.{field}"
        line = origin.raw.line_of(column) if column and hasattr(origin.raw, "line_of") else origin.line
        return origin.file, line, f"{table}.{column}"


class BuiltRows:
    """The build's rows: reference tables as read (RawData), document tables as columns (work) with each document's row ranges."""

    def __init__(self, ref: RawData, work: dict, root: Path, docs: list[tuple[Path, dict]]):
        self.refs = RecordRows(RawData(**{t: getattr(ref, t) for t in REFERENCE_TABLES}))
        self.retired = ref.retired
        self.work, self.root = work, root
        self.docs = [(p, rows) for p, rows in docs if rows]
        self.starts = {t: [rows[t][0] for _, rows in self.docs] for t in DOC_TABLES}
        self._read: dict = {}

    def column(self, table: str, name: str):
        if table in REFERENCE_TABLES:
            return self.refs.column(table, name)
        tbl = self.work[table]
        return tbl.column(name).combine_chunks() if name in tbl.column_names else None

    def where(self, table: str, row: int, column: str | None = None) -> tuple[str, int, str]:
        if table in REFERENCE_TABLES:
            return self.refs.where(table, row, column)
        i = bisect_right(self.starts[table], row) - 1
        path, rows = self.docs[i]
        if path not in self._read:
            self._read[path] = read_file(path, self.root, RawData())
        data, display = self._read[path]
        if table == "sources":
            node = data["source"]
        elif table == "meeting_participants":
            mp = self.work[table]
            k, part = mp.column("_meeting")[row].as_py(), mp.column("_part")[row].as_py()
            field = f"participants[{part}].{column}"
            return display, data["meetings"][k].line_of(field), f"meetings.{field}"
        else:
            node = data[table][row - rows[table][0]]
        return display, node.line_of(column) if column else node.line, f"{table}.{column}"


def id_problems(rows) -> list[Problem]:
    """Every id unique in its namespace, and no claim id one that belonged to a removed record."""
    import pyarrow as pa
    import pyarrow.compute as pc

    problems = []
    retired = arrow_array(list(rows.retired), pa.string())
    for ns, tables in NAMESPACES.items():
        keys = [(t, TABLES[t].key, rows.column(t, TABLES[t].key)) for t in tables]
        ids = pa.chunked_array([col for _, _, col in keys], type=pa.string())
        check_retired = ns == CLAIMS and len(retired)
        if pc.count_distinct(ids).as_py() == len(ids) and not (check_retired and pc.any(pc.is_in(ids, value_set=retired)).as_py()):
            continue  # the common case, decided in columns
        first: dict[str, tuple[str, int]] = {}
        for table, key, col in keys:
            for row, rid in enumerate(col.to_pylist()):
                if rid in first:
                    file, line, _ = rows.where(table, row, key)
                    pfile, pline, _ = rows.where(*first[rid])
                    problems.append(Problem(file, line, key, duplicate_id(rid, pfile, pline)))
                    continue
                if check_retired and rid in rows.retired:
                    file, line, _ = rows.where(table, row, key)
                    problems.append(Problem(file, line, key, retired_id(rid, rows.retired[rid])))
                first[rid] = (table, row)
    return problems


def reference_problems(rows) -> list[Problem]:
    """Every reference the registry declares that a coder writes resolves to a row of its target (registry.CLAIMS: any claim record)."""
    import pyarrow as pa
    import pyarrow.compute as pc

    problems, spaces = [], {}
    for table in TABLES:
        for column, target in TABLES[table].references:
            if TABLES[table].column(column).computed:
                continue  # set by the build itself (a claim's source_id: the document it is in), not written by a coder
            col = rows.column(table, column)
            if col is None:
                continue
            if target not in spaces:
                names = NAMESPACES[CLAIMS] if target == CLAIMS else [target]
                spaces[target] = pa.concat_arrays([rows.column(t, TABLES[t].key) for t in names])
            bad = pc.and_(pc.is_valid(col), pc.invert(pc.is_in(col, value_set=spaces[target])))
            if not pc.any(bad).as_py():
                continue
            for row in pc.indices_nonzero(bad).to_pylist():
                file, line, field = rows.where(table, row, column)
                problems.append(Problem(file, line, field, unknown(target, col[row].as_py())))
    return problems


def cycle_problems(rows) -> list[Problem]:
    """An actor or place that is its own parent, or its own ancestor: every member of the circle is a problem."""
    problems = []
    for table in REFERENCE_TABLES:
        if dict(TABLES[table].references).get("parent_id") != table:
            continue
        ids = rows.column(table, TABLES[table].key).to_pylist()
        parent = dict(zip(ids, rows.column(table, "parent_id").to_pylist()))
        for row, rid in enumerate(ids):
            chain, cur = [rid], parent[rid]
            while cur is not None and cur in parent and cur not in chain:
                chain.append(cur)
                cur = parent[cur]
            if cur == rid:
                file, line, field = rows.where(table, row, "parent_id")
                problems.append(Problem(file, line, field, own_ancestor(kind(table), rid, [*chain, rid])))
    return problems


def exclusion_problems(exclusions: dict, by_stem: dict[str, str], text_of) -> list[Problem]:
    """Each excluded sentence is in its source text. text_of(source_id) gives the text, or None when it could not be read (reported elsewhere)."""
    problems = []
    for stem, items in exclusions.items():
        text = text_of(by_stem.get(stem, ""))
        for sentence, _, origin in items:
            if stem not in by_stem:
                problems.append(Problem(origin.file, origin.line, "exclusions", missing_stem(stem)))
                break
            if text is not None and sentence not in text:
                problems.append(Problem(origin.file, origin.line, "exclusions.sentence", EXCLUDED_NOT_FOUND))
    return problems


def orphan_texts(root: Path, coded: set[str]) -> list[Problem]:
    """A problem for every source text under root/sources that no records file names (links are stray files: rawtree.py)."""
    shown = f"{root.name}/" if root.name else ""
    texts = sorted(p for p in (root / "sources").glob("*.txt") if not p.is_symlink() and p.name.isprintable())  # others: stray files
    return [Problem(f"{shown}sources/{p.name}", 0, "", ORPHAN) for p in texts if os.path.normpath(f"sources/{p.name}") not in coded]


def record_problems(rows) -> list[Problem]:
    """The rules on ids, references and parent chains."""
    return id_problems(rows) + reference_problems(rows) + cycle_problems(rows)


def cross_checks(root: Path, ref: RawData, work: dict, docs: list[tuple[Path, dict]], failed: dict) -> list[Problem]:
    """Every rule across documents and reference tables, on the build's columns."""
    problems = record_problems(BuiltRows(ref, work, root, docs))
    by_stem, text_file, coded = _texts(root, work, docs, failed)
    problems += orphan_texts(root, {os.path.normpath(f) for f in coded})

    def text_of(sid: str) -> str | None:
        f = text_file.get(sid)
        return (root / f).read_bytes().decode("utf-8") if f is not None else None

    return problems + exclusion_problems(ref.exclusions, by_stem, text_of)


def _texts(root: Path, work: dict, docs: list, failed: dict) -> tuple[dict, dict, set]:
    """The source each records file codes (by its text's file stem), the texts that passed their checks, and every text named."""
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
    return by_stem, text_file, coded
