"""A helper of a TypeScript or JavaScript file (a file-level function holding a StackReference, or a function imported
from another module of the program) used as a value other than an argument: given another name (`const f = r.net`,
`const g = net`), stored (`{ net }`, `[net]`, `{ a: net }`), returned, or run through `net.call(..)` / `.apply` /
`.bind`. The calls made with it are not followed, so each such use is a call with every parameter unknown, saying
where: its site is unresolved there, never bound from the calls written out alone (they were: `f("zzz")` after
`const f = r.net` was dropped while `r.net("data")` resolved the site). A use as an argument is handed.py's."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.module_escape import every_call
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text, walk
from stackgraph.inference.frontends.typescript.syntax import FUNCTIONS, unwrap


class EscapeFinder(Protocol):
    """What is read here of the TypeScript finder (finder.py, which imports this module)."""

    @property
    def file(self) -> str: ...
    @property
    def root(self) -> Node: ...
    @property
    def functions(self) -> dict[str, Node]: ...
    @property
    def imported_names(self) -> dict[str, ir.Import]: ...
    @property
    def modules(self) -> dict[str, ir.Module]: ...

    def _declared(self, name: str, scope: Node | None) -> Node | None: ...
    def _local(self, name: str, scope: Node | None) -> bool: ...
    def _imported_callee(self, func: Node) -> ir.Import | None: ...
    def binder(self, name: str, scope: Node | None) -> Node | None: ...
    def params(self, scope: Node) -> tuple[str, ...]: ...
    def scope_of(self, node: Node) -> Node | None: ...
    def _site_guards(self, node: Node) -> tuple[ir.Expr, ...]: ...


_RUNS = frozenset({"call", "apply", "bind"})
"""Methods of a function that run it (or make another function running it)."""

_NO_VALUE = frozenset({"import_specifier", "export_specifier", "namespace_import", "import_clause", "type_query",
                       "template_substitution", "arguments", "required_parameter", "optional_parameter",
                       "formal_parameters", "export_statement", "labeled_statement", "break_statement",
                       "continue_statement"})  # fmt: skip
"""Parents under which a name is no value handed on: imports and exports (followed by the linker), types,
text, arguments (handed.py), parameters, labels."""

_TESTS = frozenset({"==", "===", "!=", "!==", "instanceof", "in", "+", "-", "*", "/", "<", ">", "<=", ">="})


def escaped_helpers(finder: EscapeFinder, helpers: set[str]) -> Iterator[ir.Call]:
    """A call with every parameter unknown at each use of a helper as a value that is no call and no argument."""
    for node in walk(finder.root):
        if node.type not in ("identifier", "shorthand_property_identifier", "member_expression"):
            continue
        if text(node) in finder.modules and node.type in ("identifier", "shorthand_property_identifier"):
            yield from _destructured(finder, node)  # `const { net } = r`
            yield from _namespace(finder, node)  # `use(r)`, `const m = r`, `{ r }`
            continue
        use = _use(node)
        if use is None:
            continue
        name = text(node)
        why = f"'{name}' used as a value there (`{shape(use, 50)}`), the calls made with it are not followed"
        if node.type != "member_expression" and name in helpers:
            value = unwrap(finder._declared(name, None))
            fn = finder.functions.get(name) or (value if value is not None and value.type in FUNCTIONS else None)
            if fn is None or not finder.params(fn) or finder._local(name, finder.scope_of(node)):
                continue
            unknown = ir.Unknown(why)
            yield ir.Call(ir.Lit(name), tuple(unknown for _ in finder.params(fn)), (), line(node), reads_open=why)
            continue
        callee = _imported(finder, node)
        if callee is not None:
            every = (("*", ir.Unknown(why)),)
            yield ir.Call(callee, (), every, line(node), reads_open=why, guards=finder._site_guards(node))


def _destructured(finder: EscapeFinder, node: Node) -> Iterator[ir.Call]:
    """`const { net, dns: d } = r`, `r` a module of the program: a call with every parameter unknown of each function
    taken out of it (`net`, `dns`), under a name whose calls are not followed."""
    up = node.parent
    pattern = up.child_by_field_name("name") if up is not None and up.type == "variable_declarator" else None
    value = up.child_by_field_name("value") if up is not None else None
    module = finder.modules[text(node)]
    if pattern is None or pattern.type != "object_pattern" or value is None or value.id != node.id:
        return
    if module.path.startswith("@pulumi/") or finder.binder(text(node), finder.scope_of(node)) is not None:
        return
    for item in pattern.named_children:
        key = item if item.type == "shorthand_property_identifier_pattern" else item.child_by_field_name("key")
        if key is None or item.type not in ("shorthand_property_identifier_pattern", "pair_pattern"):
            continue
        why = (
            f"'{text(node)}.{text(key)}' used as a value there (`{shape(up, 50)}`), the calls made with it are not "
            "followed"
        )
        every = (("*", ir.Unknown(why)),)
        yield ir.Call(ir.Import(module, text(key)), (), every, line(node), reads_open=why)


def _namespace(finder: EscapeFinder, node: Node) -> Iterator[ir.Call]:
    """A module of the program imported as a namespace (`import * as r`, `const r = require(..)`) used as a value
    other than reading a member of it: a call with every parameter unknown of each function it gives (the linker
    knows which those are), as the calls made with it are not followed."""
    module = finder.modules[text(node)]
    if module.path.startswith("@pulumi/") or finder.binder(text(node), finder.scope_of(node)) is not None:
        return
    use = _namespace_use(node)
    if use is None:
        return
    yield every_call(module, text(node), shape(use, 50), line(node), finder._site_guards(node))


def _namespace_use(node: Node) -> Node | None:
    """The expression showing how a module namespace is used when that is as a value; None for a read of a member
    of it (`r.net`, `r.net(..)`, the type `r.Net`), its import or declaration, `typeof r`, a test, text, a
    destructuring (`const { net } = r`: _destructured)."""
    up = node.parent
    if up is None or (up.type in _NO_VALUE and up.type not in _HANDED_ON) or up.type in _TYPES:
        return None
    if up.type in ("member_expression", "call_expression", "new_expression"):
        callee = up.child_by_field_name("object") or up.child_by_field_name("function")
        if callee is not None and callee.id == node.id:
            return None  # `r.net`, `r[..]` is a subscript_expression: a use
    if up.type == "variable_declarator":
        name = up.child_by_field_name("name")
        if name is None or name.id == node.id or name.type == "object_pattern":
            return None
    elif any((n := up.child_by_field_name(f)) is not None and n.id == node.id for f in ("left", "key", "label")):
        return None
    if up.type == "unary_expression" or (up.type == "binary_expression" and _operator(up) in _TESTS):
        return None
    return up.parent or up if up.type == "arguments" else _statement(node)


_TYPES = frozenset({"nested_type_identifier", "nested_identifier", "type_annotation", "generic_type"})
"""Parents under which a module's name is a type (`r.Net`)."""
_HANDED_ON = frozenset({"arguments", "export_specifier", "export_statement"})
"""Parents under which a module's name is handed on: an argument, an export (`export { r }`, `export default r`:
the linker follows no member of a namespace so exported)."""


