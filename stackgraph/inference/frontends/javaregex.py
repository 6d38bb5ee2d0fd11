"""Whether a Java regular expression (`replaceAll`, `replaceFirst`) is one that matches, on ASCII text, exactly as
the same JS regular expression literal does, so that jsregex.py translates it: literal characters, a backslash
before punctuation, `\\d \\D \\w \\W \\s \\S \\b \\B`, `.`, `^`, `|`, groups `(..)`, `(?:..)`, lookaheads, classes
`[a-z]` / `[^..]`, and the quantifiers `*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}` (lazy too).

Refused, with why: `$` (Java's also matches before a line terminator that ends the text), possessive quantifiers,
a `{` that is no quantifier (an error in Java), other escapes (`\\Q..\\E`, `\\A`, `\\z`, `\\h`, `\\p{..}`, `\\1`,
octal, ...), other `(?` constructs (inline flags, named groups, lookbehinds), and classes that nest, intersect
(`&&`) or are empty.
"""

from __future__ import annotations

import re

_PUNCTUATION = frozenset("!\"#%&'()*+,-./:;<=>?@[\\]^_`{|}~$ ")
_CLASSES = frozenset("dDwWsS")
_QUANTIFIER = re.compile(r"[*+?]|\{\d+(,\d*)?\}")
_REFUSED = "a Java regular expression with {} (read only when it matches as simply as a JS one)"


def refused(pattern: str) -> str:
    """Why `pattern` is not read ("" when it is)."""
    i, quantifiable = 0, False
    while i < len(pattern):
        c = pattern[i]
        q = _QUANTIFIER.match(pattern, i)
        if q is not None and c in "*+?{":
            if not quantifiable:
                return _REFUSED.format("a quantifier after nothing to repeat")
            i = q.end() + (pattern[q.end() : q.end() + 1] == "?")
            if pattern[i : i + 1] == "+":
                return _REFUSED.format("a possessive quantifier")
            quantifiable = False
            continue
        if c == "\\":
            why = _escape(pattern[i + 1 : i + 2], in_class=False)
            if why:
                return why
            i, quantifiable = i + 2, pattern[i + 1 : i + 2] not in ("b", "B")
        elif c == "[":
            end, why = _class(pattern, i)
            if why:
                return why
            i, quantifiable = end, True
        elif c == "(":
            if pattern.startswith("(?", i) and not pattern.startswith(("(?:", "(?=", "(?!"), i):
                return _REFUSED.format("an inline flag, a named group or a lookbehind")
            i, quantifiable = i + (3 if pattern.startswith("(?", i) else 1), False
        elif c in "{}":
            return _REFUSED.format("a brace that is no quantifier")
        elif c == "$":
            return _REFUSED.format("$")
        else:
            i, quantifiable = i + 1, c not in "^|"
    return ""


def _escape(after: str, *, in_class: bool) -> str:
    if not after:
        return _REFUSED.format("a backslash that ends it")
    if after in _PUNCTUATION or (after in _CLASSES) or (after in "bB" and not in_class):
        return ""
    return _REFUSED.format("an escape other than punctuation, \\d, \\w, \\s or \\b")


def _class(pattern: str, start: int) -> tuple[int, str]:
    """The end of the class that opens at `start`, or why it is refused."""
    i = start + 1 + (pattern[start + 1 : start + 2] == "^")
    first = i
    while i < len(pattern):
        c = pattern[i]
        if c == "]" and i > first:
            return i + 1, ""
        if c == "[" or pattern.startswith("&&", i) or (c == "]" and i == first):
            return i, _REFUSED.format("a class that nests, intersects or is empty")
        if c == "\\":
            why = _escape(pattern[i + 1 : i + 2], in_class=True)
            if why:
                return i, why
            i += 2
            continue
        i += 1
    return i, _REFUSED.format("a class that does not end")
