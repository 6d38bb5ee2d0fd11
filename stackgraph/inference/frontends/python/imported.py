"""Which import a name of a Python file is where it is read: an import in a function (or a class body) binds its
name there only (`def f(): from b import make`), hiding the module's import of that name, which the other scopes
read (names.py keeps the module's own in `imports` and `modules`). A name the function binds otherwise (a
parameter, a loop variable, a nested def) is no import there, nor the module's function of that name: its call is
not followed (`def build(make): make("dev")` calls what `build` is given)."""

from __future__ import annotations

import ast
from typing import Any

from stackgraph.inference import ir
from stackgraph.inference.frontends.python.names import PythonNames
from stackgraph.inference.frontends.python.scopes import Bindings


class PythonImports(PythonNames):
    """The part of the Python front-end that tells a function's import from the module's."""

    def local_import(self, name: str, scope: Any) -> ir.Import | ir.Unknown | None:
        """What a call of `name` in `scope` runs when a function (class body) around it binds the name: the function
        `from .. import name` gives (one), else unknown; None when only the module binds it."""
        local = self._local_bindings(name, scope)
        if local is None:
            return self._bound_otherwise(name, scope)
        values = [getattr(value, "value", None) for _, value in local]
        if isinstance(values[0], ir.Import) and all(v == values[0] for v in values):
            return values[0]
        return ir.Unknown(f"the result of {name}(), a name bound at {self.file}:{local[-1][0]} (not followed)")

    def bindings(self) -> Bindings:
        """The names each scope of the file binds (scopes.py), indexed once."""
        if self._bindings is None:
            self._bindings = Bindings(self.nodes, self._scope)
        return self._bindings

    def _bound_otherwise(self, name: str, scope: ast.AST | None) -> ir.Unknown | None:
        """Unknown when a function (lambda, comprehension) around `scope` binds `name` but not by an assignment the
        front-end reads: a parameter, a loop variable, a nested def, `with .. as name`; None when none does."""
        if scope is None or not (name in self.imports or name in self.functions or name in self.classes):
            return None  # a name the module does not give a function: its call is not followed anyway
        binder = self.bindings().within(scope, name)
        if binder is None:
            return None
        args = getattr(binder, "args", None)
        params = [*args.posonlyargs, *args.args, *args.kwonlyargs, args.vararg, args.kwarg] if args else []
        what = "a parameter" if any(a is not None and a.arg == name for a in params) else "a name bound"
        where = f"{self.file}:{getattr(binder, 'lineno', 0)}"
        return ir.Unknown(f"the result of {name}(), {what} of the function at {where} (not followed)")

    def module_named(self, name: str, scope: Any) -> ir.Module | None:
        """The module `name` is where `scope` reads it: the one a function (class body) around it imports as `name`,
        else the module's own import; None when that function binds it otherwise or no module is so imported."""
        local = self._local_bindings(name, scope) if name in self.modules else None
        if local is None:
            return self.modules.get(name)
        found = [getattr(value, "module", None) for _, value in local]
        return found[0] if all(m == found[0] for m in found) else None

    def _local_bindings(self, name: str, scope: ast.AST | None) -> list[tuple[int, ast.expr]] | None:
        """The bindings of `name` in the innermost function (lambda, comprehension, class body) around a read in
        `scope` that binds it; None when none does (the module's)."""
        items = self._seen_assigns(name, scope)
        return None if not items or items is self.assigns[None].get(name) else items
