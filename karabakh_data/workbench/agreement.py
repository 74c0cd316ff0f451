"""`karabakh-data agreement A.yaml B.yaml`: how far two independent codings of one source agree.

Records are paired across the two files by where their quotes lie in the
source text (the most alike spans first, one-to-one, at least half of the
shorter quote shared), whatever table each coder chose. For every field,
Krippendorff's alpha over the pairs: nominal for vocabularies, ids and the
table itself, interval for counts and dates (days). Whether the coders
found the same records at all is measured per sentence: coded or not
(nominal) and how many records cite it (interval). Alpha is computed by the
`krippendorff` package (the reference implementation of the coefficient,
with missing values handled as Krippendorff defines), not by hand-written
code; a field whose pairs all carry one value has no variation, and its
alpha is reported as undefined with the count of agreeing pairs.
"""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field
from pathlib import Path

from ..build.ingest import RECORD_LISTS
from ..build.quotes import locate, sentences
from ..build.rawio import load_yaml, read_text
from ..schema.table_specs import TABLES

NOMINAL = (
    "table", "claimant_id", "reported_via_id", "place_id", "actor1_id", "actor2_id", "party_id", "subject_id", "disputed_by_id",
    "mediator_id", "participants", "event_type", "sub_event_type", "date_precision", "date_basis", "historical", "population",
    "outcome", "count_kind", "count_qualifier", "materiel_class", "materiel_outcome", "meeting_format", "status", "attribute",
    "value_qualifier", "statement_type", "kind",
)  # fmt: skip
INTERVAL = ("date_start", "date_end", "claim_date", "period_start", "period_end", "count_best", "count_low", "count_high", "value_num")
WAR_ONLY = ("date_start", "date_end")
MIN_SHARE = 0.5  # of the shorter quote, for two records to be one unit


class AgreementError(Exception):
    """A coding cannot be read, or the two files code different texts."""


@dataclass
class Record:
    table: str
    id: str
    values: dict
    span: tuple[int, int] | None


@dataclass
class Result:
    source: str
    sentences: int
    pairs: list[tuple[Record, Record]]
    only_a: list[Record]
    only_b: list[Record]
    alphas: dict[str, tuple[float | None, int, int]]  # field -> (alpha, units, pairs that agree)
    disagreements: list[tuple[str, str, str, object, object]] = field(default_factory=list)  # field, id A, id B, value A, value B
    unplaced: list[str] = field(default_factory=list)
    counts: tuple = ([], [])  # records citing each sentence, per coder


def _read(path: Path) -> tuple[dict, list[Record]]:
    text, problems = read_text(path, str(path))
    data, more = load_yaml(text, str(path)) if text is not None else (None, [])
    if problems or more or not isinstance(data, dict) or not isinstance(data.get("source"), dict):
        raise AgreementError(
            f"{path} is not a records file: " + "; ".join(str(p) for p in problems + more) if problems + more else f"{path} has no source: block"
        )
    records = []
    for table in RECORD_LISTS:
        for item in data.get(table) or []:
            if isinstance(item, dict):
                records.append(Record(table, str(item.get(TABLES[table].key, "?")), dict(item), None))
    return data["source"], records


def _text(source: dict, path: Path, raw: Path) -> str:
    for base in (raw, path.parent.parent):
        candidate = base / str(source.get("file", ""))
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8")
    raise AgreementError(f"the source text {source.get('file')!r} of {path} is neither under {raw} nor beside the records folder")


