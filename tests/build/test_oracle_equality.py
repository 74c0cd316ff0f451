"""The build equals the reference build (tests/build/oracle.py): the same Parquet bytes, the same problems.

stages reads documents in parallel and checks across documents in columns;
none of it may change a byte of the output or a word of a problem report,
on the real raw/ and on a synthetic corpus, for every rule of the reference
checks.
"""

from __future__ import annotations

import shutil

import pytest

from karabakh_data.build.pipeline import build, validate
from karabakh_data.build.problems import BuildFailed

from ..conftest import RAW
from .conftest import edit, parquet_digests, problems_of
from .oracle import build_reference, validate_reference


def test_fast_path_equals_reference_on_real_and_synthetic_data(synthetic, tmp_path, monkeypatch):
    from karabakh_data.build import documents, tables

    # two processes sharing small chunks: the worker path, results put back in document order
    monkeypatch.setattr(documents, "SHARE_BYTES", 0)
    monkeypatch.setattr(documents, "CHUNK_BYTES", 50_000)
    for raw in (RAW, synthetic):  # package-style folders: Parquet and manifest, no DuckDB file
        build_reference(raw, tmp_path / "ref")
        fast = build(raw, None, tmp_path / "fast", jobs=2, pandera=False)
        assert fast.stats["jobs"] == (2 if raw == synthetic else 1)  # raw/ has two documents: not worth a worker
        assert parquet_digests(tmp_path / "fast") == parquet_digests(tmp_path / "ref")
    # columns are built by tables.arrow_array when short, by pyarrow.array when long: both give the same bytes
    monkeypatch.setattr(tables, "SMALL", 0)
    build(synthetic, None, tmp_path / "long", jobs=1, pandera=False)
    assert parquet_digests(tmp_path / "long") == parquet_digests(tmp_path / "ref")


BREAKS = {
    "dangling actor": ("records/src-000.yaml", "claimant_id: azerbaijan-mod", "claimant_id: azerbaijan-mo"),
    "duplicate id": ("records/src-000.yaml", "event_id: ev-000-02", "event_id: ev-000-01"),
    "quote not in source": ("records/src-000.yaml", "There were conflicting claims", "There were conflicting claimz"),
    "unknown place": ("records/src-000.yaml", "place_id: gubadli", "place_id: gubadly"),
    "bad value": ("records/src-000.yaml", "date_precision: day", "date_precision: daily"),
    "retired id reused": ("records/src-000.yaml", "event_id: ev-000-02", "event_id: ev-003-19"),
    "unknown event": ("records/src-000.yaml", "\n    event_id: ev-000-01\n", "\n    event_id: ev-000-99\n"),
    "unknown record": ("records/src-000.yaml", "record_id: mat-000-01", "record_id: mat-000-99"),
    "unknown participant": ("records/src-003.yaml", "- actor_id: ceyhun-bayramov", "- actor_id: ceyhun-bayramof"),
    "unknown parent": ("actors.yaml", "parent_id: azerbaijan\n", "parent_id: azerbaijn\n"),
    "parent circle": (
        "actors.yaml",
        "  - actor_id: azerbaijan\n    name: Azerbaijan\n",
        "  - actor_id: azerbaijan\n    name: Azerbaijan\n    parent_id: azerbaijan-mod\n",
    ),
    "unknown possibly-same incident": ("incidents.yaml", "possibly_same_as: inc-013\n", "possibly_same_as: inc-913\n"),
    "unknown agreement": ("records/src-000.yaml", "    agreement_id: agr-000-01\n", "    agreement_id: agr-000-99\n"),
    "source text changed": ("sources/000_7f5d40a5f4979764.txt", "Gubadli", "Qubadli"),
    "exclusion not in source": ("sources/000_7f5d40a5f4979764.exclusions.yaml", "doesn’t support HTML5", "does not support HTML5"),
}
"""One break per rule of the reference checks (test_every_reference_check_is_exercised_by_a_break)."""


@pytest.mark.parametrize("case", sorted(BREAKS))
def test_fast_path_reports_the_reference_problems(case, raw_copy):
    file, old, new = BREAKS[case]
    edit(raw_copy / file, old, new)
    expected = problems_of(validate_reference, raw_copy)
    assert problems_of(validate, raw_copy) == expected
    assert all(p.line > 0 for p in expected if p.file.startswith("raw/records"))


def test_fast_path_reports_cross_document_problems_with_lines(synthetic, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(synthetic, raw)
    docs = sorted((raw / "records").glob("*.yaml"))
    edit(docs[3], "event_id: ev-00003-001", "event_id: ev-00001-001")  # duplicate across documents
    edit(docs[5], "claimant_id: ", "claimant_id: no-such-actor\n    note_x: 1\n    x_claimant_id: ")  # unknown field: a read problem
    expected = problems_of(validate_reference, raw)
    assert problems_of(validate, raw) == expected
    edit(docs[5], "claimant_id: no-such-actor\n    note_x: 1\n    x_claimant_id: ", "claimant_id: ")
    expected = problems_of(validate_reference, raw)  # now the cross-document problems
    assert any("duplicate id 'ev-00001-001'" in p.reason for p in expected)
    assert problems_of(validate, raw) == expected


def test_every_reference_check_is_exercised_by_a_break(raw_copy, tmp_path, monkeypatch):
    """Every check_* of the reference checks reports a problem for at least one of BREAKS.

    With test_fast_path_reports_the_reference_problems (the fast path gives
    the same problems for each break), a rule added to or changed in the
    reference checks without the same change in the build fails a test, by
    what the two report rather than by their source text.
    """
    import shutil

    from . import oracle as checks  # the reference checks, as the reference build calls them

    called, fired = set(), set()
    for name in [n for n in dir(checks) if n.startswith("check_") and n not in ("check_all", "check_frames")]:

        def wrapped(*args, _fn=getattr(checks, name), _name=name):
            called.add(_name)
            problems = next(a for a in args if isinstance(a, list))
            before = len(problems)
            out = _fn(*args)
            if len(problems) > before:
                fired.add(_name)
            return out

        monkeypatch.setattr(checks, name, wrapped)
    for case, (file, old, new) in sorted(BREAKS.items()):
        raw = tmp_path / case.replace(" ", "-")
        shutil.copytree(raw_copy, raw)
        edit(raw / file, old, new)
        try:
            validate_reference(raw)
        except BuildFailed:
            pass
    wanted = called
    assert len(called) >= 6, called
    assert fired == wanted, f"no break in BREAKS makes {sorted(wanted - fired)} report a problem: add one"
