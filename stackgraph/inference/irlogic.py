"""The `and` / `or` of tests in the IR (re-exported by ir.py): Python `if not a or not b:`, TS/JS `if (a && b)`.

evaluate.test decides one as Python and JS do for a condition: `or` holds when one operand surely holds, fails
when every one surely fails, and is undecided otherwise (`and` the other way round)."""

from __future__ import annotations

from dataclasses import dataclass

from stackgraph.inference.irbase import Expr


@dataclass(frozen=True)
class Junction(Expr):
    """The tests `tests` joined by `and` (`every`) or `or`, negated for `not`."""

    tests: tuple[Expr, ...]
    every: bool
    negate: bool = False
