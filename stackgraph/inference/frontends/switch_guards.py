"""The test a `switch` statement puts around a StackReference (or a call of a helper making one) in one of its
clauses (TypeScript/JavaScript, Go, C#, Java): the clause runs only when the switched value equals one of its labels
and none of an earlier clause (the first that matches is taken), or is so taken by a clause that falls into it, or
(for `default`) matches none of the switch's labels.

    switch (pulumi.getStack()) {
        case "prod": net = new pulumi.StackReference("acme/net/prod"); break;  // prod only
        default:     net = new pulumi.StackReference(`acme/net/${stack}`);     // every stack but prod
    }

Falling through, per language: TS/JS and Java's `case x:` groups fall into the next clause unless their last
statement jumps (`break`, `return`, `throw`, `continue`; an empty clause always falls); a C# section never falls
(empty sections are labels of the next one); a Go clause falls only when it ends in `fallthrough`; Java's
`case x ->` rules never fall. A C# switch expression's arm (`stack switch { "prod" => new StackReference(..),
_ => .. }`) makes its result when its pattern matches and no arm before it did. Where falling is unsure, a clause
is taken to fall: the guard only gets looser.

A label with a `when` guard (C# `case "prod" when ok:`) is its value's test `and` the guard, left undecided: the
clause is for prod only, and a `default` is for prod too (taken when the guard fails).
A label that is no plain value (a C# or Java pattern), a Go `switch` with an initializer
(`switch s := f(); s {`: the value is a name bound only there), and a C# switch holding a `goto` (which jumps into
any clause) give an undecided test: the reference counts, as before a switch was read.
"""

from __future__ import annotations

from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.guard_logic import first_match, joined
from stackgraph.inference.frontends.treesitter import Node, line, text

CLAUSES = frozenset(
    {
        "switch_case",  # TS/JS `case x:`
        "switch_default",  # TS/JS `default:`
        "expression_case",  # Go `case x, y:`
        "default_case",  # Go `default:`
        "switch_section",  # C# `case x: case y: ...` (a section per label in this grammar) and `default:`
        "switch_block_statement_group",  # Java `case x: ...` (falls through)
        "switch_rule",  # Java `case x -> ...` (never falls)
        "switch_expression_arm",  # C# `value switch { "a" => x, _ => y }`: the first arm that matches
    }
)
SWITCHES = frozenset({"switch_statement", "expression_switch_statement", "switch_expression"})
JUMPS = frozenset({"break_statement", "return_statement", "throw_statement", "continue_statement"})
BLOCKS = frozenset({"statement_block", "block"})
_UNDECIDED = "a case label that is no plain value"
GUARDS = frozenset({"when_clause", "guard"})  # C# `case "prod" when ..:`, Java `case String s when .. ->`
_GUARD = ir.Truthy(ir.Unknown("a `when` guard on a case label"))


class Lowering(Protocol):
    def scope_of(self, node: Node) -> Node | None: ...

    def lower(self, node: Node | None, scope: Node | None, at: int, depth: int = 0) -> ir.Expr: ...

    def _test(self, node: Node | None, scope: Node | None, at: int, depth: int) -> ir.Expr: ...


def clause_guard(finder: Lowering, clause: Node, child: Node) -> ir.Expr | None:
    """The test under which `child` of the switch clause `clause` runs; None when `child` is a label (or the clause
    is in no switch this module reads)."""
    if clause.type == "switch_expression_arm":
        return _arm_guard(finder, clause, child)
    body = clause.parent  # Go: the switch itself holds its clauses
    switch = body if body is not None and body.type in SWITCHES else body.parent if body is not None else None
    if body is None or switch is None or switch.type not in SWITCHES or any(n.id == child.id for n in _labels(clause)):
        return None
    undecided = _undecided(switch, clause, body)
    if undecided:
        return ir.Truthy(ir.Unknown(undecided))
    scope, at, value = finder.scope_of(switch), line(switch), _value(switch)
    clauses = [c for c in body.named_children if c.type in CLAUSES]
    labels = {c.id: list(dict.fromkeys(_matches(finder, value, c, scope, at))) for c in clauses if not _is_default(c)}
    tests: list[ir.Expr] = []
    for c in _entering(clauses, clause):
        if _is_default(c):  # taken when no label matches, wherever the `default` is
            others = [t for found in labels.values() for t in found]
            if not others:
                return None  # a switch of a `default` only: it always runs
            tests.append(ir.Junction(tuple(ir.negated(t) for t in others), True))
            continue
        earlier = [ir.negated(t) for o in clauses[: clauses.index(c)] for t in labels.get(o.id, [])]
        tests.append(joined([joined(labels[c.id], False), *earlier], True))  # the first clause that matches
    tests = list(dict.fromkeys(tests))
    return joined(tests, False)


