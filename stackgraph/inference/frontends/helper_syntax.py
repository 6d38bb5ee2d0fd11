"""The C# and Java shapes helper_calls.py reads: calls of a helper, its parameters, the reads on its reference."""

from __future__ import annotations

from collections.abc import Callable

from stackgraph.inference.frontends import csharp_syntax as cs
from stackgraph.inference.frontends.helper_calls import Param, Syntax
from stackgraph.inference.frontends.java_objects import class_of as java_class
from stackgraph.inference.frontends.treesitter import Node, text

CSHARP_READS = frozenset({"GetOutput", "RequireOutput", "GetValueAsync", "RequireValueAsync", "GetOutputDetailsAsync"})
JAVA_READS = frozenset({"output", "requireOutput", "getOutput", "getValueAsync", "requireValueAsync"})


def _cs_callee(call: Node) -> str | None:
    func = call.child_by_field_name("function")
    return text(func) if func is not None and func.type == "identifier" else None


def _cs_args(call: Node) -> list[Node] | None:
    labelled = cs.labelled_args(call)
    return None if any(label for label, _ in labelled) else [value for _, value in labelled]


def _cs_params(fn: Node) -> list[Param]:
    params = cs.parameter_list(fn)
    if params is None or params.type != "parameter_list":
        return []
    return [Param(name, default, variadic) for name, _, default, variadic in cs.parameters(params)]


def _cs_read(node: Node) -> tuple[Node, list[Node]] | None:
    up = node.parent
    call = up.parent if up is not None else None
    if up is None or up.type != "member_access_expression" or up.child_by_field_name("expression") != node:
        return None
    if call is None or call.type != "invocation_expression" or call.child_by_field_name("function") != up:
        return None
    return (call, cs.args_of(call)) if cs.last_name(up) in CSHARP_READS and _cs_args(call) is not None else None


CSHARP = Syntax(
    "invocation_expression", frozenset({"method_declaration", "local_function_statement"}), CSHARP_READS,
    _cs_callee, _cs_args, _cs_params, _cs_read, cs.string_of, cs.class_of,
)  # fmt: skip


def _java_callee(call: Node) -> str | None:
    name = call.child_by_field_name("name")
    return text(name) if name is not None and call.child_by_field_name("object") is None else None


def _java_args(call: Node) -> list[Node]:
    args = call.child_by_field_name("arguments")
    return list(args.named_children) if args is not None else []


def _java_params(fn: Node) -> list[Param]:
    params = fn.child_by_field_name("parameters")
    out: list[Param] = []
    for p in params.named_children if params is not None else ():
        decl = next((c for c in p.named_children if c.type == "variable_declarator"), None)
        name = p.child_by_field_name("name") or (decl.child_by_field_name("name") if decl is not None else None)
        out += [Param(text(name), None, p.type == "spread_parameter")] if name is not None else []
    return out


def _java_read(node: Node) -> tuple[Node, list[Node]] | None:
    up = node.parent
    if up is None or up.type != "method_invocation" or up.child_by_field_name("object") != node:
        return None
    name = up.child_by_field_name("name")
    return (up, _java_args(up)) if name is not None and text(name) in JAVA_READS else None


def java(literal: Callable[[Node], str | None]) -> Syntax:
    """Java's, with the front-end's reading of a string literal."""
    return Syntax(
        "method_invocation", frozenset({"method_declaration"}), JAVA_READS, _java_callee, _java_args,
        _java_params, _java_read, literal, java_class,
    )  # fmt: skip
