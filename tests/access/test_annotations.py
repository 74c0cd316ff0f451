"""`export --format annotations`: every claim record as a W3C Web Annotation whose selectors find its quote in the source."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

import karabakh_data as kd
from karabakh_data.access.annotations import PREFIX_CHARS
from karabakh_data.cli import main
from karabakh_data.schema.registry import RECORD_TABLES, TABLES

ROOT = Path(__file__).resolve().parents[2]


def _texts(raw: Path) -> dict[str, str]:
    """urn:sha256:... -> the text of that file, read here without the exporter's code."""
    out = {}
    for path in (raw / "sources").glob("*.txt"):
        data = path.read_bytes()
        out[f"urn:sha256:{hashlib.sha256(data).hexdigest()}"] = data.decode("utf-8")
    return out


@pytest.fixture
def collection(use_build, tmp_path, monkeypatch):
    monkeypatch.chdir(ROOT)
    out = tmp_path / "claims.jsonld"
    assert main(["export", "--format", "annotations", "-o", str(out)]) == 0
    return json.loads(out.read_text(encoding="utf-8"))


def test_one_annotation_per_claim_record_naming_its_id_and_table(collection):
    assert collection["@context"] == "http://www.w3.org/ns/anno.jsonld" and collection["type"] == "AnnotationCollection"
    items = collection["first"]["items"]
    records = {(t, str(r)) for t in RECORD_TABLES for r in kd.load(t)[TABLES[t].key]}
    assert collection["total"] == len(items) == len(records)
    named = set()
    for a in items:
        assert a["type"] == "Annotation"
        body = {b["purpose"]: b["value"] for b in a["body"]}
        named.add((body["classifying"], body["identifying"]))
    assert named == records


def test_every_exact_text_is_sliced_out_of_its_source_by_its_positions(collection):
    texts = _texts(ROOT / "raw")
    quotes = {str(r[TABLES[t].key]): r["quote"] for t in RECORD_TABLES for _, r in kd.load(t).iterrows()}
    for a in collection["first"]["items"]:
        text = texts[a["target"]["source"]]  # the target names the document by the SHA-256 of its bytes
        sel = {s["type"]: s for s in a["target"]["selector"]}
        start, end = sel["TextPositionSelector"]["start"], sel["TextPositionSelector"]["end"]
        q = sel["TextQuoteSelector"]
        assert text[start:end] == q["exact"] == quotes[a["body"][0]["value"]]
        assert q["prefix"] == text[max(0, start - PREFIX_CHARS) : start] and len(q["prefix"]) <= PREFIX_CHARS
        assert q["suffix"] == text[end : end + PREFIX_CHARS] and len(q["suffix"]) <= PREFIX_CHARS
        # the quote selector alone re-anchors: prefix + exact + suffix occurs once in the text
        assert text.count(q["prefix"] + q["exact"] + q["suffix"]) == 1


def test_outside_a_checkout_the_export_refuses_and_writes_nothing(use_build, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["export", "--format", "annotations", "-o", "claims.jsonld"]) == 4  # environment: not a checkout
    err = capsys.readouterr().err
    assert "checkout" in err and "annotations.jsonld" in err
    assert list(tmp_path.iterdir()) == []


def test_a_changed_source_text_is_named_and_nothing_written(use_build, raw_copy, tmp_path, monkeypatch, capsys):
    text = next((raw_copy / "sources").glob("*.txt"))
    text.write_text(text.read_text(encoding="utf-8").replace("Azerbaijan", "Azerbaidjan", 1), encoding="utf-8")
    monkeypatch.chdir(raw_copy.parent)
    assert main(["export", "--format", "annotations", "-o", "claims.jsonld"]) == 3  # integrity: the text differs from the data
    err = capsys.readouterr().err
    assert text.name in err and "SHA-256" in err
    assert not (raw_copy.parent / "claims.jsonld").exists()


def test_annotations_take_no_name_and_need_an_output_file(use_build, monkeypatch, capsys):
    monkeypatch.chdir(ROOT)
    assert main(["export", "events", "--format", "annotations", "-o", "x.jsonld"]) == 2
    assert main(["export", "--format", "annotations"]) == 2
    assert "give -o FILE" in capsys.readouterr().err
    assert not (ROOT / "x.jsonld").exists()
