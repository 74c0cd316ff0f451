"""Stage 1 of the build: read raw/ and validate every record with Pydantic.

Each record is validated on its own, so one bad record never hides the
errors of the others; each error is turned into a Problem with the file, the
line of the offending key and a reason a coder can act on.
"""

from __future__ import annotations

import datetime
import difflib
import re
import typing
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import BaseModel, ValidationError

from ..schema import models as m
from ..schema.registry import RECORD_TABLES, REFERENCE_FILES
from ..schema.table_specs import TABLES
from ..schema.vocabularies import meaning
from . import plainyaml
from .plainyaml import Located
from .problems import Problem
from .rawio import line_of, load_yaml, read_text
from .rawtree import RETIRED_FILE

RECORD_LISTS: dict[str, type[BaseModel]] = {name: TABLES[name].model for name in RECORD_TABLES}
"""The lists of claim records a records file may hold, and the model of each (from the registry)."""


@dataclass
class Origin:
    """Where a record was written: file (relative to the project) and line."""

    file: str
    line: int
    raw: object = None  # the Located mapping, to find the line of any field


@dataclass
class RawData:
    """Everything read from raw/, validated record by record."""

    actors: list[tuple[m.Actor, Origin]] = field(default_factory=list)
    places: list[tuple[m.Place, Origin]] = field(default_factory=list)
    incidents: list[tuple[m.Incident, Origin]] = field(default_factory=list)
    sources: list[tuple[m.Source, Origin]] = field(default_factory=list)
    records: dict[str, list[tuple[BaseModel, Origin]]] = field(default_factory=lambda: {k: [] for k in RECORD_LISTS})
    retired: dict[str, Origin] = field(default_factory=dict)
    exclusions: dict[str, list[tuple[str, str, Origin]]] = field(default_factory=dict)
    problems: list[Problem] = field(default_factory=list)


# The draft mark: a block written by `karabakh-data draft` carries `draft:` until a coder has reviewed it. The build
# refuses a marked block with a message that says it is a draft and how to accept it (delete the line), and still
# validates the rest of the block, so the coder sees every other problem of the record in the same run.
DRAFT_MARK = "draft"


def unmark(item: Located, display: str, prefix: str, problems: list[Problem]) -> Located:
    """item without its draft mark (a problem recorded if it had one); item itself when unmarked."""
    if not isinstance(item, Located) or DRAFT_MARK not in item:
        return item
    problems.append(
        Problem(
            display,
            item.line_of(DRAFT_MARK),
            f"{prefix}.{DRAFT_MARK}",
            "draft record proposed by `karabakh-data draft`, not yet reviewed: check every field against "
            "the text and the codebook, then delete its `draft:` line to accept it",
        )
    )
    copy = Located((k, v) for k, v in item.items() if k != DRAFT_MARK)
    copy.line, copy.key_lines = item.line, item.key_lines
    if hasattr(item, "item_lines"):
        copy.item_lines = item.item_lines
    return copy


def _suggest(err: dict) -> str:
    """A 'did you mean' hint for an unknown enum value."""
    expected = (err.get("ctx") or {}).get("expected", "")
    values = [v.strip(" '") for v in expected.replace(" or ", ",").split(",") if v.strip(" '")]
    given = err.get("input")
    if isinstance(given, str) and values:
        meant = meaning(given, values)  # by meaning first: 'injured' is 'wounded', not the nearer spelling 'captured'
        if meant:
            return f" (did you mean '{meant}'? '{given}' means the same)"
        close = difflib.get_close_matches(given, values, n=1, cutoff=0.5)
        if close:
            return f" (did you mean '{close[0]}'?)"
    return ""


def _field_name(loc: tuple, prefix: str) -> str:
    parts = [prefix] if prefix else []
    for p in loc:
        if isinstance(p, int):
            parts[-1:] = [f"{parts[-1]}[{p}]"] if parts else [f"[{p}]"]
        else:
            parts.append(str(p))
    return ".".join(parts)


def validation_problems(err: ValidationError, data: object, display: str, prefix: str) -> list[Problem]:
    out = []
    for e in err.errors(include_url=False):
        loc = tuple(e["loc"])
        msg = e["msg"]
        if e["type"] == "extra_forbidden":
            msg = "unknown field (not in the schema)"
            close = difflib.get_close_matches(str(loc[-1]), _known_fields(data, prefix), n=1)
            msg += f"; did you mean '{close[0]}'?" if close else ""
        elif e["type"] == "missing":
            msg = "required field is missing"
        elif e["type"] == "literal_error":
            msg = f"unknown value {e.get('input')!r}; {msg}{_suggest(e)}"
        elif e["type"].startswith("value_error"):
            msg = msg.removeprefix("Value error, ")
        out.append(Problem(display, line_of(data, loc), _field_name(loc, prefix), msg))
    return out


