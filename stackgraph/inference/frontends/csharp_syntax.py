"""What the C# front-end knows of the syntax: helpers on tree-sitter C# nodes."""

from __future__ import annotations

import contextlib

from stackgraph.inference import ir
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, text, walk

MEMBERS = frozenset({"method_declaration", "constructor_declaration", "local_function_statement"})
"""Scopes whose parameters a call binds (a lambda's are bound by whoever runs it)."""


def last_name(node: Node | None) -> str:
    if node is None:
        return ""
    if node.type in ("member_access_expression", "qualified_name"):
        name = node.child_by_field_name("name")
        return last_name(name) if name is not None else ""
    if node.type == "generic_name":
        first = node.named_children
        return text(first[0]) if first else ""
    return text(node) if node.type in ("identifier", "predefined_type") else ""


def class_of(node: Node) -> str | None:
    up = node.parent
    while up is not None:
        if up.type in ("class_declaration", "struct_declaration", "record_declaration", "interface_declaration"):
            name = up.child_by_field_name("name")
            return text(name) if name is not None else None
        up = up.parent
    return None


def full_name(node: Node, file_namespace: str) -> str:
    """The namespace and classes around `node`, as C# names them (`Acme.Contract.Outer.StackDetails`)."""
    parts: list[str] = []
    up = node.parent
    while up is not None:
        if up.type in ("class_declaration", "struct_declaration", "record_declaration", "interface_declaration",
                       "namespace_declaration"):  # fmt: skip
            name = up.child_by_field_name("name")
            if name is not None:
                parts.append("".join(text(name).split()))
        up = up.parent
    return ".".join([p for p in (file_namespace, *reversed(parts)) if p])


def namespace_and_aliases(root: Node) -> tuple[str, dict[str, str]]:
    """The file-scoped namespace of a file (`namespace Acme.App;`), and its `using X = A.B.C;` aliases."""
    namespace, aliases = "", {}
    for child in root.named_children:
        if child.type == "file_scoped_namespace_declaration":
            name = child.child_by_field_name("name")
            namespace = "".join(text(name).split()) if name is not None else ""
        elif child.type == "using_directive" and len(child.named_children) == 2:
            alias, target = child.named_children
            if alias.type == "identifier" and target.type in ("qualified_name", "identifier"):
                aliases[text(alias)] = "".join(text(target).split())
    return namespace, aliases


def qualified(dotted: str, aliases: dict[str, str]) -> str:
    """The name a member access names in the project: `Class.Member`, or with the namespace or outer classes
    written (`Acme.Contract.StackDetails.Project`, `global::..`, or through a `using` alias of the file) that name,
    which the linker reads as the class of that namespace only."""
    head, dot, rest = dotted.partition(".")
    return f"{aliases[head]}.{rest}" if dot and head in aliases else dotted


def constant_name(node: Node, aliases: dict[str, str]) -> ir.Expr | None:
    """The constant an attribute argument names (`StackOutputs.Url`, `Acme.Contract.StackOutputs.Url`, `Url` of
    the class around it), for the linker to find; None for anything else."""
    if node.type == "identifier":
        owner = class_of(node)
        return ir.Import(ir.GLOBAL, f"{owner}.{text(node)}") if owner is not None else None
    if node.type != "member_access_expression" or any(
        n.type not in ("member_access_expression", "identifier", "alias_qualified_name") for n in walk(node)
    ):
        return None
    return ir.Import(ir.GLOBAL, qualified("".join(text(node).split()), aliases))