def _value(name: str, rec: Record):
    """A field's value as a unit of analysis: None when the field is not part of the record's table (missing)."""
    if name == "table":
        return rec.table
    if name not in TABLES[rec.table].model.model_fields or (name == "outcome" and rec.table == "meetings"):
        return None  # not a field of this table (a meeting's outcome is free text, not the casualty vocabulary)
    v = rec.values.get(name)
    if name == "participants":
        return ",".join(sorted(str(p.get("actor_id")) for p in v or [] if isinstance(p, dict))) or "(none)"
    if name in INTERVAL:
        if isinstance(v, str):
            try:
                v = dt.date.fromisoformat(v)
            except ValueError:
                return None
        return v.toordinal() if isinstance(v, dt.date) else (float(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else None)
    if name == "historical":
        return str(bool(v))
    return "(none)" if v is None else str(v)


def _alike(x: Record, y: Record) -> int:
    """How many fields two records give the same value: among records on one quote, the most alike are paired."""
    return sum(1 for k, v in x.values.items() if k not in ("quote", TABLES[x.table].key, "description", "summary", "note") and y.values.get(k) == v)


def _pair(a: list[Record], b: list[Record]) -> tuple[list, list, list]:
    candidates = []
    for i, x in enumerate(a):
        for j, y in enumerate(b):
            if x.span and y.span:
                shared = min(x.span[1], y.span[1]) - max(x.span[0], y.span[0])
                shorter = min(x.span[1] - x.span[0], y.span[1] - y.span[0]) or 1
                if shared / shorter >= MIN_SHARE:  # most alike spans first (shared / union), then same table, then most fields alike
                    union = max(x.span[1], y.span[1]) - min(x.span[0], y.span[0])
                    candidates.append((-shared / union, x.table != y.table, -_alike(x, y), i, j))
    candidates.sort()
    used_a, used_b, pairs = set(), set(), []
    for *_, i, j in candidates:
        if i not in used_a and j not in used_b:
            used_a.add(i)
            used_b.add(j)
            pairs.append((a[i], b[j]))
    pairs.sort(key=lambda p: (p[0].span, p[0].id))
    return pairs, [x for i, x in enumerate(a) if i not in used_a], [y for j, y in enumerate(b) if j not in used_b]


def alpha(a: list, b: list, level: str) -> float | None:
    """Krippendorff's alpha of two coders' values (None: missing); None when the values do not vary."""
    import numpy as np

    from ..extras import require

    krippendorff = require("krippendorff")

    if level == "nominal":
        codes = {v: k for k, v in enumerate(sorted({str(v) for v in a + b if v is not None}))}
        a = [codes[str(v)] if v is not None else None for v in a]
        b = [codes[str(v)] if v is not None else None for v in b]
    data = np.array([[np.nan if v is None else float(v) for v in row] for row in (a, b)])
    pairable = data[:, ~np.isnan(data).any(axis=0)]
    if pairable.shape[1] == 0 or len(np.unique(pairable)) < 2:
        return None
    return float(krippendorff.alpha(reliability_data=data, level_of_measurement=level))


def agreement(path_a: Path, path_b: Path, raw: Path = Path("raw")) -> Result:
    source_a, rec_a = _read(Path(path_a))
    source_b, rec_b = _read(Path(path_b))
    text = _text(source_a, Path(path_a), Path(raw))
    if _text(source_b, Path(path_b), Path(raw)) != text:
        raise AgreementError(f"{path_a} and {path_b} code different texts ({source_a.get('file')} and {source_b.get('file')})")
    unplaced = []
    for rec in rec_a + rec_b:
        found = locate(text, str(rec.values.get("quote", "")), rec.values.get("quote_occurrence"))
        rec.span = found if isinstance(found, tuple) else None
        if rec.span is None:
            unplaced.append(f"{rec.id}: {found}")
    pairs, only_a, only_b = _pair(rec_a, rec_b)
    spans = sentences(text)
    counts = tuple([sum(1 for r in recs if r.span and r.span[0] < e and s < r.span[1]) for s, e in spans] for recs in (rec_a, rec_b))
    return _measure(Result(str(source_a.get("source_id")), len(spans), pairs, only_a, only_b, {}, [], unplaced, counts))


def pooled(results: list[Result]) -> Result:
    """The units of several documents together: alpha over all their pairs and sentences."""
    counts = ([c for r in results for c in r.counts[0]], [c for r in results for c in r.counts[1]])
    return _measure(
        Result(
            ", ".join(r.source for r in results),
            sum(r.sentences for r in results),
            [p for r in results for p in r.pairs],
            [x for r in results for x in r.only_a],
            [y for r in results for y in r.only_b],
            {},
            [],
            [u for r in results for u in r.unplaced],
            counts,
        )
    )


def _measure(result: Result) -> Result:
    """Alpha of every field over the pairs, and of the sentences' coverage."""
    pairs = result.pairs
    war = [p for p in pairs if not p[0].values.get("historical") and not p[1].values.get("historical")]
    for name in NOMINAL + INTERVAL:
        _field(result, name, name, pairs)
        if name in WAR_ONLY:  # background history spans decades and would swamp the days of the war
            _field(result, f"{name} (war only)", name, war, listed=False)
    a, b = result.counts
    result.alphas["sentence coded (yes/no)"] = (alpha([c > 0 for c in a], [c > 0 for c in b], "nominal"), len(a), sum((x > 0) == (y > 0) for x, y in zip(a, b)))
    result.alphas["records per sentence"] = (alpha(a, b, "interval"), len(a), sum(x == y for x, y in zip(a, b)))
    return result


def _field(result: Result, label: str, name: str, pairs: list, listed: bool = True) -> None:
    """Alpha of one field over the pairs where both records have it; its disagreements listed."""
    va = [_value(name, x) for x, _ in pairs]
    vb = [_value(name, y) for _, y in pairs]
    units = sum(1 for x, y in zip(va, vb) if x is not None and y is not None)
    if units == 0:
        return
    same = sum(1 for x, y in zip(va, vb) if x is not None and x == y)
    result.alphas[label] = (alpha(va, vb, "nominal" if name in NOMINAL else "interval"), units, same)
    for (x, y), u, v in zip(pairs, va, vb):
        if listed and u is not None and v is not None and u != v:
            result.disagreements.append((name, x.id, y.id, _shown(name, x), _shown(name, y)))


def _shown(name: str, rec: Record):
    return rec.table if name == "table" else rec.values.get(name) if name != "participants" else _value(name, rec)


def _fmt(a: float | None) -> str:
    return "undefined (no variation)" if a is None or (isinstance(a, float) and math.isnan(a)) else f"{a:.3f}"


def render(r: Result, form: str = "text") -> str:
    if form == "json":
        return (
            json.dumps(
                {
                    "source_id": r.source,
                    "sentences": r.sentences,
                    "pairs": len(r.pairs),
                    "only_a": [x.id for x in r.only_a],
                    "only_b": [y.id for y in r.only_b],
                    "alpha": {k: {"alpha": a, "units": n, "agree": s} for k, (a, n, s) in r.alphas.items()},
                    "disagreements": [{"field": f, "a": ia, "b": ib, "value_a": str(va), "value_b": str(vb)} for f, ia, ib, va, vb in r.disagreements],
                    "unplaced": r.unplaced,
                },
                indent=2,
                ensure_ascii=False,
            )
            + "\n"
        )
    md = form == "markdown"
    lines = [f"{r.source}: {len(r.pairs)} records paired by quote, {len(r.only_a)} only in A, {len(r.only_b)} only in B; {r.sentences} sentences", ""]
    lines += (
        ["| field | level | alpha | units | agree |", "|---|---|---|---|---|"] if md else [f"{'field':<26}{'level':<10}{'alpha':>26}{'units':>7}{'agree':>7}"]
    )
    for k, (a, n, s) in r.alphas.items():
        level = "interval" if k.split(" (")[0] in INTERVAL or k == "records per sentence" else "nominal"
        lines.append(f"| {k} | {level} | {_fmt(a)} | {n} | {s} |" if md else f"{k:<26}{level:<10}{_fmt(a):>26}{n:>7}{s:>7}")
    lines += ["", "Disagreements (field: A record = value | B record = value):"]
    lines += [f"- {f}: {ia} = {va!s} | {ib} = {vb!s}" for f, ia, ib, va, vb in r.disagreements] or ["- none"]
    lines += [f"- only in A: {x.id} ({x.table})" for x in r.only_a] + [f"- only in B: {y.id} ({y.table})" for y in r.only_b]
    lines += [f"- quote not placed: {u}" for u in r.unplaced]
    return "\n".join(lines) + "\n"
