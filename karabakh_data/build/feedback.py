"""Every problem of a failed run, each with its fix.

The build stops reading at the first stage that fails (a model error keeps
the quote and reference checks from running), so a coder would fix errors
in rounds. When a run fails, complete() also runs the record-by-record
checks (documents.py, crosscheck.py) on every record that did validate, drops the problems
that only echo another one (a reference to a record that failed its own
validation), and adds to each problem the fix a coder needs:

* an unknown id says where such ids are added and offers the nearest known ids;
* a name written where an id is expected ("place_id: Moscow") names the id it resolves to;
* a mistyped vocabulary value is matched by meaning as well as by spelling
  (schema.vocabularies.SYNONYMS: "injured" means "wounded").
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from dataclasses import replace
from pathlib import Path

from .problems import Problem

WHERE = {"actor": "raw/actors.yaml", "place": "raw/places.yaml", "incident": "raw/incidents.yaml"}
_UNKNOWN = re.compile(r"^unknown ([a-z_]+) '([^']*)'$")  # crosscheck.unknown's words
_FOLD = str.maketrans({"’": "'", "‘": "'", "–": "-", "—": "-"})


def complete(raw_dir: Path, problems: list[Problem]) -> list[Problem]:
    """The problems of a failed run, completed with the later stages' and each given its fix."""
    from .ingest import read_raw

    raw_dir = Path(raw_dir)
    if not (raw_dir / "records").is_dir():
        return problems
    raw = read_raw(raw_dir)
    everything = set(problems) | set(raw.problems) | set(_later_checks(raw, raw_dir)) | set(_refs_of_invalid(raw_dir, raw))
    written = _ids_written(raw_dir)
    names = _names(raw)
    kept = [p for p in everything if not _echo(p, written, raw)] or list(everything)  # never fewer than one problem
    return sorted({_with_fix(p, raw, raw_dir, names) for p in kept})


def _later_checks(raw, root: Path) -> list[Problem]:
    """The build's later rules (one document's, then across documents) on every record that validated."""
    from .crosscheck import RecordRows, exclusion_problems, record_problems
    from .documents import check_quotes, check_sources

    out: list[Problem] = []
    texts = check_sources(raw, root, out)
    check_quotes(raw, texts, out)
    by_stem = {Path(s.file).stem: s.source_id for s, _ in raw.sources}
    return out + record_problems(RecordRows(raw)) + exclusion_problems(raw.exclusions, by_stem, texts.get)


def _refs_of_invalid(raw_dir: Path, raw) -> list[Problem]:
    """The actor and place references of records that failed validation, checked from what is written."""
    from ..schema.table_specs import ACTOR_FIELDS, PLACE_FIELDS, TABLES
    from .crosscheck import unknown
    from .ingest import RECORD_LISTS
    from .rawio import load_yaml

    valid = {getattr(r, _key(t)) for t, items in raw.records.items() for r, _ in items}
    known = {"actor": {a.actor_id for a, _ in raw.actors}, "place": {x.place_id for x, _ in raw.places}}
    out = []
    for path in sorted(p for p in (raw_dir / "records").glob("*.yaml") if p.name.isprintable()):  # other names are stray files (rawtree.py)
        display = path.relative_to(raw_dir.parent).as_posix()
        text = _read(path)
        data = load_yaml(text, display)[0] if text is not None else None
        if not isinstance(data, dict):
            continue
        for table in RECORD_LISTS:
            items = data.get(table)
            for item in items if isinstance(items, list) else []:
                if not hasattr(item, "line_of") or item.get(TABLES[table].key) in valid:
                    continue
                for kind, fields in (("actor", ACTOR_FIELDS), ("place", PLACE_FIELDS)):
                    for f in fields:
                        v = item.get(f)
                        if isinstance(v, str) and re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", v) and v not in known[kind]:
                            out.append(Problem(display, item.line_of(f), f"{table}.{f}", unknown(f"{kind}s", v)))
    return out


def _ids_written(raw_dir: Path) -> dict[str, set[str]]:
    """The ids of every entry written in raw/, valid or not, by kind (actor, place, incident, event, record), and under
    "source" the texts the records files name: read leniently, whatever the encoding."""
    from ..schema.table_specs import TABLES
    from .ingest import RECORD_LISTS

    files = {
        raw_dir / "actors.yaml": {"actor": "actor_id"},
        raw_dir / "places.yaml": {"place": "place_id"},
        raw_dir / "incidents.yaml": {"incident": "incident_id"},
    }
    keys = {"event": "event_id", "agreement": "agreement_id", "record": "|".join(TABLES[t].key for t in RECORD_LISTS)}
    files.update({path: keys for path in sorted(p for p in (raw_dir / "records").glob("*.yaml") if p.name.isprintable())})
    out: dict[str, set[str]] = {k: set() for k in ("actor", "place", "incident", "event", "agreement", "record", "source")}
    for path, kinds in files.items():
        text = _lenient(path)
        for kind, key in kinds.items():
            out[kind].update(re.findall(rf"^\s*-\s*(?:{key}):\s*['\"]?([\w.-]+)", text, re.M))
        out["source"].update(re.findall(r"^\s*file:\s*['\"]?sources/([^'\"\s]+)", text, re.M))
    return out


def _lenient(path: Path) -> str:
    """A file's text for a search of ids, whatever its encoding (BOM, UTF-16, Latin-1), up to the size limit; '' if not a regular file."""
    from .rawio import MAX_FILE_BYTES

    try:
        if not path.is_file():
            return ""
        with open(path, "rb") as f:
            return f.read(MAX_FILE_BYTES).replace(b"\x00", b"").decode("latin-1")
    except OSError:
        return ""


