"""The published reliability figures are the agreement of the stored second coding with the released records, nothing typed."""

from __future__ import annotations

import json

from karabakh_data.release.metadata import croissant
from karabakh_data.release.reliability import SUMMARY, markdown, rai_fields, summary

from ..conftest import ROOT


def test_the_summary_is_the_agreement_of_the_two_codings_now():
    assert json.loads(SUMMARY.read_text(encoding="utf-8")) == summary(), "reliability/summary.json is stale: run karabakh-data regenerate"


def test_the_docs_show_the_summary_table():
    doc = (ROOT / "docs" / "reliability.md").read_text(encoding="utf-8")
    assert markdown(json.loads(SUMMARY.read_text(encoding="utf-8"))) in doc


def test_croissant_publishes_alpha_per_field_with_units(built):
    doc = croissant(built / "data", "1.0.0", None, [])
    fields = rai_fields()
    assert {k: doc[k] for k in fields} == fields
    analysis = doc["rai:dataAnnotationAnalysis"]
    pooled = json.loads(SUMMARY.read_text(encoding="utf-8"))["pooled"]
    assert f"claimant_id {pooled['alpha']['claimant_id']['alpha']} ({pooled['alpha']['claimant_id']['units']} units)" in analysis
