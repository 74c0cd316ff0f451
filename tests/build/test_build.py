"""The build: real raw/ in, every table out; bad input out, previous build kept."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from karabakh_data.build.pipeline import build, validate
from karabakh_data.build.problems import BuildFailed
from karabakh_data.paths import PACKAGE_DATA
from karabakh_data.schema.registry import TABLE_DESCRIPTIONS
from karabakh_data.schema.table_specs import TABLES

from ..conftest import RAW


def _hashes(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_every_table_is_written_with_rows(built):
    manifest = json.loads((built / "data" / "manifest.json").read_text())
    assert set(manifest["tables"]) == set(TABLE_DESCRIPTIONS)
    for name, entry in manifest["tables"].items():
        assert entry["rows"] > 0, f"table {name} is empty"
        assert pq.read_metadata(built / "data" / f"{name}.parquet").num_rows == entry["rows"]
    assert (built / "data" / "karabakh.duckdb").stat().st_size > 0


# Columns that the two sources leave empty, and why (the coding must not invent).
NEVER_FILLED = {
    "sources.publisher": "neither text names its publisher",
    "sources.title": "neither text carries a headline",
    "casualties.count_high": "no casualty figure is given as 'up to' or a range",
    "materiel.count_low": "no equipment figure is given as 'at least'",
    "materiel.count_high": "no equipment figure is given as 'up to' or a range",
    "sources.published_date_end": "both texts establish their day of publication",
    "events.origin_place_id": "neither text names where fire came from",
    "events.direction": "neither text gives a direction ('20 kilometers away' has none)",
    "agreements.guarantor_id": "neither text names a guarantor",
    "agreements.effective_date": "neither text says when an agreement takes effect",
    "agreements.effective_time": "neither text says when an agreement takes effect",
    "agreements.effective_time_zone": "neither text says when an agreement takes effect",
    "agreements.effective_phrase": "neither text says when an agreement takes effect",
    "violations.incident_id": "no violation claim reports a happening of its own (vio-003-01 points at the clash ev-003-16)",
    "violations.incident_basis": "no violation claim reports a happening of its own",
    "claims.time_end": "neither text gives a span of clock times",
    "claims.time_zone": "neither text gives a time zone ('at 15: 00' has none)",
}


def test_every_column_is_exercised_by_the_data(built):
    """Each column holds a value somewhere: a table's own columns in that table,
    the provenance columns shared by every claim table in at least one of them."""
    from karabakh_data.schema.models import Claim, Counted

    empty, shared_filled = [], set()
    for name in TABLES:
        table = pq.read_table(built / "data" / f"{name}.parquet")
        for c in table.column_names:
            filled = table.column(c).null_count < table.num_rows
            if TABLES[name].is_claim and (c in Claim.model_fields or c in Counted.model_fields):
                shared_filled |= {c} if filled else set()
            elif not filled:
                empty.append(f"{name}.{c}")
    assert sorted(set(empty) - set(NEVER_FILLED)) == [], "columns never filled"
    unfilled_shared = {c.split(".")[1] for c in NEVER_FILLED if c.startswith("claims.")}
    assert (set(Claim.model_fields) | set(Counted.model_fields)) - {"quote_occurrence"} - unfilled_shared <= shared_filled


def test_parquet_carries_schema_and_version(built):
    from karabakh_data import __version__

    schema = pq.read_schema(built / "data" / "casualties.parquet")
    assert schema.metadata[b"dataset_version"].decode() == __version__
    assert schema.field("count_best").metadata[b"description"]


def test_quotes_are_placed_in_their_source(built):
    sources = {r["source_id"]: r["file"] for r in pq.read_table(built / "data" / "sources.parquet").to_pylist()}
    texts = {sid: (RAW / f).read_text(encoding="utf-8") for sid, f in sources.items()}
    for name in ("events", "casualties", "meetings", "territory", "disputes"):
        for row in pq.read_table(built / "data" / f"{name}.parquet").to_pylist():
            assert texts[row["source_id"]][row["quote_start"] : row["quote_end"]] == row["quote"]


def test_two_builds_are_byte_identical(tmp_path):
    build(RAW, tmp_path / "a", None)
    build(RAW, tmp_path / "b", None)
    a, b = _hashes(tmp_path / "a" / "data"), _hashes(tmp_path / "b" / "data")
    a.pop("karabakh.duckdb"), b.pop("karabakh.duckdb")
    a.pop("manifest.json"), b.pop("manifest.json")
    assert a == b


def test_shipped_package_data_equals_a_fresh_build(built):
    """No stale data can be released: the package copy is what raw/ builds to."""
    fresh = json.loads((built / "data" / "manifest.json").read_text())
    shipped = json.loads((PACKAGE_DATA / "manifest.json").read_text())
    parquet = lambda m: {k: v["sha256"] for k, v in m["files"].items() if k.endswith(".parquet")}
    assert parquet(shipped) == parquet(fresh), "karabakh_data/data is stale: run `karabakh-data build`"
    assert shipped["raw_sha256"] == fresh["raw_sha256"]


def _break(raw: Path, file: str, old: str, new: str) -> None:
    path = raw / file
    text = path.read_text(encoding="utf-8")
    assert old in text, f"fixture text {old!r} not in {file}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_failed_build_leaves_previous_build_untouched(raw_copy, tmp_path):
    out = tmp_path / "out"
    build(raw_copy, out, tmp_path / "pkg")
    before = _hashes(out / "data"), _hashes(tmp_path / "pkg")
    _break(raw_copy, "records/src-000.yaml", "date_precision: day", "date_precision: daily")
    with pytest.raises(BuildFailed):
        build(raw_copy, out, tmp_path / "pkg")
    assert (_hashes(out / "data"), _hashes(tmp_path / "pkg")) == before


def test_every_problem_of_a_run_is_reported_sorted(raw_copy):
    _break(raw_copy, "records/src-000.yaml", "date_precision: day", "date_precision: daily")
    _break(raw_copy, "actors.yaml", "actor_type: state", "actor_type: country")
    _break(raw_copy, "records/src-000.yaml", "claimant_id: azerbaijan-mod", "claimant_id: azerbaijan-mo")
    with pytest.raises(BuildFailed) as err:
        validate(raw_copy)
    problems = err.value.problems
    assert problems == sorted(problems)
    files = {p.file for p in problems}
    assert files == {"raw/actors.yaml", "raw/records/src-000.yaml"}
    daily = next(p for p in problems if "daily" in p.reason)
    assert daily.field.endswith("date_precision") and daily.line > 0
    assert "did you mean 'day'" in daily.reason
    country = next(p for p in problems if "country" in p.reason and p.file == "raw/actors.yaml")
    assert "did you mean 'country'" not in country.reason  # 'country' is a place type, not an actor type


def test_dangling_reference_is_reported(raw_copy):
    _break(raw_copy, "records/src-000.yaml", "claimant_id: azerbaijan-mod", "claimant_id: azerbaijan-mo")
    with pytest.raises(BuildFailed) as err:
        validate(raw_copy)
    assert any("unknown actor 'azerbaijan-mo'" in p.reason for p in err.value.problems)


@pytest.mark.parametrize("stage_files", [1, 2, 3])
def test_interrupted_build_keeps_old_or_new_never_a_mix(raw_copy, tmp_path, stage_files):
    out = tmp_path / "out"
    build(raw_copy, out, None)
    before = _hashes(out / "data")
    calls = []

    def crash(stage):
        calls.append(stage)
        if len(calls) == stage_files:
            raise RuntimeError("simulated crash")

    _break(raw_copy, "records/src-000.yaml", "description: Azerbaijani forces shot down", "description: Azerbaijani forces reportedly shot down")
    with pytest.raises(RuntimeError):
        build(raw_copy, out, None, after_file=crash)
    assert _hashes(out / "data") == before


def test_dangling_agreement_and_possibly_same_links_are_reported(raw_copy):
    # a violation claim must point at a coded agreement; a possibly-same link at a coded incident
    _break(
        raw_copy,
        "records/src-003.yaml",
        "    agreement_id: agr-003-01\n    violation_kind: violation\n    accused_id: armenia",
        "    agreement_id: agr-003-09\n    violation_kind: violation\n    accused_id: armenia",
    )
    _break(raw_copy, "incidents.yaml", "possibly_same_as: inc-013", "possibly_same_as: inc-913")
    with pytest.raises(BuildFailed) as err:
        validate(raw_copy)
    reasons = {p.field: p.reason for p in err.value.problems}
    assert reasons["violations.agreement_id"].startswith("unknown agreement 'agr-003-09'")  # an agreement, not any record
    assert reasons["incidents.possibly_same_as"].startswith("unknown incident 'inc-913'")
