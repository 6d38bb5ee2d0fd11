"""Read the simple YAML of Pulumi project and stack files in pure Python, several times faster than libyaml.

`read` accepts a conservative subset of block YAML and answers None for anything else, so that the caller
reads that text the libyaml way (`yamlio`), errors and all. The subset: printable ASCII only; a top-level
block mapping at column 0; plain keys (but `<<`), each once per mapping; values that are plain
scalars, single-quoted (no `'` inside) or double-quoted (no `\\` or `"` inside) on the key's line, nested
block mappings, or block sequences of such scalars indented under their key; full-line and ` #` comments,
blank lines; and, as mapping values, one-line flow sequences of plain words (`[tier2, dev]`). A plain scalar
may hold brackets and braces after its first character, as block YAML allows: the `${...}` interpolations of
YAML programs (`name: ${pulumi.organization}/net/${pulumi.stack}`, `${ref.outputs["url"]}`). Whatever it
answers, libyaml reads the same: the same values of the same types at the same lines.

Both read YAML as Pulumi does (Go's yaml.v3, YAML 1.2's core schema): a mapping key is its text; a plain
scalar is null (`~`, `null`), a boolean (`true`, `False`, not `yes`/`on`), a number that fits 64 bits, or
else a string (`yes`, `=`, `2001-02-30`, a 5,000-digit number); `plain` is that typing.
Thread-safe (the cache of resolved scalars is one dict).
"""

from __future__ import annotations

import math
import re
from typing import Any

Path = tuple[str | int, ...]
Lines = dict[Path, tuple[int, int | None]]
"""Per path of keys and list indexes: the line of the value (libyaml's start_mark) and of its key, if any."""

_OUTSIDE = re.compile(r"[^\n\x20-\x7e]")
"""Characters the subset leaves to libyaml wherever they appear: all but printable ASCII (tabs, CR, control
and non-ASCII characters). One character class: 6 times faster than alternatives in one pattern."""
_MARKERS = ("---", "...", "%")
"""Document markers and directives at the start of a line, which the subset leaves to libyaml too."""
_FLOW_ITEM = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_./-]*\Z")
"""An item of a flow sequence the subset reads (`stackgraph:tags: [tier2, dev]`): a word without indicators."""
_INDICATORS = frozenset("-?:,[]{}#&*!|>'\"%@`")
"""Characters a plain scalar of the subset may not start with (libyaml reads them otherwise), except a value
`-x` (a dash and no space)."""
_MAX_KEY = 1000
"""libyaml refuses a simple key longer than 1024 characters."""
_MAX_DEPTH = 64

FIRST = frozenset("+-.0123456789tTfFnN~")
"""The characters a plain scalar that is not a string starts with: others are strings as they stand."""
_WORDS: dict[str, Any] = {
    **dict.fromkeys(("true", "True", "TRUE"), True),
    **dict.fromkeys(("false", "False", "FALSE"), False),
    **dict.fromkeys(("", "~", "null", "Null", "NULL"), None),
    **dict.fromkeys((".inf", ".Inf", ".INF", "+.inf", "+.Inf", "+.INF"), math.inf),
    **dict.fromkeys(("-.inf", "-.Inf", "-.INF"), -math.inf),
    **dict.fromkeys((".nan", ".NaN", ".NAN"), math.nan),
}
"""The words yaml.v3 types (its resolve table); `yes`, `on`, `y`, `off`... are strings in YAML 1.2."""
_INT = re.compile(r"([-+]?)(0[xX][0-9a-fA-F]+|0[oO][0-7]+|0[bB][01]+|0[0-7]*|[1-9][0-9]*)\Z")
"""An integer as Go's strconv.ParseInt reads it with base 0 (yaml.v3 removes underscores first)."""
_FLOAT = re.compile(r"[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?\Z")
"""yaml.v3's yamlStyleFloat."""
_BASES = {"x": 16, "X": 16, "o": 8, "O": 8, "b": 2, "B": 2}
_INT64 = 1 << 63
_SCALARS: dict[str, Any] = {}
"""Plain scalars already resolved (most repeat: `1`, `true`, `nodejs`); values are immutable."""
_MAX_SCALARS = 4096
_ROWS: dict[str, tuple[str, Any, str]] = {}
"""Mapping rows already read, by their text without indentation: two in three repeat in an estate's files
(`aws:region: eu-west-1`, `config:`, `team: team-14`)."""
_MAX_ROWS = 8192
_BLOCK = object()
_FLOW = object()


