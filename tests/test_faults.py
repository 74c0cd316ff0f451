"""The bad-input catalogue: every fault a coder (or an attacker) can put in raw/.

Each row of FAULTS is one distinct fault: how to inject it into a private
copy of the real raw/ tree, and the exact problems the build must report
(file, line, field, reason). For every row the test checks that

* build() raises BuildFailed with exactly those problems, sorted;
* `karabakh-data build` exits non-zero and prints exactly those lines;
* the last good build (build folder and package copy) is byte-for-byte
  unchanged, with no staging leftovers.

Faults are injected by small edits located by record id (so the table
survives coders adding records), or by whole files from
tests/fixtures/faults/ where the file itself is the fault. Line numbers in
the expected problems are "line" (the edited line), "rec" (the line of the
edited record) or plain numbers; fields and reasons may use {i} (the
record's index in its list) and other values the injection reports.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import resource
import shutil
import signal
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from karabakh_data.build.pipeline import build
from karabakh_data.build.problems import BuildFailed, Problem
from karabakh_data.build.rawio import MAX_DEPTH, MAX_FILE_BYTES, load_yaml
from karabakh_data.cli import main

from .conftest import RAW, tree

FIXTURES = Path(__file__).parent / "fixtures" / "faults"
REC = "records/src-000.yaml"
RECF = "raw/" + REC


# --- injecting faults into a copy of raw/ -------------------------------------

_ITEM = re.compile(r"^(?P<ind> *)- (?P<key>[a-z_]+_id): (?P<id>\S+)\s*$")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _lines(raw: Path, file: str) -> list[str]:
    return (raw / file).read_text(encoding="utf-8").split("\n")


def _save(raw: Path, file: str, lines: list[str]) -> None:
    (raw / file).write_text("\n".join(lines), encoding="utf-8")


def _block(lines: list[str], rid: str) -> tuple[int, int, int]:
    """(first line index, end index, field indentation) of the record with id rid."""
    for n, line in enumerate(lines):
        m = _ITEM.match(line)
        if m and m["id"] == rid:
            ind = len(m["ind"])
            end = n + 1
            while end < len(lines) and (not lines[end].strip() or _indent(lines[end]) > ind):
                end += 1
            while not lines[end - 1].strip():
                end -= 1
            return n, end, ind + 2
    raise AssertionError(f"record {rid} not found: the fixture needs it")


def _field_span(lines: list[str], start: int, end: int, ind: int, name: str) -> tuple[int, int] | None:
    """Line span of a field of a record (continuation lines included)."""
    for n in range(start, end):
        line = lines[n]
        head = line[ind:] if n > start else line.split("- ", 1)[1]
        if (n == start or _indent(line) == ind) and head.startswith(f"{name}:"):
            stop = n + 1
            while stop < end and (not lines[stop].strip() or _indent(lines[stop]) > ind):
                stop += 1
            return n, stop
    return None


def _index(raw: Path, file: str, rid: str) -> dict:
    data, problems = load_yaml((raw / file).read_text(encoding="utf-8"), file)
    assert not problems
    for key, items in data.items():
        if isinstance(items, list):
            for i, item in enumerate(items):
                if isinstance(item, dict) and rid in item.values():
                    return {"i": i, "list": key, **{f"{k}_line": item.line_of(k) for k in item}}
    raise AssertionError(f"record {rid} not found in {file}")


def set_field(file: str, rid: str, name: str, value: str) -> Callable:
    """Set (or add) a field of the record rid to a YAML value."""

    def inject(raw: Path) -> dict:
        ctx = _index(raw, file, rid)
        lines = _lines(raw, file)
        start, end, ind = _block(lines, rid)
        span = _field_span(lines, start, end, ind, name)
        new = " " * ind + f"{name}: {value}"
        if span and span[0] == start:  # the record's first field, on the "- " line
            new = lines[start].split("- ", 1)[0] + f"- {name}: {value}"
        if span:
            lines[span[0] : span[1]] = [new]
            line = span[0]
        else:
            lines.insert(start + 1, new)
            line = start + 1
        _save(raw, file, lines)
        return {**ctx, "line": line + 1, "rec": start + 1}

    return inject


def drop_field(file: str, rid: str, name: str) -> Callable:
    """Delete a field of the record rid."""

    def inject(raw: Path) -> dict:
        ctx = _index(raw, file, rid)
        lines = _lines(raw, file)
        start, end, ind = _block(lines, rid)
        span = _field_span(lines, start, end, ind, name)
        assert span and span[0] > start, f"{rid} has no removable field {name}"
        del lines[span[0] : span[1]]
        _save(raw, file, lines)
        return {**ctx, "line": start + 1, "rec": start + 1}

    return inject


def edit_record(file: str, rid: str, old: str, new: str) -> Callable:
    """Replace text inside the record rid only."""

    def inject(raw: Path) -> dict:
        ctx = _index(raw, file, rid)
        lines = _lines(raw, file)
        start, end, _ = _block(lines, rid)
        block = "\n".join(lines[start:end])
        assert old in block, f"{old!r} not in record {rid}"
        at = start + block[: block.index(old)].count("\n")
        lines[start:end] = block.replace(old, new, 1).split("\n")
        _save(raw, file, lines)
        return {**ctx, "line": at + 1, "rec": start + 1}

    return inject


def duplicate_record(file: str, rid: str) -> Callable:
    """Insert a verbatim copy of the record rid right after it."""

    def inject(raw: Path) -> dict:
        lines = _lines(raw, file)
        start, end, _ = _block(lines, rid)
        lines[end:end] = [""] + lines[start:end]
        _save(raw, file, lines)
        return {"first": start + 1, "line": end + 2}

    return inject


def replace(file: str, old: str, new: str) -> Callable:
    """Replace the first occurrence of a text in a raw file."""

    def inject(raw: Path) -> dict:
        text = (raw / file).read_text(encoding="utf-8")
        assert old in text, f"{old!r} not in {file}"
        at = text.index(old)
        (raw / file).write_text(text.replace(old, new, 1), encoding="utf-8")
        return {"line": text.count("\n", 0, at) + 1}

    return inject


def write(file: str, content: bytes | str) -> Callable:
    def inject(raw: Path) -> dict:
        path = raw / file
        path.parent.mkdir(parents=True, exist_ok=True)
        if path.exists():
            path.chmod(0o644)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        return {}

    return inject


def _move_and_link(raw: Path, file: str, target: str) -> dict:
    """Move a raw file out of raw/ and leave a link to it in its place."""
    (raw / file).rename(raw / target)
    (raw / file).symlink_to(target)
    return {}


def fixture(name: str, dest: str | None = None) -> Callable:
    """Copy a whole-file fault from tests/fixtures/faults/ into raw/."""
    return write(dest or name, (FIXTURES / name).read_bytes())


def reencode(file: str, encoding: str) -> Callable:
    """Save a raw file in another encoding; report where the first bad byte is."""

    def inject(raw: Path) -> dict:
        text = (raw / file).read_text(encoding="utf-8")
        data = text.encode(encoding)
        (raw / file).write_bytes(data)
        try:
            data.decode("utf-8")
            raise AssertionError(f"{file} is still valid UTF-8 in {encoding}")
        except UnicodeDecodeError as e:
            return {"line": data[: e.start].count(b"\n") + 1, "offset": e.start, "byte": f"0x{data[e.start]:02x}"}

    return inject


def source_text() -> str:
    """Path (under raw/) of src-000's text, read from its records file."""
    data, _ = load_yaml((RAW / REC).read_text(encoding="utf-8"), REC)
    return data["source"]["file"]


