"""A JS regular expression literal as a Python `re` pattern that matches exactly as JS does, when it is simple:
literal characters, `.`, classes (`[a-z]`, `[^.]`, `\\d`, `\\w`, `\\s`), anchors (`^`, `$`, `\\b`), groups (`(..)`,
`(?:..)`, lookaheads), `|`, and the quantifiers `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` (lazy too); flags `g` and `i`.

Anything else is not translated (None, and why): lookbehinds, named groups, back-references, `\\u`, `\\x`, `\\p`,
other flags, and a repeated group holding a quantifier or a `|` (there JS and Python may capture differently, and
backtracking may take exponential time). Run with `re.ASCII` (`textops.py`, on ASCII text only), JS's own classes
are written out: `.` does not match any line terminator, `\\s` is JS's whitespace, `$` only the very end."""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field

_SPACE = "\\t\\n\\v\\f\\r \\u00a0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000\\ufeff"
_CLASSES = {"d": "0-9", "w": "A-Za-z0-9_", "s": _SPACE}
_PLAIN_ESCAPES = frozenset("nrtfv")
_QUANTIFIER = re.compile(r"\*|\+|\?|\{(\d+)(,(\d*))?\}")


@dataclass
class _Group:
    repeats: bool = False  # holds a quantifier or a `|`
    text: list[str] = field(default_factory=list)


class _Refused(Exception):
    """The pattern is not one translated (the message says why)."""


def translate(pattern: str, flags: str) -> tuple[str | None, str]:
    """The Python pattern matching as the JS literal `/pattern/flags` does (flags: `g`, `i`), or None and why."""
    if any(f not in "gi" for f in flags) or len(set(flags)) != len(flags):
        return None, "a regular expression with flags other than g and i"
    try:
        out = _Translation(pattern).run()
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # a FutureWarning (`[a--]`): Python may come to read it otherwise
            re.compile(out, re.ASCII)
    except _Refused as refused:
        return None, f"a regular expression with {refused}"
    except (re.error, RecursionError, OverflowError, Warning):
        return None, "a regular expression Python reads otherwise"
    return out, ""


class _Translation:
    def __init__(self, pattern: str) -> None:
        self.src, self.at = pattern, 0
        self.groups = [_Group()]
        self.last = ""  # what a quantifier would repeat: "atom", "group" (its _Group in self.closed) or ""
        self.closed = _Group()

    def run(self) -> str:
        while self.at < len(self.src):
            self._step()
        if len(self.groups) != 1:
            raise _Refused("an unclosed group")
        return "".join(self.groups[0].text)

    def _emit(self, text: str, last: str = "atom") -> None:
        self.groups[-1].text.append(text)
        self.last = last

    def _step(self) -> None:
        c = self.src[self.at]
        quantifier = _QUANTIFIER.match(self.src, self.at)
        if quantifier is not None:
            return self._quantifier(quantifier)
        self.at += 1
        if c == "\\":
            return self._escape()
        if c == "[":
            return self._emit(self._class())
        if c == "(":
            return self._open()
        if c == ")":
            return self._close()
        if c == "|":
            self.groups[-1].repeats = True
            return self._emit("|", "")
        if c in "^$":
            return self._emit("^" if c == "^" else "\\Z", "")
        if c == ".":
            return self._emit("[^\\n\\r\\u2028\\u2029]")
        if c in "{}]":
            raise _Refused(f"a '{c}' that is not a quantifier or a class")
        return self._emit(re.escape(c))

    def _quantifier(self, m: re.Match[str]) -> None:
        if m.group(3) and int(m.group(3)) < int(m.group(1)):
            raise _Refused("a quantifier out of order")
        if self.last == "group" and self.closed.repeats:
            raise _Refused("a repeated group that holds a quantifier or a '|'")
        if self.last not in ("atom", "group"):
            raise _Refused("a quantifier on nothing to repeat")
        self.at = m.end()
        lazy = self.src.startswith("?", self.at)
        self.at += lazy
        if _QUANTIFIER.match(self.src, self.at):
            raise _Refused("a quantifier on a quantifier")
        self.groups[-1].repeats = True
        self._emit(m.group(0) + ("?" if lazy else ""), "")

    def _escape(self) -> None:
        c = self.src[self.at : self.at + 1]
        self.at += 1
        if c.lower() in _CLASSES:
            return self._emit(("[^" if c.isupper() else "[") + _CLASSES[c.lower()] + "]")
        if c in ("b", "B"):
            return self._emit("\\" + c, "")
        if c in _PLAIN_ESCAPES:
            return self._emit("\\" + c)
        if c and not c.isalnum() and c != "_":
            return self._emit(re.escape(c))
        raise _Refused(f"the escape \\{c}" if c.isascii() else "an escape")

    def _open(self) -> None:
        head = ""
        if self.src.startswith("?", self.at):
            head = self.src[self.at : self.at + 2]
            if head not in ("?:", "?=", "?!"):
                raise _Refused("a lookbehind or a named group")
            self.at += 2
        self.groups.append(_Group(text=["(" + head]))
        self.last = ""

    def _close(self) -> None:
        if len(self.groups) == 1:
            raise _Refused("a ')' that closes no group")
        group = self.groups.pop()
        self.groups[-1].repeats |= group.repeats
        lookahead = group.text[0] in ("(?=", "(?!")
        self.closed = group
        self._emit("".join(group.text) + ")", "" if lookahead else "group")

    def _class(self) -> str:
        end = self.at
        negate = self.src.startswith("^", end)
        end += negate
        out = ["[^" if negate else "["]
        while end < len(self.src) and self.src[end] != "]":
            c = self.src[end]
            end += 1
            if c != "\\":
                out.append("\\" + c if c in "[&~|^" else c)
                continue
            e = self.src[end : end + 1]
            end += 1
            if e in _CLASSES:
                out.append(_CLASSES[e])
            elif e in _PLAIN_ESCAPES or (e and not e.isalnum() and e != "_"):
                out.append("\\" + e if e.isascii() else e)
            else:
                raise _Refused(f"the escape \\{e} in a class" if e.isascii() else "an escape in a class")
        if end >= len(self.src) or len(out) == 1:
            raise _Refused("an empty or unclosed class")
        self.at = end + 1
        return "".join(out) + "]"
