"""The string operations of the IR (re-exported by ir.py): the stack name lower-cased, a part replaced, trimmed
or sliced (`getStack().replace("cloud-", "")`, `strings.ToLower(ctx.Stack())`, `get_stack()[:3]`).

Each front-end lowers a method only when the node's semantics are exactly the language's (textops.py evaluates
them): the rest stays unknown."""

from __future__ import annotations

from dataclasses import dataclass

from stackgraph.inference.irbase import Expr


@dataclass(frozen=True)
class Case(Expr):
    """`value` in lower case (`upper`: upper case): `lower()`, `toLowerCase()`, `strings.ToLower`, `ToLower()`."""

    value: Expr
    upper: bool = False


@dataclass(frozen=True)
class Replace(Expr):
    """`value` with its first `count` occurrences of `old` replaced by `new` (-1: all), as Python's `replace` (an
    empty `old` matches before each character and at the end: also Go's and JS's). `dialect` "js": `new` holds
    JS's `$` patterns (`$&`, `$$`, ...); "cs": an empty `old` is an error (C#)."""

    value: Expr
    old: Expr
    new: Expr
    count: int = -1
    dialect: str = ""


@dataclass(frozen=True)
class RegexReplace(Expr):
    """JS `value.replace(/re/flags, new)`: `pattern` is the regular expression in Python `re` syntax, matched as
    JS matches it (frontends/jsregex.py); every match with the `g` flag (`every`), else the first; `fold`: `i`."""

    value: Expr
    pattern: str
    new: Expr
    every: bool = False
    fold: bool = False


@dataclass(frozen=True)
class Trim(Expr):
    """`value` trimmed: `how` "prefix" / "suffix" removes `piece` once (`removeprefix`, `strings.TrimPrefix`);
    "both" / "left" / "right" strips the characters of `piece` from that end (None: whitespace, `strip()`)."""

    value: Expr
    how: str
    piece: Expr | None = None


@dataclass(frozen=True)
class Slice(Expr):
    """Python `value[start:stop]` (None: from the start, to the end; negative: from the end); `strict`: Java's
    `substring(start[, stop])`, an error when the bounds are not within the text (never negative)."""

    value: Expr
    start: int | None = None
    stop: int | None = None
    strict: bool = False