def equals_operands(cond: Node | None, negate: bool = False) -> tuple[tuple[Node, Node], bool, bool] | None:
    """The two strings an equality test compares: `a.Equals(b)`, `string.Equals(a, b)` (ordinal), with
    `StringComparison.Ordinal` or `OrdinalIgnoreCase` (case folded: the second item), or `!` of one (the third);
    None for any other test (a comparison by culture is not decided here)."""
    if cond is not None and cond.type == "prefix_unary_expression" and text(cond).startswith("!"):
        inner = cond.named_children
        return equals_operands(inner[0], not negate) if inner else None
    func = cond.child_by_field_name("function") if cond is not None and cond.type == "invocation_expression" else None
    if cond is None or func is None or func.type != "member_access_expression" or last_name(func) != "Equals":
        return None
    owner = func.child_by_field_name("expression")
    values = [a for label, a in labels(cond) if not label]
    if owner is not None and text(owner) not in ("string", "String", "System.String"):
        values.insert(0, owner)
    how = "".join(text(values[2]).split()).removeprefix("System.") if len(values) == 3 else "StringComparison.Ordinal"
    if len(values) not in (2, 3) or how not in ("StringComparison.Ordinal", "StringComparison.OrdinalIgnoreCase"):
        return None
    return (values[0], values[1]), how.endswith("IgnoreCase"), negate


def no_value(node: Node) -> bool:
    """`default`, `default!`, `null!`: a field whose value is given where the object is made."""
    inner = node.named_children[0] if node.type == "postfix_unary_expression" and node.named_children else node
    return inner.type in ("default_expression", "null_literal")


def auto_property(node: Node) -> bool:
    """`{ get; set; }` / `{ get; init; }`: a property that holds what it is given."""
    accessors = next((c for c in node.named_children if c.type == "accessor_list"), None)
    return accessors is not None and all(
        not any(c.type in ("block", "arrow_expression_clause") for c in a.named_children)
        for a in accessors.named_children
    )


def returns_string(node: Node) -> bool:
    kind = node.child_by_field_name("returns") or node.child_by_field_name("type")
    return kind is not None and text(kind) in ("string", "String", "System.String")


def args_of(node: Node) -> list[Node]:
    args = node.child_by_field_name("arguments")
    if args is None:
        return []
    out = []
    for a in args.named_children:
        if a.type == "argument":
            out.append(a.named_children[-1] if a.named_children else a)
    return out


def string_of(node: Node | None) -> str | None:
    if node is None or node.type not in ("string_literal", "verbatim_string_literal", "raw_string_literal"):
        return None
    if node.type == "verbatim_string_literal":
        return text(node)[2:-1].replace('""', '"')
    if node.type == "raw_string_literal":
        return text(node).strip('"')
    return "".join(unescape(c) for c in node.named_children)


def char_of(node: Node) -> str:
    """The character of a `character_literal` (`'-'`, `'\\''`)."""
    return "".join(unescape(c) for c in node.named_children)


def unescape(node: Node) -> str:
    raw = text(node)
    if node.type == "escape_sequence":
        with contextlib.suppress(UnicodeDecodeError):
            return raw.encode("utf-8").decode("unicode_escape")
    return raw


def labelled_args(node: Node) -> list[tuple[str | None, Node]]:
    """The arguments of a call with their names (`options: x` -> ("options", x)); `new(..)`'s list has no field."""
    args = node.child_by_field_name("arguments") or next((c for c in node.children if c.type == "argument_list"), None)
    out: list[tuple[str | None, Node]] = []
    for a in args.named_children if args is not None else []:
        if a.type == "argument" and a.named_children:
            label = a.child_by_field_name("name")
            out.append((text(label) if label is not None else None, a.named_children[-1]))
    return out


