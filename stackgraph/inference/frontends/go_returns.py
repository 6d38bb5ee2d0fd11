"""The values a Go function of the file returns, given to several names at its call: `org, stack, err :=
names(ctx)` with `func names(ctx *pulumi.Context) (string, string, error) { return "acme", ctx.Stack(), nil }`.

Each name after the first gets its item of the values every `return` of the function writes out (the first name
keeps what it had: the first value, as golang.py reads a call). A name whose item is not known stays unknown with
the reason: the function returns another count of values at some `return` (or a bare one, of named results), its
`return`s give that item different values, the assignment is in a branch or a loop, or the function is none of the
file (another file's, a method, a function value). Only calls of a function declared in the file, by its name alone.
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.treesitter import Node, line, text, walk

Unpacking = tuple[int, int, str]
"""A name's place in an assignment of a call's values: its index, the count of names, and the function called."""


def top_functions(root: Node) -> frozenset[str]:
    """The names of the functions the file declares (not methods)."""
    names = (c.child_by_field_name("name") for c in root.named_children if c.type == "function_declaration")
    return frozenset(text(n) for n in names if n is not None)


def unpacking(names: list[Node], value: Node, functions: frozenset[str]) -> dict[str, Unpacking]:
    """`a, b, err := f(..)`, `f` a function of the file: each name after the first (not `_`) with its place."""
    func = value.child_by_field_name("function") if value.type == "call_expression" else None
    if func is None or func.type != "identifier" or text(func) not in functions:
        return {}
    return {
        text(n): (i, len(names), text(func))
        for i, n in enumerate(names)
        if i > 0 and n.type == "identifier" and text(n) != "_"
    }


def returned_item(fn: Node, place: Unpacking, file: str, own: dict[int, bool]) -> list[Node] | str:
    """The node each `return` of `fn` gives the name at `place`, or why it is not known; `own`: whether each
    return statement (by id) is `fn`'s own, not a nested function's."""
    index, count, name = place
    returns = [n for n in walk(fn) if n.type == "return_statement" and own.get(n.id)]
    if not returns:
        return f"{name}() returns nothing that is read"
    out = []
    for node in returns:
        values = node.named_children[0] if node.named_children else None
        items = values.named_children if values is not None and values.type == "expression_list" else [values]
        if values is None or len(items) != count:
            given = len(items) if values is not None else 0
            return f"{name}() returns {given} values at {file}:{line(node)}, assigned to {count} names"
        out.append(items[index])
    return out


def one_value(name: str, values: list[tuple[Node, ir.Expr]], file: str) -> ir.Expr:
    """The value every `return` gives an item, unknown (naming two places) when they differ."""
    first_node, first = values[0]
    for node, value in values[1:]:
        if value != first:
            where = f"{file}:{line(first_node)} and {file}:{line(node)}"
            return ir.Unknown(f"{name}() returns different values at {where}")
    return first
