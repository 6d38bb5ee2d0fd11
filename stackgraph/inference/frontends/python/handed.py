"""Module functions of a Python file holding a StackReference, given as an argument instead of called
(`map(net_ref, names)`, `executor.submit(net_ref, name)`): the calls made with them are not followed, so each such use
is a call with unknown arguments and its reference unresolved, saying where, never dropped (it was: only the calls
written out were references). The same for a function imported from another module (`from refs import ref`, then
`map(ref, names)`: each of its parameters unknown, the linker finds the helper), and for a helper method called on a
parameter (`def use(h): h.ref("x")`: which class `h` is an instance of is not followed), and StackReference itself
given as an argument (`make(pulumi.StackReference, name)`): a site whose name is unknown, saying where."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.python.syntax import FuncNode, params_of


class PythonFinder(Protocol):
    """What is read here of the Python finder (finder.py, which imports this module)."""

    @property
    def file(self) -> str: ...
    @property
    def nodes(self) -> Sequence[ast.AST]: ...
    @property
    def functions(self) -> Mapping[str, FuncNode]: ...
    @property
    def assigns(self) -> Mapping[ast.AST | None, Mapping[str, object]]: ...

    def quoted(self, node: ast.expr, limit: int = 40) -> str: ...
    def called_method(self, func: ast.expr, scope: ast.AST | None) -> object: ...
    def _scope(self, node: ast.AST) -> ast.AST | None: ...
    def _callee(self, func: ast.expr, helpers: set[str], scope: ast.AST | None) -> ir.Expr | None: ...
    def _site_guards(self, node: ast.AST) -> tuple[ir.Expr, ...]: ...
    def _is_stack_reference(self, func: ast.expr, *, subclass: bool = True, depth: int = 0) -> bool: ...


def handed_helpers(finder: PythonFinder, helpers: set[str]) -> Iterator[ir.Call]:
    """A call of a helper of `helpers` (a module function with parameters, or one another module may hold) at each
    place it is an argument of a call, read where no function around binds its name; and a call with unknown
    arguments of each helper method of `helpers` called on a parameter."""
    methods: dict[str, list[str]] = {}  # `ref`: `Helper.ref`, and the helper methods of that name of other classes
    for h in sorted(h for h in helpers if "." in h and "#" not in h):
        methods.setdefault(h.rpartition(".")[2], []).append(h)
    for node in finder.nodes:
        if not isinstance(node, ast.Call):
            continue
        if methods and isinstance(node.func, ast.Attribute) and node.func.attr in methods:
            for helper in methods[node.func.attr]:
                yield from _on_parameter(finder, node, node.func, helper)
        for arg in (*node.args, *(k.value for k in node.keywords)):
            yield from _handed(finder, arg, helpers)


def class_values(finder: PythonFinder) -> Iterator[ir.Site]:
    """A site at each argument of a call that is StackReference itself (not of `isinstance` and the like, which make
    none): what is made with it is unknown."""
    for node in finder.nodes:
        if not isinstance(node, ast.Call) or (isinstance(node.func, ast.Name) and node.func.id in _TESTS):
            continue
        for arg in (*node.args, *(k.value for k in node.keywords)):
            if isinstance(arg, ast.Name | ast.Attribute) and finder._is_stack_reference(arg, subclass=False):
                why = (
                    f"`{finder.quoted(arg)}` given as a value at {finder.file}:{arg.lineno}, the StackReferences made "
                    "with it are not followed"
                )
                shown, guards = finder.quoted(arg), finder._site_guards(arg)
                yield ir.Site(finder.file, arg.lineno, ir.Unknown(why), shown, "python", reads_open=why, guards=guards)


_TESTS = frozenset({"isinstance", "issubclass", "cast", "type"})
"""Functions given a class that make no instance of it."""


def _handed(finder: PythonFinder, arg: ast.expr, helpers: set[str]) -> Iterator[ir.Call]:
    name = arg.id if isinstance(arg, ast.Name) else finder.quoted(arg) if isinstance(arg, ast.Attribute) else ""
    why = f"'{name}' given as a value there, the calls made with it are not followed"
    if isinstance(arg, ast.Name) and arg.id in helpers:
        fn = finder.functions.get(arg.id)
        if fn is None or not params_of(fn) or _local(arg.id, finder._scope(arg), finder.assigns, finder):
            return
        unknown = ir.Unknown(why)
        yield ir.Call(ir.Lit(arg.id), tuple(unknown for _ in params_of(fn)), (), arg.lineno, reads_open=why)
    elif isinstance(arg, ast.Name | ast.Attribute):  # `ref` of `from refs import ref`, `refs.ref` of `import refs`
        callee = finder._callee(arg, set(), finder._scope(arg))
        if isinstance(callee, ir.Import) and not callee.module.under(ir.ModuleKind.PY, "pulumi"):
            every = (("*", ir.Unknown(why)),)
            yield ir.Call(callee, (), every, arg.lineno, reads_open=why, guards=finder._site_guards(arg))


def _on_parameter(finder: PythonFinder, node: ast.Call, func: ast.Attribute, helper: str) -> Iterator[ir.Call]:
    """`h.ref(..)` on a parameter `h` of a function around: it may run the helper method `helper` (`Helper.ref`)."""
    scope = finder._scope(node)
    if not isinstance(func.value, ast.Name) or finder.called_method(func, scope) is not None:
        return  # a receiver whose class is known (`self`, `Helper()`, `helper = Helper()`): its calls are followed
    cur = scope
    while cur is not None and func.value.id not in finder.assigns.get(cur, {}):
        if isinstance(cur, FuncNode | ast.Lambda) and func.value.id in params_of(cur):
            why = (
                f"`{finder.quoted(func)}()` at {finder.file}:{node.lineno} may run {helper}(): a method called on the "
                f"parameter '{func.value.id}', whose class is not followed"
            )
            every = (("*", ir.Unknown(why)),)
            yield ir.Call(ir.Lit(helper), (), every, node.lineno, reads_open=why, guards=finder._site_guards(node))
            return
        cur = finder._scope(cur)


def _local(
    name: str, scope: ast.AST | None, assigns: Mapping[ast.AST | None, Mapping[str, object]], up: PythonFinder
) -> bool:
    while scope is not None:
        if name in assigns.get(scope, {}) or (isinstance(scope, FuncNode | ast.Lambda) and name in params_of(scope)):
            return True
        scope = up._scope(scope)
    return False