def _known_fields(data: object, prefix: str) -> list[str]:
    model = RECORD_LISTS.get(prefix.split("[")[0]) or {"source": m.Source}.get(prefix.split("[")[0])
    return list(model.model_fields) if model else []


_DATE_TEXT = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")
_date_fields: dict[type, tuple[str, ...]] = {}


def date_fields(model: type[BaseModel]) -> tuple[str, ...]:
    """The fields of a model that hold a date (date or Optional[date])."""
    names = _date_fields.get(model)
    if names is None:
        names = _date_fields[model] = tuple(
            n for n, f in model.model_fields.items() if f.annotation is datetime.date or datetime.date in typing.get_args(f.annotation)
        )
    return names


def _date_problems(model: type[BaseModel], data: object, display: str, prefix: str) -> list[Problem]:
    """A date is written YYYY-MM-DD: Pydantic would take 20201024 as seconds since 1970 and 2020-10-24T00:00 as a day, silently."""
    if not isinstance(data, Located):
        return []
    out = []
    for name in date_fields(model):
        value = data.get(name)
        if value is None or (type(value) is str and _DATE_TEXT.fullmatch(value)):
            continue
        text = str(value).lower() if isinstance(value, bool) else str(value)
        out.append(Problem(display, data.line_of(name), f"{prefix}.{name}", f"write a date as YYYY-MM-DD (e.g. 2020-10-24), not {text}"))
    return out


def _validate(model: type[BaseModel], data: object, display: str, prefix: str, out: RawData):
    dates = _date_problems(model, data, display, prefix)
    try:
        # an exact dict: pydantic-core reads it faster than a dict subclass (about 4 us a record);
        # the Located mapping, with its lines, stays for the messages
        record = model.model_validate(dict(data) if isinstance(data, Located) else data)
    except ValidationError as err:
        fields = {p.field for p in dates}
        out.problems.extend(dates + [p for p in validation_problems(err, data, display, prefix) if p.field not in fields])
        return None
    if dates:
        out.problems.extend(dates)
        return None
    return record


def read_file(path: Path, root: Path, out: RawData) -> tuple[object, str]:
    display = path.relative_to(root.parent).as_posix()
    text, problems = read_text(path, display)
    if problems:
        out.problems.extend(problems)
        return None, display
    return parse_text(text, display, out), display


def parse_text(text: str, display: str, out: RawData) -> Located | None:
    """A raw file's text as located values; None (and problems in out) if it is not a YAML mapping."""
    data = plainyaml.parse(text)  # the common plain YAML, read fast; None means "let rawio decide"
    if data is None:
        data, problems = load_yaml(text, display)
        out.problems.extend(problems)
    if data is not None and not isinstance(data, Located):
        out.problems.append(Problem(display, 1, "", "the file must be a YAML mapping"))
        return None
    return data


def _top_level(data: Located, display: str, allowed: set[str], required: set[str], out: RawData) -> bool:
    ok = True
    for key in data:
        if key not in allowed:
            close = difflib.get_close_matches(str(key), sorted(allowed), n=1)
            hint = f"; did you mean '{close[0]}'?" if close else f"; allowed: {', '.join(sorted(allowed))}"
            out.problems.append(Problem(display, data.line_of(key), str(key), f"unknown top-level key{hint}"))
            ok = False
    for key in sorted(required - set(data)):
        out.problems.append(Problem(display, data.line, key, "required top-level key is missing"))
        ok = False
    return ok


def _read_list(data: Located, key: str, model, display: str, out: RawData) -> list:
    items = data.get(key) or []
    if not isinstance(items, list):
        out.problems.append(Problem(display, data.line_of(key), key, "must be a list of records"))
        return []
    result = []
    for i, item in enumerate(items):
        if not isinstance(item, Located):
            out.problems.append(Problem(display, data.item_line(key, i), f"{key}[{i}]", "must be a mapping of fields (one record)"))
            continue
        item = unmark(item, display, f"{key}[{i}]", out.problems)
        rec = _validate(model, item, display, f"{key}[{i}]", out)
        if rec is not None:
            result.append((rec, Origin(display, getattr(item, "line", data.line_of(key)), item)))
    return result


