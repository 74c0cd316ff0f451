"""A build that reuses the cache (<out>/.cache) gives the same bytes, or the same problems, as a build without it.

After a document is changed, added or removed, after a reference table
changes, and after a source text changes; a failed build (a bad document,
a worker process that dies) changes nothing, the cache included; the DuckDB
file an incremental build updates equals a cold build's.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import pytest

from karabakh_data.build.documents import process_documents
from karabakh_data.build.pipeline import build
from karabakh_data.build.problems import BuildFailed

from ..conftest import duckdb_contents, tree
from .conftest import edit, parquet_digests, problems_of
from .oracle import validate_reference


def _outputs(folder: Path) -> tuple[dict, dict]:
    """The Parquet files' digests and everything readable from the DuckDB file (rows in any order)."""
    return parquet_digests(folder), duckdb_contents(folder / "karabakh.duckdb")


def _fresh(raw: Path, tmp: Path, name: str) -> tuple[dict, dict]:
    """The outputs of a build from scratch: no cache, no earlier DuckDB file."""
    result = build(raw, tmp / name, None, cache=False)
    assert result.stats["duckdb"] == "written"
    return _outputs(tmp / name / "data")


def test_incremental_build_is_byte_identical_to_a_full_build(raw_copy, tmp_path):
    out = tmp_path / "inc"
    first = build(raw_copy, out, None)
    assert first.stats["parsed"] == first.stats["documents"]
    # nothing changed: everything from the cache
    again = build(raw_copy, out, None)
    assert again.stats["parsed"] == 0 and parquet_digests(out / "data") == parquet_digests(tmp_path / "inc" / "data")

    # a changed document: only it is read again
    edit(raw_copy / "records/src-000.yaml", "description: Azerbaijani forces shot down", "description: Azerbaijani forces reportedly shot down")
    changed = build(raw_copy, out, None)
    assert changed.stats["parsed"] == 1 and changed.stats["duckdb"] == "updated"
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "full-changed")

    # an added document (its own source text and records)
    text = "A new report.\nThe ministry said the talks would resume on Monday.\n"
    (raw_copy / "sources" / "900_added.txt").write_text(text, encoding="utf-8")
    digest = hashlib.sha256(text.encode()).hexdigest()
    (raw_copy / "records" / "src-900.yaml").write_text(
        "source:\n  source_id: src-900\n  file: sources/900_added.txt\n"
        f"  sha256: {digest}\n  published_date: 2020-10-30\n  date_basis: Stated in the report itself.\n  language: en\n"
        "statements:\n  - statement_id: st-900-01\n    claimant_id: unattributed\n    statement_type: announcement\n"
        "    summary: Talks would resume on Monday.\n    quote: The ministry said the talks would resume on Monday.\n"
        "    date_start: 2020-10-30\n    date_end: 2020-10-30\n    date_precision: day\n    date_basis: bounded_by_claim\n",
        encoding="utf-8",
    )
    added = build(raw_copy, out, None)
    assert added.stats["parsed"] == 1 and added.rows["statements"] == changed.rows["statements"] + 1
    assert added.stats["duckdb"] == "updated"
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "full-added")

    # a removed document (a source text no records file codes is a problem: it goes too)
    (raw_copy / "records" / "src-900.yaml").unlink()
    (raw_copy / "sources" / "900_added.txt").unlink()
    removed = build(raw_copy, out, None)
    assert removed.stats["parsed"] == 0 and removed.rows == changed.rows and removed.stats["duckdb"] == "updated"
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "full-removed")


