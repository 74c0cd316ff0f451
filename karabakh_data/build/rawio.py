"""Reading raw YAML safely, keeping the line of every mapping and key.

Why not ``yaml.safe_load``: it forgets line numbers (a coder needs them),
expands aliases (a "billion laughs" file exhausts memory) and recurses on
deep nesting. Here libyaml's C parser yields events and a small constructor
builds plain Python values from them, refusing aliases, custom tags and
nesting deeper than ``MAX_DEPTH``. Dates stay strings: Pydantic parses them
and says precisely what is wrong with "2020-02-30".

Plain scalars are read as YAML 1.2's core schema reads them, or more
strictly: a number is written in decimal (``-12``, ``0.5``, ``.nan``), a
boolean is ``true`` or ``false``. PyYAML follows YAML 1.1, where ``026`` is
the octal number 22, ``yes`` and ``off`` are booleans, ``1_000`` and
``0x1A`` are numbers and ``1:20`` is 80 (base 60); YAML 1.2 reads some of
them as text and ``0o17`` or ``1e5`` as numbers. A coder's typo must never
become another value, so every such scalar is a problem naming its line and
field ("write 26, not 026"); quoted, it is text.
"""

from __future__ import annotations

import re

import yaml

from .plainyaml import CONSTRUCTOR, MAX_DEPTH, RESOLVER, STANDARD_TAGS, Located, not_core
from .problems import LINK, Problem, cannot_read

MAX_FILE_BYTES = 2_000_000
_Parser = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _Refused(str):
    """A plain scalar refused by not_core: its text, and the reason."""

    reason: str


class RawError(Exception):
    """A file that cannot be read as YAML at all."""

    def __init__(self, line: int, reason: str):
        self.line, self.reason = line, reason
        super().__init__(reason)


def read_text(path, display: str) -> tuple[str | None, list[Problem]]:
    """Read a raw file as UTF-8 text with the checks every raw file needs."""
    if path.is_symlink():
        return None, [Problem(display, 0, "", LINK)]
    if not path.is_file():  # a FIFO or a device (/dev/zero) would block or never end
        return None, [Problem(display, 0, "", "not a regular file")]
    try:
        with open(path, "rb") as f:
            data = f.read(MAX_FILE_BYTES + 1)  # never more than the limit, whatever stat says
            if len(data) > MAX_FILE_BYTES:
                size = max(path.stat().st_size, len(data))
                return None, [Problem(display, 0, "", f"file is {size:,} bytes, over the limit of {MAX_FILE_BYTES:,}; split it")]
    except OSError as err:  # the same words as rawtree's, so a file both find is listed once
        return None, [Problem(display, 0, "", cannot_read(err))]
    if data.startswith(b"\xef\xbb\xbf"):
        return None, [Problem(display, 1, "", "file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 without BOM")]
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return None, [Problem(display, 1, "", "file is UTF-16 (it starts with a UTF-16 byte-order mark); save it as UTF-8")]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as e:
        line = data[: e.start].count(b"\n") + 1
        return None, [Problem(display, line, "", f"file is not valid UTF-8 (byte 0x{data[e.start]:02x} at offset {e.start}); save it as UTF-8")]
    return text, []


def load_yaml(text: str, display: str) -> tuple[object, list[Problem]]:
    """Parse YAML text into plain values with line numbers, or report why not."""
    if not text.strip() or all(l.strip().startswith("#") or not l.strip() for l in text.splitlines()):
        return None, [Problem(display, 0, "", "file is empty")]
    tab = re.search(r"^ *\t", text, re.M)
    if tab:
        line = text.count("\n", 0, tab.start()) + 1
        return None, [Problem(display, line, "", "tab character used for indentation; YAML needs spaces")]
    try:
        try:
            refused: list = []
            data = _construct(yaml.parse(text, Loader=_Parser), refused)
            if refused:
                return None, [Problem(display, line, field, reason) for line, field, reason in refused]
            return data, []
        except yaml.YAMLError:
            _own_rules_first(text)
            raise
    except RawError as e:
        return None, [Problem(display, e.line, "", e.reason)]
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark else 0
        return None, [Problem(display, line, "", f"malformed YAML: {e.problem or e.context}")]
    except yaml.reader.ReaderError as e:
        code = ord(e.character) if isinstance(e.character, str) else e.character
        hint = " (NUL bytes: the file may be UTF-16; save it as UTF-8)" if code == 0 else ""
        line = text.count("\n", 0, e.position) + 1
        return None, [Problem(display, line, "", f"control character U+{code:04X} is not allowed in YAML{hint}")]
    except yaml.YAMLError as e:
        return None, [Problem(display, 0, "", "malformed YAML: " + " ".join(str(e).split()))]


