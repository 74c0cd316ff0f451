"""The reader of the plain YAML that coders write: the same values and lines as rawio, about five times faster, or nothing.

rawio.load_yaml builds values from libyaml's events in Python, which costs
about 150-250 microseconds per record, most of it creating one Python event
object per scalar. This module reads the common subset of YAML that the raw
files use with compiled regular expressions, about five times faster
(a record's fields, block scalars included, are one run matched field by
field in C: ~30 us a record), and builds exactly what rawio builds: Located mappings with the line
of the mapping and of every key, lists, and scalars resolved by the same
PyYAML resolver and constructor (YAML 1.1 rules: dates stay strings).

It is deliberately narrow: block mappings and sequences indented with
spaces, identifier-like keys, plain scalars on one line, single-line quoted
scalars without escapes, single-line flow lists of such scalars, and folded
or literal block scalars whose lines share one indentation. Anything else
(anchors, tags, escapes, multi-line plain or flow scalars, more-indented
lines in a block scalar, duplicate keys, a tab, a document marker...) makes
``parse`` return None, and the caller falls back to rawio.load_yaml, which
handles all of YAML and reports problems with their lines. So the fast path
never accepts what rawio refuses, and never reads a value differently;
tests/build/test_plainyaml.py compares the two on every raw file and on a
synthetic corpus.

The definitions both readers share live here, below rawio (which imports
them): Located, the mapping that remembers its lines; not_core, the one rule
on plain scalars (YAML 1.1 forms that YAML 1.2 reads otherwise are refused);
PyYAML's resolver and constructor; MAX_DEPTH.
"""

from __future__ import annotations

import re
from itertools import accumulate

import yaml

MAX_DEPTH = 16

RESOLVER = yaml.resolver.Resolver()  # PyYAML's plain-scalar resolver (YAML 1.1 forms; not_core refuses those 1.2 reads otherwise)
CONSTRUCTOR = yaml.constructor.SafeConstructor()
STANDARD_TAGS = {"tag:yaml.org,2002:" + t for t in ("str", "int", "float", "bool", "null", "map", "seq")}


_TAG = "tag:yaml.org,2002:"
_DECIMAL_INT = re.compile(r"-?(?:0|[1-9][0-9]*)")
_DECIMAL_FLOAT = re.compile(r"-?(?:0|[1-9][0-9]*)\.[0-9]+(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN)")
_NUMBER_OF_1_2 = re.compile(r"[-+]?0o[0-7]+|[-+]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)[eE][-+]?[0-9]+")  # numbers in 1.2, text in 1.1
_BOOL_WORDS = {"true": "true", "yes": "true", "on": "true", "false": "false", "no": "false", "off": "false"}


def not_core(tag: str, text: str) -> str | None:
    """Why a plain scalar resolved to tag (PyYAML's YAML 1.1 rules) is refused, or None when YAML 1.2 core reads it alike.

    The one rule of both readers (plainyaml declines such a document, and
    this module reports it).
    """
    if tag == _TAG + "int":
        if _DECIMAL_INT.fullmatch(text):
            return None
        good = str(_int_value(text))
    elif tag == _TAG + "float":
        if _DECIMAL_FLOAT.fullmatch(text):
            return None
        good = repr(_float_value(text))
    elif tag == _TAG + "bool":
        if text in ("true", "false"):
            return None
        good = _BOOL_WORDS[text.lower()]
    elif tag == _TAG + "str" and text[:1] in "+-.0123456789" and _NUMBER_OF_1_2.fullmatch(text):
        good = str(_int_value(text)) if "o" in text else repr(float(text))
    else:
        return None
    return f"write {good}, not {text}; quote it ('{text}') if it is text"


def _int_value(text: str) -> int:
    """The number a coder most likely meant: the digits in decimal (026 is 26, not YAML 1.1's octal 22)."""
    t = text.replace("_", "")
    sign = -1 if t.startswith("-") else 1
    t = t.lstrip("+-")
    if ":" in t:
        return sign * _sexagesimal(t)
    if t[:2].lower() in ("0x", "0o", "0b"):
        return sign * int(t, 0)
    return sign * int(t, 10)


def _float_value(text: str) -> float:
    t = text.replace("_", "")
    if ":" in t:
        sign = -1 if t.startswith("-") else 1
        whole, _, frac = t.lstrip("+-").partition(".")
        return sign * (_sexagesimal(whole) + float("0." + (frac or "0")))
    return float(t)


def _sexagesimal(t: str) -> int:
    value = 0
    for part in t.split(":"):
        value = value * 60 + int(part)
    return value


