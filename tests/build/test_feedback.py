"""Every problem of a run, each with its fix: model, quote, reference and cross-document problems of every file together."""

from __future__ import annotations

import pytest

from karabakh_data.build.pipeline import validate
from karabakh_data.build.problems import BuildFailed
from karabakh_data.schema.vocabularies import OUTCOMES, SYNONYMS, meaning


def _edit(path, old, new):
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_faults_in_several_files_and_stages_are_reported_in_one_run_with_their_fixes(raw_copy):
    rec0, rec3 = raw_copy / "records" / "src-000.yaml", raw_copy / "records" / "src-003.yaml"
    _edit(rec0, "place_id: gubadli", "place_id: Gubadli")  # a name where an id is expected (model stage) ...
    _edit(rec0, "claimant_id: azerbaijan-mod", "claimant_id: azerbaijan-md")  # ... in the same record: an unknown actor
    _edit(rec0, "outcome: killed", "outcome: injured")  # a vocabulary value by meaning
    _edit(rec3, "place_id: moscow", "place_id: Moscow")  # another file, model stage
    _edit(rec3, "quote: Photojournalist Umit Bektas took pictures", "quote: Photojournalist Umit Bektas took photos")  # quote stage
    _edit(raw_copy / "places.yaml", "parent_id: azerbaijan\n", "parent_id: azerbaijann\n")  # a reference file: cross-reference stage
    with pytest.raises(BuildFailed) as err:
        validate(raw_copy)
    reasons = {(p.file.split("/")[-1], p.field): p.reason for p in err.value.problems}
    assert "it resolves to place 'gubadli'" in reasons[("src-000.yaml", "events[0].place_id")]
    assert "write gubadli" in reasons[("src-000.yaml", "events[0].place_id")]
    assert "it resolves to place 'moscow'" in reasons[("src-003.yaml", "meetings[0].place_id")]
    unknown = reasons[("src-000.yaml", "events.claimant_id")]
    assert unknown.startswith("unknown actor 'azerbaijan-md'") and "raw/actors.yaml" in unknown and "nearest known: azerbaijan-mod" in unknown
    assert "did you mean 'wounded'? 'injured' means the same" in reasons[("src-000.yaml", "casualties[0].outcome")]
    assert "quote not found" in reasons[("src-003.yaml", "statements.quote")]
    assert "nearest known: azerbaijan" in reasons[("places.yaml", "places.parent_id")]
    assert not [p for p in err.value.problems if "unknown place 'gubadli'" in p.reason]  # no echo of a record's own failure


def test_a_reference_to_a_record_that_failed_validation_is_not_reported_twice(raw_copy):
    rec0 = raw_copy / "records" / "src-000.yaml"
    assert "record_id: ev-000-01" in rec0.read_text(encoding="utf-8")  # a dispute names the event broken below
    _edit(rec0, "date_precision: day", "date_precision: daily")  # ev-000-01, the first record
    with pytest.raises(BuildFailed) as err:
        validate(raw_copy)
    assert [p.field for p in err.value.problems] == ["events[0].date_precision"]


def test_the_synonym_table_maps_only_onto_allowed_values():
    assert meaning("injured", list(OUTCOMES)) == "wounded" and meaning("Dead", list(OUTCOMES)) == "killed"
    assert meaning("wounded", list(OUTCOMES)) is None and meaning("sheep", list(OUTCOMES)) is None
    assert all(isinstance(v, str) and k != v for k, v in SYNONYMS.items())
