"""export -o replaces an existing file only with --force, and never writes through a symbolic link."""

from __future__ import annotations

import pytest

from karabakh_data.cli import main


@pytest.mark.parametrize("fmt", ["csv", "json", "parquet", "sqlite"])
def test_an_existing_file_is_replaced_only_with_force(use_build, tmp_path, capsys, fmt):
    out = tmp_path / f"out.{fmt}"
    out.write_bytes(b"an invented file the user keeps")
    name = [] if fmt == "sqlite" else ["events"]
    assert main(["export", *name, "--format", fmt, "-o", str(out)]) == 2  # usage: another path, or --force
    assert capsys.readouterr().err == f"karabakh-data export: -o {out} exists; add --force to replace it\n"
    assert out.read_bytes() == b"an invented file the user keeps"
    assert main(["export", *name, "--format", fmt, "-o", str(out), "--force"]) == 0
    assert out.read_bytes() != b"an invented file the user keeps"


def test_a_link_is_never_followed(use_build, tmp_path, capsys):
    target = tmp_path / "precious.txt"
    target.write_text("An invented file the link points at.\n", encoding="utf-8")
    link = tmp_path / "events.csv"
    link.symlink_to(target)
    assert main(["export", "events", "-o", str(link)]) == 2  # usage: another path, or --force
    assert "is a symbolic link; give another path, or --force to replace the link (its target is left as it was)" in capsys.readouterr().err
    assert main(["export", "events", "-o", str(link), "--force"]) == 0
    assert not link.is_symlink() and link.read_text(encoding="utf-8").startswith("event_id")
    assert target.read_text(encoding="utf-8") == "An invented file the link points at.\n"


def test_export_all_into_a_folder(use_build, tmp_path, capsys):
    folder = tmp_path / "csv"
    assert main(["export", "all", "--format", "csv", "-o", str(folder)]) == 0
    assert main(["export", "all", "--format", "csv", "-o", str(folder)]) == 2  # usage: another path, or --force
    assert capsys.readouterr().err.endswith("exists; add --force to replace it\n")
    target = tmp_path / "precious.txt"
    target.write_text("An invented file.\n", encoding="utf-8")
    (folder / "events.csv").unlink()
    (folder / "events.csv").symlink_to(target)
    assert main(["export", "all", "--format", "csv", "-o", str(folder), "--force"]) == 0
    assert not (folder / "events.csv").is_symlink() and target.read_text(encoding="utf-8") == "An invented file.\n"
    link = tmp_path / "linked"
    link.symlink_to(folder)
    assert main(["export", "all", "--format", "csv", "-o", str(link), "--force"]) == 2  # usage: another path, or --force
    assert capsys.readouterr().err.endswith(f"-o {link} is a symbolic link; give another path\n")