class Located(dict):
    """A mapping that remembers its own line and the line of each key (1-based)."""

    line: int = 0
    key_lines: dict
    item_lines: dict  # key of a list value -> line of each item of the list

    def line_of(self, key: object) -> int:
        return self.key_lines.get(key, self.line)

    def item_line(self, key: object, index: int) -> int:
        """Line of item `index` of the list under `key` (its key's line if unknown)."""
        lines = getattr(self, "item_lines", {}).get(key, [])
        return lines[index] if 0 <= index < len(lines) else self.line_of(key)


_LINE = re.compile(r"( *)(.*)")
_KEY = re.compile(r"([A-Za-z_][A-Za-z0-9_]*):(?: +|$)(.*)")
_DASH = re.compile(r"-(?: +|$)")
_DQ = re.compile(r'"([^"\\]*)"[ ]*(?:#.*)?$')
_SQ = re.compile(r"'((?:[^']|'')*)'[ ]*(?:#.*)?$")
_BLOCK = re.compile(r"([>|])([-+]?)[ ]*(?:#.*)?$")
_FLOW_ITEM = re.compile(r' *(?:"([^"\\]*)"|\'((?:[^\']|\'\')*)\'|([^-,\[\]{}#:"\'&*!|>%@`?\s][^,\[\]{}#:"\']*?)) *(,|\])')
# Outside YAML's printable set, or a tab, CR, BOM or a Unicode line break (NEL, LS, PS): rawio decides.
_NOT_PLAIN_TEXT = re.compile("[^\n\x20-\x7e\xa0-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]|[\u2028\u2029]")
_CONTROL = re.compile(r"[\x00-\x09\x0b-\x1f\x7f]")
_FLOW_END = re.compile(r"[ ]*(?:#.*)?$")
_RESOLVABLE = frozenset(k for k in RESOLVER.yaml_implicit_resolvers if k)
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_STR = "tag:yaml.org,2002:str"
_memo: dict[str, object] = {}


class _Unsupported(Exception):
    pass


def _resolve(value: str) -> object:
    """A plain scalar as rawio reads it (PyYAML's resolver, YAML 1.2 core forms only; dates stay strings)."""
    if not value or value[0] not in _RESOLVABLE:
        if not value:
            return None  # the empty plain scalar is null
        return value
    try:
        return _memo[value]
    except KeyError:
        pass
    tag = RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
    if not_core(tag, value) is not None:
        raise _Unsupported  # rawio reports it, with its line and field
    if tag == _TIMESTAMP or tag not in STANDARD_TAGS:
        out = value
    else:
        out = CONSTRUCTOR.construct_object(yaml.ScalarNode(tag, value))
    if len(_memo) > 50_000:
        _memo.clear()
    _memo[value] = out
    return out


def _plain(rest: str) -> object:
    """A one-line plain scalar (comment stripped), or unsupported."""
    if rest[0] in _INDICATORS and not (rest[0] == "-" and rest[1:2].isdigit()):
        raise _Unsupported
    cut = rest.find(" #")
    if cut >= 0:
        rest = rest[:cut]
    rest = rest.rstrip(" ")
    if ": " in rest or rest.endswith(":") or "[" in rest or "]" in rest or "{" in rest or "}" in rest:
        raise _Unsupported
    return _resolve(rest)


_ITEM = re.compile(r"(?:(-)(?: +|$))?(?:([A-Za-z_][A-Za-z0-9_]{0,999}):(?: +|$))?(.*)")
_PLAIN_BAD = re.compile(r": |:$| #|[\[\]{}]")
_VALUE_START = frozenset("#\"'>|[") | _INDICATORS
_MAP, _SEQ = 0, 1


def _scalar(rest: str) -> object:
    """A one-line value that is not a block scalar: quoted, flow list or plain."""
    c = rest[0]
    if c == '"':
        m = _DQ.match(rest)
        if not m:
            raise _Unsupported
        return m.group(1)
    if c == "'":
        m = _SQ.match(rest)
        if not m:
            raise _Unsupported
        return m.group(1).replace("''", "'")
    if c == "[":
        return _flow(rest)
    return _plain(rest)


def _flow(rest: str) -> list:
    m = re.match(r"\[ *\]", rest)
    if m:
        if not _FLOW_END.match(rest, m.end()):
            raise _Unsupported
        return []
    pos, out = 1, []
    while True:
        m = _FLOW_ITEM.match(rest, pos)
        if not m:
            raise _Unsupported
        dq, sq, plain, end = m.groups()
        if dq is not None:
            out.append(dq)
        elif sq is not None:
            out.append(sq.replace("''", "'"))
        else:
            out.append(_resolve(plain.rstrip(" ")))
        pos = m.end()
        if end == "]":
            if not _FLOW_END.match(rest, pos):
                raise _Unsupported
            return out


