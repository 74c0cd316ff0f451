"""add-source copies a document byte for byte and writes a sentence checklist."""

from __future__ import annotations

import hashlib

from karabakh_data.build.pipeline import validate
from karabakh_data.build.problems import BuildFailed
from karabakh_data.cli import main

from ..conftest import RAW


def test_add_source_copies_and_lists_every_sentence(raw_copy, tmp_path, capsys):
    doc = tmp_path / "007_new.txt"
    original = (RAW / "sources" / "000_7f5d40a5f4979764.txt").read_bytes()
    doc.write_bytes(original)
    assert main(["add-source", str(doc), "--raw", str(raw_copy)]) == 0
    copied = raw_copy / "sources" / "007_new.txt"
    assert copied.read_bytes() == original
    skeleton = (raw_copy / "records" / "src-007.yaml").read_text(encoding="utf-8")
    assert f"sha256: {hashlib.sha256(original).hexdigest()}" in skeleton
    checklist = [l for l in skeleton.splitlines() if l.startswith("# [ ] S")]
    assert len(checklist) == 22  # the 22 sentences of source 000
    assert "Your browser doesn’t support HTML5" in skeleton


def test_skeleton_fails_validation_until_the_date_is_filled(raw_copy, tmp_path):
    doc = tmp_path / "008_new.txt"
    doc.write_text("Fighting continued on Friday. Both sides reported losses.\n", encoding="utf-8")
    assert main(["add-source", str(doc), "--raw", str(raw_copy)]) == 0
    try:
        validate(raw_copy)
        raise AssertionError("a skeleton without publication date must not validate")
    except BuildFailed as err:
        fields = {(p.file, p.field) for p in err.problems}
        assert ("raw/records/src-008.yaml", "source.published_date") in fields
        assert ("raw/records/src-008.yaml", "source.date_basis") in fields


def test_add_source_refuses_to_overwrite(raw_copy, capsys):
    existing = RAW / "sources" / "000_7f5d40a5f4979764.txt"
    assert main(["add-source", str(existing), "--raw", str(raw_copy)]) == 1
    assert "exists already" in capsys.readouterr().err


def test_add_source_refuses_non_utf8(raw_copy, tmp_path, capsys):
    doc = tmp_path / "009_latin.txt"
    doc.write_bytes("Gazan\u00e7etsots".encode("latin-1"))
    assert main(["add-source", str(doc), "--raw", str(raw_copy)]) == 1
    assert "not valid UTF-8" in capsys.readouterr().err


def test_add_source_refuses_an_id_that_is_not_a_source_id(raw_copy, tmp_path, capsys):
    doc = tmp_path / "010_new.txt"
    doc.write_text("An invented sentence.\n", encoding="utf-8")
    for bad in ("../../x", "src 010", "SRC-010", "src-010/x"):
        assert main(["add-source", str(doc), "--raw", str(raw_copy), "--id", bad]) == 1
        assert capsys.readouterr().err == (
            f"karabakh-data add-source: --id {bad!r} is not a source id: lower-case letters and digits in words joined by hyphens, e.g. src-004\n"
        )
    assert not (tmp_path / "x.yaml").exists() and not (raw_copy / "sources" / "010_new.txt").exists()


def test_a_document_name_with_yaml_syntax_gives_a_skeleton_that_reads_back(raw_copy, tmp_path):
    """': ' and ' #' in a file name: the skeleton quotes it, and the build names the file as it is."""
    doc = tmp_path / "011_Report: day 30 #2.txt"
    doc.write_text("Fighting continued on Friday. Both sides reported losses.\n", encoding="utf-8")
    assert main(["add-source", str(doc), "--raw", str(raw_copy), "--id", "src-011"]) == 0
    from karabakh_data.build.rawio import load_yaml

    data, problems = load_yaml((raw_copy / "records" / "src-011.yaml").read_text(encoding="utf-8"), "src-011.yaml")
    assert problems == [] and data["source"]["file"] == "sources/011_Report: day 30 #2.txt"
    try:
        validate(raw_copy)
        raise AssertionError("a skeleton without publication date must not validate")
    except BuildFailed as err:
        assert {p.field for p in err.problems if p.file == "raw/records/src-011.yaml"} == {"source.published_date", "source.date_basis"}
