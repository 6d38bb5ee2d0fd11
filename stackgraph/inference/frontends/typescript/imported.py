"""The reads one TypeScript/JavaScript file makes on the names it imports from other modules (`FileFacts.name_reads`).

`import { net } from "./refs"` then `net.getOutput("k")` (an alias, a default import, a destructured `require`
alike), and `import * as refs from "./refs"` (or `const refs = require("./refs")`) then `refs.net.getOutput("k")`:
the keys, the line of the first read of each, and the first use that passes the name on. The linker adds them to
the site another module holds in that name (`export const net = new StackReference(..)`: shared.py). A whole
module used as a value (`use(refs)`, `refs[k]`, `export { refs }`, `export * as refs from`, an `import("./refs")` or
a `require("./refs")` not bound at module level) passes every name of it on: a read of `*`, always open. Pulumi's
own packages are left out.
"""

from __future__ import annotations

from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.name_reads import NameReads
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text
from stackgraph.inference.frontends.typescript.reads import TypeScriptReads, _is, _up
from stackgraph.inference.frontends.typescript.syntax import OUTPUT_READS, string_value

LOADERS = frozenset({"import", "require"})


class Importer(Protocol):
    """What the finder knows of a file's imports (names.py)."""

    file: str
    root: Node
    imported_names: dict[str, ir.Import]
    modules: dict[str, ir.Module]
    calls: list[Node]
    read_uses: TypeScriptReads

    def scope_of(self, node: Node) -> Node | None: ...


def imported_reads(finder: Importer) -> tuple[ir.NameRead, ...]:
    """The reads of one file on the names it imports (see the module docstring), by module and name."""
    uses = finder.read_uses
    found = NameReads(uses.lines)
    add = found.add
    for local, imp in finder.imported_names.items():
        if not _pulumi(imp.module):
            keys, why = uses.held(local, returned=False)
            add(imp, keys, why, local)
    stars: dict[ir.Module, str] = {}
    for alias, module in finder.modules.items():
        if _pulumi(module):
            continue
        for node in uses.uses_of(alias):
            member = _up(node)
            prop = member.child_by_field_name("property") if member is not None else None
            if member is None or prop is None or member.type != "member_expression":
                why = uses.escape(node, returned=False)  # the module itself used as a value
                stars[module] = stars.get(module) or why
                continue
            if not _is(member.child_by_field_name("object"), node) or text(prop) in OUTPUT_READS:
                continue
            call = _up(member)
            if (
                call is not None
                and call.type == "call_expression"
                and _is(call.child_by_field_name("function"), member)
            ):
                continue  # `refs.make(..)`: a call, whose reads are the call's (FileFacts.calls)
            base = f"{alias}.{text(prop)}"
            key, why = uses.use(member, returned=False)
            keys = uses.keys.get(base, set()) | ({key} if key is not None else set())
            add(ir.Import(module, text(prop)), keys, uses.opened.get(base, "") or why, base)
    for module, why in _loaded(finder):
        stars[module] = stars.get(module) or why
    return found.reads(ir.NameRead(ir.Import(module, "*"), (), why) for module, why in stars.items() if why)


def _loaded(finder: Importer) -> list[tuple[ir.Module, str]]:
    """The modules a file loads as a whole value it does not bind at module level (`await import("./refs")`,
    `require("./refs").net`, `export * as refs from "./refs"`), each with where."""
    out = []
    for call in finder.calls:
        func, args = call.child_by_field_name("function"), call.child_by_field_name("arguments")
        first = args.named_children[0] if args is not None and args.named_children else None
        spec = string_value(first) if func is not None and text(func) in LOADERS and first is not None else None
        if spec is None or spec.startswith("@pulumi/"):
            continue
        if text(func) == "require" and _bound(_up(call), finder):
            continue  # `const { net } = require(..)` (names.py), `const refs = require(..)` at module level
        why = f"`{shape(call)}` at {finder.file}:{line(call)} (the module {spec} loaded as a value: not followed)"
        out.append((ir.Module(ir.ModuleKind.JS, spec), why))
    for node in finder.root.named_children:  # `export * as refs from "./refs"`: a statement of the module
        source = node.child_by_field_name("source") if node.type == "export_statement" else None
        spec = string_value(source) if source is not None else None
        if spec is not None and any(c.type == "namespace_export" for c in node.named_children):
            why = f"`{shape(node)}` at {finder.file}:{line(node)} (a whole module passed on: not followed)"
            out.append((ir.Module(ir.ModuleKind.JS, spec), why))
    return out


def _bound(up: Node | None, finder: Importer) -> bool:
    """Whether a module loaded by `require(..)` is bound to names the finder follows: destructured, or held in a
    variable at module level (a module alias)."""
    name = up.child_by_field_name("name") if up is not None and up.type == "variable_declarator" else None
    return up is not None and name is not None and (name.type == "object_pattern" or finder.scope_of(up) is None)


def _pulumi(module: ir.Module) -> bool:
    return module.path.startswith("@pulumi/")
