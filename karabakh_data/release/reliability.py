"""Inter-coder reliability: the alpha per field of the second coding against the released one, for the docs and the release metadata.

`summary()` runs the agreement (workbench/agreement.py) of every document of
reliability/second-coding/ against raw/records/ and pools the units of all
documents; `write()` stores it as reliability/summary.json (regenerated,
never typed), which `rai_fields()` turns into Croissant's responsible-AI
annotation fields (rai:dataAnnotationProtocol, rai:annotationsPerItem,
rai:dataAnnotationAnalysis; the names as mlcroissant 1.1 defines them).
"""

from __future__ import annotations

import json
from pathlib import Path

from ..paths import PACKAGE_ROOT

ROOT = PACKAGE_ROOT.parent
FOLDER = ROOT / "reliability"
SUMMARY = FOLDER / "summary.json"


def summary(root: Path = ROOT) -> dict:
    from ..workbench.agreement import agreement, pooled

    results = []
    for second in sorted((root / "reliability" / "second-coding").glob("*.yaml")):
        results.append(agreement(root / "raw" / "records" / second.name, second, root / "raw"))
    out = {"documents": {}, "pooled": None}
    for r in results + [pooled(results)]:
        entry = {
            "sentences": r.sentences,
            "pairs": len(r.pairs),
            "only_released": len(r.only_a),
            "only_second": len(r.only_b),
            "disagreements": len(r.disagreements),
            "alpha": {k: {"alpha": None if a is None else round(a, 3), "units": n, "agree": s} for k, (a, n, s) in r.alphas.items()},
        }
        if r in results:
            out["documents"][r.source] = entry
        else:
            out["pooled"] = entry
    return out


def write(root: Path = ROOT) -> Path:
    path = root / "reliability" / "summary.json"
    path.write_text(json.dumps(summary(root), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def rai_fields(path: Path = SUMMARY) -> dict:
    """Croissant's responsible-AI annotation fields; empty when the checkout has no reliability study."""
    if not path.is_file():
        return {}
    s = json.loads(path.read_text(encoding="utf-8"))
    pooled = s["pooled"]
    alphas = "; ".join(f"{k} {v['alpha'] if v['alpha'] is not None else 'undefined (one value)'} ({v['units']} units)" for k, v in pooled["alpha"].items())
    return {
        "rai:dataAnnotationProtocol": (
            "Hand-coded by the project's coders from the source texts following the codebook (docs/codebook.md): every "
            "record names its claimant and a verbatim quote whose position the build proves. An independent blind "
            "second coding of every document, by a coder who never saw the released records, measures reliability."
        ),
        "rai:annotationsPerItem": "1 released coding per document; 2 independent codings of every document in the reliability study",
        "rai:dataAnnotationAnalysis": (
            f"Krippendorff's alpha (nominal for vocabularies and ids, interval for counts and dates) between the released "
            f"coding and the blind second coding, {pooled['pairs']} record pairs matched by quote over {pooled['sentences']} "
            f"sentences ({pooled['only_released']} records only in the released coding, {pooled['only_second']} only in the "
            f"second); every disagreement is adjudicated in docs/reliability.md. Alpha per field: {alphas}."
        ),
    }


LEVEL = {
    "interval": (
        "date_start",
        "date_end",
        "claim_date",
        "period_start",
        "period_end",
        "count_best",
        "count_low",
        "count_high",
        "value_num",
        "records per sentence",
    )
}


def markdown(s: dict) -> str:
    """The alpha table of docs/reliability.md: pooled, then per document (units and agreeing pairs per field)."""
    docs = sorted(s["documents"])
    head = "| field | level | alpha (both) | units | agree | " + " | ".join(f"alpha {d} | units" for d in docs) + " |"
    lines = [head, "|" + "---|" * (5 + 2 * len(docs))]
    for k, v in s["pooled"]["alpha"].items():
        level = "interval" if k.split(" (")[0] in LEVEL["interval"] else "nominal"
        cells = [_a(v["alpha"]), str(v["units"]), str(v["agree"])]
        for d in docs:
            w = s["documents"][d]["alpha"].get(k)
            cells += [_a(w["alpha"]), str(w["units"])] if w else ["–", "0"]
        lines.append(f"| {k} | {level} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _a(value) -> str:
    return "–" if value is None else f"{value:.3f}"
