"""No source text in a distribution: find any long run of a source document inside a file.

The source documents in raw/sources/ are news reports whose rights stay with
their publishers (docs/licensing.md): the records carry short quotes, their
offsets and the documents' hashes, never a whole text. A release checks every
file it ships, and every file inside the wheel and the sdist it ships, for a
run of RUN characters or more of any source text, and refuses to pack one.

Files are read as their readers would: zip and tar archives member by member,
gzip decompressed, Parquet, JSON and CSV as the strings they hold (so an
escaped or quoted copy is found too), everything else, YAML included, as
UTF-8 text (YAML is not parsed: the tests' fixtures hold an alias bomb).
White space is collapsed before comparing, so a re-wrapped copy is found as well.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import tarfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

RUN = 400  # characters: longer than any quote the coding rules allow, far shorter than a report


def source_texts(raw: Path) -> dict[str, str]:
    """raw/sources/*.txt by file name (empty where the texts are not present, as in an sdist)."""
    return {p.name: p.read_text(encoding="utf-8") for p in sorted((Path(raw) / "sources").glob("*.txt"))}


def _strings(value) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for k, v in value.items():
            yield from _strings(k)
            yield from _strings(v)
    elif isinstance(value, (list, tuple)):
        for v in value:
            yield from _strings(v)


def _parsed(name: str, data: bytes) -> Iterator[str]:
    """The strings a reader of this kind of file gets out of it."""
    if name.endswith(".parquet"):
        import pyarrow.parquet as pq

        try:
            yield "\n".join(_strings(pq.read_table(io.BytesIO(data)).to_pylist()))
            return
        except (ValueError, OSError):  # a damaged file (the tests' fixtures have some): read as bytes below
            pass
    text = data.decode("utf-8", errors="replace")
    yield text
    try:
        if name.endswith(".json"):
            yield "\n".join(_strings(json.loads(text)))
        elif name.endswith(".jsonl"):
            yield "\n".join(s for line in text.splitlines() if line.strip() for s in _strings(json.loads(line)))
        elif name.endswith(".csv"):
            yield "\n".join(s for row in csv.reader(io.StringIO(text)) for s in row)
    except (ValueError, csv.Error):  # not what its name says: its raw text was read above
        pass


def readable_texts(name: str, data: bytes) -> Iterator[tuple[str, str]]:
    """(path, text) for a file and, recursively, every file inside it ('outer!inner' paths)."""
    if name.endswith((".zip", ".whl", ".xlsx")):
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                if not info.is_dir():
                    yield from (((f"{name}!{p}"), t) for p, t in readable_texts(info.filename, zf.read(info)))
    elif name.endswith((".tar.gz", ".tgz", ".tar")):
        with tarfile.open(fileobj=io.BytesIO(data)) as tf:
            for m in tf.getmembers():
                if m.isfile():
                    yield from ((f"{name}!{p}", t) for p, t in readable_texts(m.name, tf.extractfile(m).read()))
    elif name.endswith(".gz"):
        yield from readable_texts(name.removesuffix(".gz"), gzip.decompress(data))
    else:
        for text in _parsed(name, data):
            yield name, text


def _squeeze(text: str) -> str:
    return " ".join(text.split())


def longest_run(text: str, inside: str, run: int = RUN) -> int:
    """Length of the longest common run of text found inside `inside`, if it is at least run (else 0).

    Any run of `run` characters contains a whole block [k*h, k*h + h) of
    text with h = run // 2; each block found is extended both ways to the
    full common run.
    """
    h, best = max(run // 2, 1), 0
    for k in range(0, len(text) - h + 1, h):
        block, at = text[k : k + h], inside.find(text[k : k + h])
        while at >= 0:
            left = 0
            while k - left > 0 and at - left > 0 and text[k - left - 1] == inside[at - left - 1]:
                left += 1
            right = 0
            while k + h + right < len(text) and at + h + right < len(inside) and text[k + h + right] == inside[at + h + right]:
                right += 1
            best = max(best, left + h + right)
            at = inside.find(block, at + 1)
    return best if best >= run else 0


def find_source_text(members: dict[str, bytes], texts: dict[str, str], run: int = RUN) -> list[str]:
    """One line per (file, source text) where a file holds a run of at least `run` characters of that text."""
    sources = {n: _squeeze(t) for n, t in texts.items()}
    found = []
    for name in sorted(members):
        for path, text in readable_texts(name, members[name]):
            squeezed = _squeeze(text)
            for source, body in sources.items():
                n = longest_run(body, squeezed, run)
                if n:
                    found.append(f"{path}: {n} characters of raw/sources/{source}")
    return sorted(set(found))
