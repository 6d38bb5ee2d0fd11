"""A helper of a Python file (a module function or helper method holding a StackReference, or a function imported from
another module of the program) used as a value other than an argument: given another name (`f = refs.ref`,
`g = ref`), stored (`{"a": ref}`, `[ref]`), returned, or used as a decorator. The calls made with it are not
followed, so each such use is a call with every parameter unknown, saying where: its site is unresolved there,
never bound from the calls written out alone (they were: `f("zzz")` after `f = refs.ref` was dropped while
`refs.ref("data")` resolved the site). A use as an argument is handed.py's."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.module_escape import every_call
from stackgraph.inference.frontends.python.scopes import Bindings


class EscapeFinder(Protocol):
    """What is read here of the Python finder (finder.py, which imports this module)."""

    @property
    def nodes(self) -> Sequence[ast.AST]: ...
    @property
    def parent(self) -> Mapping[ast.AST, ast.AST]: ...

    def quoted(self, node: ast.expr | ast.stmt, limit: int = 40) -> str: ...
    def _scope(self, node: ast.AST) -> ast.AST | None: ...
    def _callee(self, func: ast.expr, helpers: set[str], scope: ast.AST | None) -> ir.Expr | None: ...
    def _site_guards(self, node: ast.AST) -> tuple[ir.Expr, ...]: ...
    def module_named(self, name: str, scope: Any) -> ir.Module | None: ...
    def _local_bindings(self, name: str, scope: ast.AST | None) -> list[tuple[int, ast.expr]] | None: ...
    def bindings(self) -> Bindings: ...


_NO_CALL = (ast.Compare, ast.JoinedStr, ast.FormattedValue, ast.Expr, ast.keyword, ast.Delete, ast.UnaryOp)
"""Parents under which a name is no value handed on: a test, text, a statement of it alone, a keyword argument
(handed.py)."""


def escaped_helpers(finder: EscapeFinder, helpers: set[str]) -> Iterator[ir.Call]:
    """A call with every parameter unknown at each use of a helper as a value that is no call and no argument."""
    named = helpers | {h.partition("#")[0] for h in helpers}  # `make` of `make#2` (redefined.py)
    for node in finder.nodes:
        if not isinstance(node, ast.Name | ast.Attribute) or not isinstance(node.ctx, ast.Load):
            continue
        if isinstance(node, ast.Name):
            yield from _namespace(finder, node)  # `m = refs`, `use(refs)`, `vars(refs)` after `import refs`
        use = _use(node, finder.parent)
        if use is None:
            continue
        callee = finder._callee(node, named, finder._scope(node))
        if isinstance(callee, ir.Import) and callee.module.under(ir.ModuleKind.PY, "pulumi"):
            continue
        name = finder.quoted(node)
        why = f"'{name}' used as a value there (`{finder.quoted(use, 50)}`), the calls made with it are not followed"
        every = (("*", ir.Unknown(why)),)
        if isinstance(callee, ir.Lit):  # a helper of this file: each of its definitions (`make`, `make#2`)
            for helper in sorted(h for h in helpers if h.partition("#")[0] == callee.value):
                yield ir.Call(ir.Lit(helper), (), every, node.lineno, reads_open=why, guards=finder._site_guards(node))
        elif isinstance(callee, ir.Import):
            yield ir.Call(callee, (), every, node.lineno, reads_open=why, guards=finder._site_guards(node))


def _namespace(finder: EscapeFinder, node: ast.Name) -> Iterator[ir.Call]:
    """A module imported (`import refs`, `import a.b as r`, `from pkg import refs`) used as a value other than reading
    an attribute of it: a call with every parameter unknown of each function it gives (the linker knows which those
    are: none when the name is no module of the program), as the calls made with it are not followed."""
    scope = finder._scope(node)
    module = finder.module_named(node.id, scope)
    if module is None or module.under(ir.ModuleKind.PY, "pulumi"):
        return
    if finder.bindings().of(node, node.id) is not None and finder._local_bindings(node.id, scope) is None:
        return  # a parameter of a function around (`def f(refs)`), no module
    use = _module_use(node, finder.parent)
    if use is None:
        return
    yield every_call(module, node.id, finder.quoted(use, 50), node.lineno, finder._site_guards(node))


def _module_use(node: ast.Name, parent: Mapping[ast.AST, ast.AST]) -> ast.expr | ast.stmt | None:
    """How a module is used when that is as a value (`m = refs`, `use(refs)`, `getattr(refs, n)`, `refs.__dict__`);
    None for a read of an attribute of it, a call of it, a test, text, a statement of it alone, an annotation."""
    up = parent.get(node)
    if up is None or isinstance(up, _NOT_HANDED):
        return None
    if isinstance(up, ast.Attribute):
        return _shown(node, parent) if up.attr == "__dict__" else None
    if isinstance(up, ast.Call) and up.func is node:
        return None
    if isinstance(up, ast.AnnAssign) and up.value is not node:
        return None
    if isinstance(up, ast.keyword):  # `use(m=refs)`: the call
        call = parent.get(up)
        return _shown(call, parent) if isinstance(call, ast.expr) else node
    return _shown(node, parent)


_NOT_HANDED = (ast.Compare, ast.JoinedStr, ast.FormattedValue, ast.Expr, ast.Delete, ast.UnaryOp, ast.arg)
"""Parents under which a module's name hands nothing on: a test, text, a statement of it alone, an annotation."""


def _use(node: ast.expr, parent: Mapping[ast.AST, ast.AST]) -> ast.expr | ast.stmt | None:
    """The expression or statement showing how `node` is used when that is as a value that may be called later; None
    for a call of it, an argument, a read of an attribute of it, an annotation, a test, text."""
    up = parent.get(node)
    if up is None or isinstance(up, _NO_CALL):
        return None
    if isinstance(up, ast.Call):
        return None if up.func is node or any(a is node for a in up.args) else _shown(node, parent)
    if isinstance(up, ast.Attribute):  # `ref.__name__`: no call; `ref.__call__`: one not followed
        return _shown(node, parent) if up.attr == "__call__" else None
    if isinstance(up, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
        return node if any(d is node for d in up.decorator_list) else None  # `@ref`: a call of it with the function
    if isinstance(up, ast.AnnAssign):
        return up if up.value is node else None  # its annotation is no use
    if isinstance(up, ast.arg):
        return None  # a parameter's annotation
    return _shown(node, parent)  # (a parameter's default too: `def build(make=ref)`)


_SIMPLE = (ast.Assign, ast.AnnAssign, ast.AugAssign, ast.Return)


def _shown(node: ast.expr, parent: Mapping[ast.AST, ast.AST]) -> ast.expr | ast.stmt:
    """The statement around `node` when it is a simple one, else the largest expression around it in it."""
    cur: ast.AST = node
    while isinstance(parent.get(cur), ast.expr):
        cur = parent[cur]
    up = parent.get(cur)
    if isinstance(up, _SIMPLE):
        return up
    return cur if isinstance(cur, ast.expr) else node
