"""The calls that run a function of the file holding a StackReference: a site (or helper call) in a function the
module declares and never exports runs only when a call of that function does, so it takes the tests around those
calls (each call's `if`s, `?:` arms, `&&`/`||` and `switch` clauses, site_guards.py), joined by `or`.

    export = async () => {
        switch (pulumi.getStack()) {
            case "base": return baseStack();   // the StackReference in baseStack runs for `base` only
            default: return envStack();
        }
    };
    function baseStack() { const net = new pulumi.StackReference("acme/net/base"); ... }

Before, such a site counted for every stack (dev got an edge to net/base). Only when every use of the function's
name in the file is a plain call `f(..)`: exported (`export function`, `export { f }`, `module.exports`), used as a
value (`run(f)`, `{ f }`, `f.call(..)`), declared twice or shadowed by another binding of the name, its sites keep
every stack, as a call that always runs does (a call at module level outside any test, or in the function itself).
A call in another function of the file takes the tests around it there, not the calls of that function.
"""

from __future__ import annotations

from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.guard_logic import Uses, any_call
from stackgraph.inference.frontends.treesitter import Node, parse, text, walk

FUNCTION_VALUES = frozenset({"arrow_function", "function_expression", "function"})
NAME_TYPES = frozenset(
    {"identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern", "type_identifier"}
)


class Guarding(Protocol):
    root: Node

    def _site_guards(self, node: Node) -> tuple[ir.Expr, ...]: ...


def call_guards(finder: Guarding, node: Node, memo: dict[int, ir.Expr | None]) -> ir.Expr | None:
    """The `or` of the tests around each call of the module-level function holding `node` (None: no such function,
    or one call of it may always run); `memo`: per function, by its node."""
    found = _module_function(node)
    if found is None:
        return None
    statement, name = found
    if statement.id not in memo:
        memo[statement.id] = None  # while its calls are read: a call in a function it calls does not loop
        memo[statement.id] = _calls_test(finder, statement, name)
    return memo[statement.id]


def _module_function(node: Node) -> tuple[Node, str] | None:
    """The statement of the module-level function holding `node` (`function f() {..}`, `const f = () => {..}`, not
    exported) and its name."""
    child, cur = node, node.parent
    while cur is not None and cur.type != "program":
        child, cur = cur, cur.parent
    return _declared(child, node) if cur is not None else None


def _declared(child: Node, node: Node) -> tuple[Node, str] | None:
    """The function a module-level statement `child` declares, holding `node`, and its name."""
    if child.type not in ("function_declaration", "lexical_declaration", "variable_declaration"):
        return None
    if child.type == "function_declaration":
        name = child.child_by_field_name("name")
        return (child, text(name)) if name is not None else None
    declarators = [c for c in child.named_children if c.type == "variable_declarator"]
    value = declarators[0].child_by_field_name("value") if len(declarators) == 1 else None
    name = declarators[0].child_by_field_name("name") if len(declarators) == 1 else None
    if value is None or name is None or value.type not in FUNCTION_VALUES or name.type != "identifier":
        return None
    if not _inside(node, value):
        return None  # the site is in the declaration's other parts (a type, a default), not the body
    return child, text(name)


def _inside(node: Node, outer: Node) -> bool:
    return bool(outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte)


def _calls_test(finder: Guarding, statement: Node, name: str) -> ir.Expr | None:
    """The `or` of the tests of every call of `name` in the file; None when a use is no plain call or a call has
    no test."""
    own = statement.child_by_field_name("name")
    if own is None:
        own = next((c.child_by_field_name("name") for c in statement.named_children), None)
    calls: list[tuple[ir.Expr, ...]] = []
    for use in walk(finder.root):
        if use.type not in NAME_TYPES or text(use) != name or (own is not None and use.id == own.id):
            continue
        call = use.parent
        function = call.child_by_field_name("function") if call is not None else None
        if call is None or call.type != "call_expression" or function is None or function.id != use.id:
            return None  # exported, used as a value, or another binding of the name
        if _inside(call, statement):
            continue  # the function calling itself: it runs already
        tests = finder._site_guards(call)
        if not tests:
            return None  # a call that may always run
        calls.append(tests)
    if not calls:
        return None  # never called here: left as it was (it may run in ways not read)
    return any_call(calls)


