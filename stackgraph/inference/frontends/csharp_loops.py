"""C# `foreach` over a literal collection around a site (foreach_loops.py): `new[] { "net", "data" }`,
`new string[] { .. }`, `new List<string> { .. }` (no constructor arguments), or a local given one once and never
changed (also `string[] names = { .. }` and a collection expression `string[] names = ["net", "data"]` without a
`..spread`); read only to loop over it, read an item, its `Length`/`Count`, or `Contains`/`IndexOf`."""

from __future__ import annotations

from stackgraph.inference.frontends.foreach_loops import Foreach, ForeachLoops
from stackgraph.inference.frontends.loop_checks import LoopSyntax
from stackgraph.inference.frontends.treesitter import Node, text

LISTS = frozenset({"List", "System.Collections.Generic.List"})
READS = frozenset({"Length", "Count", "Contains", "IndexOf"})
"""Members that leave a collection as it is."""
DECIDED = {"if_statement": "condition", "while_statement": "condition", "do_statement": "condition",
           "for_statement": "condition", "conditional_expression": "condition", "foreach_statement": "right",
           "switch_statement": "value"}  # fmt: skip
"""Where the test is of a statement or expression that decides whether a part of it runs."""
WHOLE = frozenset({"try_statement", "catch_clause", "finally_clause", "switch_expression", "switch_section"})


def _decider(node: Node, child: Node) -> Node | None:
    if node.type in WHOLE:
        return node
    if node.type == "binary_expression":  # `ok && new StackReference(..) != null`
        op, left = node.child_by_field_name("operator"), node.child_by_field_name("left")
        logical = op is not None and text(op) in ("&&", "||", "??")
        return left if logical and left is not None and left.id != child.id else None
    field = DECIDED.get(node.type)
    found = node.child_by_field_name(field) if field else None
    return found if found is not None and found.id != child.id else None


SYNTAX = LoopSyntax(
    frozenset({"method_declaration", "constructor_declaration", "local_function_statement", "lambda_expression",
               "anonymous_method_expression", "class_declaration", "struct_declaration", "record_declaration",
               "property_declaration", "accessor_declaration"}),
    frozenset({"break_statement", "goto_statement", "yield_statement"}),  # `yield return`: the caller may stop
    frozenset({"continue_statement", "return_statement", "throw_statement", "throw_expression"}),
    frozenset({"continue_statement"}),
    (("assignment_expression", "left"), ("postfix_unary_expression", ""), ("prefix_unary_expression", ""),
     ("variable_declarator", "name"), ("foreach_statement", "left"), ("declaration_expression", "name")),
    _decider,
)  # fmt: skip


def _items(node: Node) -> list[Node] | str | None:
    """The items of a C# literal collection (see the module docstring)."""
    init: Node | None = node if node.type in ("initializer_expression", "collection_expression") else None
    if node.type in ("implicit_array_creation_expression", "array_creation_expression"):
        init = next((c for c in node.named_children if c.type == "initializer_expression"), None)
    elif node.type == "object_creation_expression":
        kind, args = node.child_by_field_name("type"), node.child_by_field_name("arguments")
        name = kind.named_children[0] if kind is not None and kind.type == "generic_name" else None
        if name is None or text(name) not in LISTS or (args is not None and args.named_children):
            return None
        init = node.child_by_field_name("initializer")
    if init is None:
        return None
    items = [c for c in init.named_children if c.type != "comment"]
    if init.type == "collection_expression":
        if any(c.type != "collection_element" or c.named_children[0].type != "expression_element" for c in items):
            return "over a collection expression with a `..spread`"
        items = [c.named_children[0].named_children[0] for c in items]
    if any(c.type in ("initializer_expression", "assignment_expression") for c in items):
        return "over a collection whose items are not plain values"
    return items


def _read_only(node: Node) -> bool:
    """Whether the use `node` of a collection's name leaves it as it is (loop_checks.changed)."""
    up = node.parent
    if up is None:
        return False
    if up.type in ("variable_declarator", "foreach_statement"):
        return _is(up, "name" if up.type == "variable_declarator" else "right", node)
    if up.type == "member_access_expression" and _is(up, "expression", node):
        name = up.child_by_field_name("name")
        return name is not None and text(name) in READS and not _assigned(up)
    if up.type == "element_access_expression" and _is(up, "expression", node):  # `names[0]`, not `names[0] = ..`
        return not _assigned(up)
    return False


def _assigned(place: Node) -> bool:
    outer = place.parent
    if outer is None:
        return False
    if outer.type == "assignment_expression":
        return _is(outer, "left", place)
    if outer.type == "argument":  # `ref names[0]`, `out names[0]`
        return text(outer).split()[0] in ("ref", "out")
    return outer.type in ("postfix_unary_expression", "prefix_unary_expression")


def _top_level(value: Node) -> bool:
    """Whether `value`, given a name of the file, is a local of the top-level statements (not a field)."""
    cur = value.parent
    while cur is not None and cur.type != "global_statement":
        cur = cur.parent
    return cur is not None


def _is(node: Node, field: str, child: Node) -> bool:
    found = node.child_by_field_name(field)
    return found is not None and bool(found.id == child.id)


class CSharpLoops(ForeachLoops):
    FOREACH = Foreach("foreach_statement", "left", "right", SYNTAX, _items, _read_only, _top_level)
