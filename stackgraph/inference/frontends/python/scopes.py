"""Which scope a name of a Python file is bound in, so that the reads of `ref` in one function are not charged to a
`ref` of another (`def network(): ref = StackReference(a)` and `def database(): ref = StackReference(b)`, each
reading its own keys). A name is local to a function (or lambda, or comprehension) that assigns it, takes it as
a parameter, imports it or defines it, unless the function declares it `global` or `nonlocal`; a use in a scope
that does not bind it is the enclosing scope's, up to the module. Class bodies are not scopes for the functions
in them (Python's rule), and are left out as the rest of the front-end does."""

from __future__ import annotations

import ast
from collections.abc import Callable

from stackgraph.inference.frontends.python.syntax import Comprehension

ScopeOf = Callable[[ast.AST], ast.AST | None]
DEFINES = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


class Bindings:
    """The names each scope of one file binds itself (indexed once per file)."""

    def __init__(self, nodes: list[ast.AST], scope_of: ScopeOf) -> None:
        self.scope_of = scope_of
        self.bound: dict[int, set[str]] = {}  # id of a scope -> the names it binds
        declared: dict[int, set[str]] = {}  # `global` / `nonlocal` names of each scope
        for node in nodes:
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                args = node.args
                params = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg]
                self._bind(node, {a.arg for a in params if a is not None})
            for name in _names_bound(node):
                self._bind(scope_of(node), {name})
            if isinstance(node, ast.Global | ast.Nonlocal):
                declared.setdefault(id(scope_of(node)), set()).update(node.names)
        for scope, names in declared.items():
            self.bound.get(scope, set()).difference_update(names)

    def _bind(self, scope: ast.AST | None, names: set[str]) -> None:
        if scope is not None:  # the module binds every name no function does
            self.bound.setdefault(id(scope), set()).update(names)

    def of(self, node: ast.AST, name: str) -> ast.AST | None:
        """The scope whose `name` the use or assignment at `node` is: None for the module's."""
        return self.within(self.scope_of(node), name)

    def within(self, scope: ast.AST | None, name: str) -> ast.AST | None:
        """The innermost scope from `scope` outwards that binds `name`: None for the module's."""
        while scope is not None and name not in self.bound.get(id(scope), ()):
            scope = self.scope_of(scope)
        return scope

    def same(self, site: ast.AST, name: str) -> Callable[[ast.AST], bool]:
        """Whether a node uses the `name` the site at `site` is assigned to (`name` a plain name)."""
        mine = self.of(site, name)
        return lambda node: self.of(node, name) is mine


def _names_bound(node: ast.AST) -> list[str]:
    """The names `node` binds in the scope it is in (a comprehension's targets bind in the comprehension)."""
    if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store | ast.Del):
        return [node.id]
    if isinstance(node, DEFINES):
        return [node.name]
    if isinstance(node, ast.Import | ast.ImportFrom):
        return [(a.asname or a.name.split(".")[0]) for a in node.names if a.name != "*"]
    if isinstance(node, ast.ExceptHandler) and node.name:
        return [node.name]
    if isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
        return [node.name]
    if isinstance(node, ast.MatchMapping) and node.rest:
        return [node.rest]
    return []


def class_of(node: ast.AST, parent: dict[ast.AST, ast.AST]) -> ast.ClassDef | None:
    """The class whose body runs the code at `node` itself (its statements, the first iterable of a comprehension in
    it, the defaults and decorators of its methods), which reads and binds the class's names; None for code in a
    function, lambda or comprehension (they skip the class, Python's rule) or outside any class."""
    child, cur, via_iter = node, parent.get(node), False
    while cur is not None:
        if isinstance(cur, ast.ClassDef) and isinstance(child, ast.stmt):  # its body (not a base nor a decorator)
            return cur
        if isinstance(cur, ast.FunctionDef | ast.AsyncFunctionDef) and isinstance(child, ast.stmt):
            return None
        if isinstance(cur, ast.Lambda) and child is cur.body:
            return None
        if isinstance(cur, Comprehension) and not (via_iter and child is cur.generators[0]):
            return None  # (the first iterable runs in the scope around the comprehension)
        via_iter = isinstance(cur, ast.comprehension) and child is cur.iter
        child, cur = cur, parent.get(cur)
    return None