def change_source_text(new_bytes: Callable[[bytes], bytes], fix_hash: bool) -> Callable:
    """Change src-000's text; optionally update the recorded SHA-256 to match."""

    def inject(raw: Path) -> dict:
        path = raw / source_text()
        old = path.read_bytes()
        path.chmod(0o644)
        data = new_bytes(old)
        path.write_bytes(data)
        ctx = {"old": hashlib.sha256(old).hexdigest(), "new": hashlib.sha256(data).hexdigest(), "txt": source_text(), "txt_size": len(data)}
        if fix_hash:
            replace(REC, ctx["old"], ctx["new"])(raw)
        return {**ctx, **_source_lines(raw)}

    return inject


def _source_lines(raw: Path) -> dict:
    data, _ = load_yaml((raw / REC).read_text(encoding="utf-8"), REC)
    src = data["source"]
    return {f"{k}_line": src.line_of(k) for k in ("source_id", "file", "sha256")}


def source_lines(inject: Callable) -> Callable:
    """Add the lines of the source block's keys to an injection's context."""

    def run(raw: Path) -> dict:
        return {**inject(raw), **_source_lines(raw)}

    return run


def both(*injects: Callable) -> Callable:
    """Several edits; the context is the first's, later ones under ctx1, ctx2..."""

    def run(raw: Path) -> dict:
        ctx = {}
        for n, inject in enumerate(injects):
            got = inject(raw)
            ctx.update(got if n == 0 else {f"{k}{n}": v for k, v in got.items()})
        return ctx

    return run


def retire(rid: str) -> Callable:
    return write("retired_ids.yaml", f"retired:\n  - id: {rid}\n    reason: Removed as a duplicate of another record (fixture).\n")


# --- the catalogue ----------------------------------------------------------------


@dataclass
class Fault:
    name: str
    inject: Callable[[Path], dict]
    expected: list[tuple]  # (file, line, field, reason); line: int or a context key (+ offset)


EV, CAS, MAT, MTG, TER, ST, DIS = "ev-000-01", "cas-000-01", "mat-000-01", "mtg-000-01", "ter-000-01", "st-000-01", "dis-000-01"
BAD_UTF8 = "file is not valid UTF-8 (byte {byte} at offset {offset}); save it as UTF-8"
WS = "quote not found verbatim: its whitespace (spaces, tabs or line breaks) differ from the source's; copy it exactly from the source"
QM = "quote not found verbatim: its quotation marks (straight vs curly) differ from the source's; copy it exactly from the source"
LINK = "a symbolic link; raw/ holds the files themselves: copy the file in (a link may point outside raw/ or change without the build seeing it)"
ORPHAN = "no records file codes this source text (no source.file names it); write its records file, or remove the text"
UNPRINTABLE = "file name is not printable UTF-8 (a control character or undecodable bytes); rename it"
EXACT = "count_qualifier 'exact' is count_best alone: {wide} differ from count_best {best}; bounds take 'range', 'at_least' or 'up_to' (codebook 8.1)"
CORE = "write {good}, not {text}; quote it ('{text}') if it is text"
DATE = "write a date as YYYY-MM-DD (e.g. 2020-10-24), not {text}"
SOURCE_QUOTE_EV = 'its forces shot\n      down an Armenian "combat aircraft"'

