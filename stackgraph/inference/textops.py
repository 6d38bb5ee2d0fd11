"""The string operations of the IR (irtext.py) on known text, as each language computes them.

Only ASCII text is computed (stack names are ASCII): beyond it the languages differ (case mapping, what is
whitespace, UTF-16 units against code points), so other text leaves the value unknown. Pure and deterministic.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from stackgraph.inference import irtext
from stackgraph.inference.irbase import Expr

Op = irtext.Case | irtext.Replace | irtext.RegexReplace | irtext.Trim | irtext.Slice
Result = tuple[str | None, str]
"""The text, or None and why it is not known."""

SPACE = " \t\n\r\v\f"
"""ASCII whitespace as Python's `strip()`, JS's `trim()`, Go's `TrimSpace` and C#'s `Trim()` all see it."""
DISPUTED = "\x1c\x1d\x1e\x1f"
"""ASCII characters only Python (and Java's `strip()`) strip as whitespace."""
MAX_TEXT = 1000
"""The longest text a regular expression is run on (a stack name is far shorter)."""
JAVA_ALL = -2
"""The maxsplit of Java's `split(regex)` (limit 0): every split, then the trailing empty parts dropped (none when
the separator is not in the text: the text itself is the one part, even when it is empty)."""


def operands(op: Op) -> tuple[Expr, ...]:
    """The values an operation reads, the string it works on first."""
    if isinstance(op, irtext.Replace):
        return (op.value, op.old, op.new)
    if isinstance(op, irtext.RegexReplace):
        return (op.value, op.new)
    if isinstance(op, irtext.Trim) and op.piece is not None:
        return (op.value, op.piece)
    return (op.value,)


def shape(op: Op, inner: str) -> str:
    """How an operation on a value shaped `inner` is shown (no literal of the program: it may be a secret)."""
    if isinstance(op, irtext.Case):
        return f"<{inner} {'upper' if op.upper else 'lower'}-cased>"
    if isinstance(op, irtext.Slice):
        return f"<{inner}[{'' if op.start is None else op.start}:{'' if op.stop is None else op.stop}]>"
    return f"<{inner} {'trimmed' if isinstance(op, irtext.Trim) else 'replaced'}>"


def apply(op: Op, texts: Sequence[str]) -> Result:
    """The result of `op` on the texts of its `operands`."""
    if not all(t.isascii() for t in texts):
        return None, "a string operation on text that is not ASCII (languages differ on other characters)"
    text = texts[0]
    if isinstance(op, irtext.Case):
        return (text.upper() if op.upper else text.lower()), ""
    if isinstance(op, irtext.Slice):
        start, stop = op.start or 0, len(text) if op.stop is None else op.stop
        if op.strict and not 0 <= start <= stop <= len(text):
            return None, "String.substring with bounds beyond the text (an error when it runs)"
        return text[op.start : op.stop], ""
    if isinstance(op, irtext.Trim):
        return _trim(op.how, text, texts[1] if len(texts) > 1 else None)
    if isinstance(op, irtext.Replace):
        return _replace(op, text, texts[1], texts[2])
    return _regex_replace(op, text, texts[1])


def _trim(how: str, text: str, piece: str | None) -> Result:
    if how == "prefix":
        return text.removeprefix(piece or ""), ""
    if how == "suffix":
        return text.removesuffix(piece or ""), ""
    chars = SPACE if piece is None else piece
    out = {"left": text.lstrip, "right": text.rstrip}.get(how, text.strip)(chars)
    ends = (out[:1] if how != "right" else "") + (out[-1:] if how != "left" else "")
    if piece is None and any(c in DISPUTED for c in ends):
        return None, "whitespace trimmed next to a control character that only some languages count as whitespace"
    return out, ""


def _replace(op: irtext.Replace, text: str, old: str, new: str) -> Result:
    found: list[int]
    if op.dialect == "cs" and not old:
        return None, "String.Replace of an empty string (an error when it runs)"
    if op.dialect != "js":
        return text.replace(old, new, op.count), ""
    at, found = 0, []
    while at <= len(text) and (op.count < 0 or len(found) < op.count):
        hit = text.find(old, at)
        if hit < 0:
            break
        found.append(hit)
        at = hit + max(len(old), 1)
    out, last = [], 0
    for hit in found:
        out += [text[last:hit], substitute(new, text, hit, hit + len(old), ())]
        last = hit + len(old)
    return "".join([*out, text[last:]]), ""


@functools.lru_cache(maxsize=256)
def _compiled(pattern: str, fold: bool) -> re.Pattern[str] | None:
    try:
        return re.compile(pattern, re.ASCII | (re.IGNORECASE if fold else 0))
    except (re.error, RecursionError, OverflowError):
        return None


def _regex_replace(op: irtext.RegexReplace, text: str, new: str) -> Result:
    """JS `replace(/re/, new)`: the first match, or (`g`) each from where the last ended, one further after an
    empty match."""
    rx = _compiled(op.pattern, op.fold)
    if rx is None:
        return None, "a regular expression that cannot be read"
    if len(text) > MAX_TEXT:
        return None, f"a regular expression run on text of over {MAX_TEXT} characters"
    out, last, at = [], 0, 0
    while at <= len(text):
        m = rx.search(text, at)
        if m is None:
            break
        out += [text[last : m.start()], substitute(new, text, m.start(), m.end(), m.groups())]
        last = m.end()
        if not op.every:
            break
        at = m.end() + (m.end() == m.start())
    return "".join([*out, text[last:]]), ""


_DOLLAR = re.compile(r"\$(\$|&|`|'|\d{1,2}|<)?")


def substitute(new: str, text: str, start: int, end: int, groups: Sequence[str | None]) -> str:
    """JS's GetSubstitution: `new` with `$$` a dollar, `$&` the match, `` $` `` / `$'` the text before / after
    it, `$n` / `$nn` a group (a two-digit number beyond the groups is one digit then a digit); any other `$` stays
    (`$<` too: named groups are not translated)."""

    def one(m: re.Match[str]) -> str:
        tail = m.group(1) or ""
        if tail in ("", "<"):
            return m.group(0)
        if not tail[0].isdigit():
            return {"$": "$", "&": text[start:end], "`": text[:start], "'": text[end:]}[tail]
        if len(tail) == 2 and not 1 <= int(tail) <= len(groups):
            return one_digit(tail[0]) + tail[1]
        return one_digit(tail)

    def one_digit(digits: str) -> str:
        index = int(digits)
        return (groups[index - 1] or "") if 1 <= index <= len(groups) else "$" + digits

    return _DOLLAR.sub(one, new)


def split_shape(inner: str, sep: str | None, index: int, maxsplit: int, right: bool) -> str:
    """How item `index` of a split value shaped `inner` is shown (`<dev split '.' [1]>`, `<ns rsplit '.' 1 [0]>`)."""
    limit = f" {maxsplit}" if maxsplit >= 0 else ""
    return f"<{inner} {'rsplit' if right else 'split'} {'whitespace' if sep is None else repr(sep)}{limit} [{index}]>"


def split_pieces(text: str, sep: str | None, maxsplit: int, right: bool) -> list[str]:
    """Python's `text.split(sep, maxsplit)` (`rsplit` when `right`; JAVA_ALL: Java's); `sep` must not be empty."""
    if maxsplit == JAVA_ALL and sep is not None and sep in text:
        pieces = text.split(sep)
        while pieces and not pieces[-1]:
            pieces.pop()
        return pieces
    if maxsplit == JAVA_ALL:
        return [text]
    return text.rsplit(sep, maxsplit) if right else text.split(sep, maxsplit)


def split_item(text: str, sep: str | None, index: int, maxsplit: int, right: bool) -> Result:
    """Item `index` of Python's `text.split(sep, maxsplit)` (`rsplit` when `right`; JS's `split(sep)` when there
    is no limit and `sep` is not empty); None where there is no such item or the split is an error."""
    if sep == "":
        return None, "a split on an empty separator (an error in Python; JS splits into characters)"
    pieces = split_pieces(text, sep, maxsplit, right)
    if not -len(pieces) <= index < len(pieces):
        on = "whitespace" if sep is None else repr(sep)
        return None, f"item {index} of {len(pieces)} after splitting on {on}"
    return pieces[index], ""