def test_a_failed_build_changes_nothing_and_the_fix_reuses_the_cache(raw_copy, tmp_path):
    out = tmp_path / "inc"
    build(raw_copy, out, None)
    before = {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()}
    edit(raw_copy / "records/src-000.yaml", "date_precision: day", "date_precision: daily")
    with pytest.raises(BuildFailed):
        build(raw_copy, out, None)
    assert {p.relative_to(out).as_posix(): p.read_bytes() for p in sorted(out.rglob("*")) if p.is_file()} == before
    edit(raw_copy / "records/src-000.yaml", "date_precision: daily", "date_precision: day")
    fixed = build(raw_copy, out, None)
    assert fixed.stats["parsed"] == 0  # the document is as it was at the last good build
    edit(raw_copy / "records/src-000.yaml", "description: Azerbaijani forces shot down", "description: Azerbaijani forces reportedly shot down")
    changed = build(raw_copy, out, None)
    assert changed.stats["parsed"] == 1 and changed.stats["cached"] == changed.stats["documents"] - 1
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "full")


def test_reference_tables_and_source_texts_are_never_stale(raw_copy, tmp_path):
    out = tmp_path / "inc"
    build(raw_copy, out, None)
    # a changed reference table: documents come from the cache, the output follows the new table
    edit(raw_copy / "actors.yaml", "name: Armenia\n", "name: Republic of Armenia\n")
    result = build(raw_copy, out, None)
    assert result.stats["parsed"] == 0 and result.stats["duckdb"] == "updated"
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "full-actors")
    # an actor that cached records point at disappears: the same problems as without the cache
    actors = (raw_copy / "actors.yaml").read_text(encoding="utf-8")
    (raw_copy / "actors.yaml").write_text(actors.replace("actor_id: azerbaijan-mod\n", "actor_id: azerbaijan-defence\n", 1), encoding="utf-8")
    expected = problems_of(validate_reference, raw_copy)
    assert any("unknown actor 'azerbaijan-mod'" in p.reason for p in expected)
    assert problems_of(lambda raw: build(raw, out, None), raw_copy) == expected
    (raw_copy / "actors.yaml").write_text(actors, encoding="utf-8")
    # an exclusions file edited: read again, checked again
    excl = next((raw_copy / "sources").glob("*.exclusions.yaml"))
    saved = excl.read_text(encoding="utf-8")
    excl.write_text(saved.replace("sentence: ", "sentence: Not in the text. ", 1), encoding="utf-8")
    expected = problems_of(validate_reference, raw_copy)
    assert any("excluded sentence not found" in p.reason for p in expected)
    assert problems_of(lambda raw: build(raw, out, None), raw_copy) == expected
    excl.write_text(saved, encoding="utf-8")
    build(raw_copy, out, None)
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "full-excl")
    # a source text edited under an unchanged records file: its cached result is not used
    text = next((raw_copy / "sources").glob("000_*.txt"))
    text.write_text(text.read_text(encoding="utf-8").replace("Gubadli", "Qubadli", 1), encoding="utf-8")
    expected = problems_of(validate_reference, raw_copy)
    assert any("SHA-256" in p.reason for p in expected)
    assert problems_of(lambda raw: build(raw, out, None), raw_copy) == expected


def _exit_in_a_worker(root: str, paths: list[str]):
    """process_documents, except that a worker process running it ends at once, as a killed one (a signal, out of memory) would."""
    import multiprocessing
    import os

    if multiprocessing.parent_process() is not None:
        os._exit(70)
    return process_documents(root, paths)


def test_a_worker_that_dies_fails_the_build_and_changes_nothing(synthetic, tmp_path, monkeypatch):
    from karabakh_data.build import documents

    out = tmp_path / "out"
    build(synthetic, out, None, jobs=1)
    shutil.rmtree(out / ".cache")  # a cold build: the documents are shared with a worker
    before = tree(out)
    monkeypatch.setattr(documents, "SHARE_BYTES", 0)
    monkeypatch.setattr(documents, "process_documents", _exit_in_a_worker)  # what the pool sends its workers (by name: they import this module)
    with pytest.raises(RuntimeError, match="a build worker failed"):
        build(synthetic, out, None, jobs=2)
    assert tree(out) == before  # no output changed, no cache written


