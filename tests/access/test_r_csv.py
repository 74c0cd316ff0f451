"""The one writer of R-ready CSV: its conventions, and that every command writing CSV goes through it."""

from __future__ import annotations

import datetime as dt
import io

import pytest

from karabakh_data.access import r_csv
from karabakh_data.cli import main


def _csv(columns, rows, **kw) -> str:
    buf = io.StringIO(newline="")
    r_csv.write(columns, rows, buf, **kw)
    return buf.getvalue()


def test_flags_missing_dates_and_lists_as_r_reads_them():
    rows = [(True, None, dt.date(2020, 10, 9), ["Baku", "Bakı"], 3, 46.58, 'say "no", twice')]
    text = _csv(["flag", "gone", "day", "aliases", "n", "lat", "quote"], rows)
    assert text == 'flag,gone,day,aliases,n,lat,quote\nTRUE,NA,2020-10-09,Baku | Bakı,3,46.58,"say ""no"", twice"\n'
    assert _csv(["gone", "flag"], [(None, False)], missing="") == "gone,flag\n,FALSE\n"  # the UCDP-/ACLED-shaped views
    assert _csv(["aliases"], [([],)]) == 'aliases\n""\n'  # an empty list is the empty text


@pytest.mark.parametrize(
    ("value", "message"),
    [(["Baku", "Baku | Azerbaijan"], "contains the list separator"), (["Baku", ""], "empty item"), ("NA", "would read as missing in R")],
    ids=["separator-in-item", "empty-item", "text-NA"],
)
def test_a_value_that_would_not_read_back_is_refused_and_nothing_written(tmp_path, value, message):
    with pytest.raises(r_csv.CsvValueError, match=message) as err:
        r_csv.write_file(["aliases"], [(["ok"],), (value,)], tmp_path / "a.csv", name="actors")
    assert str(err.value).startswith("actors.aliases: ")
    assert not (tmp_path / "a.csv").exists()


def test_bom_only_on_request(tmp_path):
    r_csv.write_file(["a"], [(1,)], tmp_path / "plain.csv")
    r_csv.write_file(["a"], [(1,)], tmp_path / "excel.csv", bom=True)
    assert (tmp_path / "plain.csv").read_bytes() == b"a\n1\n"
    assert (tmp_path / "excel.csv").read_bytes() == b"\xef\xbb\xbfa\n1\n"


def test_export_download_and_query_write_the_same_csv(use_build, tmp_path, capsys):
    """A table as CSV is the same bytes whether exported, downloaded (the release archive's csv/) or queried."""
    from karabakh_data.release.downloads import write_csv

    seen = ""
    for name in ("actors", "events"):  # list columns; booleans
        write_csv(name, tmp_path / "download.csv")
        assert main(["export", name, "--format", "csv", "-o", str(tmp_path / "export.csv"), "--force"]) == 0  # the second table replaces the first
        assert main(["query", f"SELECT * FROM {name}", "--format", "csv"]) == 0
        queried = capsys.readouterr().out
        download = (tmp_path / "download.csv").read_text(encoding="utf-8")
        assert (tmp_path / "export.csv").read_text(encoding="utf-8") == download == queried
        seen += download
    assert " | " in seen and ",NA," in seen and ",FALSE," in seen