def name_arg(labelled: list[tuple[str | None, Node]]) -> tuple[Node | None, str]:
    """The node naming the stack: the Args' `Name` when given, else the first argument.

    `new StackReference(name, args)`: Pulumi uses `args.Name` when it is set, so Args that
    cannot be read (a variable, a method call) leave the stack name unknown ("" when known).
    """
    positional = [n for label, n in labelled if label is None]
    named = {label: n for label, n in labelled if label is not None}
    first = named.get("name") or (positional[0] if positional else None)
    second = named.get("args") or (positional[1] if len(positional) > 1 else None)
    if second is None or second.type == "null_literal":
        return first, ""
    creation = second.type == "implicit_object_creation_expression" or (
        second.type == "object_creation_expression"
        and last_name(second.child_by_field_name("type")) == "StackReferenceArgs"
    )
    if not creation:
        return first, f"StackReferenceArgs that are not written out here ({shape(second)})"
    init = next((c for c in second.named_children if c.type == "initializer_expression"), None)
    for item in init.named_children if init is not None else []:
        left = item.child_by_field_name("left")
        if item.type == "assignment_expression" and left is not None and text(left) == "Name":
            return item.child_by_field_name("right"), ""
    return first, ""


def holder_of(node: Node) -> str | None:
    """The variable, field or property a value is stored in (`var net = ..`, `this.net = ..`, `Net { get; } =
    ..`); None for anything else (`map["k"] = ..`: site_value.py sees where the value goes)."""
    up = node.parent
    if up is not None and up.type in ("variable_declarator", "property_declaration"):
        name = up.child_by_field_name("name")
        return text(name) if name is not None and _is(up.child_by_field_name("value"), node, up) else None
    if up is not None and up.type == "assignment_expression":
        left = up.child_by_field_name("left")
        return text(left) if left is not None and left.type in ("identifier", "member_access_expression") else None
    return None


def _is(value: Node | None, node: Node, up: Node) -> bool:
    """Whether `node` is the value a declaration gives (a declarator's value is its last child)."""
    return (value is not None and value.id == node.id) or (up.type == "variable_declarator" and value is None)


def property_value(node: Node) -> Node | None:
    """The value of a property: `= x`, `=> x`, or `{ get { return x; } }` / `{ get => x; }` (one return)."""
    value = node.child_by_field_name("value")
    if value is not None and value.type != "arrow_expression_clause":
        return value
    arrow = (
        value
        if value is not None
        else next((c for c in node.named_children if c.type == "arrow_expression_clause"), None)
    )
    if arrow is not None:
        return arrow.named_children[0] if arrow.named_children else None
    accessors = next((c for c in node.named_children if c.type == "accessor_list"), None)
    for accessor in accessors.named_children if accessors is not None else []:
        if accessor.type != "accessor_declaration" or not text(accessor).lstrip().startswith("get"):
            continue
        body_arrow = next((c for c in accessor.named_children if c.type == "arrow_expression_clause"), None)
        if body_arrow is not None and body_arrow.named_children:
            return body_arrow.named_children[0]
        returns = [n for n in walk(accessor) if n.type == "return_statement"]
        if len(returns) == 1 and returns[0].named_children:
            return returns[0].named_children[0]
    return None


def lambda_key(args: list[Node]) -> str | None:
    """`o => o["k"]` (also `o => (string)o["k"]`), the one argument of `net.Outputs.Apply(..)`: "k"; else None."""
    fn = args[0] if len(args) == 1 and args[0].type == "lambda_expression" else None
    param = fn.child_by_field_name("parameters") if fn is not None else None
    body = fn.child_by_field_name("body") if fn is not None else None
    if param is not None and param.type == "parameter_list" and len(param.named_children) == 1:
        param = param.named_children[0].child_by_field_name("name")
    if body is not None and body.type == "cast_expression":
        body = body.child_by_field_name("value")
    if param is None or body is None or body.type != "element_access_expression":
        return None
    on, subscript = body.child_by_field_name("expression"), body.child_by_field_name("subscript")
    keys = [a for a in subscript.named_children if a.type == "argument"] if subscript is not None else []
    if on is None or text(on) != text(param) or len(keys) != 1 or not keys[0].named_children:
        return None
    return string_of(keys[0].named_children[-1])


