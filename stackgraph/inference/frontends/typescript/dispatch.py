"""The stacks a `require(..)` / `import(..)` of a TypeScript/JavaScript file runs for (`FileFacts.guarded`).

Two shapes choose a module by the stack (Valor-Net/pulumi-aws loads `infra/services/staging.ts` only for the
stack `staging-services`):
- a module-level `if` on the stack around the call (`if (getStack() === "prod") { require("./prod") }`, also
  `module.exports = require("./prod")` there), or a `switch` clause (`case "prod": require("./prod"); break;`),
- a map of loaders read by one key: `const stackMap = { "dev": () => require("./dev"), ... }` and every use of
  `stackMap` is `stackMap[key]` with the same key: the loader of `"dev"` runs only where `key == "dev"`.
Any other place (a function, a class, a map used otherwise: `Object.values(stackMap)`) is unguarded: the module
counts for every stack, as before. A key that cannot be decided keeps the module for every stack (`admit`).
"""

from __future__ import annotations

from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.switch_guards import CLAUSES, clause_guard
from stackgraph.inference.frontends.treesitter import Node, line, text, walk
from stackgraph.inference.frontends.typescript.syntax import FUNCTIONS, string_value, unwrap

PASS = frozenset(
    {"expression_statement", "statement_block", "parenthesized_expression", "await_expression", "else_clause",
     "arguments", "call_expression", "member_expression", "variable_declarator", "lexical_declaration",
     "variable_declaration", "try_statement", "catch_clause", "finally_clause", "return_statement",
     "assignment_expression", "switch_body", "switch_statement"}
)  # fmt: skip
"""Nodes between a loading call and the `if`, `switch` clause or loader around it that run it whenever they run
(`module.exports = require("./stacks/prod")`: the right of an assignment)."""


class Lowering(Protocol):
    root: Node
    mutated: set[str]

    def scope_of(self, node: Node) -> Node | None: ...

    def lower(self, node: Node | None, scope: Node | None, at: int, depth: int = 0) -> ir.Expr: ...

    def _test(self, node: Node | None, scope: Node | None, at: int, depth: int) -> ir.Expr: ...


def load_guards(finder: Lowering, call: Node) -> tuple[ir.Expr, ...]:
    """The tests that must hold for `call` (a `require`/`import` of a literal path) to run; () when it may run
    for every stack."""
    tests: list[ir.Expr] = []
    child, cur = call, call.parent
    while cur is not None and cur.type != "program":
        if cur.type == "if_statement":
            arm, other = cur.child_by_field_name("consequence"), cur.child_by_field_name("alternative")
            taken = arm is not None and arm.id == child.id
            if not taken and (other is None or other.id != child.id):
                return ()  # in the condition itself: runs whenever the `if` does
            test = finder._test(cur.child_by_field_name("condition"), finder.scope_of(cur), line(cur), 0)
            tests.append(test if taken else ir.negated(test))
        elif cur.type in CLAUSES:  # `case "prod": require("./prod"); break;`
            guard = clause_guard(finder, cur, child)
            if guard is not None:
                tests.append(guard)
        elif cur.type in FUNCTIONS:
            chosen = _chosen(finder, cur)
            return (*tests, chosen) if chosen is not None else ()
        elif cur.type not in PASS:
            return ()
        child, cur = cur, cur.parent
    return tuple(tests)


def _chosen(finder: Lowering, loader: Node) -> ir.Expr | None:
    """`key == "dev"` for the loader `"dev": () => require(..)` of a module-level const map that is only read by
    one key (`stackMap[key]`); None for any other function."""
    if loader.type not in ("arrow_function", "function_expression", "function"):
        return None
    pair = loader.parent
    table = pair.parent if pair is not None and pair.type == "pair" else None
    decl = table.parent if table is not None and table.type == "object" else None
    if (
        pair is None
        or decl is None
        or decl.type != "variable_declarator"
        or unwrap(decl.child_by_field_name("value")) != table
    ):
        return None
    keyed = pair.child_by_field_name("key")
    key = None if keyed is None else string_value(keyed) if keyed.type == "string" else text(keyed)
    name = decl.child_by_field_name("name")
    holder = decl.parent
    if key is None or keyed is None or keyed.type not in ("string", "property_identifier") or name is None:
        return None
    if name.type != "identifier" or holder is None or holder.type != "lexical_declaration" or holder.parent is None:
        return None
    if holder.parent.type != "program" or not text(holder).startswith("const") or text(name) in finder.mutated:
        return None
    reads = _reads(finder, text(name), name)
    if reads is None or len(set(reads)) != 1:
        return None
    return ir.Eq(reads[0], ir.Lit(key))


def _reads(finder: Lowering, name: str, declared: Node) -> list[ir.Expr] | None:
    """The keys of each use of `name` (`name[key]`, lowered where it is read); None when one is not such a read."""
    out: list[ir.Expr] = []
    for node in walk(finder.root):
        if node.type != "identifier" or node.id == declared.id or text(node) != name:
            continue
        sub = node.parent
        if sub is None or sub.type != "subscript_expression" or sub.child_by_field_name("object") != node:
            return None
        index = sub.child_by_field_name("index")
        if index is None or finder.scope_of(sub) is not None:
            return None  # a read inside a function: which key it is given is not known here
        out.append(finder.lower(index, None, line(sub)))
    return out or None
