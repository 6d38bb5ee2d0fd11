"""TypeScript string enums: `enum Env { Prod = "prod", Dev = "dev" }` makes `Env.Prod` the string "prod" (a case
label, a name part, a test: `switch (stack) { case Env.Prod: .. }`), and exports `Env.Prod` to the files importing
`Env`.

Only an enum declared once at the top of the module, whose name nothing else in the file declares (a namespace or a
second enum of the name would merge members into it; a variable, parameter or import of the name would be another
thing), and only members given a string literal; a member with no value or another value (a number, a computed
one) is not known. Enum members cannot be assigned: nothing else can change them.
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.treesitter import Node, text, walk
from stackgraph.inference.frontends.typescript.syntax import string_value

NAMES = frozenset({"identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern"})


def string_enums(root: Node) -> dict[str, dict[str, ir.Expr]]:
    """Each top-level enum declared once, by name, whose name is used only as `Name.member` (or as a type): its
    members given a string literal, as literals."""
    enums: dict[str, list[Node]] = {}
    for node in root.named_children:
        found = node.child_by_field_name("declaration") if node.type == "export_statement" else node
        name = found.child_by_field_name("name") if found is not None and found.type == "enum_declaration" else None
        if found is not None and name is not None:
            enums.setdefault(text(name), []).append(found)
    kept = {name: nodes[0] for name, nodes in enums.items() if len(nodes) == 1}
    for node in walk(root) if kept else ():
        if node.type in NAMES and text(node) in kept and not _member_use(node, kept[text(node)]):
            del kept[text(node)]  # a variable, parameter, import or namespace of the name: another thing
    out: dict[str, dict[str, ir.Expr]] = {}
    for name, declaration in kept.items():
        body = declaration.child_by_field_name("body")
        members: dict[str, ir.Expr] = {}
        for item in body.named_children if body is not None else []:
            value = item.child_by_field_name("value") if item.type == "enum_assignment" else None
            key = item.child_by_field_name("name") if item.type == "enum_assignment" else None
            found_value = string_value(value) if value is not None and value.type == "string" else None
            if key is not None and found_value is not None:
                members[string_value(key) or text(key)] = ir.Lit(found_value)
        out[name] = members
    return out


def _member_use(node: Node, declaration: Node) -> bool:
    """Whether a use of the enum's name is the enum's own name or the object of `Name.member` / `Name["m"]`."""
    own = declaration.child_by_field_name("name")
    if own is not None and own.id == node.id:
        return True
    up = node.parent
    if up is None or up.type not in ("member_expression", "subscript_expression"):
        return False
    obj = up.child_by_field_name("object")
    return obj is not None and obj.id == node.id