def _undecided(switch: Node, clause: Node, body: Node) -> str:
    """Why no clause of `switch` can be decided ("": they can)."""
    if switch.type == "expression_switch_statement" and switch.child_by_field_name("initializer") is not None:
        return "a switch on a name bound in its own initializer"
    if switch.type == "switch_statement" and clause.type == "switch_section" and _has_goto(body):
        return "a switch with a goto"
    return ""


def _entering(clauses: list[Node], clause: Node) -> list[Node]:
    """`clause` and the clauses before it that fall into it, nearest first."""
    k = next(i for i, c in enumerate(clauses) if c.id == clause.id)
    entering = [clause]
    while k > 0 and _falls(clauses[k - 1]):
        k -= 1
        entering.append(clauses[k])
    return entering


def _value(switch: Node) -> Node | None:
    """The switched value (None: a Go `switch {`, or `switch true {` / TS/JS `switch (true)`, whose labels are
    tests: `case stack === "prod":`)."""
    found = switch.child_by_field_name("value") or switch.child_by_field_name("condition")
    while found is not None and found.type == "parenthesized_expression" and found.named_child_count == 1:
        found = found.named_children[0]
    if (
        switch.type in ("expression_switch_statement", "switch_statement")
        and found is not None
        and found.type == "true"
    ):
        return None  # its (boolean) labels are tests, as in Go's `switch {`
    return found


def _matches(finder: Lowering, value: Node | None, clause: Node, scope: Node | None, at: int) -> list[ir.Expr]:
    """One test per label of `clause`: the value equals it (a Go `switch {`: the label holds); a label with a guard
    (C# `case "prod" when ..:`, Java `case String s when .. ->`) also needs the guard, which stays undecided."""
    out: list[ir.Expr] = []
    labels = _labels(clause)
    section_guard = any(n.type in GUARDS for n in labels)  # C#: the `when` of the section's one pattern
    for label in labels:
        if label.type in GUARDS:
            continue
        if label.type in ("switch_label", "expression_list"):  # Java, Go: several values in one label
            items = [n for n in label.named_children if n.type != "comment"]
        elif label.type == "or_pattern":
            items = _or_items(label)
        else:
            items = [label]
        guarded = section_guard or any(n.type in GUARDS for n in items)
        for item in (_constant(n) for n in items if n.type not in GUARDS):
            test = _match(finder, value, item, scope, at)
            out.append(ir.Junction((test, _GUARD), True) if guarded and item is not None else test)
    return out


def _match(finder: Lowering, value: Node | None, item: Node | None, scope: Node | None, at: int) -> ir.Expr:
    """The test of one label value `item` (None: a pattern)."""
    if item is None:
        return ir.Truthy(ir.Unknown(_UNDECIDED))
    if value is None:
        return finder._test(item, scope, at, 0)
    return ir.Eq(finder.lower(value, scope, at), finder.lower(item, scope, at), strict=True)  # JS: by `===`


def _constant(node: Node) -> Node | None:
    """The value a label compares with (None: a pattern, which may bind or test a type)."""
    if node.type == "constant_pattern":  # C# `case "prod":`
        return node.named_children[0] if node.named_child_count == 1 else None
    if node.type.endswith("_pattern") or node.type in ("when_clause", "guard", "pattern", "record_pattern"):
        return None
    return node


def _or_items(node: Node) -> list[Node]:
    """The alternatives of a C# `case "a" or "b":` (a non-constant one stays in, to be undecided)."""
    if node.type != "or_pattern":
        return [node]
    left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
    return [*(_or_items(left) if left else []), *(_or_items(right) if right else [])]