def parameters(params: Node) -> list[tuple[str, str, Node | None, bool]]:
    """(name, declared type, default value, variable-length) of each parameter of a parameter list (the grammar
    gives `params string[] rest` no node of its own: its type and name are fields of the list)."""
    out: list[tuple[str, str, Node | None, bool]] = []
    kind = ""
    for i, child in enumerate(params.children):
        field = params.field_name_for_child(i)
        if child.type == "parameter":
            name, declared = child.child_by_field_name("name"), child.child_by_field_name("type")
            after = [c for j, c in enumerate(child.children) if j > 0 and child.children[j - 1].type == "="]
            if name is not None:
                out.append((text(name), squash(declared), after[0] if after else None, False))
        elif field == "type":
            kind = squash(child)
        elif field == "name":
            out.append((text(child), kind, None, True))
    return out


def squash(node: Node | None) -> str:
    """A type as written, without spaces (`List<string>`); "" for none."""
    return "".join(text(node).split()) if node is not None else ""


def parameter_list(scope: Node) -> Node | None:
    """The parameter list of a method, constructor, local function or lambda (a class's primary constructor's)."""
    params = scope.child_by_field_name("parameters")
    return params if params is not None else next((c for c in scope.named_children if c.type == "parameter_list"), None)


def labels(node: Node) -> list[tuple[str, Node]]:
    """The arguments of a call with the parameter each names ("" for a positional one; a named argument that a
    positional one follows is in its own position: positional)."""
    out: list[tuple[str, Node]] = []
    positional_after = False
    for label, value in reversed(labelled_args(node)):
        positional_after = positional_after or label is None
        out.append(("" if positional_after else label or "", value))
    return out[::-1]


def settable(decl: Node) -> bool:
    """Whether code outside its class may set a field or auto-property (an object initializer `new T { X = .. }`):
    not private, and a field that is not readonly or a property with a `set` / `init` accessor that is not."""
    if not {text(c) for c in decl.named_children if c.type == "modifier"} & {"public", "internal", "protected"}:
        return False
    if decl.type == "field_declaration":
        return "readonly" not in {text(c) for c in decl.named_children if c.type == "modifier"}
    accessors = next((c for c in decl.named_children if c.type == "accessor_list"), None)
    for accessor in accessors.named_children if accessors is not None else []:
        words = text(accessor).rstrip(";").split()
        if words and words[-1] in ("set", "init") and not {"private", "protected"} & set(words):
            return True
    return False


def switch_arms(node: Node) -> tuple[Node | None, list[tuple[list[Node] | None, Node | None]]]:
    """The subject of a switch expression and its arms: (the string constants of the arm's pattern, `"a"` or
    `"a" or "b"`; [] for the discard `_`; None for any other pattern or a `when`, the value)."""
    subject = node.named_children[0] if node.named_children else None
    arms: list[tuple[list[Node] | None, Node | None]] = []
    for arm in (c for c in node.named_children if c.type == "switch_expression_arm"):
        parts = arm.named_children
        if not parts:
            continue
        pattern, value = parts[0], (parts[-1] if len(parts) > 1 else None)
        if len(parts) != 2 or pattern.type == "discard":
            arms.append(([] if len(parts) == 2 else None, value))
            continue
        pieces: list[Node] | None = []
        todo: list[Node | None] = [pattern]
        while todo and pieces is not None:
            cur = todo.pop()
            inner = cur.named_children if cur is not None else []
            if cur is not None and cur.type == "or_pattern":
                todo += [cur.child_by_field_name("right"), cur.child_by_field_name("left")]
            elif cur is not None and cur.type == "constant_pattern" and inner and string_of(inner[0]) is not None:
                pieces.append(inner[0])
            else:
                pieces = None
        arms.append((pieces, value))
    return subject, arms


def by_reference(argument: Node) -> bool:
    """Whether an argument hands a variable over to be set: `out name`, `ref name` (not `out var x`, `in name`)."""
    named = argument.named_children
    return (
        len(named) == 1
        and named[0].type == "identifier"
        and any(not c.is_named and c.type in ("out", "ref") for c in argument.children)
    )
