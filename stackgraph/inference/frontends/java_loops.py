"""Java enhanced `for` over a literal collection around a site (foreach_loops.py): `List.of(..)`, `Arrays.asList(..)`
(not of one value that may be an array), `Set.of(..)` of distinct literal strings (its order is not known, but each
item is bound once; a repeated one throws), `new String[] { .. }`, or a local given one once and never changed (also
`String[] names = { .. }`); read only to loop over it, read an item, its `length`, or `size`/`get`/`contains`/
`indexOf`/`isEmpty`."""

from __future__ import annotations

from stackgraph.inference.frontends.foreach_loops import Foreach, ForeachLoops
from stackgraph.inference.frontends.loop_checks import LoopSyntax
from stackgraph.inference.frontends.treesitter import Node, text

FACTORIES = {("List", "of"): "List.of", ("java.util.List", "of"): "List.of", ("Arrays", "asList"): "Arrays.asList",
             ("java.util.Arrays", "asList"): "Arrays.asList", ("Set", "of"): "Set.of",
             ("java.util.Set", "of"): "Set.of"}  # fmt: skip
READS = frozenset({"size", "get", "contains", "indexOf", "isEmpty"})
"""Methods that leave a list as it is."""
DECIDED = {"if_statement": "condition", "while_statement": "condition", "do_statement": "condition",
           "for_statement": "condition", "ternary_expression": "condition", "enhanced_for_statement": "value",
           "switch_expression": "condition"}  # fmt: skip
"""Where the test is of a statement or expression that decides whether a part of it runs."""
WHOLE = frozenset({"try_statement", "try_with_resources_statement", "catch_clause", "finally_clause"})


def _decider(node: Node, child: Node) -> Node | None:
    if node.type in WHOLE:
        return node
    if node.type == "binary_expression":  # `ok || new StackReference(..) != null`
        op, left = node.child_by_field_name("operator"), node.child_by_field_name("left")
        logical = op is not None and text(op) in ("&&", "||")
        return left if logical and left is not None and left.id != child.id else None
    field = DECIDED.get(node.type)
    found = node.child_by_field_name(field) if field else None
    return found if found is not None and found.id != child.id else None


SYNTAX = LoopSyntax(
    frozenset({"method_declaration", "constructor_declaration", "lambda_expression", "class_body"}),
    frozenset({"break_statement"}),
    frozenset({"continue_statement", "return_statement", "throw_statement"}),
    frozenset({"continue_statement"}),
    (("assignment_expression", "left"), ("update_expression", ""), ("variable_declarator", "name"),
     ("enhanced_for_statement", "name")),
    _decider,
)  # fmt: skip


def _items(node: Node) -> list[Node] | str | None:
    """The items of a Java literal collection (see the module docstring)."""
    init = node if node.type == "array_initializer" else None
    if node.type == "array_creation_expression":
        init = node.child_by_field_name("value")
    elif node.type == "method_invocation":
        obj, name, args = (node.child_by_field_name(f) for f in ("object", "name", "arguments"))
        made = FACTORIES.get((text(obj), text(name))) if obj is not None and name is not None else None
        if made is None or args is None:
            return None
        items = [c for c in args.named_children if c.type not in ("comment", "line_comment", "block_comment")]
        if made == "Arrays.asList" and len(items) == 1 and items[0].type != "string_literal":
            return "over `Arrays.asList` of one value, which may be an array"
        literal = [c.type == "string_literal" and not c.named_children[1:] for c in items]
        if made == "Set.of" and (not all(literal) or len({text(c) for c in items}) != len(items)):
            return "over a `Set.of` whose items are not distinct literal strings"
        return items
    if init is None:
        return None
    items = [c for c in init.named_children if c.type not in ("comment", "line_comment", "block_comment")]
    if any(c.type == "array_initializer" for c in items):
        return "over an array whose items are arrays"
    return items


def _read_only(node: Node) -> bool:
    """Whether the use `node` of a collection's name leaves it as it is (loop_checks.changed)."""
    up = node.parent
    if up is None:
        return False
    if up.type in ("variable_declarator", "enhanced_for_statement"):
        return _is(up, "name" if up.type == "variable_declarator" else "value", node)
    if up.type == "field_access" and _is(up, "object", node):
        field = up.child_by_field_name("field")
        return field is not None and text(field) == "length"
    if up.type == "method_invocation" and _is(up, "object", node):
        name = up.child_by_field_name("name")
        return name is not None and text(name) in READS
    if up.type == "array_access" and _is(up, "array", node):  # `names[0]`, not `names[0] = ..`
        outer = up.parent
        written = outer is not None and outer.type == "assignment_expression" and _is(outer, "left", up)
        return not written and not (outer is not None and outer.type == "update_expression")
    return False


def _is(node: Node, field: str, child: Node) -> bool:
    found = node.child_by_field_name(field)
    return found is not None and bool(found.id == child.id)


class JavaLoops(ForeachLoops):
    FOREACH = Foreach("enhanced_for_statement", "name", "value", SYNTAX, _items, _read_only, lambda _: False)