class _Unsupported(Exception):
    """The text leaves the subset: read it with libyaml."""


def read(text: str) -> tuple[Any, Lines] | None:
    """Return the data of `text` and the lines of its values, or None when `text` is outside the subset."""
    if _OUTSIDE.search(text) is not None or text.startswith(_MARKERS) or _marked(text):
        return None
    rows = _rows(text)
    if not rows or rows[0][1] != 0:
        return None
    reader = _Reader(rows)
    try:
        data = reader.mapping(0, ())
    except _Unsupported:
        return None
    reader.lines[()] = (rows[0][0], None)
    return data, reader.lines


def _marked(text: str) -> bool:
    return "\n---" in text or "\n..." in text or "\n%" in text


def _rows(text: str) -> list[tuple[int, int, str]]:
    """The lines that are neither blank nor comments: (1-based number, indentation, content without it)."""
    rows = []
    for number, line in enumerate(text.split("\n"), 1):
        content = line.lstrip(" ")
        if content and content[0] != "#":
            rows.append((number, len(line) - len(content), content.rstrip(" ")))
    return rows


class _Reader:
    """A recursive reader over the rows; raises _Unsupported where the text leaves the subset."""

    def __init__(self, rows: list[tuple[int, int, str]]) -> None:
        self.rows = rows
        self.at = 0
        self.lines: Lines = {}

    def mapping(self, indent: int, path: Path) -> dict[str, Any]:
        """Read the block mapping whose keys are at column `indent`, up to the first row left of it."""
        if len(path) > _MAX_DEPTH:
            raise _Unsupported
        out: dict[str, Any] = {}
        rows, lines = self.rows, self.lines
        while self.at < len(rows):
            number, column, content = rows[self.at]
            if column < indent:
                break
            if column > indent:  # a plain scalar going on, or indentation libyaml refuses
                raise _Unsupported
            key, value, flow = _ROWS.get(content) or _row(content)
            if key in out:  # the libyaml path names both lines
                raise _Unsupported
            self.at += 1
            sub = (*path, key)
            if value is _BLOCK:
                out[key] = self.block(indent, sub)
                lines[sub] = (lines[sub][0], number)
            else:
                out[key] = self.flow(flow, sub, number) if value is _FLOW else value
                lines[sub] = (number, number)
        return out

    def block(self, indent: int, path: Path) -> Any:
        """Read the mapping or sequence under a key at column `indent` with nothing after its colon."""
        if self.at == len(self.rows):
            raise _Unsupported  # null
        number, column, content = self.rows[self.at]
        if column <= indent:
            raise _Unsupported  # null, or a sequence at the key's own column
        self.lines[path] = (number, None)
        return self.sequence(column, path) if content[0] == "-" else self.mapping(column, path)

    def flow(self, text: str, path: Path, number: int) -> list[Any]:
        """Read a flow sequence of plain words that is the rest of its row (a comment may follow it)."""
        end = text.find("]")
        if end < 0 or "[" in text[1:end]:
            raise _Unsupported  # more than one line, or nested
        _after(text[end + 1 :])
        inner = text[1:end].strip(" ")
        words = [word.strip(" ") for word in inner.split(",")] if inner else []
        out: list[Any] = []
        for word in words:
            if _FLOW_ITEM.match(word) is None:
                raise _Unsupported  # an empty item, quotes, spaces, indicators...
            item = (*path, len(out))
            self.lines[item] = (number, None)
            out.append(_plain(word) if word[0] in FIRST else word)
        return out

    def sequence(self, indent: int, path: Path) -> list[Any]:
        """Read the block sequence of scalars whose `-` are at column `indent`."""
        out: list[Any] = []
        rows, lines = self.rows, self.lines
        while self.at < len(rows):
            number, column, content = rows[self.at]
            if column < indent:
                break
            if column > indent or content[:2] != "- ":  # an item going on, an empty item, or a key
                raise _Unsupported
            item = (*path, len(out))
            lines[item] = (number, None)
            out.append(_scalar(content[2:].lstrip(" ")))
            self.at += 1
        return out


def _row(content: str) -> tuple[str, Any, str]:
    """Return the key of a mapping row, its value (_BLOCK when nothing follows the colon, _FLOW for a flow
    sequence) and the text of a flow sequence; remember all but flow sequences (their lists are mutable)."""
    key, rest = _split(content)
    if rest[:1] == "[":
        return key, _FLOW, rest
    row = (key, _scalar(rest) if rest else _BLOCK, "")
    if len(_ROWS) >= _MAX_ROWS:
        _ROWS.clear()
    _ROWS[content] = row
    return row


