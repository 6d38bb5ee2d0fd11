"""A C# or Java StackReference passed on, which makes the reads of its site (or of a helper call) open.

The finders record the keys read on a local variable holding a reference (`net.GetOutput("k")`,
`net.output("k")`) and open its reads on its map of outputs used otherwise. Here: the reference itself handed
on, where what is read on it is not followed: an argument (`Use(net)`, `new Svc(net)`, `ctx.export("n", net)`),
another variable (`var o = net`), an element of an array or collection initializer, `net as object`, a
value returned (unless the callers' reads are followed: a helper whose calls bind the site), and
`net?.GetOutput(..)`, whose key is not read. Not a use that hands it on: its declaration or an assignment to
it, a member (`net.GetOutput(..)`, `net.name`), a parameter of the same name, `_ = net` (C#), a comparison
(`net == null`, `net is null`).

Uses are looked for in the scope that declares the variable (a method, a lambda, a local function), nested
lambdas included; a nested scope's own variable of the same name counts too, which opens reads that may be
complete: never the reverse. A field (`this.net`, or a name declared in the class) is not followed.

`first_handed_on` is the search shared with go_reads.py and fsharp_reads.py: each gives its own test of a use.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text, walk

KEEPS = {
    "csharp": frozenset(
        {("variable_declarator", "name"), ("assignment_expression", "left"), ("member_access_expression", "expression"),
         ("parameter", "name"), ("is_pattern_expression", "expression")}
    ),
    "java": frozenset(
        {("variable_declarator", "name"), ("assignment_expression", "left"), ("method_invocation", "object"),
         ("field_access", "object"), ("formal_parameter", "name"), ("spread_parameter", None),
         ("instanceof_expression", "left")}
    ),
}  # fmt: skip
"""(parent type, the field holding the use): uses that keep the reference where it is."""
NOT_VALUES = frozenset({"name", "field", "type"})
"""Fields whose identifier names a member, a method or a type (`Refs.database(..)`, `net.name`), or declares a
name: never a use of the variable's value."""
SHOWN_THROUGH = frozenset(
    {"argument", "argument_list", "initializer_expression", "array_initializer", "parenthesized_expression"}
)
"""Nodes between a use and what shows it: `Use(net)` rather than `net`, `o = net` rather than `net`."""


def passed_on(
    language: str, scope: Node, name: str, file: str, *, returned: bool, kept: frozenset[int] = frozenset()
) -> str:
    """Why the reads on the variable `name` are open: the first use in `scope` that hands the reference on, as
    "`<the call or declaration>` at file:line" ("" when there is none); `returned`: a `return` of it is followed;
    `kept`: the ids of uses followed elsewhere (an argument of a helper of the file reading keys: helper_calls.py)."""
    hands_on = functools.partial(_hands_on, keeps=KEEPS[language], returned=returned, kept=kept)
    return first_handed_on(scope, "identifier", name, file, hands_on, _shown)


def first_handed_on(
    scope: Node, kind: str, name: str, file: str, hands_on: Callable[[Node], bool], shown: Callable[[Node], Node]
) -> str:
    """The first use of the variable `name` (a `kind` node) in `scope` that hands a StackReference on, as
    "`<what shows it>` at file:line" ("" when there is none): why the reads of the reference are open."""
    for node in walk(scope):
        if node.type == kind and text(node) == name and hands_on(node):
            use = shown(node)
            return f"`{shape(use, 50)}` at {file}:{line(use)}"
    return ""


def _hands_on(node: Node, keeps: frozenset[tuple[str, str | None]], *, returned: bool, kept: frozenset[int]) -> bool:
    up = node.parent
    if up is None or node.id in kept:
        return False
    kind, field = up.type, _field(up, node)
    if field in NOT_VALUES or (kind, field) in keeps:
        return False
    if kind == "binary_expression":
        operator = up.child_by_field_name("operator")
        return operator is None or text(operator) not in ("==", "!=")
    if kind == "assignment_expression":  # the right side: `_ = net` (C#'s discard) keeps it here
        left = up.child_by_field_name("left")
        return left is None or text(left) != "_"
    if kind == "return_statement":
        return not returned
    return True


def _field(parent: Node, node: Node) -> str | None:
    for i in range(parent.child_count):
        if parent.children[i] == node:
            name: str | None = parent.field_name_for_child(i)
            return name
    return None


def _shown(node: Node) -> Node:
    """The call, creation or declaration a use is part of (`Use(net)`, `o = net`)."""
    up = node.parent
    while up is not None and up.type in SHOWN_THROUGH:
        node, up = up, up.parent
    return up if up is not None and up.type not in ("block", "expression_statement") else node
