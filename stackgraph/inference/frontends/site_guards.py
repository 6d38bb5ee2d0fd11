"""The tests around a StackReference (or a call of a helper making one) of a tree-sitter language (TypeScript and
JavaScript, C#, Java) that must hold for it to run: an `if` (negated in its `else`), an arm of `cond ? a : b` (the
telushealth shape:
`stack === "dr" ? new StackReference("org/gke/prod") : new StackReference(`org/gke/${stack}`)` makes only one of
the two for a stack), the right of `&&` (runs when the left is truthy) or `||` (when it is falsy), and a `switch`
clause (switch_guards.py); and an earlier `if` in a block around it whose branch always returns or throws
(early_exits.py). A stack that surely fails one of them never makes the reference; an undecided test keeps
it (`Reachability.holds`). Go reads the same (`if`, `&&`, `||`, `switch`); a Go `if` with an initializer
(`if s := f(); s == "prod" {`) tests a name bound only there: undecided.
"""

from __future__ import annotations

from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.early_exits import HOISTED, exit_guards
from stackgraph.inference.frontends.switch_guards import CLAUSES, clause_guard
from stackgraph.inference.frontends.treesitter import Node, line, text

CONDITIONALS = frozenset({"if_statement", "ternary_expression", "conditional_expression"})
"""`if` statements and `?:` (TS/JS and Java: ternary_expression; C#: conditional_expression), with the fields
`condition`, `consequence` and `alternative`."""


class Testing(Protocol):
    def scope_of(self, node: Node) -> Node | None: ...

    def lower(self, node: Node | None, scope: Node | None, at: int, depth: int = 0) -> ir.Expr: ...

    def _test(self, node: Node | None, scope: Node | None, at: int, depth: int) -> ir.Expr: ...


def site_guards(finder: Testing, node: Node) -> tuple[ir.Expr, ...]:
    """The tests around `node` (negated for an `else`, the second arm of `?:` and the right of `||`), innermost
    first."""
    tests: list[ir.Expr] = []
    child, cur, early = node, node.parent, True
    while cur is not None:
        if early:  # `if (stack === "local") return;` before it (early_exits.py)
            tests.extend(exit_guards(finder, cur, child))
            early = cur.type not in HOISTED
        if cur.type in CLAUSES:
            guard = clause_guard(finder, cur, child)
            if guard is not None:
                tests.append(guard)
        found = _arm(cur, child)
        if found is not None:
            test_node, taken = found
            test = finder._test(test_node, finder.scope_of(cur), line(cur), 0)
            tests.append(test if taken else ir.negated(test))
        child, cur = cur, cur.parent
    return tuple(tests)


def _arm(cur: Node, child: Node) -> tuple[Node | None, bool] | None:
    """(the test deciding whether `child` of `cur` runs, whether it runs when the test holds), None: it runs
    whenever `cur` does."""
    if cur.type in CONDITIONALS:
        if cur.child_by_field_name("initializer") is not None:
            return _initialized(cur, child)
        arm, other = cur.child_by_field_name("consequence"), cur.child_by_field_name("alternative")
        if arm is not None and arm.id == child.id:
            return cur.child_by_field_name("condition"), True
        if other is not None and other.id == child.id:
            return cur.child_by_field_name("condition"), False
        return None
    if cur.type == "binary_expression":
        right, op = cur.child_by_field_name("right"), cur.child_by_field_name("operator")
        if right is not None and right.id == child.id and op is not None and text(op) in ("&&", "||"):
            return cur.child_by_field_name("left"), text(op) == "&&"
    return None


def _initialized(cur: Node, child: Node) -> tuple[Node | None, bool] | None:
    """A Go `if v := f(); test {`: undecided (no test node) for either arm; None for the initializer itself."""
    arms = (cur.child_by_field_name("consequence"), cur.child_by_field_name("alternative"))
    return (None, True) if any(a is not None and a.id == child.id for a in arms) else None
