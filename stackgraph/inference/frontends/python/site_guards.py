"""The tests around a Python StackReference (or a call of a helper making one) that must hold for it to run: an
`if` (negated in its `else`), an arm of `a if cond else b` (`StackReference("org/net/prod") if stack == "dr" else
None` makes it only where the test holds), an operand of `and` (runs when the operands before it are truthy) or
`or` (when they are falsy), and a `case` of a `match` (match_guards.py). A stack that surely fails one of them never
makes the reference; an undecided test keeps it (`Reachability.holds`).
"""

from __future__ import annotations

import ast
from typing import Any, Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.python.match_guards import case_guard


class Testing(Protocol):
    parent: dict[ast.AST, ast.AST]

    def _scope(self, node: ast.AST) -> Any: ...

    def _test(self, node: ast.expr, scope: Any, line: int, depth: int) -> ir.Expr: ...


def site_guards(finder: Testing, node: ast.AST) -> tuple[ir.Expr, ...]:
    """The tests around `node` (negated for an `else` and the operands before an `or`), innermost first."""
    tests: list[ir.Expr] = []
    child, cur = node, finder.parent.get(node)
    while cur is not None and not isinstance(cur, ast.Module):
        match = finder.parent.get(cur) if isinstance(cur, ast.match_case) and child in cur.body else None
        case = cur if isinstance(cur, ast.match_case) else None
        guard = case_guard(finder, match, case, finder._scope(match)) if isinstance(match, ast.Match) and case else None
        if guard is not None:
            tests.append(guard)
        for test, taken in _arms(cur, child):
            lowered = finder._test(test, finder._scope(cur), getattr(cur, "lineno", 0), 0)
            tests.append(lowered if taken else ir.negated(lowered))
        child, cur = cur, finder.parent.get(cur)
    return tuple(tests)


def _arms(cur: ast.AST, child: ast.AST) -> list[tuple[ast.expr, bool]]:
    """The tests deciding whether `child` of `cur` runs, each with whether it runs when the test holds."""
    if isinstance(cur, ast.If) and (child in cur.body or child in cur.orelse):
        return [(cur.test, child in cur.body)]
    if isinstance(cur, ast.IfExp) and child in (cur.body, cur.orelse):
        return [(cur.test, child is cur.body)]
    if isinstance(cur, ast.BoolOp) and child in cur.values:
        before = cur.values[: cur.values.index(child)]
        return [(v, isinstance(cur.op, ast.And)) for v in before]
    return []
