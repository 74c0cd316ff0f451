"""The DuckDB file of an incremental build (output.update_duckdb): the last DuckDB file is reused only when the manifests prove it safe.

Each case damages one thing the reuse depends on, after a first build of the
real raw/ and an edit of one document; the next build must then write the
file from scratch, and in every case the file holds exactly what a build
from scratch gives (tests/build/test_incremental.py covers the updates themselves).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from karabakh_data.build import output as duckdb_update
from karabakh_data.build.output import DUCKDB_FILE, INPUTS, MANIFEST
from karabakh_data.build.pipeline import build

from ..conftest import duckdb_contents


def _edit_manifest(folder: Path, change) -> None:
    path = folder / MANIFEST
    manifest = json.loads(path.read_text(encoding="utf-8"))
    change(manifest)
    path.write_text(json.dumps(manifest), encoding="utf-8")


def _edit_inputs(folder: Path, change, *, restamp: bool) -> None:
    """Change inputs.json; restamp: and record its new SHA-256 in the manifest, as a build would have."""
    import hashlib

    path = folder / INPUTS
    inputs = json.loads(path.read_text(encoding="utf-8"))
    change(inputs)
    path.write_text(json.dumps(inputs), encoding="utf-8")
    if restamp:
        _edit_manifest(folder, lambda m: m["files"][INPUTS].update(sha256=hashlib.sha256(path.read_bytes()).hexdigest()))


def _touch_duckdb(folder: Path) -> None:
    import duckdb

    con = duckdb.connect(str(folder / DUCKDB_FILE))
    con.execute("CREATE TABLE notes AS SELECT 1 AS x")  # a user's own table: the file no longer matches its manifest
    con.close()


CASES = {
    "the file was changed after the build": _touch_duckdb,
    "the file is missing": lambda f: (f / DUCKDB_FILE).unlink(),
    "there is no inputs.json (a reference build)": lambda f: (f / INPUTS).unlink(),
    "inputs.json was changed after the build": lambda f: _edit_inputs(f, lambda i: i["files"].clear(), restamp=False),
    "the code changed": lambda f: _edit_inputs(f, lambda i: i.update(code="0" * 64), restamp=True),
    "the dataset version changed": lambda f: _edit_manifest(f, lambda m: m.update(dataset_version="0.0.1")),
    "the manifest is not JSON": lambda f: (f / MANIFEST).write_text("{", encoding="utf-8"),
}


def _edit_document(raw: Path) -> None:
    path = raw / "records" / "src-000.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("description: Azerbaijani forces shot down", "description: Azerbaijani forces reportedly shot down"), encoding="utf-8")


@pytest.mark.parametrize("case", sorted(CASES))
def test_the_file_is_written_whole_unless_its_reuse_is_proven_safe(case, raw_copy, tmp_path):
    out = tmp_path / "out"
    build(raw_copy, out, None)
    CASES[case](out / "data")
    _edit_document(raw_copy)
    result = build(raw_copy, out, None)
    assert result.stats["duckdb"] == "written"
    fresh = build(raw_copy, tmp_path / "fresh", None, cache=False)
    assert fresh.stats["duckdb"] == "written"
    assert duckdb_contents(out / "data" / DUCKDB_FILE) == duckdb_contents(tmp_path / "fresh" / "data" / DUCKDB_FILE)


def test_an_error_while_updating_falls_back_to_writing_the_file_whole(raw_copy, tmp_path, monkeypatch):
    out = tmp_path / "out"
    build(raw_copy, out, None)
    _edit_document(raw_copy)

    def broken(path, *args):
        Path(path).write_bytes(b"half-written")
        raise RuntimeError("disk full")

    monkeypatch.setattr(duckdb_update, "_apply_update", broken)
    result = build(raw_copy, out, None)
    assert result.stats["duckdb"] == "written"
    fresh = tmp_path / "fresh"
    build(raw_copy, fresh, None, cache=False)
    assert duckdb_contents(out / "data" / DUCKDB_FILE) == duckdb_contents(fresh / "data" / DUCKDB_FILE)


def test_unchanged_documents_are_kept_and_changed_ones_replaced(raw_copy, tmp_path):
    """The plan names exactly the edited document's source, and every table whose rows are not a document's (rewritten on every update)."""
    out = tmp_path / "out"
    build(raw_copy, out, None)
    _edit_document(raw_copy)
    actors = raw_copy / "actors.yaml"
    actors.write_text(actors.read_text(encoding="utf-8").replace("name: Armenia\n", "name: Republic of Armenia\n"), encoding="utf-8")
    from karabakh_data._version import __version__
    from karabakh_data.build import stages

    inputs = {**stages.run(raw_copy).inputs, "code": duckdb_update.code_digest()}
    assert duckdb_update.update_plan(out / "data", __version__, inputs) == ({"actors", "incidents", "places"}, {"src-000"}, {"src-000"})


def test_a_reference_file_saved_during_a_build_is_not_missed_by_the_next(raw_copy, tmp_path, monkeypatch):
    """actors.yaml edited after it was read but before the build ends: the next build rewrites the table."""
    from karabakh_data.build import stages

    out = tmp_path / "out"
    build(raw_copy, out, None)
    actors = raw_copy / "actors.yaml"
    original = stages.fingerprint

    def edit_then_fingerprint(root, hashes):
        actors.write_text(actors.read_text(encoding="utf-8").replace("name: Armenia\n", "name: Republic of Armenia\n"), encoding="utf-8")
        return original(root, hashes)

    monkeypatch.setattr(stages, "fingerprint", edit_then_fingerprint)
    _edit_document(raw_copy)
    build(raw_copy, out, None)
    monkeypatch.setattr(stages, "fingerprint", original)
    again = build(raw_copy, out, None)
    assert again.stats["duckdb"] == "updated"
    build(raw_copy, tmp_path / "fresh", None, cache=False)
    assert duckdb_contents(out / "data" / DUCKDB_FILE) == duckdb_contents(tmp_path / "fresh" / "data" / DUCKDB_FILE)