def _read(path: Path) -> str | None:
    """A raw file's text with the build's own guards (a regular file, under the size limit, UTF-8), else None."""
    from .rawio import read_text

    try:
        return read_text(path, str(path))[0] if path.exists() else None
    except OSError:
        return None


def _echo(p: Problem, written: dict[str, set[str]], raw) -> bool:
    """A problem that only repeats another: a reference to an id whose own record failed validation;
    an exclusions file whose source's records file failed to give a source."""
    m = _UNKNOWN.match(p.reason)
    if m and (m.group(2) in written.get(m.group(1), ()) or not _table_of(raw, m.group(1))):
        return True  # its own entry failed validation, or its whole reference file could not be read
    if p.field == "exclusions" and p.reason.startswith("no registered source"):
        name = p.reason.rsplit("'", 2)[-2]
        return name in written["source"]  # a records file names the text, but failed to give its source block
    return False


def _table_of(raw, kind: str) -> list:
    """The entries a reference of this kind is checked against (an empty list: that file gave nothing)."""
    return {"actor": raw.actors, "place": raw.places, "incident": raw.incidents}.get(kind, [True])


def _names(raw) -> dict[str, dict[str, list[tuple[str, str]]]]:
    """kind -> folded name -> [(id, alias)]: every spelling in the alias tables."""
    out: dict[str, dict[str, list]] = {"actor": {}, "place": {}}
    for kind, items, key in (("actor", raw.actors, "actor_id"), ("place", raw.places, "place_id")):
        for item, _ in items:
            for alias in dict.fromkeys([item.name, *item.aliases]):
                out[kind].setdefault(_fold(alias), []).append((getattr(item, key), alias))
    return out


def _fold(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text).translate(_FOLD))
    return " ".join("".join(c for c in text if not unicodedata.combining(c)).casefold().split())


def _with_fix(p: Problem, raw, raw_dir: Path, names: dict) -> Problem:
    m = _UNKNOWN.match(p.reason)
    if m:
        return replace(p, reason=p.reason + _unknown_fix(m.group(1), m.group(2), raw, names))
    if p.reason.startswith("String should match pattern") and _referring(p.field):
        value = _value_on_line(raw_dir, p)
        if value:
            return replace(p, reason=p.reason + _name_fix(p.field, value, names))
    return p


def _referring(field: str) -> bool:
    """A field that refers to an actor or a place (not a record's own id)."""
    from ..schema.table_specs import ACTOR_FIELDS, PLACE_FIELDS

    return field.split(".")[-1].split("[")[0] in set(ACTOR_FIELDS) | set(PLACE_FIELDS) | {"parent_id", "actor_id"} and not field.startswith("actors")


def _unknown_fix(kind: str, value: str, raw, names: dict) -> str:
    known = {
        "actor": [a.actor_id for a, _ in raw.actors],
        "place": [x.place_id for x, _ in raw.places],
        "incident": [i.incident_id for i, _ in raw.incidents],
    }.get(kind)
    if known is None:  # events, agreements and records: ids of claim records, added in raw/records/<source>.yaml
        known = [getattr(r, k) for t, items in raw.records.items() for r, _ in items for k in [_key(t)] if kind in ("record", t.removesuffix("s"))]
        where = "a records file in raw/records/"
    else:
        where = WHERE[kind]
    resolved = names.get(kind, {}).get(_fold(value))
    hint = f"; it is a name of {kind} '{resolved[0][0]}' (alias '{resolved[0][1]}'): write {resolved[0][0]}" if resolved else ""
    near = difflib.get_close_matches(value, known, n=3, cutoff=0.6)
    near_text = f"; nearest known: {', '.join(near)}" if near else ""
    return f"{hint}; {kind}s are added in {where}{near_text}"


def _key(table: str) -> str:
    from ..schema.table_specs import TABLES

    return TABLES[table].key


def _name_fix(field: str, value: str, names: dict) -> str:
    kind = "place" if "place" in field.split(".")[-1] else "actor"
    for k in (kind, "place" if kind == "actor" else "actor"):
        hits = names[k].get(_fold(value))
        if hits:
            ids = sorted({i for i, _ in hits})
            return f"; '{value}' is a name, not an id: it resolves to {k} {' or '.join(repr(i) for i in ids)} (alias in {WHERE[k]}); write {ids[0]}"
    near = difflib.get_close_matches(_fold(value), list(names[kind]), n=3, cutoff=0.6)
    if near:
        ids = sorted({i for n in near for i, _ in names[kind][n]})
        return f"; '{value}' is not an id; nearest {kind}s by name: {', '.join(ids)} ({WHERE[kind]})"
    return f"; ids are lower-case slugs ('gubadli', 'azerbaijan-mod'); a new {kind} is added in {WHERE[kind]}"


def _value_on_line(raw_dir: Path, p: Problem) -> str | None:
    """The value written on the problem's line ('place_id: Moscow' -> 'Moscow')."""
    text = _read(raw_dir.parent / p.file)
    if text is None:
        return None
    lines = text.splitlines()
    key = p.field.split(".")[-1].split("[")[0]
    if not 0 < p.line <= len(lines):
        return None
    for line in lines[p.line - 1 : p.line + 40]:
        m = re.match(rf"^\s*-?\s*{re.escape(key)}:\s*(.+?)\s*$", line)
        if m:
            return m.group(1).strip("'\"")
    return None
