"""The calls of an F# program as a function and its arguments: curried (`f a b`), parenthesized (`f(a, b)`) and
piped (`x |> f` is `f x`, `x |> f a` is `f a x`; the grammar reads the latter as `(x |> f) a`)."""

from __future__ import annotations

from stackgraph.inference.frontends.treesitter import Node, text

PIPE = "|>"


def is_pipe(node: Node) -> bool:
    """Whether `node` is `x |> f`."""
    items = node.named_children if node.type == "infix_expression" else []
    return len(items) == 3 and text(items[1]) == PIPE


def flatten(node: Node) -> tuple[Node | None, list[Node]]:
    """A call -> (function, arguments), the piped value last; (None, []) for anything else."""
    if is_pipe(node):
        value, _, func = node.named_children
        inner, args = flatten(func) if func.type == "application_expression" or is_pipe(func) else (func, [])
        return inner, [*args, value]
    if node.type != "application_expression" or not node.named_children:
        return None, []
    func, rest = node.named_children[0], node.named_children[1:]
    if is_pipe(func):  # `(x |> f) a`: `f a x`
        inner, args = flatten(func)
        return inner, [*args[:-1], *rest, args[-1]]
    if func.type == "application_expression":
        inner, args = flatten(func)
        return inner, args + rest
    return func, rest


def curried_part(node: Node) -> bool:
    """True for the inner `f a` of `f a b` (and `x |> f` of `(x |> f) a`): the outer application is the call."""
    up = node.parent
    return up is not None and up.type == "application_expression" and up.named_children[0].id == node.id


def arguments(args: list[Node]) -> list[Node]:
    """The arguments of a call, a tuple `f(a, b)` spread."""
    out: list[Node] = []
    for a in args:
        if a.type == "tuple_expression":
            out.extend(a.named_children)
        elif a.type == "paren_expression" and a.named_children and a.named_children[0].type == "tuple_expression":
            out.extend(a.named_children[0].named_children)
        else:
            out.append(a)
    return out
