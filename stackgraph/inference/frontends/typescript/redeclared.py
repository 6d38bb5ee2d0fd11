"""Why a TS/JS helper binds no call: declared again (`function make` twice: hoisting makes the last one run for every
call) or a `let` given several functions (which one a call runs is not followed)."""

from __future__ import annotations

from typing import Protocol

from stackgraph.inference.frontends.treesitter import Node, line


class Finder(Protocol):
    """What is read of the TypeScript finder (finder.py)."""

    file: str
    functions: dict[str, Node]
    decls: dict[int, dict[str, list[tuple[int, Node]]]]

    def function_name(self, scope: Node) -> str | None: ...

    def scope_of(self, node: Node) -> Node | None: ...


def declared_again(finder: Finder, scope: Node | None) -> str:
    """Why a site's file-level helper binds no call: a `function` declared again (the last runs for every call,
    made before it too: hoisting), or a `let` function assigned again (which one a call runs is not followed)."""
    while scope is not None and finder.function_name(scope) is None:
        scope = finder.scope_of(scope)
    name = finder.function_name(scope) if scope is not None and scope.type != "method_definition" else None
    if scope is None or name is None:
        return ""
    last, values = finder.functions.get(name), finder.decls.get(0, {}).get(name, [])
    if scope.type != "function_declaration":
        where = ", ".join(f"{finder.file}:{at}" for at, _ in values)
        return (
            f"`{name}` is given more than one function ({where}): which one a call runs is not followed"
            if len(values) > 1
            else ""
        )
    if last is None or last.type != "function_declaration" or last.id == scope.id:
        return ""
    return f"never called: `{name}` is declared again at {finder.file}:{line(last)} (the last one runs for every call)"
