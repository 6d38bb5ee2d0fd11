"""What the TypeScript/JavaScript front-end knows of the syntax: the calls it reads, and helpers on nodes."""

from __future__ import annotations

import re

from stackgraph.inference import ir
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, text

CONFIG_READS = frozenset(
    {"get", "require", "getSecret", "requireSecret", "getNumber", "requireNumber", "getBoolean", "requireBoolean",
     "getObject", "requireObject", "getSecretObject", "requireSecretObject"}
)  # fmt: skip
STRING_READS = frozenset({"get", "require", "getSecret", "requireSecret"})
READ_KINDS = {
    **dict.fromkeys(STRING_READS, "text"),
    **dict.fromkeys(("getNumber", "requireNumber"), "number"),
    **dict.fromkeys(("getBoolean", "requireBoolean"), "bool"),
    **dict.fromkeys(("getObject", "requireObject", "getSecretObject", "requireSecretObject"), "object"),
}
"""What each read gives, for its truth (`ir.ConfigRead.kind`): a string read's "false" is true."""
OUTPUT_READS = frozenset({"getOutput", "requireOutput", "getOutputValue", "requireOutputValue", "getOutputDetails"})
CURRENT = {"getStack": ir.CurrentStack(), "getProject": ir.CurrentProject(), "getOrganization": ir.CurrentOrg()}
WRAPPERS = frozenset(
    {"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "type_assertion"}
)
FUNCTIONS = frozenset({"function_declaration", "function_expression", "arrow_function", "function",
                       "generator_function_declaration", "method_definition"})  # fmt: skip


def unwrap(node: Node | None) -> Node | None:
    while node is not None and node.type in WRAPPERS:
        node = wrapped(node)
    return node


def wrapped(node: Node) -> Node | None:
    """The expression inside a wrapper: the last child of `<T>x` (its type comes first), else the first."""
    inner = node.named_children
    if not inner:
        return None
    return inner[-1] if node.type == "type_assertion" else inner[0]


def string_value(node: Node) -> str | None:
    """The value of a string literal (None for anything else)."""
    node = unwrap(node)
    if node is None or node.type != "string":
        return None
    return "".join(fragment(c) for c in node.named_children)


def fragment(node: Node) -> str:
    raw = text(node)
    if node.type == "escape_sequence":
        try:
            return raw.encode("utf-8").decode("unicode_escape")
        except UnicodeDecodeError:
            return raw
    return raw


def pattern_names(pattern: Node) -> list[str]:
    """`{ env, name: n, region = "eu" }` -> ["env", "name:n", "region"] (nested patterns and rest are left out)."""
    out = []
    for child in pattern.named_children:
        if child.type == "shorthand_property_identifier_pattern":
            out.append(text(child))
        elif child.type == "object_assignment_pattern":
            left = child.child_by_field_name("left")
            if left is not None and left.type == "shorthand_property_identifier_pattern":
                out.append(text(left))
        elif child.type == "pair_pattern":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            if key is not None and value is not None and value.type == "identifier":
                out.append(f"{string_value(key) or text(key)}:{text(value)}")
    return out


def last_name(node: Node) -> str:
    node = unwrap(node)
    if node is None:
        return ""
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return text(prop) if prop is not None else ""
    return text(node) if node.type in ("identifier", "type_identifier") else ""


def name_arg(items: list[Node]) -> tuple[Node | None, str]:
    """The stack name: `name` of the second argument when it is an object that has one, else the first.

    Pulumi uses `args.name` when it is set: second arguments that cannot be read (a variable,
    a spread) leave the stack name unknown (the reason is returned; "" when it is known).
    """
    if not items:
        return None, ""
    if len(items) >= 2:
        obj = unwrap(items[1])
        if obj is None or obj.type in ("undefined", "null") or text(obj) == "undefined":
            return items[0], ""
        if obj.type != "object":
            return items[0], f"StackReference arguments that are not written out here ({shape(obj)})"
        for pair in obj.named_children:
            if pair.type == "pair":
                key = pair.child_by_field_name("key")
                if key is not None and re.fullmatch(r"""['"]?name['"]?""", text(key)):
                    return pair.child_by_field_name("value"), ""
            elif pair.type == "shorthand_property_identifier" and text(pair) == "name":
                return pair, ""
            elif pair.type == "spread_element":
                return items[0], f"StackReference arguments spread from {shape(pair)}"
    return items[0], ""


def holder_of(node: Node) -> str | None:
    """The variable (or `this.x` member) a value is stored in."""
    up = node.parent
    while up is not None and up.type in WRAPPERS | {"await_expression"}:
        up = up.parent
    if up is None:
        return None
    if up.type == "variable_declarator":
        name = up.child_by_field_name("name")
        return text(name) if name is not None and name.type == "identifier" else None
    if up.type == "assignment_expression":
        left = up.child_by_field_name("left")
        return ref_key(left) if left is not None else None
    return None


def ref_key(node: Node) -> str:
    return re.sub(r"\s+", "", text(node))


def class_node(node: Node) -> Node | None:
    """The class declaration (or expression) a node is written in."""
    up = node.parent
    while up is not None and up.type not in ("class_declaration", "class", "abstract_class_declaration"):
        up = up.parent
    return up


def split_call(node: Node | None) -> tuple[Node, str] | None:
    """`s.split(".")` with a literal separator: (s, "."), else None."""
    node = unwrap(node)
    if node is None or node.type != "call_expression":
        return None
    func, args = unwrap(node.child_by_field_name("function")), node.child_by_field_name("arguments")
    if func is None or func.type != "member_expression" or args is None or len(args.named_children) != 1:
        return None
    prop, obj = func.child_by_field_name("property"), func.child_by_field_name("object")
    sep = string_value(args.named_children[0])
    if prop is None or text(prop) != "split" or sep is None or obj is None:
        return None
    return obj, sep


def unpacked_position(name: Node) -> int | None:
    """The item a name of `const [a, , b] = ..` takes (holes count), None when it is not such a name."""
    pattern = name.parent
    declarator = pattern.parent if pattern is not None else None
    if pattern is None or pattern.type != "array_pattern" or declarator is None:
        return None
    bound = declarator.child_by_field_name("name")
    if declarator.type != "variable_declarator" or bound is None or bound.id != pattern.id:
        return None
    commas = 0
    for child in pattern.children:
        if child.id == name.id:
            return commas
        commas += child.type == ","
    return None
