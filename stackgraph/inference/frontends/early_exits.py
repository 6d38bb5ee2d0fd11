"""The early exits before a StackReference (or a call of a helper making one) of a tree-sitter language (TS/JS, Go,
C#, Java): an `if` whose branch always returns or throws, earlier in a block that holds the site, lets the site run
only when its test fails.

    if (pulumi.getStack() === "local") { return; }      // Go: if ctx.Stack() == "local" { return nil }
    const net = new pulumi.StackReference(`acme/net/${pulumi.getStack()}`);   // never for `local`

Only blocks run in order count (a function body, a block, a `case`, the program's top level); the walk up from the
site stops at a declaration that may run before the code around it (a JS `function` declaration is hoisted, a C#
local function, a method), and at nothing else: a closure made after the `if` exists only when it did not return.
A branch that ends in `return`/`throw` or a call that ends the program (`process.exit(1)`, Go `panic(..)`,
`os.Exit`, `log.Fatal*`, C# `Environment.Exit`, Java `System.exit`) exits; one that ends in anything else (a
`break`, a nested `if`) is no exit here,
and a Go `if` with an initializer (`if err := f(); err != nil { return err }`) tests a name bound only there: no
guard. An undecided test (`if err != nil`) keeps the site, as any undecided guard does.
"""

from __future__ import annotations

from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.treesitter import Node, line, text

SEQUENCES = frozenset(
    {
        "program",  # TS/JS top level
        "statement_block",  # TS/JS `{ .. }`
        "switch_case",  # TS/JS
        "switch_default",
        "statement_list",  # Go (in a block or a case)
        "block",  # C#, Java
        "compilation_unit",  # C# top-level statements (each in a global_statement)
        "switch_section",  # C#
        "switch_block_statement_group",  # Java
    }
)
HOISTED = frozenset(
    {
        "function_declaration",  # JS (hoisted); Go (top level anyway)
        "generator_function_declaration",
        "method_definition",  # TS/JS class members
        "class_declaration",
        "local_function_statement",  # C#: callable before it is declared
        "method_declaration",  # C#, Java, Go
        "constructor_declaration",
    }
)
EXITS = frozenset({"return_statement", "throw_statement"})
ENDING_CALLS = frozenset(
    {
        "process.exit",  # TS/JS
        "panic",  # Go (a builtin: a `recover` ends the function, never runs on after the call)
        "os.Exit",
        "log.Fatal",
        "log.Fatalf",
        "log.Fatalln",
        "log.Panic",
        "log.Panicf",
        "log.Panicln",
        "Environment.Exit",  # C#
        "System.Environment.Exit",
        "System.exit",  # Java
    }
)
"""Calls that end the program (or, Go's panics, the function) where they are made: a branch ending in one exits."""
_BLOCKS = frozenset({"statement_block", "block", "statement_list"})


class Testing(Protocol):
    def scope_of(self, node: Node) -> Node | None: ...

    def _test(self, node: Node | None, scope: Node | None, at: int, depth: int) -> ir.Expr: ...


def exit_guards(finder: Testing, cur: Node, child: Node) -> list[ir.Expr]:
    """The negated tests of the `if`s in `cur` (a block) before `child` whose branch always exits."""
    if cur.type not in SEQUENCES:
        return []
    out: list[ir.Expr] = []
    for statement in cur.named_children:
        if statement.start_byte >= child.start_byte:
            break
        if statement.type == "global_statement" and statement.named_child_count == 1:
            statement = statement.named_children[0]
        if statement.type != "if_statement" or statement.child_by_field_name("initializer") is not None:
            continue
        if _exits(statement.child_by_field_name("consequence")):
            cond, scope = statement.child_by_field_name("condition"), finder.scope_of(statement)
            out.append(ir.negated(finder._test(cond, scope, line(statement), 0)))
    return out


def _exits(node: Node | None) -> bool:
    """Whether a branch always returns, throws or ends the program (its last statement does)."""
    while node is not None and node.type in _BLOCKS:
        inner = [c for c in node.named_children if c.type != "comment"]
        node = inner[-1] if inner else None
    if node is not None and node.type == "expression_statement" and node.named_child_count == 1:
        call = node.named_children[0]
        calls = ("call_expression", "invocation_expression")  # TS/JS and Go; C#
        func = call.child_by_field_name("function") if call.type in calls else None
        if call.type == "method_invocation":  # Java: `System.exit(1)`
            obj, name = call.child_by_field_name("object"), call.child_by_field_name("name")
            return obj is not None and name is not None and f"{text(obj)}.{text(name)}" in ENDING_CALLS
        return func is not None and "".join(text(func).split()) in ENDING_CALLS
    return node is not None and node.type in EXITS