# One fault a line or two, aligned by hand: a catalogue to read down.
# fmt: off
FAULTS = [
    # --- the file as a whole: encoding, size, YAML syntax -----------------------
    Fault(
        "malformed_yaml",
        set_field(REC, EV, "description", "Shot down: an aircraft"),
        [(RECF, "line", "", "malformed YAML: mapping values are not allowed in this context")],
    ),
    Fault(
        "unclosed_flow_sequence",
        set_field(REC, EV, "actor1_id", "[azerbaijani-forces"),
        [(RECF, "line+1", "", "malformed YAML: did not find expected ',' or ']'")],
    ),
    Fault(
        "tab_indentation",
        replace(REC, "    claimant_id: azerbaijan-mod", "\tclaimant_id: azerbaijan-mod"),
        [(RECF, "line", "", "tab character used for indentation; YAML needs spaces")],
    ),
    Fault(
        "bom_prefixed",
        lambda raw: write("actors.yaml", b"\xef\xbb\xbf" + (raw / "actors.yaml").read_bytes())(raw),
        [("raw/actors.yaml", 1, "", "file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM")],
    ),
    Fault("latin1_encoding", reencode("places.yaml", "latin-1"), [("raw/places.yaml", "line", "", BAD_UTF8)]),
    Fault("utf16_encoding", reencode(REC, "utf-16"), [(RECF, 1, "", "file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8")]),
    Fault(
        "utf16_without_bom",
        lambda raw: write(REC, (raw / REC).read_text(encoding="utf-8").encode("utf-16-le"))(raw),
        [(RECF, 1, "", "control character U+0000 is not allowed in YAML (NUL bytes: the file may be UTF-16; save it as UTF-8)")],
    ),
    Fault("control_character", set_field(REC, EV, "description", "Shot\x07down"), [(RECF, "line", "", "control character U+0007 is not allowed in YAML")]),
    Fault("empty_file", fixture("records/empty.yaml"), [("raw/records/empty.yaml", 0, "", "file is empty")]),
    Fault("comments_only_file", fixture("records/comments_only.yaml"), [("raw/records/comments_only.yaml", 0, "", "file is empty")]),
    Fault(
        "file_over_size_limit",
        lambda raw: write("records/src-000.yaml", (raw / REC).read_bytes() + b"# padding\n" * (MAX_FILE_BYTES // 10))(raw),
        [(RECF, 0, "", "file is {size:,} bytes, over the limit of 2,000,000; split it")],
    ),
    Fault(
        "yaml_alias_bomb",
        fixture("records/billion_laughs.yaml"),
        [("raw/records/billion_laughs.yaml", 4, "", "YAML aliases (*name) are not allowed in raw files")],
    ),
    Fault(
        "deeply_nested_document", fixture("records/deep_nesting.yaml"), [("raw/records/deep_nesting.yaml", 2, "", f"nesting deeper than {MAX_DEPTH} levels")]
    ),
    Fault(
        "python_object_tag",
        fixture("records/python_tag.yaml"),
        [("raw/records/python_tag.yaml", 1, "", "YAML tag tag:yaml.org,2002:python/object/apply:os.system is not allowed")],
    ),
    Fault("two_yaml_documents", fixture("records/two_documents.yaml"), [("raw/records/two_documents.yaml", 3, "", "only one YAML document per file")]),
    Fault(
        "duplicate_key",
        edit_record(REC, EV, "    date_end: 2020-10-24", "    date_end: 2020-10-24\n    date_end: 2020-10-25"),
        [(RECF, "line+1", "", "duplicate key 'date_end'")],
    ),
    Fault("not_a_mapping", fixture("records/not_a_mapping.yaml"), [("raw/records/not_a_mapping.yaml", 1, "", "the file must be a YAML mapping")]),
    Fault("raw_file_is_a_link_to_a_device", lambda raw: (raw / "records" / "zero.yaml").symlink_to("/dev/zero") or {}, [("raw/records/zero.yaml", 0, "", LINK)]),
    Fault("raw_file_is_a_fifo", lambda raw: os.mkfifo(raw / "records" / "pipe.yaml") or {}, [("raw/records/pipe.yaml", 0, "", "not a regular file")]),
    # --- the file's structure ----------------------------------------------------
    Fault("unknown_top_level_key", replace(REC, "\nevents:\n", "\nevnets:\n"), [(RECF, "line+1", "evnets", "unknown top-level key; did you mean 'events'?")]),
    Fault("missing_top_level_source", fixture("records/no_source.yaml"), [("raw/records/no_source.yaml", 2, "source", "required top-level key is missing")]),
    Fault(
        "record_list_not_a_list",
        replace(REC, "\ncasualties:\n", "\ncasualties: none\ncasualties_old:\n"),
        [(RECF, "line+1", "casualties", "must be a list of records"), (RECF, "line+2", "casualties_old", "unknown top-level key; did you mean 'casualties'?")],
    ),
    Fault("reference_file_missing", lambda raw: (raw / "places.yaml").unlink() or {}, [("raw/places.yaml", 0, "", "reference file is missing")]),
    # --- one record: fields, types, vocabularies ---------------------------------
    Fault("missing_required_field", drop_field(REC, CAS, "outcome"), [(RECF, "rec", "casualties[{i}].outcome", "required field is missing")]),
    Fault(
        "wrong_type",
        set_field(REC, CAS, "count_best", "many"),
        [(RECF, "line", "casualties[{i}].count_best", "Input should be a valid integer, unable to parse string as an integer")],
    ),
    Fault("list_instead_of_text", set_field(REC, EV, "description", "[a, b]"), [(RECF, "line", "events[{i}].description", "Input should be a valid string")]),
    Fault(
        "unknown_enum_did_you_mean",
        set_field(REC, EV, "date_precision", "daily"),
        [
            (
                RECF,
                "line",
                "events[{i}].date_precision",
                "unknown value 'daily'; Input should be 'day', 'days', 'month', 'year', 'years', 'range' or 'unknown' (did you mean 'day'?)",
            )
        ],
    ),
    Fault(
        "unknown_enum_in_reference_table",
        edit_record("places.yaml", "gubadli", "place_type: district", "place_type: distric"),
        [
            (
                "raw/places.yaml",
                "line",
                "places[{i}].place_type",
                "unknown value 'distric'; Input should be 'country', 'region', 'district', 'city', 'village', 'building', "
                "'front_sector' or 'feature' (did you mean 'district'?)",
            )
        ],
    ),
    Fault(
        "unknown_field_did_you_mean",
        set_field(REC, EV, "date_phrse", "on October 24"),
        [(RECF, "line", "events[{i}].date_phrse", "unknown field (not in the schema); did you mean 'date_phrase'?")],
    ),
    Fault(
        "computed_field_typed_by_coder",
        set_field(REC, EV, "quote_start", "12"),
        [(RECF, "rec", "events[{i}]", "'quote_start' is computed by the build; remove it from the raw record")],
    ),
    Fault(
        "bad_id_pattern",
        set_field(REC, ST, "statement_id", "ST 01"),
        [(RECF, "rec", "statements[{i}].statement_id", "String should match pattern '^st-[a-z0-9-]+$'")],
    ),
    Fault(
        "empty_record_in_list",
        replace(REC, "\ndisputes:\n", "\ndisputes:\n  -\n"),
        [(RECF, "line+2", "disputes[0]", "must be a mapping of fields (one record)")],
    ),
    Fault(
        "sub_event_type_of_other_type",
        set_field(REC, EV, "event_type", "battles"),
        [(RECF, "rec", "events[{i}]", "sub_event_type 'disrupted_weapons_use' belongs to event_type 'strategic_developments', not 'battles'")],
    ),
    Fault(
        "count_low_above_count_best",
        set_field(REC, CAS, "count_low", "2000"),
        [(RECF, "rec", "casualties[{i}]", "count_low 2000 is greater than count_best 1000")],
    ),
    Fault(
        "negative_count", set_field(REC, MAT, "count_best", "-1"), [(RECF, "line", "materiel[{i}].count_best", "Input should be greater than or equal to 0")]
    ),
    Fault(
        "count_too_large_for_int64",
        set_field(REC, MAT, "count_best", str(2**64)),
        [(RECF, "line", "materiel[{i}].count_best", f"number {2**64} is too large (the limit is {2**63 - 1:,})")],
    ),
    Fault(
        "cumulative_without_period_start",
        set_field(REC, CAS, "period_start", "null"),
        [(RECF, "rec", "casualties[{i}]", "a cumulative total needs period_start (the date counting began), unless the text dates nothing (date_basis 'undated')")],
    ),
    Fault(
        "age_out_of_range",
        set_field(REC, CAS, "person_age", "130"),
        [(RECF, "line", "casualties[{i}].person_age", "Input should be less than or equal to 120")],
    ),
    Fault(
        "latitude_out_of_range",
        edit_record("places.yaml", "nagorno-karabakh", "latitude: 39.82", "latitude: 139.82"),
        [("raw/places.yaml", "line", "places[{i}].latitude", "Input should be less than or equal to 90")],
    ),
    Fault(
        "latitude_not_finite",
        edit_record("places.yaml", "nagorno-karabakh", "latitude: 39.82", "latitude: .nan"),
        [("raw/places.yaml", "line", "places[{i}].latitude", "Input should be a finite number")],
    ),
    Fault(
        "latitude_without_longitude",
        drop_field("places.yaml", "nagorno-karabakh", "longitude"),
        [("raw/places.yaml", "rec", "places[{i}]", "latitude and longitude must be given together")],
    ),
    Fault(
        "bad_country_code",
        edit_record("actors.yaml", "armenia", "country: ARM", "country: Armenia"),
        [("raw/actors.yaml", "line", "actors[{i}].country", "String should match pattern '^[A-Z]{{3}}$'")],
    ),
    Fault(
        "quote_with_outer_whitespace",
        set_field(REC, ST, "quote", "' padded quote '"),
        [(RECF, "line", "statements[{i}].quote", "quote must not start or end with whitespace")],
    ),
    Fault("dispute_points_at_itself", set_field(REC, DIS, "record_id", DIS), [(RECF, "rec", "disputes[{i}]", f"a dispute cannot point at itself ('{DIS}')")]),
    Fault(
        "conflict_with_the_same_record",
        set_field(REC, DIS, "other_record_id", EV),
        [(RECF, "rec", "disputes[{i}]", f"record_id and other_record_id are the same record ('{EV}'); a conflict needs two records")],
    ),
    # --- values YAML 1.1 would change silently: YAML 1.2 core forms or a problem ----------
    Fault("yaml11_octal_number", set_field(REC, CAS, "count_best", "026"), [(RECF, "line", "casualties[{i}].count_best", CORE.format(good="26", text="026"))]),
    Fault("yaml11_yes_boolean", set_field(REC, EV, "historical", "yes"), [(RECF, "line", "events[{i}].historical", CORE.format(good="true", text="yes"))]),
    Fault("yaml11_off_boolean", set_field(REC, EV, "historical", "off"), [(RECF, "line", "events[{i}].historical", CORE.format(good="false", text="off"))]),
    Fault("yaml11_capitalised_boolean", set_field(REC, EV, "historical", "True"), [(RECF, "line", "events[{i}].historical", CORE.format(good="true", text="True"))]),
    Fault("yaml11_underscored_number", set_field(REC, MAT, "count_best", "1_000"), [(RECF, "line", "materiel[{i}].count_best", CORE.format(good="1000", text="1_000"))]),
    Fault("yaml11_hex_number", set_field(REC, MAT, "count_best", "0x1A"), [(RECF, "line", "materiel[{i}].count_best", CORE.format(good="26", text="0x1A"))]),
    Fault("yaml11_sexagesimal_number", set_field(REC, CAS, "person_age", "1:20"), [(RECF, "line", "casualties[{i}].person_age", CORE.format(good="80", text="1:20"))]),
    Fault("yaml12_octal_number", set_field(REC, CAS, "count_best", "0o17"), [(RECF, "line", "casualties[{i}].count_best", CORE.format(good="15", text="0o17"))]),
    Fault(
        "yaml11_signed_float",
        edit_record("places.yaml", "nagorno-karabakh", "latitude: 39.82", "latitude: +39.82"),
        [("raw/places.yaml", "line", "places[{i}].latitude", CORE.format(good="39.82", text="+39.82"))],
    ),
    Fault(
        "yaml11_two_problems_in_one_file",
        both(set_field(REC, EV, "historical", "on"), replace(REC, "    count_best: 1000\n    count_low: 1000\n", "    count_best: 01000\n    count_low: 1000\n")),
        [(RECF, "line", "events[{i}].historical", CORE.format(good="true", text="on")), (RECF, "line1", "casualties[0].count_best", CORE.format(good="1000", text="01000"))],
    ),
    Fault("date_with_a_time", set_field(REC, EV, "date_start", "2020-10-24T00:00:00"), [(RECF, "line", "events[{i}].date_start", DATE.format(text="2020-10-24T00:00:00"))]),
    Fault(
        "date_as_a_number",
        source_lines(replace(REC, "published_date: 2020-10-24", "published_date: 20201024")),
        [(RECF, "line", "source.published_date", DATE.format(text="20201024"))],
    ),
    Fault("date_in_words", set_field(REC, EV, "date_end", "24 October 2020"), [(RECF, "line", "events[{i}].date_end", DATE.format(text="24 October 2020"))]),
    Fault(
        "exact_count_with_a_bound",
        set_field("records/src-003.yaml", "cas-003-04", "count_high", "40"),
        [("raw/records/src-003.yaml", "rec", "casualties[{i}]", EXACT.format(wide="count_high 40", best=26))],
    ),
    Fault(
        "exact_count_with_wide_bounds",
        both(set_field("records/src-003.yaml", "cas-003-04", "count_low", "20"), replace("records/src-003.yaml", "    count_best: 26\n", "    count_best: 26\n    count_high: 30\n")),
        [("raw/records/src-003.yaml", "rec", "casualties[{i}]", EXACT.format(wide="count_low 20 and count_high 30", best=26))],
    ),
    Fault(
        "exact_count_without_count_best",
        both(drop_field("records/src-003.yaml", "cas-003-04", "count_best"), replace("records/src-003.yaml", "    count_qualifier: exact\n    period_start: 2020-10-08", "    count_low: 26\n    count_qualifier: exact\n    period_start: 2020-10-08")),
        [("raw/records/src-003.yaml", "rec", "casualties[{i}]", "count_qualifier 'exact' needs count_best")],
    ),
    # --- dates ----------------------------------------------------------------------
    Fault(
        "impossible_date",
        set_field(REC, EV, "date_start", "2020-02-30"),
        [(RECF, "line", "events[{i}].date_start", "Input should be a valid date or datetime, day value is outside expected range")],
    ),
    Fault(
        "date_end_before_date_start",
        set_field(REC, EV, "date_end", "2020-10-20"),
        [(RECF, "rec", "events[{i}]", "date_end 2020-10-20 is before date_start 2020-10-24")],
    ),
    Fault(
        "date_outside_war_not_historical",
        both(set_field(REC, EV, "date_start", "2019-10-24"), set_field(REC, EV, "date_end", "2019-10-24")),
        [
            (
                RECF,
                "rec",
                "events[{i}]",
                "date 2019-10-24..2019-10-24 is outside the 2020 war (2020-09-27..2020-11-10); set historical: true for background facts",
            )
        ],
    ),
    Fault(
        "day_precision_spanning_days",
        set_field(REC, EV, "date_end", "2020-10-25"),
        [(RECF, "rec", "events[{i}]", "date_precision 'day' needs date_start == date_end")],
    ),
    Fault(
        "relative_date_without_phrase",
        set_field(REC, EV, "date_basis", "relative"),
        [(RECF, "rec", "events[{i}]", "date_basis 'relative' needs the date_phrase it was resolved from")],
    ),
    Fault(
        "undated_record_with_dates",
        set_field(REC, EV, "date_precision", "unknown"),
        [(RECF, "rec", "events[{i}]", "an undated record must leave date_start and date_end empty")],
    ),
    Fault(
        "impossible_publication_date",
        source_lines(replace(REC, "published_date: 2020-10-24", "published_date: 2020-13-01")),
        [(RECF, "line", "source.published_date", "Input should be a valid date or datetime, month value is outside expected range of 1-12")],
    ),
    # --- ids across records and files -------------------------------------------------
    Fault("duplicate_id_within_file", duplicate_record(REC, EV), [(RECF, "line", "event_id", f"duplicate id '{EV}' (first used at {RECF}:{{first}})")]),
    Fault(
        "duplicate_id_across_files",
        both(fixture("records/src-900.yaml"), fixture("sources/900_fixture.txt")),
        [("raw/records/src-900.yaml", 11, "event_id", f"duplicate id '{EV}' (first used at {RECF}:{{ev_line}})")],
    ),
    Fault(
        "duplicate_actor_id",
        duplicate_record("actors.yaml", "armenia"),
        [("raw/actors.yaml", "line", "actor_id", "duplicate id 'armenia' (first used at raw/actors.yaml:{first})")],
    ),
    Fault(
        "reused_retired_id",
        retire(EV),
        [(RECF, "ev_line", "event_id", f"id '{EV}' belonged to a removed record (raw/retired_ids.yaml:2); ids are never reused, pick a new one")],
    ),
    Fault(
        "retired_entry_without_reason",
        write("retired_ids.yaml", "retired:\n  - id: ev-000-99\n"),
        [("raw/retired_ids.yaml", 2, "retired", "each entry needs an id and a reason")],
    ),
    Fault(
        "source_id_not_the_file_name",
        source_lines(replace(REC, "source_id: src-000", "source_id: src-001")),
        [
            (
                RECF,
                "source_id_line",
                "source.source_id",
                "source_id 'src-001' does not match the file name 'src-000.yaml'; records/<source_id>.yaml holds one source",
            )
        ],
    ),
    # --- references ---------------------------------------------------------------------
    Fault("dangling_actor", set_field(REC, EV, "claimant_id", "azerbaijan-mo"), [(RECF, "line", "events.claimant_id", "unknown actor 'azerbaijan-mo'; actors are added in raw/actors.yaml; nearest known: azerbaijan-mod, azerbaijan, azerbaijanis")]),
    Fault(
        "dangling_intermediary",
        set_field(REC, ST, "reported_via_id", "tass-agency"),
        [(RECF, "line", "statements.reported_via_id", "unknown actor 'tass-agency'; actors are added in raw/actors.yaml")],
    ),
    Fault("dangling_place", set_field(REC, EV, "place_id", "gubadly"), [(RECF, "line", "events.place_id", "unknown place 'gubadly'; places are added in raw/places.yaml; nearest known: gubadli")]),
    Fault(
        "dangling_parent_place",
        edit_record("places.yaml", "nagorno-karabakh", "parent_id: azerbaijan", "parent_id: azerbaijann"),
        [("raw/places.yaml", "line", "places.parent_id", "unknown place 'azerbaijann'; places are added in raw/places.yaml; nearest known: azerbaijan, azerbaijan-armenia-border")],
    ),
    Fault("dangling_event", set_field(REC, MAT, "event_id", "ev-000-99"), [(RECF, "line", "materiel.event_id", "unknown event 'ev-000-99'; events are added in a records file in raw/records/; nearest known: ev-003-09, ev-000-08, ev-000-07")]),
    Fault(
        "dangling_meeting_participant",
        edit_record(REC, MTG, "- actor_id: ceyhun-bayramov", "- actor_id: ceyhun-bayram"),
        [(RECF, "rec", "meetings.participants[0].actor_id", "unknown actor 'ceyhun-bayram'; actors are added in raw/actors.yaml; nearest known: ceyhun-bayramov")],
    ),
    Fault(
        "dangling_meeting_mediator",
        set_field(REC, MTG, "mediator_id", "mike-pompeo-jr"),
        [(RECF, "line", "meetings.mediator_id", "unknown actor 'mike-pompeo-jr'; actors are added in raw/actors.yaml; nearest known: mike-pompeo")],
    ),
    Fault("dangling_meeting_reference", set_field(REC, DIS, "record_id", "mtg-000-99"), [(RECF, "line", "disputes.record_id", "unknown record 'mtg-000-99'; records are added in a records file in raw/records/; nearest known: mtg-003-09, mtg-000-02, mtg-000-01")]),
    Fault(
        "dangling_source_file",
        source_lines(replace(REC, "file: sources/", "file: sources/missing-")),
        [
            (RECF, "file_line", "source.file", "file 'sources/missing-{txt_name}' does not exist (or is not a regular file)"),
            ("raw/sources/{excl}", "excl_line", "exclusions", "no registered source has the file name '{txt_name}'"),
            ("raw/sources/{txt_name}", 0, "", ORPHAN),
        ],
    ),
    Fault(
        "exclusions_of_unknown_source",
        fixture("sources/999_unregistered.exclusions.yaml"),
        [("raw/sources/999_unregistered.exclusions.yaml", 2, "exclusions", "no registered source has the file name '999_unregistered.txt'")],
    ),
    Fault(
        "source_path_outside_raw",
        source_lines(lambda raw: replace(REC, f"file: {source_text()}", "file: ../../etc/passwd")(raw)),
        [
            (RECF, "file_line", "source.file", "path '../../etc/passwd' is outside raw/sources/"),
            ("raw/sources/{excl}", "excl_line", "exclusions", "no registered source has the file name '{txt_name}'"),
            ("raw/sources/{txt_name}", 0, "", ORPHAN),
        ],
    ),
    Fault(
        "source_absolute_path",
        source_lines(lambda raw: replace(REC, f"file: {source_text()}", "file: /etc/passwd")(raw)),
        [
            (RECF, "file_line", "source.file", "path '/etc/passwd' is outside raw/sources/"),
            ("raw/sources/{excl}", "excl_line", "exclusions", "no registered source has the file name '{txt_name}'"),
            ("raw/sources/{txt_name}", 0, "", ORPHAN),
        ],
    ),
    Fault(
        "source_symlink_escaping_raw",
        source_lines(
            lambda raw: (raw / "sources" / "link.txt").symlink_to("/etc/passwd") or replace(REC, f"file: {source_text()}", "file: sources/link.txt")(raw)
        ),
        [
            (RECF, "file_line", "source.file", "path 'sources/link.txt' is outside raw/sources/"),
            ("raw/sources/{excl}", "excl_line", "exclusions", "no registered source has the file name '{txt_name}'"),
            ("raw/sources/{txt_name}", 0, "", ORPHAN),
            ("raw/sources/link.txt", 0, "", LINK),
        ],
    ),
    Fault(
        "actor_is_its_own_parent",
        edit_record("actors.yaml", "azerbaijan-mod", "parent_id: azerbaijan", "parent_id: azerbaijan-mod"),
        [("raw/actors.yaml", "line", "actors.parent_id", "actor 'azerbaijan-mod' is its own ancestor (azerbaijan-mod -> azerbaijan-mod); a chain of parents must end")],
    ),
    Fault(
        "places_are_each_others_parent",
        both(set_field("places.yaml", "azerbaijan", "parent_id", "nagorno-karabakh"), edit_record("places.yaml", "nagorno-karabakh", "parent_id: azerbaijan", "parent_id: azerbaijan")),
        [
            ("raw/places.yaml", "line", "places.parent_id", "place 'azerbaijan' is its own ancestor (azerbaijan -> nagorno-karabakh -> azerbaijan); a chain of parents must end"),
            ("raw/places.yaml", "line1", "places.parent_id", "place 'nagorno-karabakh' is its own ancestor (nagorno-karabakh -> azerbaijan -> nagorno-karabakh); a chain of parents must end"),
        ],
    ),
    # --- sources and quotes ------------------------------------------------------------
    Fault(
        "source_sha256_mismatch",
        change_source_text(lambda b: b + b"Appended later.\n", fix_hash=False),
        [(RECF, "sha256_line", "source.sha256", "SHA-256 of {txt} is {new}, not {old}: the text changed; re-check its quotes, then update the hash")],
    ),
    Fault(
        "source_text_not_utf8",
        change_source_text(lambda b: b.replace(b"\xe2\x80\x99", b"\x92"), fix_hash=True),
        [(RECF, "file_line", "source.file", "{txt} is not valid UTF-8 (offset {bad_offset})")],
    ),
    Fault(
        "source_text_over_size_limit",
        change_source_text(lambda b: b + b" " * MAX_FILE_BYTES, fix_hash=True),
        [(RECF, "file_line", "source.file", "{txt} is {txt_size:,} bytes, over the limit of 2,000,000")],
    ),
    Fault(
        "quote_absent",
        set_field(REC, ST, "quote", "Nobody said anything of the kind"),
        [(RECF, "line", "statements.quote", "quote not found in the source text")],
    ),
    Fault(
        "quote_twice_without_occurrence",
        set_field(REC, ST, "quote", "Nagorno-Karabakh"),
        [(RECF, "line", "statements.quote", "quote occurs {n} times in the source; add quote_occurrence (1 to {n}) or quote a longer span")],
    ),
    Fault(
        "quote_occurrence_too_high",
        both(set_field(REC, ST, "quote_occurrence", "3"), set_field(REC, ST, "quote", "Gubadli sector")),
        [(RECF, "line1", "statements.quote", "quote_occurrence 3 but the quote occurs only 1 time(s)")],
    ),
    Fault(
        "quote_whitespace_differs",
        edit_record(REC, EV, "its forces shot\n      down", "its forces  shot\n      down"),
        [(RECF, "quote_line", "events.quote", WS)],
    ),
    Fault("quote_quotation_marks_differ", edit_record(REC, EV, '"combat aircraft"', "“combat aircraft”"), [(RECF, "quote_line", "events.quote", QM)]),
    Fault(
        "excluded_sentence_not_in_source",
        lambda raw: replace(f"sources/{Path(source_text()).stem}.exclusions.yaml", "support HTML5", "support HTML6")(raw),
        [("raw/sources/{excl}", "line", "exclusions.sentence", "excluded sentence not found verbatim in the source")],
    ),
    # --- files the build would not read (nothing in raw/ is silently skipped) ----------
    Fault(
        "records_file_outside_records",
        fixture("records/src-900.yaml", "src-004.yaml"),
        [
            (
                "raw/src-004.yaml",
                0,
                "",
                "not a raw input; records files go in raw/records/ (reference tables are actors.yaml, places.yaml, incidents.yaml; removed ids: retired_ids.yaml)",
            )
        ],
    ),
    Fault(
        "records_folder_misspelled",
        fixture("records/src-900.yaml", "record/src-005.yaml"),
        [
            (
                "raw/record/src-005.yaml",
                0,
                "",
                "not a raw input: raw/ has no folder 'record' (did you mean raw/records/?); records files go in raw/records/, source texts in raw/sources/",
            )
        ],
    ),
    Fault(
        "records_file_with_yml_suffix",
        fixture("records/src-900.yaml", "records/src-006.yml"),
        [("raw/records/src-006.yml", 0, "", "not a raw input: records files end in .yaml, not .yml")],
    ),
    Fault(
        "source_text_in_a_subfolder",
        fixture("sources/900_fixture.txt", "sources/new/900_fixture.txt"),
        [("raw/sources/new/900_fixture.txt", 0, "", "not a raw input: raw/sources/ is flat; move the file up into raw/sources/")],
    ),
    Fault(
        "records_file_is_a_link",
        lambda raw: (raw / "records" / "src-901.yaml").symlink_to(raw / "records" / "src-000.yaml") or {},
        [("raw/records/src-901.yaml", 0, "", LINK)],
    ),
    Fault("reference_file_is_a_link", lambda raw: _move_and_link(raw, "places.yaml", "../places-real.yaml"), [("raw/places.yaml", 0, "", LINK)]),
    Fault(
        "folder_is_a_link",
        lambda raw: (raw / "extra").symlink_to(FIXTURES / "records") or {},
        [("raw/extra", 0, "", LINK)],
    ),
    Fault(
        "source_text_no_records_file_codes",
        fixture("sources/900_fixture.txt", "sources/004_orphan.txt"),
        [("raw/sources/004_orphan.txt", 0, "", ORPHAN)],
    ),
    Fault(
        "file_name_with_a_newline",
        write("sources/note\nactors.yaml: fine.txt", "An invented line.\n"),
        [("raw/sources/note\nactors.yaml: fine.txt", 0, "", UNPRINTABLE)],
    ),
    Fault(
        "file_name_not_utf8",
        lambda raw: write(os.fsdecode(b"sources/caf\xe9.txt"), "An invented line.\n")(raw),
        [(os.fsdecode(b"raw/sources/caf\xe9.txt"), 0, "", UNPRINTABLE)],
    ),
    Fault(
        "records_file_name_not_utf8",
        lambda raw: write(os.fsdecode(b"records/src-\xff.yaml"), (raw / REC).read_bytes())(raw),
        [(os.fsdecode(b"raw/records/src-\xff.yaml"), 0, "", UNPRINTABLE)],
    ),
    Fault(
        "records_file_name_with_a_newline",
        lambda raw: write("records/src-000\nplaces.yaml: 1.yaml", (raw / REC).read_bytes())(raw),
        [("raw/records/src-000\nplaces.yaml: 1.yaml", 0, "", UNPRINTABLE)],
    ),
    # --- only the built tables can tell --------------------------------------------
    Fault(
        "participant_listed_twice",
        edit_record(
            REC,
            MTG,
            "- actor_id: ceyhun-bayramov\n        role: participant",
            "- actor_id: ceyhun-bayramov\n        role: participant\n      - actor_id: ceyhun-bayramov\n        role: participant",
        ),
        [(RECF, "participants_line", "meetings[{i}].participants", "participant 'ceyhun-bayramov' (participant) is listed twice")],
    ),
]
# fmt: on


# --- running one fault --------------------------------------------------------------


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> Path:
    """The last good build: a build folder and a package copy made from the real raw/."""
    root = tmp_path_factory.mktemp("good")
    build(RAW, root / "out", root / "pkg")
    return root


def _resolve(expected: list[tuple], ctx: dict) -> list[Problem]:
    out = []
    for file, line, fld, reason in expected:
        if isinstance(line, str):
            key, _, plus = line.partition("+")
            line = ctx[key] + int(plus or 0)
        out.append(Problem(file.format(**ctx), line, fld.format(**ctx), reason.format(**ctx)))
    return out


def _context(raw: Path, ctx: dict) -> dict:
    """Values a few expected messages need, computed from the broken tree."""
    ctx = dict(ctx)
    ctx["ev_line"] = _ev_line()
    ctx["txt_name"] = Path(source_text()).name
    ctx["excl"] = f"{Path(source_text()).stem}.exclusions.yaml"
    excl, _ = load_yaml((RAW / "sources" / ctx["excl"]).read_text(encoding="utf-8"), ctx["excl"])
    ctx["excl_line"] = excl["exclusions"][0].line_of("sentence")
    rec = raw / REC
    if rec.exists():
        ctx["size"] = rec.stat().st_size
    txt = raw / source_text()
    if txt.exists():
        data = txt.read_bytes()
        ctx["n"] = data.decode("utf-8", "replace").count("Nagorno-Karabakh")
        try:
            data.decode("utf-8")
        except UnicodeDecodeError as e:
            ctx["bad_offset"] = e.start
    return ctx


def _ev_line() -> int:
    lines = (RAW / REC).read_text(encoding="utf-8").split("\n")
    return _block(lines, EV)[0] + 1


def test_catalogue_is_large_and_distinct():
    names = [f.name for f in FAULTS]
    assert len(names) == len(set(names)) and len(FAULTS) >= 40


@contextlib.contextmanager
def guarded(seconds: int = 60, extra_bytes: int = 2 * 2**30):
    """Turn a hang into TimeoutError and runaway memory into MemoryError, not a killed test run.

    A fault such as /dev/zero or a FIFO in raw/ would otherwise block forever
    or exhaust the machine's memory if some code path read it.
    """

    def alarm(signum, frame):
        raise TimeoutError(f"the build did not finish within {seconds} s")

    old_handler = signal.signal(signal.SIGALRM, alarm)
    old_limit = resource.getrlimit(resource.RLIMIT_AS)
    try:
        size = int(next(l for l in open("/proc/self/status") if l.startswith("VmSize:")).split()[1]) * 1024
        limit = size + extra_bytes
        if old_limit[1] == resource.RLIM_INFINITY or limit < old_limit[1]:
            resource.setrlimit(resource.RLIMIT_AS, (limit, old_limit[1]))
    except (OSError, StopIteration, ValueError):
        pass
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old_handler)
        resource.setrlimit(resource.RLIMIT_AS, old_limit)


CLI_SAMPLE = {f.name for f in FAULTS[::6]} | {"duplicate_id_across_files", "file_name_with_a_newline", "records_file_name_with_a_newline"}
"""The faults whose command-line run is compared too: the CLI prints whatever problems the build raises by one
code path, so a sample proves the printing (every sixth fault, which reaches every stage, and the names that
must be escaped to stay on one line) without a second build of every fault."""


@pytest.mark.parametrize("fault", FAULTS, ids=[f.name for f in FAULTS])
def test_fault_is_rejected_with_exact_message(fault: Fault, good_build: Path, tmp_path: Path, capsys):
    raw = tmp_path / "raw"
    shutil.copytree(RAW, raw)
    out, pkg = tmp_path / "out", tmp_path / "pkg"
    shutil.copytree(good_build / "out", out)
    shutil.copytree(good_build / "pkg", pkg)
    before = tree(out), tree(pkg)

    ctx = _context(raw, fault.inject(raw) or {})
    expected = sorted(_resolve(fault.expected, ctx))

    with guarded(), pytest.raises(BuildFailed) as err:
        build(raw, out, pkg)
    assert err.value.problems == expected
    assert (tree(out), tree(pkg)) == before, "a failed build changed the last good build"
    if fault.name not in CLI_SAMPLE:
        return

    capsys.readouterr()
    with guarded():
        assert main(["build", "--raw", str(raw), "--out", str(out)]) != 0
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [str(p) for p in expected] + [f"build failed: {len(expected)} problem(s); the previous build was left untouched"]
    assert "Traceback" not in captured.err and captured.out == ""
    assert (tree(out), tree(pkg)) == before, "a failed CLI build changed the last good build"


# --- all problems at once, sorted, stable --------------------------------------------------------


@pytest.mark.parametrize(
    "injects, files",
    [
        # two files, read stage (the records file sorts after places.yaml)
        (
            [set_field(REC, EV, "date_precision", "daily"), edit_record("places.yaml", "gubadli", "place_type: district", "place_type: distric")],
            ["raw/places.yaml", RECF],
        ),
        # two files, cross-check stage, plus two problems in one file whose lines sort as numbers (19 < 355)
        (
            [
                set_field(REC, ST, "reported_via_id", "tass-agency"),
                set_field(REC, EV, "claimant_id", "nobody"),
                edit_record("places.yaml", "nagorno-karabakh", "parent_id: azerbaijan", "parent_id: azerbaijann"),
            ],
            ["raw/places.yaml", RECF, RECF],
        ),
        # a quote problem and a reference problem in the same document
        pytest.param([set_field(REC, ST, "quote", "Nobody said anything of the kind"), set_field(REC, EV, "claimant_id", "nobody")], [RECF, RECF]),
    ],
    ids=["read-stage", "check-stage", "quote-and-reference-in-one-document"],
)
def test_every_problem_of_a_run_is_listed_sorted_and_stable(injects, files, raw_copy, tmp_path, capsys):
    for inject in reversed(injects):
        inject(raw_copy)
    runs = []
    for command in (["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out")], ["validate", "--raw", str(raw_copy)]) * 2:
        assert main(command) == 1
        runs.append(capsys.readouterr().err)
    assert len(set(runs)) == 1, "two runs listed the problems differently"
    with pytest.raises(BuildFailed) as err:
        build(raw_copy, tmp_path / "out", None)
    problems = err.value.problems
    assert [p.file for p in problems] == files and problems == sorted(problems)
    assert runs[0].splitlines()[:-1] == [str(p) for p in problems]
    lines = [p.line for p in problems if p.file == RECF]
    assert lines == sorted(lines)
    assert not (tmp_path / "out" / "data").exists()


