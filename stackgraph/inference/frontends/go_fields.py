"""A Go StackReference kept in a field of a local struct (`r := refs{net: ref}`, `r.net = ref`, `r.net, err =
pulumi.NewStackReference(..)`), read there (`r.net.GetOutput(pulumi.String("vpcId"))`).

The keys read on `r.net` are the reference's when the field is set exactly once in the function, from it: `r`
is a local of the function given one value (a keyed literal, `var r refs`, `refs{}`), no other statement sets
`r.net`, `r` itself is not handed on (an argument, `&r`, another variable, a method called on it: the reads
there are not followed), and `r.net` is only read on (`r.net.GetOutput(..)`, `r.net.Outputs.MapIndex(..)`).
Otherwise the reads stay open, saying where (go_reads.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackgraph.inference.frontends.treesitter import Node, text, walk

Field = tuple[str, str]  # (the local struct variable, the field): ("r", "net")


def field_sets(scope: Node, name: str) -> Iterator[tuple[Field, Node]]:
    """The fields the variable `name` is stored in, in `scope`: `r := refs{net: name}` (also `&refs{..}`, `var r =
    ..`, `r = ..`) and `r.net = name`; each with the node that stores it (the keyed element, the assignment).

    A scope whose text has no `: name` or `= name` stores it nowhere: not walked (a walk per site took 0.28 s of
    16 s in a profiled cold plan of the bench estate). A comment between the two (`net: /* c */ ref`) is not
    looked through: the reads then stay open, as before fields were followed."""
    if not re.search(rf"[:=]\s*{re.escape(name)}\b", text(scope)):
        return
    for node in walk(scope):
        if node.type == "keyed_element" and _value_is(node, name):
            holder = _literal_holder(node)
            key = node.child_by_field_name("key")
            if holder is not None and key is not None:
                yield (holder, text(key)), node
        elif node.type == "assignment_statement" and _one(node.child_by_field_name("right"), name):
            left = _single(node.child_by_field_name("left"))
            field = _field_of(left) if left is not None else None
            if field is not None:
                yield field, node


def field_open(scope: Node, field: Field, given: list[Node], zero: Node | None) -> str:
    """Why the reads on `r.net` in `scope` are not the reference's ("" when they are): `given` are the values
    `r` is given in `scope` (its declarations and assignments), `zero` the type it is declared with and no value
    (`var r refs`)."""
    var, name = field
    if len(given) + (zero is not None) != 1:
        return f"`{var}` is not a local given one value"
    literal = _literal(given[0]) if given else None
    keyed = 0
    kind = literal.child_by_field_name("type") if literal is not None else zero
    if literal is not None:
        body = literal.child_by_field_name("body")
        elements = body.named_children if body is not None else []
        if any(e.type != "keyed_element" for e in elements):
            return f"`{var}` made with its fields by position"
        keyed = sum(1 for e in elements if (k := e.child_by_field_name("key")) is not None and text(k) == name)
    elif zero is None:
        return f"`{var}` given a value not written out here"
    sets = keyed + sum(1 for node in walk(scope) if node.type == "assignment_statement" and _sets(node, field))
    if sets != 1:
        return f"`{var}.{name}` set {sets} times"
    return _used_otherwise(scope, field, _struct_fields(scope, kind))


def _used_otherwise(scope: Node, field: Field, fields: frozenset[str]) -> str:
    """A use of `r.net` other than a read on it or its assignment, or a member of `r` that is not one of the
    `fields` of its struct type (a method, which may read `r.net`: not followed)."""
    var, name = field
    for node in walk(scope):
        if node.type != "selector_expression" or text(node.child_by_field_name("operand") or node) != var:
            continue
        up = node.parent
        member = text(node.child_by_field_name("field") or node)
        if member != name:
            if member not in fields:
                return f"`{var}.{member}`, not a field of its struct type declared in this file (a method?)"
            continue
        if up is not None and up.type == "selector_expression" and up.child_by_field_name("operand") == node:
            continue  # `r.net.GetOutput(..)`: read on it
        if up is not None and up.type == "expression_list" and up.parent is not None:
            statement = up.parent
            if statement.type == "assignment_statement" and statement.child_by_field_name("left") == up:
                continue  # `r.net = ref`
        return f"`{var}.{name}` used as a value"
    return ""


def _sets(node: Node, field: Field) -> bool:
    left = node.child_by_field_name("left")
    return left is not None and any(_field_of(t) == field for t in left.named_children)


def _field_of(node: Node) -> Field | None:
    """`r.net` -> ("r", "net") for a selector on a plain variable."""
    if node.type != "selector_expression":
        return None
    operand, field = node.child_by_field_name("operand"), node.child_by_field_name("field")
    if operand is None or field is None or operand.type != "identifier":
        return None
    return text(operand), text(field)


def _value_is(element: Node, name: str) -> bool:
    value = element.child_by_field_name("value")
    inner = value.named_children[0] if value is not None and value.named_children else value
    return inner is not None and inner.type == "identifier" and text(inner) == name


def _one(values: Node | None, name: str) -> bool:
    found = _single(values)
    return found is not None and found.type == "identifier" and text(found) == name


def _single(values: Node | None) -> Node | None:
    if values is None:
        return None
    items = values.named_children if values.type == "expression_list" else [values]
    return items[0] if len(items) == 1 else None


def _literal_holder(element: Node) -> str | None:
    """The variable a keyed element's literal is the one value of (`r := refs{net: ref}`, `&refs{..}`)."""
    literal = element.parent.parent if element.parent is not None else None
    if literal is None or literal.type != "composite_literal":
        return None
    up = literal.parent
    if up is not None and up.type == "unary_expression" and text(up).startswith("&"):
        literal, up = up, up.parent
    if up is None or up.type != "expression_list" or len(up.named_children) != 1 or up.parent is None:
        return None
    statement = up.parent
    if statement.type not in ("short_var_declaration", "assignment_statement", "var_spec"):
        return None
    left = _single(statement.child_by_field_name("left") or statement.child_by_field_name("name"))
    if left is None or left.type != "identifier" or statement.child_by_field_name("right") not in (up, None):
        return None
    return text(left)


def _literal(value: Node) -> Node | None:
    """The composite literal a value is (`refs{..}`, `&refs{..}`), else None."""
    if value.type == "unary_expression" and text(value).startswith("&"):
        value = value.child_by_field_name("operand") or value
    return value if value.type == "composite_literal" else None


def _struct_fields(scope: Node, kind: Node | None) -> frozenset[str]:
    """The fields of the struct type `kind` names (`refs`, `*refs`) when the file declares it, else none."""
    if kind is not None and kind.type == "pointer_type" and kind.named_children:
        kind = kind.named_children[0]
    root = scope
    while root.parent is not None:
        root = root.parent
    for node in walk(root) if kind is not None and kind.type == "type_identifier" else []:
        name, body = node.child_by_field_name("name"), node.child_by_field_name("type")
        if node.type == "type_spec" and name is not None and text(name) == text(kind) and body is not None:
            return frozenset(
                text(n) for n in walk(body) if n.type == "field_identifier" and n.parent.type == "field_declaration"
            )
    return frozenset()