def _block_scalar(lines: list[str], i: int, parent_col: int, header: str) -> tuple[str, int]:
    """A folded (>) or literal (|) scalar starting at lines[i]; returns (value, next line index)."""
    m = _BLOCK.match(header)
    if not m or m.group(2) == "+":
        raise _Unsupported
    n = len(lines)
    if i >= n:
        raise _Unsupported
    first = lines[i]
    body = first.lstrip(" ")
    ind = len(first) - len(body)
    if not body or ind <= parent_col:
        raise _Unsupported
    pad = first[:ind]
    parts = []
    while i < n:
        line = lines[i]
        if not line.startswith(pad):
            break
        if line[ind] == " " or line[-1] == " ":
            raise _Unsupported  # more-indented lines and trailing spaces fold differently
        parts.append(line[ind:])
        i += 1
    # empty lines may only close the scalar: what follows must be less indented
    j = i
    while j < n and not lines[j]:
        j += 1
    if j < n:
        nxt = lines[j]
        if not nxt.strip(" ") or (j != i and nxt.startswith(pad)):
            raise _Unsupported
    text = (" " if m.group(1) == ">" else "\n").join(parts)
    # clip keeps the last line break, if there is one (a document may end without it)
    return (text if m.group(2) == "-" or i >= n else text + "\n"), i


# A run of 'key: value' lines at one indentation, matched and split in C. A
# value is a one-line plain scalar or a folded/literal block scalar ('>', '>-',
# '|', '|-' alone on the key's line) whose lines share one indentation, deeper
# than the key's, and start and end with a non-space (what _block_scalar
# accepts). The plain value may not start with an indicator nor hold ': ',
# ' #', brackets or braces, nor end in ':' or a space: exactly the one-line
# plain scalars the generic path reads. Anything else ends the run and goes
# through the generic path. A run may start after a sequence dash (the first
# key of a record): then its first line has no indentation of its own.
_RUN_VALUE = r"[^\s\-?:,\[\]{}#&*!|>'\"%@`][^\s:\[\]{}]*(?:(?::(?=\S)|[ ](?=[^\s#]))[^\s:\[\]{}]*)*"
_BLOCK_LINE = r"\S(?:[^\n]*\S)?\n"
_NEXT_LINE = re.compile(r"\n*([^\n]*)")
_runs: dict[int, tuple] = {}


def _run_field(pad: str, group: int) -> str:
    """One 'key: value' line (and its block lines); its 6 groups start at number group."""
    return (
        rf"([A-Za-z_][A-Za-z0-9_]{{0,999}}):(?: +({_RUN_VALUE})\n"
        rf"| +([>|])(-?)\n({pad} +)({_BLOCK_LINE}(?:\{group + 4}{_BLOCK_LINE})*))"
    )


def _run_patterns(col: int) -> tuple:
    """(a field at indentation col, the same after a sequence dash), compiled once per col."""
    pats = _runs.get(col)
    if pats is None:
        pad = " " * col
        field = _run_field(pad, 1)
        pats = _runs[col] = (re.compile(pad + field), re.compile(field))
    return pats


def _run(text: str, start: int, col: int, after_dash: bool, container: Located, line_no: int) -> int:
    """Read the run of fields at text[start:] into container; the number of the line after it (0: no run)."""
    field, first = _run_patterns(col)
    if after_dash:
        m = first.match(text, start)
        scan = field.scanner(text, m.end()).match if m is not None else None
    else:
        scan = field.scanner(text, start).match
        m = scan()
    if m is None:
        return 0
    key_lines, resolvable = container.key_lines, _RESOLVABLE
    while m is not None:
        k, v, style, chomp, block_pad, block = m.groups()
        if k in container or (k[0] in resolvable and not isinstance(_resolve(k), str)):
            raise _Unsupported
        key_lines[k] = line_no
        if style:
            text_ = block[:-1].replace("\n" + block_pad, " " if style == ">" else "\n")
            container[k] = text_ if chomp else text_ + "\n"  # clip keeps the last line break
            line_no += 1 + block.count("\n")
        else:
            container[k] = _resolve(v) if v[0] in resolvable else v
            line_no += 1
        last, m = m, scan()
    end = last.end()
    if block:  # empty lines may only close a block scalar: what follows must be less indented
        after = _NEXT_LINE.match(text, end)
        nxt = after.group(1)
        if nxt and (not nxt.strip(" ") or nxt.startswith(block_pad)):
            raise _Unsupported
    return line_no


