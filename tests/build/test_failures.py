"""A failed build changes nothing, the cache included; a failure of the disk is one line; the cache is used only as it was written."""

from __future__ import annotations

import errno
import shutil

import pytest

from karabakh_data.build import output, rawio
from karabakh_data.build.pipeline import build
from karabakh_data.build.problems import BuildFailed, BuildStopped
from karabakh_data.cli import main

from ..conftest import tree
from .conftest import cli_build_stops


def _edit_document(raw) -> None:
    path = raw / "records" / "src-000.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("description: Azerbaijani forces shot down", "description: Azerbaijani forces reportedly shot down", 1), encoding="utf-8")


def test_a_build_failing_on_a_stray_file_leaves_the_cache_as_it_was(raw_copy, tmp_path):
    out = tmp_path / "out"
    build(raw_copy, out, None)
    before = tree(out)
    _edit_document(raw_copy)  # a changed document: a successful build would write a new cache
    (raw_copy / "records" / "notes.txt").write_text("An invented note.\n", encoding="utf-8")
    with pytest.raises(BuildFailed):
        build(raw_copy, out, None)
    assert tree(out) == before


def test_a_full_disk_is_one_line_and_changes_nothing(raw_copy, tmp_path, monkeypatch, capsys):
    import pyarrow.parquet as pq

    out = tmp_path / "out"
    build(raw_copy, out, None)
    before = tree(out)
    _edit_document(raw_copy)
    real = pq.write_table

    def full(table, where, **kw):
        if str(where).endswith("events.parquet"):
            raise OSError(errno.ENOSPC, "No space left on device", str(where))
        return real(table, where, **kw)

    monkeypatch.setattr(pq, "write_table", full)
    stage = output.staging_dir_of(out / "data")
    with pytest.raises(BuildStopped) as err:
        build(raw_copy, out, None)
    assert str(err.value) == f"cannot write {stage / 'events.parquet'}: no space left on device; the previous build was left untouched"
    assert tree(out) == before
    cli_build_stops(raw_copy, out, err.value, capsys)
    assert tree(out) == before


def test_a_raw_file_that_cannot_be_opened_is_a_problem(raw_copy, monkeypatch):
    """The system refuses the open (as for a file without read permission, which root would still read)."""
    target = raw_copy / "places.yaml"

    def refusing_open(path, *args, **kwargs):
        if str(path) == str(target):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return open(path, *args, **kwargs)

    monkeypatch.setattr(rawio, "open", refusing_open, raising=False)
    with pytest.raises(BuildFailed) as err:
        build(raw_copy, None, None)
    assert [str(p) for p in err.value.problems] == ["raw/places.yaml: cannot be read (permission denied); make it readable or remove it"]


def test_a_cache_changed_since_it_was_written_is_not_used(raw_copy, tmp_path):
    """A poisoned cache file (a description rewritten, same schema) never reaches the output: the whole cache is ignored."""
    import pyarrow as pa
    import pyarrow.compute as pc

    out = tmp_path / "out"
    build(raw_copy, out, None)
    path = out / ".cache" / "events.arrow"
    events = pa.ipc.open_file(pa.py_buffer(path.read_bytes())).read_all()  # not memory-mapped: the file is rewritten below
    poisoned = events.set_column(events.schema.get_field_index("description"), "description", pc.utf8_upper(events.column("description")))
    with pa.OSFile(str(path), "wb") as sink, pa.ipc.new_file(sink, poisoned.schema) as writer:
        writer.write_table(poisoned)
    again = build(raw_copy, out, None)
    assert again.stats["cached"] == 0 and again.stats["parsed"] == again.stats["documents"]
    cold = tmp_path / "cold"
    build(raw_copy, cold, None, cache=False)
    assert {p.name: p.read_bytes() for p in (out / "data").glob("*.parquet")} == {p.name: p.read_bytes() for p in (cold / "data").glob("*.parquet")}


def test_a_release_build_reads_no_cache(raw_copy, tmp_path):
    out = tmp_path / "out"
    build(raw_copy, out, None)
    release = build(raw_copy, out, tmp_path / "pkg")
    assert release.stats["cached"] == 0 and release.stats["parsed"] == release.stats["documents"]
    shutil.rmtree(tmp_path / "pkg")


def test_a_build_folder_that_cannot_be_made_is_one_line(capsys):
    from ..conftest import RAW

    assert main(["build", "--raw", str(RAW), "--out", "/proc/karabakh-data-cannot-be-here"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("build stopped: cannot write /proc/karabakh-data-cannot-be-here: ") and err.endswith("(nothing was written)\n")
    assert len(err.splitlines()) == 1
