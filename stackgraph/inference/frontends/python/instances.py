"""A method called on an instance of a class of another module of the program (`from .refs import Refs`, then
`Refs().ref("net")`, or `refs = Refs()` and `refs.ref("net")`): the method the call runs, with its instance bound, is
not followed. Each such call is a call of the class's method (the linker finds it: link.class_member) with every
parameter unknown, saying where, so the reference it makes is unresolved saying why (it was: "no call with a known
argument", as if the program never called it)."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from stackgraph.inference import ir


class PythonFinder(Protocol):
    """What is read here of the Python finder (finder.py, which imports this module)."""

    @property
    def file(self) -> str: ...
    @property
    def nodes(self) -> Sequence[ast.AST]: ...
    @property
    def imports(self) -> Mapping[str, ir.Import]: ...
    @property
    def modules(self) -> Mapping[str, ir.Module]: ...

    def quoted(self, node: ast.expr, limit: int = 40) -> str: ...
    def _scope(self, node: ast.AST) -> ast.AST | None: ...
    def _seen_assigns(self, name: str, scope: ast.AST | None) -> list[tuple[int, ast.expr]]: ...
    def _site_guards(self, node: ast.AST) -> tuple[ir.Expr, ...]: ...


def instance_calls(finder: PythonFinder) -> Iterator[ir.Call]:
    """A call with unknown arguments of the method `Refs.ref` of the module the class is imported from, at each
    `Refs().ref(..)` and `refs.ref(..)` (`refs` given only instances of `Refs`) of a class `Refs` imported by name."""
    if not finder.imports:
        return
    for node in finder.nodes:
        if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
            continue
        cls = _instance_of(finder, node.func.value, finder._scope(node))
        module = finder.modules.get(cls) if cls else None
        if module is None or module.under(ir.ModuleKind.PY, "pulumi"):
            continue
        why = (
            f"`{finder.quoted(node.func)}()` at {finder.file}:{node.lineno}: a method of an instance of {cls}, a class "
            "of another module (not followed)"
        )
        every = (("*", ir.Unknown(why)),)
        callee = ir.Import(module, node.func.attr)
        yield ir.Call(callee, (), every, node.lineno, reads_open=why, guards=finder._site_guards(node))


def _instance_of(finder: PythonFinder, value: ast.expr, scope: ast.AST | None) -> str | None:
    """The imported name of the class `value` is a new instance of (`Refs()`, or a name given only `Refs()`)."""
    made = [value]
    if isinstance(value, ast.Name):
        made = [v for _, v in finder._seen_assigns(value.id, scope)]
    names = {m.func.id for m in made if isinstance(m, ast.Call) and isinstance(m.func, ast.Name)}
    if len(names) != 1 or len(made) != sum(isinstance(m, ast.Call) for m in made):
        return None
    name = names.pop()
    return name if name in finder.imports and not finder._seen_assigns(name, scope) else None
