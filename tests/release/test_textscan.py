"""The source-text scan finds a long run of a text however a file carries it, and nothing shorter.

The "source" here is invented for the test (not a news report): sentences
numbered so that no two windows of it are alike.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import tarfile
import zipfile

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from karabakh_data.release.textscan import RUN, find_source_text, longest_run

INVENTED = " ".join(f"Invented sentence {i} says that the ferry left pier {i * 7} at dawn, as the test requires." for i in range(40))
RUN_TEXT = INVENTED[123 : 123 + RUN + 50]  # a run longer than RUN, not aligned with anything


def _zip(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return buf.getvalue()


def _targz(members: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w:gz") as tf:
        for name, data in members.items():
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


def _parquet(text: str) -> bytes:
    buf = io.BytesIO()
    pq.write_table(pa.table({"id": ["a"], "note": [text]}), buf, compression="zstd")
    return buf.getvalue()


def _csv(text: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerow(["a", text.replace("the ferry", 'the "ferry"')])
    return out.getvalue().encode()


def _rewrapped(text: str) -> bytes:
    words = text.split(" ")
    return "\n    ".join(" ".join(words[i : i + 8]) for i in range(0, len(words), 8)).encode()


SHOWS = {
    "plain text": ("notes.txt", RUN_TEXT.encode()),
    "re-wrapped in a YAML block": ("raw/x.yaml", b"text: >-\n    " + _rewrapped(RUN_TEXT)),
    "escaped in JSON": ("meta.json", json.dumps({"t": RUN_TEXT.replace("ferry", "ferry\u2019s")}, ensure_ascii=True).encode()),
    "in a Parquet column": ("data/x.parquet", _parquet(RUN_TEXT)),
    "gzipped": ("x.txt.gz", gzip.compress(RUN_TEXT.encode())),
    "in a tar.gz inside a zip": ("dist/a.whl", _zip({"pkg/sdist.tar.gz": _targz({"p/raw/sources/s.txt": RUN_TEXT.encode()})})),
}


@pytest.mark.parametrize("show", list(SHOWS))
def test_a_run_is_found_however_it_is_carried(show):
    name, data = SHOWS[show]
    found = find_source_text({name: data}, {"invented.txt": INVENTED.replace("ferry", "ferry\u2019s") if "JSON" in show else INVENTED})
    assert len(found) == 1 and found[0].endswith("of raw/sources/invented.txt"), found


def test_csv_quoting_does_not_hide_a_run():
    source = INVENTED.replace("the ferry", 'the "ferry"')
    assert find_source_text({"x.csv": _csv(RUN_TEXT)}, {"s.txt": source}) != []


@pytest.mark.parametrize("length", [RUN - 1, RUN, RUN + 1, 2 * RUN + 37])
def test_the_threshold_is_exact_at_any_offset(length):
    for start in (0, 1, 99, 200, 517):
        run = INVENTED[start : start + length]
        got = longest_run(INVENTED, "#" + run + "#")  # "#" is not in the text: the run cannot extend
        assert got == (length if length >= RUN else 0), (start, length)


def test_quotes_shorter_than_the_run_pass():
    """What a release may carry: many short quotes of the same text, side by side, not one long run."""
    quotes = [INVENTED[i : i + 150] for i in range(0, len(INVENTED) - 150, 160)]
    member = json.dumps([{"quote": q, "start": i * 160} for i, q in enumerate(quotes)]).encode()
    assert find_source_text({"records.json": member}, {"invented.txt": INVENTED}) == []
