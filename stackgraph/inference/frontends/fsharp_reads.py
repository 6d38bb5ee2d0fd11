"""An F# StackReference passed on, which makes the reads of its site open.

fsharp.py records the keys read on a value bound to a reference (`net.GetOutput(input "k")`,
`net.RequireOutput "k"`) and opens the reads on `net.Outputs`. Here: the reference itself handed on, where what
is read on it is not followed: an argument (`zoneOf net`, `net |> zoneOf`), another value (`let other = net`),
an element of a list, array or tuple, a field of a record, `net :> obj`, and the value a function gives back
(always: the reads on a helper's result are followed only where the reference is made in its last expression,
not held in a value first). Not a use that hands it on: its declaration, a member
(`net.GetOutput(..)`, read by fsharp.py), a parameter of the same name, `ignore net` or `net |> ignore`, and a
comparison (`net = null`, `net <> null`).

Uses are looked for in the function that declares the value, lambdas and functions in it included (the file
for a value of a module); a nested function's own value of the same name counts too, which opens reads that
may be complete: never the reverse.
"""

from __future__ import annotations

from stackgraph.inference.frontends.handed_on import first_handed_on
from stackgraph.inference.frontends.treesitter import Node, text, walk

COMPARISONS = frozenset({"=", "<>", "==", "!="})
DISCARD = "ignore"
SHOWN_THROUGH = frozenset(
    {"paren_expression", "tuple_expression", "list_expression", "array_expression", "typecast_expression"}
)
"""Nodes between a use and what shows it: `zoneOf net` rather than `net`, `let all = [ net ]` rather than `net`."""
SHOWN = frozenset({"application_expression", "infix_expression", "function_or_value_defn", "field_initializer"})


def passed_on(scope: Node, name: str, file: str) -> str:
    """Why the reads on the value `name` are open: the first use in `scope` that hands the reference on, as
    "`<the application or binding>` at file:line" ("" when there is none)."""
    return first_handed_on(scope, "long_identifier_or_op", name, file, _hands_on, _shown)


def _hands_on(node: Node) -> bool:
    up = node.parent
    if up is None or up.type == "identifier_pattern":  # `let net = ..`, a parameter `net`
        return False
    if up.type == "application_expression":
        func = up.named_children[0] if up.named_children else None
        return func != node and (func is None or text(func) != DISCARD)  # `net x` calls it; `ignore net`
    if up.type == "infix_expression":
        operator = next((text(c) for c in up.children if c.type == "infix_op"), "")
        if operator in COMPARISONS:
            return False
        return not (operator == "|>" and up.children[0] == node and text(up.children[-1]) == DISCARD)  # `|> ignore`
    return True


def _shown(node: Node) -> Node:
    """The application, binding or record field a use is part of."""
    up = node.parent
    while up is not None and up.type in SHOWN_THROUGH:
        node, up = up, up.parent
    return up if up is not None and up.type in SHOWN else node


VALUE_WRAPS = frozenset(
    {"paren_expression", "typecast_expression", "object_instantiation_expression", "prefixed_expression"}
)


def holder(node: Node) -> str | None:
    """The name a StackReference is bound to (`let net = StackReference(..)`)."""
    up = value_parent(node)
    if up is None or up.type != "function_or_value_defn" or not up.named_children:
        return None
    left = up.named_children[0]
    if left.type != "value_declaration_left":
        return None
    ident = next((n for n in walk(left) if n.type == "identifier"), None)
    return text(ident) if ident is not None else None


def value_parent(node: Node) -> Node | None:
    """What a value is used by, past parentheses, casts and `new`."""
    up = node.parent
    while up is not None and up.type in VALUE_WRAPS:
        up = up.parent
    return up


def ignored(up: Node, value: Node | None = None) -> bool:
    """`x |> ignore`, or `value` a statement of a sequence that is not its last (`deploy setup` then more): the
    value is dropped."""
    if up.type == "sequential_expression" and value is not None:
        named = up.named_children
        return bool(named) and named[-1].id != value.id and any(c.id == value.id for c in named)
    parts = [text(c) for c in up.children] if up.type == "infix_expression" else []
    return parts[1:] == ["|>", "ignore"]