def _imported(finder: EscapeFinder, node: Node) -> ir.Import | None:
    if node.type != "shorthand_property_identifier":
        return finder._imported_callee(node)
    found = finder.imported_names.get(text(node))  # `{ net }`: the imported `net`, unless a function around binds it
    if found is None or found.module.path.startswith("@pulumi/"):
        return None
    return found if finder.binder(text(node), finder.scope_of(node)) is None else None


def _use(node: Node) -> Node | None:
    """The expression showing how `node` is used when that is as a value that may be called later; None for a call
    of it, an argument, a declaration or import of its name, a read of a property that does not run it, a test."""
    up = node.parent
    if up is None or up.type in _NO_VALUE:
        return None
    if up.type in ("call_expression", "new_expression"):
        callee = up.child_by_field_name("function") or up.child_by_field_name("constructor")
        return None if callee is not None and callee.id == node.id else up
    if up.type == "member_expression":
        obj, prop = up.child_by_field_name("object"), up.child_by_field_name("property")
        if obj is None or obj.id != node.id:
            return None  # `x.net`: a property of another object
        return up.parent or up if prop is not None and text(prop) in _RUNS else None
    for field in ("name", "left", "key", "label"):  # `function net`, `const net =`, `net = ..`: no read of it
        named = up.child_by_field_name(field)
        if named is not None and named.id == node.id:
            return None
    if up.type == "unary_expression" or (up.type == "binary_expression" and _operator(up) in _TESTS):
        return None  # `typeof net`, `net === undefined`
    if _exported_as_itself(node):
        return None  # `module.exports = { net }`, `exports.net = net`: calls of `net` in other modules are followed
    return _statement(node)


def _exported_as_itself(node: Node) -> bool:
    """Whether `node` is a CommonJS export under its own name: `module.exports = { net }` (or `{ net: net }`),
    `exports.net = net`, `module.exports.net = net` (the linker finds the calls of `r.net` by that name)."""
    name, up = text(node), node.parent
    if up is not None and up.type == "pair":
        key = up.child_by_field_name("key")
        if key is None or text(key) != name:
            return False
        up = up.parent
    elif up is not None and up.type == "assignment_expression":
        left = up.child_by_field_name("left")
        written = "".join(text(left).split()) if left is not None else ""
        return written in (f"exports.{name}", f"module.exports.{name}")
    if up is None or up.type != "object" or up.parent is None or up.parent.type != "assignment_expression":
        return False
    left = up.parent.child_by_field_name("left")
    return left is not None and "".join(text(left).split()) == "module.exports"


def _operator(node: Node) -> str:
    op = node.child_by_field_name("operator")
    return text(op) if op is not None else ""


def _statement(node: Node) -> Node:
    """The smallest statement or declarator around `node`, to show the use."""
    cur = node
    while cur.parent is not None and not (cur.type.endswith("statement") or cur.type in _SHOWN):
        if cur.parent.type in ("for_in_statement", "for_statement", "if_statement", "while_statement"):
            return cur  # `for (const f of [net])`: `[net]`
        cur = cur.parent
    return cur


_SHOWN = frozenset({"variable_declarator", "assignment_expression", "arrow_function"})