def _split(content: str) -> tuple[str, str]:
    """Return the key of a mapping row and what follows its colon ("" when only a comment or nothing does)."""
    colon = content.find(": ")
    if colon >= 0:
        key, rest = content[:colon], content[colon + 2 :].lstrip(" ")
    elif content[-1] == ":":
        key, rest = content[:-1], ""
    else:
        raise _Unsupported
    if not key or key[0] in _INDICATORS or key[-1] in " :" or len(key) > _MAX_KEY:
        raise _Unsupported
    if "#" in key or "[" in key or "]" in key or "{" in key or "}" in key:
        raise _Unsupported
    if key == "<<":
        raise _Unsupported  # a merge key
    return key, "" if rest[:1] == "#" else rest


def _scalar(text: str) -> Any:
    """Return the value of a scalar that is the rest of its row (a comment may follow it)."""
    first = text[0]
    if first in "'\"":
        end = text.find(first, 1)
        if end < 0 or (first == '"' and "\\" in text[:end]):
            raise _Unsupported  # more than one line, or escapes
        _after(text[end + 1 :])  # a quote inside (`''`) leaves more than a comment after the closing one
        return text[1:end]
    if first in _INDICATORS and (first != "-" or text[1:2] in ("", " ")):
        raise _Unsupported  # but `-1`: libyaml reads a `-` before anything but a space as a plain scalar
    cut = text.find(" #")
    if cut >= 0:
        text = text[:cut].rstrip(" ")
    if ": " in text or text[-1] == ":":
        raise _Unsupported  # a mapping where a scalar was expected
    # Brackets and braces after the first character are the scalar's own in block YAML (`${a.b["c"]}`); in a
    # flow sequence they would end or nest it, but flow items are words (`_FLOW_ITEM`).
    return _plain(text) if first in FIRST else text


def _after(tail: str) -> None:
    """Raise _Unsupported unless `tail`, what follows a closing quote or bracket, is empty or a comment."""
    if tail and (tail[0] != " " or tail.lstrip(" ")[0] != "#"):
        raise _Unsupported


def _plain(text: str) -> Any:
    """Return the value of a plain scalar (`plain`), remembered: most repeat (`1`, `true`)."""
    found = _SCALARS.get(text, _SCALARS)
    if found is not _SCALARS:
        return found
    value = plain(text)
    if len(_SCALARS) >= _MAX_SCALARS:
        _SCALARS.clear()
    _SCALARS[text] = value
    return value


def plain(text: str) -> Any:
    """Return the value of a plain (unquoted, untagged) scalar as Pulumi reads it: yaml.v3's `resolve`.

    None, a bool, an int of 64 bits (signed, or unsigned without a sign), a finite float, or `text` itself.
    A timestamp stays a string: yaml.v3 gives a date to an `interface{}` as its text. Never raises.
    """
    if text in _WORDS:
        return _WORDS[text]
    if not text or text[0] not in FIRST or text[0] in "tTfFnN~":
        return text
    if text[0] == ".":  # yaml.v3 parses these as floats without removing underscores
        return _float(text, text)
    number = text.replace("_", "")
    match = _INT.match(number)
    if match is not None:
        sign, digits = match.groups()
        value = _int(digits)
        if value is not None:
            value = -value if sign == "-" else value
            if -_INT64 <= value < _INT64 or (not sign and value < 2 * _INT64):
                return value
    return _float(number, text)


def _int(digits: str) -> int | None:
    """The value of the digits of `_INT`; None for more than 64 bits' worth (Python refuses 4,300 digits)."""
    if len(digits) > 1 and digits[1] in _BASES:
        base, digits = _BASES[digits[1]], digits[2:]
    elif len(digits) > 1 and digits[0] == "0":
        base, digits = 8, digits[1:]
    else:
        base = 10
    digits = digits.lstrip("0") or "0"
    return int(digits, base) if len(digits) <= 64 else None


def _float(number: str, text: str) -> Any:
    """`number` as a float of yaml.v3's form that Go parses (none beyond the largest float), else `text`."""
    if _FLOAT.match(number) is None:
        return text
    value = float(number)
    return value if math.isfinite(value) else text