def _parse(text: str) -> Located:
    lines = text.split("\n")
    n = len(lines)
    offsets = [0, *accumulate(map(len, lines))]  # offset of line i is offsets[i] + i
    item = _ITEM.match
    plain_bad = _PLAIN_BAD.search
    resolvable, value_start = _RESOLVABLE, _VALUE_START
    stack: list[list] = []  # frames: [kind, col, container]
    pending = None  # (mapping, key, col) of a 'key:' whose value is on the next lines
    i = 0
    while i < n:
        line = lines[i]
        s = line.lstrip(" ")
        if not s or s[0] == "#":
            i += 1
            continue
        ind = len(line) - len(s)
        dash, key, rest = item(s).groups()
        if pending is not None:
            pmap, pkey, pcol = pending
            pending = None
            if ind > pcol or (ind == pcol and dash):
                if len(stack) >= MAX_DEPTH // 2:
                    raise _Unsupported
                if dash:
                    value = []
                    pmap.item_lines[pkey] = item_lines = []  # the line of each item, as rawio records it
                    stack.append([_SEQ, ind, value, item_lines])
                else:
                    value = Located()
                    value.line, value.key_lines, value.item_lines = i + 1, {}, {}
                    stack.append([_MAP, ind, value, None])
                pmap[pkey] = value
            else:
                pmap[pkey] = None
        while stack:
            top = stack[-1]
            if top[1] > ind or (top[1] == ind and top[0] == _SEQ and not dash):
                stack.pop()
            else:
                break
        if not stack:
            root = Located()
            root.line, root.key_lines, root.item_lines = i + 1, {}, {}
            stack.append([_MAP, ind, root, None])
            top = stack[-1]
            if ind or dash:
                raise _Unsupported
        kind, col, container, item_lines = top
        if col != ind:
            raise _Unsupported
        if dash:
            if kind != _SEQ:
                raise _Unsupported
            if key is None:  # a scalar item
                if not rest or rest[0] == "#":
                    raise _Unsupported
                item_lines.append(i + 1)
                if rest[0] in ">|":
                    value, i = _block_scalar(lines, i + 1, col, rest)
                    container.append(value)
                    continue
                container.append(_scalar(rest))
                i += 1
                continue
            if len(stack) >= MAX_DEPTH // 2:
                raise _Unsupported
            col = ind + s.index(key)  # the item is a mapping whose keys start here
            mapping = Located()
            mapping.line, mapping.key_lines, mapping.item_lines = i + 1, {}, {}
            container.append(mapping)
            item_lines.append(i + 1)
            stack.append([_MAP, col, mapping, None])
            container = mapping
            after_dash = True
        elif kind != _MAP or key is None:
            raise _Unsupported
        else:
            after_dash = False
        if key is not None:
            line_no = _run(text, offsets[i] + i + (col if after_dash else 0), col, after_dash, container, i + 1)
            if line_no:
                i = line_no - 1
                continue
        if key in container or (key[0] in resolvable and not isinstance(_resolve(key), str)):
            raise _Unsupported
        container.key_lines[key] = i + 1
        if not rest:
            pending = (container, key, col)
            i += 1
            continue
        c = rest[0]
        if c not in value_start and not plain_bad(rest):
            value = rest.rstrip(" ")
            container[key] = _resolve(value) if c in resolvable else value
            i += 1
            continue
        if c == "#":
            pending = (container, key, col)
            i += 1
            continue
        if c == ">" or c == "|":
            container[key], i = _block_scalar(lines, i + 1, col, rest)
            continue
        value = container[key] = _scalar(rest)
        if isinstance(value, list):  # a flow list: its items are on this line
            container.item_lines[key] = [i + 1] * len(value)
        i += 1
    if pending is not None:
        pending[0][pending[1]] = None
    if not stack:
        raise _Unsupported
    return stack[0][2]


def parse(text: str) -> Located | None:
    """The document as rawio.load_yaml would build it, or None when it is not plain enough."""
    if text.isascii():
        if _CONTROL.search(text):
            return None
    elif _NOT_PLAIN_TEXT.search(text):
        return None
    if "\n---" in text or "\n..." in text or text.startswith(("---", "...", "%")):
        return None
    try:
        return _parse(text)
    except (_Unsupported, IndexError, yaml.YAMLError, ValueError):
        return None
