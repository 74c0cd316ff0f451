"""`karabakh-data add-source PATH`: the guided start of coding a new document.

It copies the document into raw/sources/ byte for byte, registers it (a
records file whose source block carries the SHA-256), and lists every
sentence of the text as a commented checklist, so the coder starts from the
text and cannot lose a sentence. The skeleton does not validate until the
coder fills in the publication date and how it was established: the build
says exactly what is missing.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

from ..build.quotes import sentences
from ..schema.base import SLUG


class AddSourceError(Exception):
    """The document cannot be added (exists already, unreadable, not UTF-8)."""


def default_source_id(path: Path) -> str:
    stem = path.stem.lower()
    lead = re.match(r"[a-z0-9]+", stem)
    return "src-" + (lead.group() if lead else "doc")


def _yaml_text(value: str) -> str:
    """value as a YAML scalar that reads back as exactly that text: a JSON string is a YAML double-quoted scalar."""
    return json.dumps(value, ensure_ascii=False)


def skeleton(source_id: str, rel_file: str, sha256: str, text: str) -> str:
    lines = [
        f"# Records coded from raw/{rel_file}.",
        "# Codebook: docs/codebook.md. Schema: schemas/records.schema.json.",
        "# Checklist: every sentence below must be cited by a record's quote or",
        f"# listed in raw/sources/{Path(rel_file).stem}.exclusions.yaml with a reason",
        "# (`karabakh-data coverage` shows what is left).",
        "source:",
        f"  source_id: {source_id}",  # a slug (checked): plain
        f"  file: {_yaml_text(rel_file)}",  # quoted: a name may hold ': ' or ' #'
        f"  sha256: {sha256}",
        "  publisher: null  # only if the text names it",
        "  title: null      # only if the text carries a headline",
        "  published_date:  # YYYY-MM-DD, from internal evidence",
        "  date_basis:      # how the date was established, with the evidence",
        "  language: en",
        "",
        "# --- sentence checklist ---",
    ]
    for n, (s, e) in enumerate(sentences(text), 1):
        lines.append(f"# [ ] S{n:03d} [{s}:{e}] {' '.join(text[s:e].split())}")
    lines += ["", "events: []", "casualties: []", "materiel: []", "meetings: []", "territory: []", "statements: []", "disputes: []", ""]
    return "\n".join(lines)


def add_source(document: Path, raw: Path, source_id: str | None = None) -> tuple[Path, Path]:
    """Copy the document and write its records skeleton; return both paths."""
    document = Path(document)
    data = document.read_bytes()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        raise AddSourceError(f"{document} is not valid UTF-8 (offset {e.start}); convert it first") from None
    source_id = source_id or default_source_id(document)
    if not re.fullmatch(SLUG, source_id):  # also keeps the records file inside raw/records/ ('../../x' is no id)
        raise AddSourceError(f"--id {source_id!r} is not a source id: lower-case letters and digits in words joined by hyphens, e.g. src-004")
    if not document.name.isprintable() or document.suffix != ".txt":
        raise AddSourceError(f"{document.name!r}: raw/sources/ holds .txt files with printable names; save the document as such a file first")
    target = raw / "sources" / document.name
    records = raw / "records" / f"{source_id}.yaml"
    if target.exists():
        raise AddSourceError(f"{target} exists already")
    if records.exists():
        raise AddSourceError(f"{records} exists already; choose another id with --id")
    target.parent.mkdir(parents=True, exist_ok=True)
    records.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(document, target)
    rel = target.relative_to(raw).as_posix()
    records.write_text(skeleton(source_id, rel, hashlib.sha256(data).hexdigest(), text), encoding="utf-8")
    return target, records
