"""Loops over a literal collection around a site: the variable a site's name reads, bound to each item in turn.

`for p in ["net", "data"]: StackReference(f"acme/{p}/{stack}")` makes one reference per item. A front-end lowers a
read of the loop variable at such a site to `LoopVar` and gives the site a `Loop` (read as `ir.LoopVar`, `ir.Loop`)
only when every item is bound in turn for sure: a literal list (or a name bound once to one, never changed), no
`break`, no test or early exit on the variable before the site, the variable not assigned in the body. Otherwise the
variable is unknown, saying why (`unbind`). refs.py makes one reference per item (per row of nested loops, at most
`loopruns.MAX_ROWS`), each naming its item in its evidence.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stackgraph.inference.irbase import Expr, mapped


@dataclass(frozen=True)
class LoopVar(Expr):
    """A loop variable read at a site, `key` naming it among the site's loops (`p@3:4`: `p` of the loop at line 3)."""

    key: str


@dataclass(frozen=True)
class Loop:
    """A loop around a site at `line` over a literal collection: it binds the variables `keys` (several for an
    unpacking, `for name, region in ..`) to each row of `items` in turn."""

    keys: tuple[str, ...]
    items: tuple[tuple[Expr, ...], ...]
    line: int


def items_of(loops: tuple[Loop, ...]) -> list[Expr]:
    """Every item of `loops` (the parameters of a helper they read make the site the helper's, as its name's do)."""
    return [value for loop in loops for row in loop.items for value in row]


def key(var: str, line: int, column: int) -> str:
    """The key of the variable `var` of the loop whose target is at `line`, `column` (never a name of a language)."""
    return f"{var}@{line}:{column}"


def var_of(loop_key: str) -> str:
    return loop_key.partition("@")[0]


def keys_in(expr: Expr) -> set[str]:
    """The keys of the loop variables `expr` reads."""
    out: set[str] = set()
    todo: list[Any] = [expr]
    while todo:
        e = todo.pop()
        if isinstance(e, LoopVar):
            out.add(e.key)
        elif dataclasses.is_dataclass(e):
            for f in dataclasses.fields(e):
                value = getattr(e, f.name)
                todo += [v for v in (value if isinstance(value, tuple) else (value,)) if isinstance(v, Expr)]
    return out


def unknown_why(expr: Expr, why: Callable[[str], bool]) -> bool:
    """Whether `expr` holds an `ir.Unknown` whose reason passes `why` (a value bound by a loop)."""
    todo: list[Any] = [expr]
    while todo:
        e = todo.pop()
        if why(getattr(e, "why", None) or "") and type(e).__name__ == "Unknown":
            return True
        for f in dataclasses.fields(e) if dataclasses.is_dataclass(e) else ():
            value = getattr(e, f.name)
            todo += [v for v in (value if isinstance(value, tuple) else (value,)) if isinstance(v, Expr)]
    return False


def unbind(expr: Expr, values: dict[str, Expr]) -> Expr:
    """`expr` with each `LoopVar` whose key is in `values` replaced by its value (an `ir.Unknown` saying why)."""
    return mapped(expr, lambda e: values.get(e.key, e) if isinstance(e, LoopVar) else None)
