"""A method called on an instance of a class of another module of the program (`from .refs import Refs`, then
`Refs("acme").ref("net")`, or `refs = Refs("acme")` and `refs.ref("net")`; also `import refs`, `refs.Refs(..)`).

Such a call is a call of the class's method (the linker finds it: pymodules.class_member), followed as a call of the
module's function is, its arguments bound to the method's parameters (what the class's own module makes of the
method, a decorated one or a class made with a metaclass, ..., is said there: methods.py), only when every call
of a method of that instance is seen: the object is made at the call (`Refs(..).ref(..)`), or held by a name bound
once, in a function or at module level of the program's `__main__.py` (another module's may be imported
elsewhere), and used nowhere but as the receiver of its method calls. Otherwise each call of a method of it is a
call with every parameter unknown, saying why (it was: "no call with a known argument", as if never called):
the name bound again, the object handed on, stored, returned (any other use of the name), a module-level name
of another module, `*args` or `**kwargs` at the call. `self.attr` in the method stays unknown (what the
constructor was given is not carried to the method)."""

from __future__ import annotations

import ast
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.python.scopes import Bindings, _names_bound
from stackgraph.inference.frontends.python.syntax import FuncNode, params_of


class PythonFinder(Protocol):
    """What is read here of the Python finder (finder.py, which imports this module)."""

    @property
    def file(self) -> str: ...
    @property
    def nodes(self) -> Sequence[ast.AST]: ...
    @property
    def parent(self) -> Mapping[ast.AST, ast.AST]: ...
    @property
    def imports(self) -> Mapping[str, ir.Import]: ...
    @property
    def modules(self) -> Mapping[str, ir.Module]: ...

    def quoted(self, node: ast.expr | ast.stmt, limit: int = 40) -> str: ...
    def bindings(self) -> Bindings: ...
    def member_module(self, value: ast.expr) -> ir.Module | None: ...
    def _site_guards(self, node: ast.AST) -> tuple[ir.Expr, ...]: ...


@dataclass(frozen=True)
class Held:
    """A call of a method of an instance of a class of another module: the method, and why the call is not
    followed ("": it is)."""

    callee: ir.Import
    why: str


def instance_calls(finder: PythonFinder) -> Iterator[ir.Call]:
    """A call with unknown arguments, saying why, of each method call on an instance of a class of another module
    that is not followed (a followed one is a call as any other: finder._callee)."""
    for func, held in instance_methods(finder).items():
        if held.why:
            every = (("*", ir.Unknown(held.why)),)
            guards = finder._site_guards(func)
            yield ir.Call(held.callee, (), every, func.lineno, reads_open=held.why, guards=guards, on_instance=True)


def instance_methods(finder: PythonFinder) -> dict[ast.expr, Held]:
    """The calls of methods of instances of classes of other modules, by their callee (`refs.ref`), once a file."""
    memo: dict[ast.expr, Held] | None = finder.__dict__.get("_instance_methods")
    if memo is None:
        memo = finder.__dict__["_instance_methods"] = dict(_Names(finder).methods()) if finder.modules else {}
    return memo


