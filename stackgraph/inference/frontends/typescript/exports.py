"""The outputs a TypeScript / JavaScript entry module exports (the stack's outputs): `export` statements,
`export =` / `export default` of an object or of a function (the keys of the objects it returns), and
CommonJS `module.exports` / `exports` (see frontends/exports.py for the open-set rule)."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from stackgraph.inference import ir
from stackgraph.inference.frontends.bindings import bound_names
from stackgraph.inference.frontends.exports import Collected, Strings, own_return
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text, walk
from stackgraph.inference.frontends.typescript.syntax import WRAPPERS, wrapped

TYPE_ONLY = frozenset({"type_alias_declaration", "interface_declaration", "ambient_declaration"})
FUNCTIONS = frozenset({"arrow_function", "function_expression", "function", "function_declaration"})
JS_SCOPES = FUNCTIONS | frozenset({"method_definition", "generator_function_declaration", "class_body"})


def js_exports(root: Node, string: Strings) -> tuple[ir.Exported, ...]:
    """`export const k`, `export { a as k }`, `export = {...}`, `export default async () => ({...})`,
    `module.exports = {...}`, `exports.k = v`; `export * from "./m"` is open until inference/reexports.py follows
    it (`Exported.key`), anything built at run time is open."""
    out = Collected()
    for node in root.named_children:
        if node.type == "export_statement":
            _export_statement(out, node, string)
    _commonjs(out, root, string)
    return out.result()


def _export_statement(out: Collected, node: Node, string: Strings) -> None:
    declaration = node.child_by_field_name("declaration")
    words = {text(c) for c in node.children if not c.is_named}
    if declaration is not None and "default" not in words:
        _declared(out, declaration)
        return
    value = node.child_by_field_name("value") or declaration  # `export default function main() {..}`: a value
    if value is None and "=" in words:
        value = next((c for c in node.named_children if c.type not in ("comment",)), None)
    if value is not None:
        first = len(out.items)
        if "default" in words and _unwrapped(value).type not in FUNCTIONS:
            out.open(f"a default export that is not a function ({shape(value)})", value)
        else:
            _module_value(out, value, string, "the default export" if "default" in words else "export =")
        if "default" in words:  # what `export * from` this module does not pass on
            out.items[first:] = [dataclasses.replace(e, default=True) for e in out.items[first:]]
        return
    _reexported(out, node, string, "*" in words)


def _reexported(out: Collected, node: Node, string: Strings, star: bool) -> None:
    """`export { a as k }`, `export * as k from "./m"` (one key, a namespace object), `export * from` (open)."""
    clause = next((c for c in node.named_children if c.type == "export_clause"), None)
    if clause is not None:
        for spec in clause.named_children:
            name = spec.child_by_field_name("alias") or spec.child_by_field_name("name")
            if name is not None:
                out.key(string(name) or text(name), name)
        return
    space = next((c for c in node.named_children if c.type == "namespace_export"), None)
    if space is not None and space.named_children:
        out.key(string(space.named_children[-1]) or text(space.named_children[-1]), space)
    elif star:
        source = node.child_by_field_name("source")
        spec = string(source) if source is not None else None
        module = ir.Import(ir.Module(ir.ModuleKind.JS, spec), "*") if spec is not None else None
        out.items.append(ir.Exported("", line(node), "`export * from` another module (not followed)", module))


def _declared(out: Collected, declaration: Node) -> None:
    if declaration.type in TYPE_ONLY:
        return
    if declaration.type in ("lexical_declaration", "variable_declaration"):
        for d in declaration.named_children:
            name = d.child_by_field_name("name")
            if d.type != "variable_declarator" or name is None:
                continue
            for bound in sorted(bound_names(name)):  # `export const [a, b] = ..`, `{ a, b: c, ...rest }`
                out.key(bound, name)
        return
    name = declaration.child_by_field_name("name")
    if declaration.type == "import_alias":  # `export import net = vpc.net`: the alias is an export
        name = next((c for c in declaration.named_children if c.type == "identifier"), None)
    if name is not None:
        out.key(text(name), name)


def _module_value(out: Collected, value: Node, string: Strings, what: str) -> None:
    """The module's whole export: an object's keys, or those of the objects a function returns."""
    value = _unwrapped(value)
    if value.type == "object":
        _object_keys(out, value, string)
    elif value.type in FUNCTIONS:
        for returned in _returns(value):
            _module_value(out, returned, string, f"{what}'s returned value")
    else:
        out.open(f"{what} is a value built at run time ({shape(value)})", value)


def _unwrapped(node: Node) -> Node:
    while node.type in WRAPPERS or node.type == "await_expression":
        inner = wrapped(node)
        if inner is None:
            break
        node = inner
    return node


def _returns(fn: Node) -> Iterator[Node]:
    """The values a function returns: its expression body, or the `return` statements of its own body."""
    body = fn.child_by_field_name("body")
    if body is None:
        return
    if body.type != "statement_block":
        yield body
        return
    for node in walk(body):
        if node.type == "return_statement" and node.named_children and own_return(node, fn, JS_SCOPES):
            yield node.named_children[0]


def _object_keys(out: Collected, obj: Node, string: Strings) -> None:
    for item in obj.named_children:
        if item.type == "shorthand_property_identifier":
            out.key(text(item), item)
        elif item.type == "pair":
            key = item.child_by_field_name("key")
            name = None if key is None else _property_name(key, string)
            if name is None:
                out.open(f"a computed key ({_key_of(item)})", item)
            else:
                out.key(name, item)
        elif item.type == "method_definition":
            name_node = item.child_by_field_name("name")
            if name_node is not None:
                out.key(text(name_node), item)
        elif item.type == "spread_element":
            out.open(f"a spread ({shape(item)})", item)


def _key_of(pair: Node) -> str:
    """`[k]: ...`: the key of a pair, never its value (it may be a secret)."""
    key = pair.child_by_field_name("key")
    return f"{shape(key) if key is not None else '?'}: ..."


def _property_name(key: Node, string: Strings) -> str | None:
    if key.type == "property_identifier":
        return text(key)
    if key.type == "number":
        return text(key)
    return string(key)


def _commonjs(out: Collected, root: Node, string: Strings) -> None:
    """`module.exports = ...`, `module.exports.k = v`, `exports.k = v`, `exports["k"] = v` anywhere in the
    file; `module.exports` or `exports` used any other way (`Object.assign(exports, more)`) is open."""
    for node in walk(root):
        if not (
            (node.type == "identifier" and text(node) == "exports")
            or (node.type == "member_expression" and "".join(text(node).split()) == "module.exports")
        ):
            continue
        _commonjs_use(out, node, string)


def _commonjs_use(out: Collected, ref: Node, string: Strings) -> None:
    up = ref.parent
    if up is None or (up.type == "member_expression" and "".join(text(up).split()) == "module.exports"):
        return  # the `exports` of `module.exports`, seen as a whole
    if up.type == "assignment_expression" and _is(up.child_by_field_name("left"), ref):
        right = up.child_by_field_name("right")
        if right is not None:
            _module_value(out, right, string, "module.exports")
        return
    target = up.parent
    assigned = target is not None and target.type == "assignment_expression"
    if up.type == "member_expression" and _is(up.child_by_field_name("object"), ref):
        prop = up.child_by_field_name("property")
        if assigned and _is(target.child_by_field_name("left"), up) and prop is not None:
            out.key(text(prop), up)
        return  # a read of `exports.k`
    if up.type == "subscript_expression" and _is(up.child_by_field_name("object"), ref):
        index = up.child_by_field_name("index")
        name = string(index) if index is not None else None
        if assigned and _is(target.child_by_field_name("left"), up):
            if name is None:
                out.open(f"an export with a computed key ({shape(up)})", up)
            else:
                out.key(name, up)
        return
    used = up.parent if up.type == "arguments" and up.parent is not None else up  # `Object.assign(exports, ..)`
    out.open(f"the module's exports used as a value ({shape(used)})", used)


def _is(a: Node | None, b: Node) -> bool:
    return a is not None and a.id == b.id
