"""The test a Python `match` statement puts around a StackReference (or a call of a helper making one) in one of its
cases: the subject matches the case's pattern (and its `if` guard holds), and no case before it was taken.

    match pulumi.get_stack():
        case "prod" | "live":
            net = pulumi.StackReference("acme/net/prod")      # prod and live only
        case _:
            net = pulumi.StackReference(f"acme/net/{stack}")  # every other stack

A value pattern (`case "prod":`, `case Env.PROD:`) is compared with `==`, an or-pattern (`"a" | "b"`) holds when one
of its parts does, a wildcard (`case _:`) or a capture (`case other:`) always does; any other pattern (a class, a
sequence, a mapping, `None`) is undecided, as is a guard that cannot be decided or that reads a name its pattern
binds: the reference then counts.
"""

from __future__ import annotations

import ast
from typing import Any, Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.guard_logic import first_match

_UNDECIDED = ir.Truthy(ir.Unknown("a case pattern that is no plain value"))


class Testing(Protocol):
    def _test(self, node: ast.expr, scope: Any, line: int, depth: int) -> ir.Expr: ...


def case_guard(finder: Testing, match: ast.Match, case: ast.match_case, scope: Any) -> ir.Expr | None:
    """The test under which the body of `case` runs (None: always, a first `case _:`)."""
    cases = match.cases[: match.cases.index(case) + 1]
    taken = [_taken(finder, match, c, scope) for c in cases]
    return first_match(taken, len(taken) - 1, "a case after one that is always taken")


def _taken(finder: Testing, match: ast.Match, case: ast.match_case, scope: Any) -> ir.Expr | None:
    """When `case` is taken, were it the first (None: always)."""
    pattern = _pattern(finder, match.subject, case.pattern, scope, match.lineno)
    if case.guard is None:
        return pattern
    if _binds(case.pattern):  # `case other if other.startswith("d"):` reads the subject by a name bound only here
        guard: ir.Expr = ir.Truthy(ir.Unknown("a case guard reading a name its pattern binds"))
    else:
        guard = finder._test(case.guard, scope, match.lineno, 0)
    return guard if pattern is None else ir.Junction((pattern, guard), True)


def _pattern(finder: Testing, subject: ast.expr, pattern: ast.pattern, scope: Any, line: int) -> ir.Expr | None:
    if isinstance(pattern, ast.MatchAs) and pattern.pattern is None:
        return None  # `case _:`, `case other:`
    if isinstance(pattern, ast.MatchAs) and pattern.pattern is not None:
        return _pattern(finder, subject, pattern.pattern, scope, line)
    if isinstance(pattern, ast.MatchValue):
        compare = ast.Compare(left=subject, ops=[ast.Eq()], comparators=[pattern.value])
        return finder._test(compare, scope, line, 0)
    if isinstance(pattern, ast.MatchOr):
        parts = [_pattern(finder, subject, p, scope, line) for p in pattern.patterns]
        if any(p is None for p in parts):
            return None
        return ir.Junction(tuple(p for p in parts if p is not None), False)
    return _UNDECIDED


def _binds(pattern: ast.pattern) -> bool:
    """Whether a pattern binds a name (a capture, `*rest`, `**rest`, `as name`)."""
    for node in ast.walk(pattern):
        if isinstance(node, ast.MatchAs | ast.MatchStar) and node.name is not None:
            return True
        if isinstance(node, ast.MatchMapping) and node.rest is not None:
            return True
    return False
