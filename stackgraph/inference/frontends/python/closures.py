"""A StackReference in a closure a module function returns (`def make(): def inner(): ..; return inner`) runs only
when what `make()` returns is called. `never_called` says when the file surely does not call it."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping, Sequence

FuncNode = ast.FunctionDef | ast.AsyncFunctionDef


def never_called(
    scope: ast.AST | None,
    scope_of: Callable[[ast.AST], ast.AST | None],
    functions: Mapping[str, FuncNode],
    nodes: Sequence[ast.AST],
    parent: Mapping[ast.AST, ast.AST],
) -> str:
    """`make` when `scope` (the function holding a site) is a function `inner`, without decorators, that the
    module-level function `make` only returns (`return inner`), and this file never calls what `make()` returns:
    each call of `make` is a statement of its own or assigned to a local name never read; "" otherwise (a call
    `make()()`, the result or `make` itself handed on or read: it may run). Other modules may call it: __init__.py."""
    if not isinstance(scope, FuncNode) or scope.decorator_list:
        return ""
    outer = scope_of(scope)
    if not isinstance(outer, FuncNode) or functions.get(outer.name) is not outer:
        return ""
    uses = [n for n in ast.walk(outer) if isinstance(n, ast.Name) and n.id == scope.name]
    if not uses or any(not isinstance(parent.get(n), ast.Return) or scope_of(n) is not outer for n in uses):
        return ""
    read: set[str] = {n.id for n in nodes if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load)}
    makes = [n for n in nodes if isinstance(n, ast.Name) and n.id == outer.name and isinstance(n.ctx, ast.Load)]
    return outer.name if all(_discarded(n, scope_of, parent, read) for n in makes) else ""


def _discarded(
    node: ast.Name, scope_of: Callable[[ast.AST], ast.AST | None], parent: Mapping[ast.AST, ast.AST], read: set[str]
) -> bool:
    """Whether `make` read at `node` is called and its result dropped: `make()` as a statement, or `x = make()` in a
    function where `x` is never read (anything else: handed on, stored, or a module variable others may import)."""
    call = parent.get(node)
    if not (isinstance(call, ast.Call) and call.func is node):
        return False
    up = parent.get(call)
    if isinstance(up, ast.Expr):
        return True
    if not isinstance(up, ast.Assign) or scope_of(up) is None:
        return False
    return all(isinstance(t, ast.Name) and t.id not in read for t in up.targets)