# --- hostile YAML: refused fast, within a small memory limit -----------------------------------------

HOSTILE = r"""
import resource, sys, time
limit = 400 * 2**20
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from karabakh_data.build.rawio import load_yaml
payload = {
    "billion_laughs": open(sys.argv[1], encoding="utf-8").read(),
    "nested_lists": "a: " + "[" * 900_000 + "\n",
    "nested_maps": "a: " + "{a: " * 400_000 + "\n",
    "nested_blocks": "".join(" " * i + "- \n" for i in range(0, 1500)),
    "many_anchors": "".join(f"k{i}: &a{i} v\n" for i in range(60_000)) + "z: *a1\n",
}[sys.argv[2]]
start = time.perf_counter()
data, problems = load_yaml(payload, "f.yaml")
print(round(time.perf_counter() - start, 3), problems[0].reason if problems else "accepted")
"""


@pytest.mark.parametrize(
    "case, reason",
    [
        ("billion_laughs", "YAML aliases (*name) are not allowed in raw files"),
        ("nested_lists", f"nesting deeper than {MAX_DEPTH} levels"),
        ("nested_maps", f"nesting deeper than {MAX_DEPTH} levels"),
        ("nested_blocks", f"nesting deeper than {MAX_DEPTH} levels"),
        ("many_anchors", "YAML aliases (*name) are not allowed in raw files"),
    ],
)
def test_hostile_yaml_is_refused_quickly_in_little_memory(case, reason):
    """Each payload is under the 2,000,000-byte limit; the reader runs with 400 MB of address space."""
    import subprocess
    import sys

    done = subprocess.run([sys.executable, "-c", HOSTILE, str(FIXTURES / "records" / "billion_laughs.yaml"), case], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr[-2000:]
    seconds, got = done.stdout.split(" ", 1)
    assert got.strip() == reason
    assert float(seconds) < 2.0


def test_the_cli_sample_names_faults_of_the_catalogue():
    assert CLI_SAMPLE <= {f.name for f in FAULTS} and len(CLI_SAMPLE) >= 15