def ts_held(finder: Guarding, node: Node) -> str:
    """The name of the exported module-level function holding `node` (`export function f() {..}`, `export const f =
    () => {..}`, not a default export) when the file names it nowhere else: other modules import and call it, and
    inference reads the tests of those calls (`Site.held`); "" otherwise."""
    child, cur = node, node.parent
    while cur is not None and cur.type != "program":
        child, cur = cur, cur.parent
    declaration = child.child_by_field_name("declaration") if child.type == "export_statement" else None
    if cur is None or declaration is None or any(c.type == "default" for c in child.children):
        return ""
    found = _declared(declaration, node)
    if found is None:
        return ""
    statement, name = found
    memo: dict[int, bool] = finder.__dict__.setdefault("_held", {})
    if statement.id not in memo:
        memo[statement.id] = not any(
            use.type in NAME_TYPES and text(use) == name and not _inside(use, statement) for use in walk(finder.root)
        )
    return name if memo[statement.id] else ""


VALUE_TYPES = frozenset({"identifier", "property_identifier", "shorthand_property_identifier"})
"""The nodes naming a function another module may call by that name: as a value, not as what a call calls."""


def value_names(language: str, text_: str) -> Uses | None:
    """The names a TypeScript/JavaScript module uses otherwise than as the function of a call (`run(f)`, `{ f }`,
    `const g = lib.f`), with the name an import gives under another (`import { f as g }`: f); the names of imports
    and exports themselves (`import { f }`, `export { f } from`) are no such use. With the names and members it
    calls and their lines, its imports and exports under another name and its strings (guard_logic.py `Uses`).
    None: a module object is used as a value (`Object.values(m)`, `m[name]` after `import * as m` or `const m =
    require(..)`), which may call any of its functions."""
    names: set[str] = set()
    aliases: dict[str, str] = {}
    calls: set[tuple[str, int]] = set()
    nodes = list(walk(parse(language, text_)))
    modules = {text(n) for n in nodes if n.type == "identifier" and _names_module(n)}
    strings = frozenset(text(n) for n in nodes if n.type == "string_fragment")
    for node in nodes:
        if node.type == "call_expression":
            _note_call(node, calls)
        if node.type in {"import_specifier", "export_specifier"}:
            original, alias = node.child_by_field_name("name"), node.child_by_field_name("alias")
            if original is not None and alias is not None:
                aliases[text(alias)] = text(original)
        elif not _note_value(node, modules, names):
            return None
    values = frozenset(names | {aliases[n] for n in names if n in aliases})
    renamed = frozenset((name, alias) for alias, name in aliases.items())
    return Uses(values, frozenset(calls), renamed, strings)


BINDERS = {
    "function_declaration": "name",
    "generator_function_declaration": "name",
    "class_declaration": "name",
    "variable_declarator": "name",
    "required_parameter": "pattern",
    "optional_parameter": "pattern",
}
"""The nodes declaring a name, and the field holding it: a declaration is no use of another module's function."""


def _note_value(node: Node, modules: set[str], names: set[str]) -> bool:
    """The name `node` uses as a value, if it does, into `names`; False: it is a module object used as a value."""
    parent = node.parent
    if node.type not in VALUE_TYPES or parent is None or parent.type in ("import_specifier", "export_specifier"):
        return True
    if parent.type in BINDERS and parent.child_by_field_name(BINDERS[parent.type]) == node:
        return True  # a name this file declares (`function deploy() {..}` of its own): no use of another's
    if node.type == "identifier" and text(node) in modules and not _names_module(node):
        objected = parent.type == "member_expression" and parent.child_by_field_name("object") == node
        if not objected:
            return False
    if parent.type == "member_expression" and node.type == "property_identifier":
        parent, node = (parent.parent, parent) if parent.parent is not None else (parent, node)
    function = parent.child_by_field_name("function") if parent.type == "call_expression" else None
    if function is None or function.id != node.id:
        names.add(text(node) if node.type != "member_expression" else _last(node))
    return True


def _note_call(call: Node, calls: set[tuple[str, int]]) -> None:
    """The name a call calls (`f(..)`, `m.f(..)`, `m.f?.(..)`, f`..`), with its line, into `calls`."""
    function = call.child_by_field_name("function")
    if function is not None and function.type == "member_expression":
        function = function.child_by_field_name("property")
    if function is not None and function.type in ("identifier", "property_identifier"):
        calls.add((text(function), call.start_point[0] + 1))


def _names_module(node: Node) -> bool:
    """Whether the identifier `node` binds a module object: `import * as m`, `const m = require(..)`."""
    parent = node.parent
    if parent is not None and parent.type == "namespace_import":
        return True
    if parent is None or parent.type != "variable_declarator" or parent.child_by_field_name("name") != node:
        return False
    value = parent.child_by_field_name("value")
    function = value.child_by_field_name("function") if value is not None and value.type == "call_expression" else None
    return function is not None and text(function) == "require"


def _last(member: Node) -> str:
    prop = member.child_by_field_name("property")
    return text(prop) if prop is not None else ""