def read_reference(path: Path, root: Path, key: str, model, out: RawData) -> list:
    if not path.exists():
        out.problems.append(Problem(path.relative_to(root.parent).as_posix(), 0, "", "reference file is missing"))
        return []
    data, display = read_file(path, root, out)
    if data is None or not _top_level(data, display, {key}, {key}, out):
        return []
    return _read_list(data, key, model, display, out)


def _read_records_file(path: Path, root: Path, out: RawData) -> None:
    data, display = read_file(path, root, out)
    if data is not None:
        read_records(data, display, out)


def read_records(data: Located, display: str, out: RawData) -> None:
    """Validate a records file's source block and records (read already)."""
    _top_level(data, display, {"source", *RECORD_LISTS}, {"source"}, out)
    if isinstance(data.get("source"), Located):
        src = _validate(m.Source, unmark(data["source"], display, "source", out.problems), display, "source", out)
        if src is not None:
            out.sources.append((src, Origin(display, data["source"].line, data["source"])))
            source_id, published = src.source_id, src.published_date
        else:
            source_id, published = "", None
    else:
        source_id, published = "", None
        if "source" in data:
            out.problems.append(Problem(display, data.line_of("source"), "source", "must be a mapping"))
    for key, model in RECORD_LISTS.items():
        for rec, origin in _read_list(data, key, model, display, out):
            _fill_claim(rec, origin, key, source_id, published, out)
            out.records[key].append((rec, origin))


def _fill_claim(rec, origin: Origin, table: str, source_id: str, published, out: RawData) -> None:
    """The columns a claim takes from its document: source_id, and claim_date unless the text dates the claim.

    A fact bounded by its claim (date_basis bounded_by_claim) ends on the
    claim date: checked here, once the claim date is known.
    """
    given = rec.claim_date
    m.fill(rec, source_id=source_id, claim_date=given or published, claim_date_basis="text" if given else "publication")
    if rec.date_basis == "bounded_by_claim" and rec.claim_date is not None and rec.date_end != rec.claim_date:
        line = origin.raw.line_of("date_end") if hasattr(origin.raw, "line_of") else origin.line
        out.problems.append(
            Problem(
                origin.file, line, f"{table}.date_end", f"date_basis 'bounded_by_claim' needs date_end == the claim date {rec.claim_date}, not {rec.date_end}"
            )
        )


def read_retired(path: Path, root: Path, out: RawData) -> None:
    if not path.exists():
        return
    data, display = read_file(path, root, out)
    if data is None or not _top_level(data, display, {"retired"}, {"retired"}, out):
        return
    for item in data.get("retired") or []:
        if not isinstance(item, Located) or not isinstance(item.get("id"), str) or not item.get("reason"):
            out.problems.append(Problem(display, getattr(item, "line", data.line), "retired", "each entry needs an id and a reason"))
            continue
        out.retired[item["id"]] = Origin(display, item.line)


def read_exclusions(path: Path, root: Path, out: RawData) -> None:
    data, display = read_file(path, root, out)
    if data is None or not _top_level(data, display, {"exclusions"}, {"exclusions"}, out):
        return
    items = []
    for item in data.get("exclusions") or []:
        if not isinstance(item, Located) or not isinstance(item.get("sentence"), str) or not item.get("reason"):
            out.problems.append(Problem(display, getattr(item, "line", data.line), "exclusions", "each entry needs a sentence and a reason"))
            continue
        items.append((item["sentence"], item["reason"], Origin(display, item.line_of("sentence"))))
    out.exclusions[path.name.removesuffix(".exclusions.yaml")] = items


def read_raw(raw: Path) -> RawData:
    """Read and validate everything under raw/; problems are collected, not raised."""
    out = RawData()
    for rel, table in REFERENCE_FILES.items():
        setattr(out, table, read_reference(raw / rel, raw, table, TABLES[table].model, out))
    read_retired(raw / RETIRED_FILE, raw, out)
    for path in sorted(p for p in (raw / "records").glob("*.yaml") if p.name.isprintable()):  # other names are stray files (rawtree.py)
        _read_records_file(path, raw, out)
    for path in sorted(p for p in (raw / "sources").glob("*.exclusions.yaml") if p.name.isprintable()):
        read_exclusions(path, raw, out)
    return out
