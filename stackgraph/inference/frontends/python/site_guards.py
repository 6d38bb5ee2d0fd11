"""The tests around a Python StackReference (or a call of a helper making one) that must hold for it to run: an
`if` (negated in its `else`), an arm of `a if cond else b` (`StackReference("org/net/prod") if stack == "dr" else
None` makes it only where the test holds), an operand of `and` (runs when the operands before it are truthy) or
`or` (when they are falsy), a `case` of a `match` (match_guards.py), and an earlier `if` in a statement list around
it whose body ends in a `return`, `raise` or `sys.exit(..)` (`if stack == "local": return`). A stack that surely
fails one of them never makes the reference; an undecided test keeps it (`Reachability.holds`).
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
    while cur is not None:
        tests.extend(_exited(finder, cur, child))  # `if stack == "local": return` before it
        if isinstance(cur, ast.Module):
            break
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


def _exited(finder: Testing, cur: ast.AST, child: ast.AST) -> list[ir.Expr]:
    """The negated tests of the `if`s before `child` in a statement list of `cur` whose body always ends in a
    `return` or `raise`: `child` runs only when they fail (a `def` runs when reached: no hoisting to mind)."""
    out: list[ir.Expr] = []
    for field in ("body", "orelse", "finalbody"):
        statements = getattr(cur, field, None)
        if not isinstance(statements, list) or child not in statements:
            continue
        for statement in statements[: statements.index(child)]:
            if isinstance(statement, ast.If) and _ends(statement.body[-1]):
                test = finder._test(statement.test, finder._scope(statement), statement.lineno, 0)
                out.append(ir.negated(test))
    return out


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


ENDING_CALLS = frozenset({"sys.exit", "exit", "quit", "os._exit"})
"""Calls that end the program where they are made (`sys.exit` raises SystemExit: nothing after it in its block runs)."""


def _ends(statement: ast.stmt) -> bool:
    """Whether a statement leaves its block for good: `return`, `raise`, `sys.exit(..)`."""
    if isinstance(statement, ast.Return | ast.Raise):
        return True
    call = statement.value if isinstance(statement, ast.Expr) else None
    return isinstance(call, ast.Call) and ast.unparse(call.func) in ENDING_CALLS
