"""Recall and precision of the draft on the invented texts in tests/fixtures/draft, kind by kind.

Each kind is compared as a set of (text, sentence, item) pairs: what the
answer key lists and what the draft found. A claimant counts once per
sentence that has one in the key.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import yaml

from karabakh_data.workbench.drafting import draft_text, reference

ROOT = Path(__file__).resolve().parents[3]
FIXTURES = ROOT / "tests" / "fixtures" / "draft"
KINDS = ("actors", "places", "new names", "dates", "figures", "claimants", "tables")


def _found(s) -> dict[str, set]:
    a = s.attribution
    claimant = a.claimant_id if a.claimant_id else f"new:{a.claimant_text}"
    return {
        "actors": set(s.ids("actor")),
        "places": set(s.ids("place")),
        "new names": {m.text for m in s.mentions if m.id is None},
        "dates": {(d.date_start, d.date_end) for d in s.dates},
        "figures": {(f.qualifier, f.low, f.best, f.high) for f in s.figures},
        "claimants": {claimant},
        "tables": set(s.tables),
    }


def _gold(entry: dict) -> dict[str, set]:
    return {
        "actors": set(entry.get("actors", [])),
        "places": set(entry.get("places", [])),
        "new names": set(entry.get("new", [])),
        "dates": {tuple(d) for d in entry.get("dates", [])},
        "figures": {tuple(f) for f in entry.get("figures", [])},
        "claimants": {entry["claimant"]} if "claimant" in entry else set(),
        "tables": set(entry.get("tables", [])),
    }


TUNING = ("invented-a", "invented-b")  # the rules were adjusted while reading these
HELD_OUT = ("invented-c",)  # written after the rules were last changed, never used to adjust them


def measure(names: tuple[str, ...]) -> dict[str, dict[str, float]]:
    """Per kind: true positives, gold items, found items, recall and precision, over the invented texts named."""
    gazetteer, known = reference(ROOT / "raw")
    counts = {k: [0, 0, 0] for k in KINDS}
    for gold_path in [FIXTURES / f"{n}.gold.yaml" for n in names]:
        gold = yaml.safe_load(gold_path.read_text(encoding="utf-8"))
        text = gold_path.with_name(gold_path.name.replace(".gold.yaml", ".txt")).read_text(encoding="utf-8")
        published = gold["published"] if isinstance(gold["published"], dt.date) else dt.date.fromisoformat(gold["published"])
        d = draft_text(text, published, gazetteer, known, "src-999", "sources/invented.txt")
        assert len(d.sentences) == len(gold["sentences"]), f"{gold_path.name}: the draft splits {len(d.sentences)} sentences"
        for s in d.sentences:
            want, got = _gold(gold["sentences"][s.number] or {}), _found(s)
            for k in KINDS:
                if k == "claimants" and not want[k]:
                    continue
                counts[k][0] += len(want[k] & got[k])
                counts[k][1] += len(want[k])
                counts[k][2] += len(got[k])
    return {k: {"hits": h, "gold": g, "found": f, "recall": h / g if g else 1.0, "precision": h / f if f else 1.0} for k, (h, g, f) in counts.items()}


def table() -> str:
    """The measurement as the Markdown table docs/workbench.md shows: held-out text, then tuning texts."""
    held, tuned = measure(HELD_OUT), measure(TUNING)
    lines = [
        "| kind | held out: in the key / found / right | recall | precision | tuning texts: in the key / found / right | recall | precision |",
        "|---|---|---|---|---|---|---|",
    ]
    for k in KINDS:
        h, t = held[k], tuned[k]
        lines.append(
            f"| {k} | {h['gold']} / {h['found']} / {h['hits']} | {h['recall']:.2f} | {h['precision']:.2f} "
            f"| {t['gold']} / {t['found']} / {t['hits']} | {t['recall']:.2f} | {t['precision']:.2f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())


def incident_recall() -> tuple[int, int, int]:
    """On the released documents: records that carry an incident, how many of them the draft's candidates
    for their sentence include, and how many it lists first. Circular (the incidents were coded from these
    very texts), so it measures the matching rules, not a new text."""
    gazetteer, known = reference(ROOT / "raw")
    total = listed = first = 0
    for path in sorted((ROOT / "raw" / "records").glob("*.yaml")):
        coded = yaml.safe_load(path.read_text(encoding="utf-8"))
        src = coded["source"]
        text = (ROOT / "raw" / src["file"]).read_text(encoding="utf-8")
        published = src["published_date"] if isinstance(src["published_date"], dt.date) else dt.date.fromisoformat(src["published_date"])
        d = draft_text(text, published, gazetteer, known, src["source_id"], src["file"])
        for table in ("events", "casualties", "materiel", "meetings", "territory", "statements"):
            for rec in coded.get(table) or []:
                start = text.find(rec["quote"])
                if not rec.get("incident_id") or start < 0:
                    continue
                sentence = next(s for s in d.sentences if s.start <= start < s.end)
                ids = [i for i, _ in sentence.incidents]
                total += 1
                listed += rec["incident_id"] in ids
                first += bool(ids) and ids[0] == rec["incident_id"]
    return total, listed, first


def incident_sentence() -> str:
    total, listed, first = incident_recall()
    return (
        f"Candidate incidents, on the two released documents: of the {total} records that carry an incident, "
        f"the draft lists it among the (at most three) candidates of the record's sentence for {listed} "
        f"({listed / total:.0%}), first for {first}."
    )