def _labels(clause: Node) -> list[Node]:
    """The label nodes of a clause (none for `default`): TS/JS and Go its `value`, C# its patterns (a `when` clause
    too: it is tested with them), Java its `switch_label` without `default`."""
    if clause.type in ("switch_case", "expression_case"):
        found = clause.child_by_field_name("value")
        return [found] if found is not None else []
    if clause.type == "switch_section":
        return [c for c in clause.named_children if c.type.endswith("_pattern") or c.type == "when_clause"]
    if clause.type in ("switch_block_statement_group", "switch_rule"):
        labels = [c for c in clause.named_children if c.type == "switch_label"]
        if any(_java_default(lab) for lab in labels):
            return []  # `case null, default ->` runs whenever `default` does (null is no stack name)
        return labels
    return []


def _java_default(label: Node) -> bool:
    return any(not c.is_named and c.type == "default" for c in label.children)


def _is_default(clause: Node) -> bool:
    if clause.type in ("switch_default", "default_case"):
        return True
    if clause.type == "switch_section":
        return any(not c.is_named and c.type == "default" for c in clause.children)
    if clause.type in ("switch_block_statement_group", "switch_rule"):
        return any(_java_default(c) for c in clause.named_children if c.type == "switch_label")
    return False


def _statements(clause: Node) -> list[Node]:
    labels = {n.id for n in _labels(clause)}
    found = [c for c in clause.named_children if c.id not in labels and c.type not in ("comment", "switch_label")]
    if clause.type in ("expression_case", "default_case"):  # Go: the statements are in one statement_list
        found = [s for c in found if c.type == "statement_list" for s in c.named_children if s.type != "comment"]
    return found


def _falls(clause: Node) -> bool:
    """Whether the clause runs on into the next one (unsure: it does)."""
    if clause.type == "switch_rule":
        return False
    statements = _statements(clause)
    if clause.type in ("expression_case", "default_case"):  # Go: only by `fallthrough`
        return bool(statements) and statements[-1].type == "fallthrough_statement"
    if clause.type == "switch_section":  # C#: an empty section is a label of the next one
        return not statements
    return not statements or not _jumps(statements[-1])


def _jumps(statement: Node) -> bool:
    """Whether a statement surely leaves the clause (a block: by its last statement)."""
    while statement.type in BLOCKS:
        inner = [c for c in statement.named_children if c.type != "comment"]
        if not inner:
            return False
        statement = inner[-1]
    return statement.type in JUMPS


def _has_goto(body: Node) -> bool:
    """Whether a C# switch body holds a `goto` (`goto case "x";` jumps into any section)."""
    if "goto" not in text(body):
        return False
    stack = [body]
    while stack:
        node = stack.pop()
        if node.type == "goto_statement":
            return True
        stack.extend(node.named_children)
    return False


def _arm_guard(finder: Lowering, arm: Node, child: Node) -> ir.Expr | None:
    """The test under which the result of a C# switch expression arm is made: its pattern matches and no arm
    before it did (`_`, a discard, matches anything). None when `child` is no arm's result."""
    switch = arm.parent
    named = [c for c in arm.named_children if c.type != "comment"]
    if switch is None or not named or named[-1].id != child.id or not switch.named_children:
        return None
    value, scope, at = switch.named_children[0], finder.scope_of(switch), line(switch)
    arms = [c for c in switch.named_children if c.type == "switch_expression_arm"]
    upto = arms[: next(i for i, c in enumerate(arms) if c.id == arm.id) + 1]
    matches = [_arm_matches(finder, value, c, scope, at) for c in upto]
    return first_match(matches, len(matches) - 1, "an arm after one that matches anything")


def _arm_matches(finder: Lowering, value: Node, arm: Node, scope: Node | None, at: int) -> ir.Expr | None:
    """When a C# switch expression arm matches (None: always, `_`)."""
    labels = [c for c in arm.named_children if c.type != "comment"][:-1]
    if len(labels) == 1 and labels[0].type == "discard":
        return None
    if len(labels) != 1 or labels[0].type not in ("constant_pattern", "or_pattern"):
        return ir.Truthy(ir.Unknown(_UNDECIDED))  # `var s when ..`, a type or relational pattern
    tests: list[ir.Expr] = []
    for item in _or_items(labels[0]):
        constant = _constant(item)
        if constant is None:
            tests.append(ir.Truthy(ir.Unknown(_UNDECIDED)))
        else:
            tests.append(ir.Eq(finder.lower(value, scope, at), finder.lower(constant, scope, at), strict=True))
    return joined(tests, False)
