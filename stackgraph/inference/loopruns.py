"""The runs of a site in the loops around it (ir.Loop): one per row of items, and how its evidence names them."""

from __future__ import annotations

import dataclasses
import itertools
import json
from typing import Any, TypeVar

from stackgraph.inference import ir, irloops
from stackgraph.inference.evaluate import Context, Val, evaluate, unknown

MAX_ROWS = 64
"""The most combinations of items nested loops around one site are followed for."""
Choice = tuple[tuple[ir.Loop, int], ...]
"""One run of a site in its loops: each loop with the index of the row of items it binds."""
B = TypeVar("B")


def runs(site: ir.Site, bindings: list[B], make: Any) -> list[B]:
    """Each of `bindings` (the helper calls binding the site's parameters; one `make()` outside a helper) once per
    run of the site in its loops, its `loop` set; unchanged beyond `MAX_ROWS` (then `env` binds every variable to
    unknown) or outside any loop."""
    found = choices(site.loops) if site.loops else None
    if found is None:
        return bindings
    return [dataclasses.replace(b, loop=c) for b in bindings or [make()] for c in found]  # type: ignore[type-var]  # B: refs.Binding, a dataclass with `loop` (refs.py imports us)


def env(site: ir.Site, choice: Choice, ctx: Context) -> dict[str, Val]:
    """The values of the loop variables in one run of `site` (its items evaluated in `ctx`: a helper's parameters
    bound), or each unknown when the loops have too many rows to follow."""
    if not choice:
        why = too_many(site.loops)
        return {k: unknown(f"<{irloops.var_of(k)}>", why) for loop in site.loops for k in loop.keys}
    out: dict[str, Val] = {}
    for loop, row in choice:
        for k, value in zip(loop.keys, loop.items[row], strict=True):
            out[k] = evaluate(value, ctx, site.file)
    return out


def choices(loops: tuple[ir.Loop, ...]) -> list[Choice] | None:
    """Each run of a site in `loops` (one empty run outside any), in the loops' order; None beyond `MAX_ROWS`."""
    total = 1
    for loop in loops:
        total *= len(loop.items)
    if total > MAX_ROWS:
        return None
    rows = itertools.product(*(range(len(loop.items)) for loop in loops))
    return [tuple(zip(loops, row, strict=True)) for row in rows]


def too_many(loops: tuple[ir.Loop, ...]) -> str:
    """Why a site in loops of more than `MAX_ROWS` rows is not followed."""
    names = ", ".join(f"'{irloops.var_of(k)}'" for loop in loops for k in loop.keys)
    return f"{names}, bound by loops of more than {MAX_ROWS} combinations of items (not followed)"


def described(choice: Choice, file: str, name: str) -> str:
    """`for p = "net" at main.py:3` (each loop, innermost last): an item as written when it is a literal the
    name `name` holds (a literal that is not part of the name may be a secret: quoting.py), else its position."""
    parts = []
    for loop, row in choice:
        values = loop.items[row]
        shown = [_shown(v, name) for v in values]
        text = ", ".join(shown) if all(shown) else f"item {row + 1} of the list"
        parts.append(f"{', '.join(irloops.var_of(k) for k in loop.keys)} = {text} at {file}:{loop.line}")
    return "for " + "; ".join(parts)


def _shown(value: ir.Expr, name: str) -> str:
    if isinstance(value, ir.Lit) and value.value and value.value in name:
        return json.dumps(value.value)
    return ""