def _own_rules_first(text: str) -> None:
    """Raise RawError if one of this module's rules fires before the parser's error.

    libyaml stops a document with limits of its own (0.2.6 refuses deep
    nesting with "exceeded maximum nesting depth", earlier versions did not),
    sometimes before the events reach our constructor. PyYAML's pure-Python
    parser has no such limits, so when the C parser fails the text is read
    again with it: if our rule (depth, alias, tag, duplicate key, one
    document) fires first, that is the problem reported, on every libyaml
    version. Only failing files pay for the second read.
    """
    try:
        _construct(yaml.parse(text, Loader=yaml.SafeLoader))
    except yaml.YAMLError:
        return


def _tag_refused(ev: yaml.Event) -> RawError:
    return RawError(ev.start_mark.line + 1, f"YAML tag {ev.tag} is not allowed")


def _scalar(ev: yaml.ScalarEvent) -> object:
    if ev.tag and ev.tag not in ("!", *STANDARD_TAGS):
        raise _tag_refused(ev)
    if ev.style or ev.tag in ("!", "tag:yaml.org,2002:str"):
        return ev.value
    tag = RESOLVER.resolve(yaml.ScalarNode, ev.value, ev.implicit)
    reason = not_core(tag, ev.value)
    if reason is not None:
        refused = _Refused(ev.value)
        refused.reason = reason
        return refused
    if tag == "tag:yaml.org,2002:timestamp":
        return ev.value  # Pydantic parses dates with clear messages
    node = yaml.ScalarNode(tag, ev.value)
    return CONSTRUCTOR.construct_object(node) if tag in STANDARD_TAGS else ev.value


def _construct(events, refused: list | None = None) -> object:
    """Build values from the event stream, with an explicit stack (no recursion).

    refused: gets (line, field, reason) of every scalar not_core refuses (read as its text meanwhile).
    """
    stack: list = []  # items: [container, pending (key, line), item lines of a list]
    root = None
    for ev in events:
        if isinstance(ev, yaml.AliasEvent):
            raise RawError(ev.start_mark.line + 1, "YAML aliases (*name) are not allowed in raw files")
        if isinstance(ev, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
            if len(stack) >= MAX_DEPTH:
                raise RawError(ev.start_mark.line + 1, f"nesting deeper than {MAX_DEPTH} levels")
            if ev.tag and ev.tag not in STANDARD_TAGS:
                raise _tag_refused(ev)
            if isinstance(ev, yaml.MappingStartEvent):
                value = Located()
                value.line, value.key_lines, value.item_lines = ev.start_mark.line + 1, {}, {}
            else:
                value = []
            lines = _item_lines(stack, value)
            _add(stack, value, ev)
            stack.append([value, None, lines])
        elif isinstance(ev, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
            done = stack.pop()[0]
            if not stack:
                root = done
        elif isinstance(ev, yaml.ScalarEvent):
            value = _scalar(ev)
            if isinstance(value, _Refused) and refused is not None:
                refused.append((ev.start_mark.line + 1, _path(stack), value.reason))
            if stack:
                _add(stack, value, ev)
            else:
                root = value
        elif isinstance(ev, yaml.DocumentStartEvent) and root is not None:
            raise RawError(ev.start_mark.line + 1, "only one YAML document per file")
    return root


def _path(stack: list) -> str:
    """The field a scalar event goes to, as problems name fields: casualties[2].count_best."""
    parts = []
    for n, (container, pending, _) in enumerate(stack):
        last = n == len(stack) - 1
        if isinstance(container, list):
            parts.append(f"[{len(container) - (0 if last else 1)}]")
        elif last:
            if pending is not None:
                parts.append(f".{pending[0]}")
        elif container:
            parts.append(f".{next(reversed(container))}")
    return "".join(parts).lstrip(".")


def _item_lines(stack: list, value: object) -> list | None:
    """For a list that is a mapping's value, the list its items' lines go into."""
    if not isinstance(value, list) or not stack:
        return None
    parent, pending = stack[-1][0], stack[-1][1]
    if not isinstance(parent, Located) or pending is None:
        return None
    parent.item_lines[pending[0]] = lines = []
    return lines


def _add(stack: list, value: object, ev) -> None:
    if not stack:
        return
    top = stack[-1]
    container = top[0]
    if isinstance(container, list):
        container.append(value)
        if top[2] is not None:
            top[2].append(ev.start_mark.line + 1)
        return
    if top[1] is None and not isinstance(value, (dict, list)):
        if value in container:
            raise RawError(ev.start_mark.line + 1, f"duplicate key '{value}'")
        top[1] = (value, ev.start_mark.line + 1)
        return
    if top[1] is None:
        raise RawError(ev.start_mark.line + 1, "a mapping key must be a plain value")
    key, line = top[1]
    container[key] = value
    container.key_lines[key] = line
    top[1] = None


def line_of(data: object, loc: tuple) -> int:
    """Line of the deepest located mapping on a Pydantic error location."""
    line, node, owner = getattr(data, "line", 0), data, None
    for part in loc:
        if isinstance(node, Located):
            line, owner = node.line_of(part), (node, part)
            node = node.get(part)
        elif isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node):
            line = owner[0].item_line(owner[1], part) if owner else line
            node, owner = node[part], None
            line = getattr(node, "line", line)
        else:
            break
    return line