class _Names:
    """The uses and bindings of each name of a file, by the scope that binds it (indexed on the first question)."""

    def __init__(self, finder: PythonFinder) -> None:
        self.finder = finder
        self.uses: dict[str, list[ast.AST]] | None = None
        self.held: dict[tuple[str, int], tuple[ir.Module | None, str, str]] = {}

    def methods(self) -> Iterator[tuple[ast.expr, Held]]:
        finder = self.finder
        made = self._made()
        for node in finder.nodes:
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            receiver = node.func.value
            if isinstance(receiver, ast.Call):
                module, cls, why = self.class_of(receiver)
            elif isinstance(receiver, ast.Name) and receiver.id in made:
                module, cls, why = self.instance(receiver)
            else:
                continue
            if module is None or module.under(ir.ModuleKind.PY, "pulumi"):
                continue
            shown = f"`{finder.quoted(node.func)}()` at {finder.file}:{node.lineno}: a method of an instance of {cls}"
            if any(isinstance(a, ast.Starred) for a in node.args) or any(k.arg is None for k in node.keywords):
                why = why or "called with *args or **kwargs"
            why = f"{shown}, a class of another module: {why} (not followed)" if why else ""
            yield node.func, Held(ir.Import(module, node.func.attr), why)

    def _made(self) -> set[str]:
        """The names some `name = value` (`name: T = value`) gives a call on a name imported from another module
        than Pulumi's (`Refs(..)`, `refs.Refs(..)`): only they may hold an instance `instance` follows (`pulumi`,
        `config = pulumi.Config()` are none)."""
        out: set[str] = set()
        for node in self.finder.nodes:
            target = node.targets[0] if isinstance(node, ast.Assign) and len(node.targets) == 1 else None
            target = node.target if isinstance(node, ast.AnnAssign) else target
            value = node.value if isinstance(node, ast.Assign | ast.AnnAssign) else None
            if not isinstance(target, ast.Name) or not isinstance(value, ast.Call):
                continue
            func = value.func
            head = func if isinstance(func, ast.Name) else func.value if isinstance(func, ast.Attribute) else None
            module = self.finder.modules.get(head.id) if isinstance(head, ast.Name) else None
            if module is not None and not module.under(ir.ModuleKind.PY, "pulumi"):  # Pulumi's classes: not followed
                out.add(target.id)
        return out

    def scoped(self, name: ast.Name) -> tuple[ast.AST | None, list[ast.AST], list[ast.AST]]:
        """The scope binding the name `name` reads, its uses there and what binds it there (a parameter too)."""
        if self.uses is None:
            self.uses = {}
            for node in self.finder.nodes:
                for bound in _names_bound(node) or ([node.id] if isinstance(node, ast.Name) else []):
                    self.uses.setdefault(bound, []).append(node)
        bindings = self.finder.bindings()
        mine = bindings.of(name, name.id)
        same = [u for u in self.uses.get(name.id, []) if bindings.of(u, name.id) is mine]
        binds = [u for u in same if not (isinstance(u, ast.Name) and isinstance(u.ctx, ast.Load))]
        if isinstance(mine, FuncNode | ast.Lambda) and name.id in params_of(mine):
            binds.append(mine)
        return mine, same, binds

    def class_of(self, made: ast.expr) -> tuple[ir.Module | None, str, str]:
        """The module of the class `made` makes an instance of (`Refs(..)` after `from refs import Refs`,
        `refs.Refs(..)` after `import refs`), the class as written, and why it may be another ("": it may not,
        the name bound by its import alone); None when `made` is no call of a class imported so."""
        if not isinstance(made, ast.Call):
            return None, "", ""
        func = made.func
        head = func if isinstance(func, ast.Name) else func.value if isinstance(func, ast.Attribute) else None
        if not isinstance(head, ast.Name) or head.id not in self.finder.modules:
            return None, "", ""
        module = self.finder.modules.get(head.id) if head is func else self.finder.member_module(func)
        shown = self.finder.quoted(func)
        mine, _, binds = self.scoped(head)
        if mine is None and len(binds) == 1 and isinstance(binds[0], ast.Import | ast.ImportFrom):
            return module, shown, ""
        lines = ", ".join(str(getattr(b, "lineno", "?")) for b in binds)
        return module, shown, f"`{head.id}` is bound otherwise than by its import (lines {lines})"

    def instance(self, name: ast.Name) -> tuple[ir.Module | None, str, str]:
        """The class of the instance `name` holds (as `class_of`), and why its method calls are not all seen ("":
        they are). None when no binding of it is a new instance of such a class."""
        mine, same, binds = self.scoped(name)
        key = (name.id, id(mine))
        if key not in self.held:
            self.held[key] = self._instance(name.id, mine, same, binds)
        return self.held[key]

    def _instance(
        self, name: str, mine: ast.AST | None, same: list[ast.AST], binds: list[ast.AST]
    ) -> tuple[ir.Module | None, str, str]:
        finder = self.finder
        made = [_assigned(finder, b) for b in binds]
        classes = {found for found in (self.class_of(v) for v in made if v) if found[0] is not None}
        if len(classes) != 1:
            return None, "", ""
        module, cls, why = classes.pop()
        if why:
            return module, cls, why
        if len(binds) > 1:
            lines = ", ".join(str(getattr(b, "lineno", "?")) for b in binds)
            return module, cls, f"`{name}` is bound {len(binds)} times (lines {lines})"
        if mine is None and finder.file.rpartition("/")[2] != "__main__.py":
            return module, cls, f"`{name}` is a name of the module, which another module may import"
        for use in same:
            up = finder.parent.get(use)
            if use in binds or (isinstance(up, ast.Attribute) and getattr(finder.parent.get(up), "func", None) is up):
                continue
            shown = finder.quoted(up) if isinstance(up, ast.expr | ast.stmt) else name
            return module, cls, f"`{name}` is also used at {finder.file}:{getattr(use, 'lineno', 0)} (`{shown}`)"
        return module, cls, ""


def _assigned(finder: PythonFinder, bind: ast.AST) -> ast.expr | None:
    """The value `name = value` (`name: T = value`) gives the name `bind` is the target of; None for another
    binding (a loop variable, a parameter, an import, a tuple unpacked, `del`)."""
    up = finder.parent.get(bind)
    if isinstance(up, ast.Assign) and up.targets == [bind]:
        return up.value
    if isinstance(up, ast.AnnAssign) and up.target is bind:
        return up.value
    return None