def test_a_document_saved_while_it_is_read_is_not_cached_under_its_old_digest(raw_copy, tmp_path, monkeypatch):
    from karabakh_data.build import documents

    out = tmp_path / "out"
    doc = raw_copy / "records" / "src-000.yaml"
    old = doc.read_text(encoding="utf-8")
    new = old.replace("description: Azerbaijani forces shot down", "description: Azerbaijani forces reportedly shot down")
    original = documents.read_text

    def saved_meanwhile(path, display):  # the coder saves between the build's hashing and its reading
        if Path(path).name == doc.name:
            doc.write_text(new, encoding="utf-8")
        return original(path, display)

    monkeypatch.setattr(documents, "read_text", saved_meanwhile)
    build(raw_copy, out, None)
    monkeypatch.setattr(documents, "read_text", original)
    doc.write_text(old, encoding="utf-8")  # back to the bytes whose digest the first build keyed it by
    again = build(raw_copy, out, None)
    assert again.stats["parsed"] == 1  # read again, not taken from the cache
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "fresh")


DERIVED_EDITS = {
    # a claim's dates: its incident's date_start, date_end and date_precision
    "claim date": (
        "records/src-000.yaml",
        "    date_start: 2020-10-24\n    date_end: 2020-10-24\n    date_precision: day\n    date_basis: inferred\n    date_phrase: a day after",
        "    date_start: 2020-10-24\n    date_end: 2020-10-25\n    date_precision: days\n    date_basis: inferred\n    date_phrase: a day after",
    ),
    # a dispute now names another claim: the disputed flag of two incidents
    "dispute target": ("records/src-000.yaml", "  - dispute_id: dis-000-01\n    record_id: ev-000-01", "  - dispute_id: dis-000-01\n    record_id: ev-000-02"),
    # a casualty claim's figure: its incident's deaths
    "casualty count": (
        "records/src-003.yaml",
        "    count_kind: incident\n    count_best: 1\n    count_qualifier: exact\n    person_name: Hadjian",
        "    count_kind: incident\n    count_best: 1\n    count_low: 1\n    count_high: 3\n    count_qualifier: range\n    person_name: Hadjian",
    ),
}


@pytest.mark.parametrize("case", sorted(DERIVED_EDITS))
def test_derived_tables_are_never_stale_in_the_duckdb_file(case, raw_copy, tmp_path):
    """An edit of one claim changes derived columns of the incidents table: the updated DuckDB file equals a cold build's, every table and view."""
    import duckdb

    out = tmp_path / "inc"
    build(raw_copy, out, None)

    def incidents() -> list:
        con = duckdb.connect(str(out / "data" / "karabakh.duckdb"), read_only=True)
        try:
            return con.execute("SELECT * FROM incidents ORDER BY ALL").fetchall()
        finally:
            con.close()

    before = incidents()
    file, old, new = DERIVED_EDITS[case]
    edit(raw_copy / file, old, new)
    result = build(raw_copy, out, None)
    assert result.stats["parsed"] == 1 and result.stats["duckdb"] == "updated"
    assert incidents() != before, "the edit must change a derived column, or the case shows nothing"
    assert _outputs(out / "data") == _fresh(raw_copy, tmp_path, "cold")


NO_PANDAS = """
import sys
from pathlib import Path
from karabakh_data.build.pipeline import build
result = build(Path(sys.argv[1]), Path(sys.argv[2]), None)
print(result.stats["duckdb"], "pandas" in sys.modules)
"""


def test_warm_and_incremental_builds_never_import_pandas(raw_copy, tmp_path):
    """Importing pandas costs more than an incremental build's own work (benchmarks/README.md); only a cold build's
    long columns may pay it. Each build runs in a fresh interpreter, as `karabakh-data build` does."""
    import subprocess
    import sys

    def run() -> str:
        done = subprocess.run([sys.executable, "-c", NO_PANDAS, str(raw_copy), str(tmp_path / "out")], capture_output=True, text=True, check=True)
        return done.stdout.split()

    run()  # cold
    assert run() == ["updated", "False"]  # warm: nothing changed, no row replaced
    edit(raw_copy / "records" / "src-000.yaml", "description: ", "description: Reportedly, ")
    assert run() == ["updated", "False"]  # one document changed: its rows replaced in the DuckDB file
