"""Module functions of a Python file holding a StackReference, given as an argument instead of called
(`map(net_ref, names)`, `executor.submit(net_ref, name)`): the calls made with them are not followed, so each such use
is a call with unknown arguments and its reference unresolved, saying where, never dropped (it was: only the calls
written out were references)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Iterable, Iterator, Mapping

from stackgraph.inference import ir
from stackgraph.inference.frontends.python.syntax import FuncNode, params_of

Scope = Callable[[ast.AST], ast.AST | None]


def handed_helpers(
    nodes: Iterable[ast.AST],
    functions: Mapping[str, FuncNode],
    helpers: set[str],
    assigns: Mapping[ast.AST | None, Mapping[str, object]],
    scope_of: Scope,
) -> Iterator[ir.Call]:
    """A call of a helper of `helpers` (a module function with parameters) at each place it is an argument of a
    call, read where no function around binds its name."""
    for node in nodes:
        if not isinstance(node, ast.Call):
            continue
        for arg in (*node.args, *(k.value for k in node.keywords)):
            if not isinstance(arg, ast.Name) or arg.id not in helpers:
                continue
            fn = functions.get(arg.id)
            if fn is None or not params_of(fn) or _local(arg.id, scope_of(arg), assigns, scope_of):
                continue
            why = f"'{arg.id}' given as a value there, the calls made with it are not followed"
            unknown = ir.Unknown(why)
            yield ir.Call(ir.Lit(arg.id), tuple(unknown for _ in params_of(fn)), (), arg.lineno, reads_open=why)


def _local(name: str, scope: ast.AST | None, assigns: Mapping[ast.AST | None, Mapping[str, object]], up: Scope) -> bool:
    while scope is not None:
        if name in assigns.get(scope, {}) or (isinstance(scope, FuncNode | ast.Lambda) and name in params_of(scope)):
            return True
        scope = up(scope)
    return False
