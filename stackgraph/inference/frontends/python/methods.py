"""Methods of the module classes of a Python file, followed as module functions are (`Refs.name("net")`).

A call runs a method known statically when its receiver names the class itself (`Refs.name(..)`, a static or class
method), a new instance of it (`Refs().name(..)`), or, inside a method of the class, its `cls` or `self` (only when
no class of the file extends it: on a subclass, `cls.name` may run an override; nor any other module of the
program, which the linker checks: see `closed` and subclassed.py). The class is a module class
(`module_class`) that is neither decorated (but `@dataclass`) nor made with a metaclass, extends nothing but
`object`, `NamedTuple` or another such class of the file (a method not in its body is its base's), and whose methods
the file sets no other way (`Refs.name = ..`, `setattr`). The method is defined once in the class, undecorated or
`@staticmethod` / `@classmethod`, and its name bound nowhere else in the class body nor set as an attribute
anywhere in the file (but `self.<name>` outside the class's methods). Anything else is not followed: the call's
result, or a parameter the StackReference in the method uses, is unknown saying why at file:line.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from stackgraph.inference import ir
from stackgraph.inference.frontends.python.decorators import decorated, wrapped, wrapping
from stackgraph.inference.frontends.python.objects import DATACLASS, NAMEDTUPLE, PLAIN_BASES, PythonObjects
from stackgraph.inference.frontends.python.syntax import FuncNode, dotted, params_of


@dataclass(frozen=True)
class Method:
    """A method a call runs: its class, its definition, and how it is bound ("staticmethod", "classmethod", or
    "" for an instance method, whose first parameter is the instance)."""

    cls: ast.ClassDef
    fn: FuncNode
    kind: str

    @property
    def name(self) -> str:
        """The helper name of the method (`Refs.name`), unique in its file."""
        return f"{self.cls.name}.{self.fn.name}"

    @property
    def skip(self) -> int:
        """How many leading parameters a call does not give (`cls`, `self`)."""
        return 0 if self.kind == "staticmethod" else 1

    @property
    def params(self) -> tuple[str, ...]:
        return params_of(self.fn)[self.skip :]


class PythonMethods(PythonObjects):
    """The part of the Python front-end that knows which method of a class of the file a call runs."""

    def called_method(self, func: ast.expr, scope: ast.AST | None) -> Method | str | None:
        """The method `func` (the callee of a call) runs; why it is not known (a str naming file and line) when
        the receiver is a class of the file, one of its instances, or its `cls` / `self`; None for any other call."""
        if not isinstance(func, ast.Attribute):
            return None
        receiver, on = func.value, ""
        if not self.classes:
            return None  # no class of the file: the cheap answer for most calls
        if isinstance(receiver, ast.Name) and receiver.id in self.classes and self._unshadowed(receiver.id, scope):
            cls, on = self.module_class(receiver.id), "class"
        elif isinstance(receiver, ast.Call) and isinstance(receiver.func, ast.Name):
            known = receiver.func.id in self.classes and self._unshadowed(receiver.func.id, scope)
            cls, on = self.module_class(receiver.func.id) if known else None, "instance"
        elif isinstance(receiver, ast.Name):
            cls, on = self._bound_class(receiver.id, scope)
            if cls is None:  # `helper = Helper()` then `helper.ref(..)`
                cls, on = self._held_instance(receiver.id, scope), "instance"
        else:
            return None
        if cls is None:
            return None
        shown = f"`{self.quoted(func)}()` at {self.file}:{func.lineno}"
        own = self.method_of(scope) if on in ("cls", "self", "other") else None
        if isinstance(own, str):  # `cls` of a method whose own calls are not followed (decorated: what is it?)
            return f"{shown}: `{dotted(receiver)}` of a method whose calls are not followed: {own}"
        if on == "other":
            return None
        found = self.class_method(cls, func.attr)
        if isinstance(found, str):
            return f"{shown}: {found}"
        if on in ("cls", "self"):
            sub = self.subclass_of(cls)
            if sub is not None:
                return (
                    f"{shown}: {cls.name} has a subclass {sub.name} ({self.file}:{sub.lineno}), so "
                    f"`{dotted(receiver)}` may be one of it, whose '{func.attr}' may be another (not followed)"
                )
        if on in ("class", "cls") and found.kind == "":
            return f"{shown}: {found.name} is an instance method, called on a class (not followed)"
        if on in ("cls", "self"):  # sound only if no other module extends it: the linker checks (subclassed.py)
            closed = self.__dict__.setdefault("_closed", {})  # from the method (`_bound_class`) to the one it runs
            closed[_span(scope), _span(found.fn), (cls.name, shown, dotted(receiver) or "", func.attr)] = None
        return found

    def member_module(self, value: ast.expr) -> ir.Module | None:
        """The module `refs.Refs` for the receiver of `refs.Refs.ref(..)` after `import refs` (a submodule, or a
        class of `refs`: the linker tries both, see pymodules.class_member); None for any other receiver, or a module of
        pulumi, a provider, os or sys."""
        if not (isinstance(value, ast.Attribute) and isinstance(value.value, ast.Name)):
            return None
        module = self.modules.get(value.value.id)
        if module is None or module.under(ir.ModuleKind.PY, "pulumi") or module.path in ("os", "sys"):
            return None
        return ir.Module(ir.ModuleKind.PY, f"{module.path}.{value.attr}")

    def method_symbols(self) -> dict[str, ir.Expr]:
        """What other modules call as `Refs.name(..)` (after `from refs import Refs`): each static or class method of
        a module class with one `return`, as a function of the parameters its calls give; unknown, saying why, when
        such a call is not followed (an instance method, a decorator, ...)."""
        out: dict[str, ir.Expr] = {}
        for cls in (s for s in self.tree.body if isinstance(s, ast.ClassDef) and self.module_class(s.name) is s):
            for fn in (s for s in cls.body if isinstance(s, FuncNode)):
                found = self.class_method(cls, fn.name)
                key = f"{cls.name}.{fn.name}"
                if isinstance(found, str) or found.kind == "":
                    why = found if isinstance(found, str) else f"{key} is an instance method, called on a class"
                    out[key] = ir.Unknown(f"the result of {key}(): {why}" + " (not followed)" * (found != why))
                    continue
                returns = [n for n in ast.walk(fn) if isinstance(n, ast.Return) and self._scope(n) is fn]
                if len(returns) == 1 and returns[0].value is not None and found.fn is fn:
                    body = self.lower(returns[0].value, fn, returns[0].lineno)
                    unbound: dict[str, ir.Expr] = {
                        p: ir.Unknown(f"'{p}' of {key}(), an object") for p in params_of(fn)[: found.skip]
                    }
                    out[key] = ir.Function(found.params, ir.substitute(body, unbound))
        return out

    def followed(self, node: ast.AST) -> tuple[FuncNode, int] | None:
        """The method a callee (`Refs.out`) runs or a definition is, when its calls are followed, and how many of
        its parameters a call does not give (helper_keys.py); None otherwise."""
        found = self.method_of(node) if isinstance(node, FuncNode) else None
        if isinstance(node, ast.expr):
            found = self.called_method(node, self._scope(node))
        return (found.fn, found.skip) if isinstance(found, Method) else None

    def class_method(self, cls: ast.ClassDef, name: str, hops: int = 0) -> Method | str:
        """The method `name` of `cls` (its own, else its base's), or why it is not known (once per pair)."""
        memo: dict[tuple[int, str], Method | str] = self.__dict__.setdefault("_class_methods", {})
        key = (id(cls), name)
        if key not in memo:
            memo[key] = self._class_method(cls, name, hops)
        return memo[key]

    def _class_method(self, cls: ast.ClassDef, name: str, hops: int) -> Method | str:
        why = self._dynamics(cls)
        if why:
            return why
        sets = self.attrs.get((cls, name))
        if sets:
            return f"{cls.name} sets `self.{name}` ({self.file}:{sets[0][1]}: not followed)"
        store = next((n for n in self._index_of().stores.get(name, []) if dotted(n.value) != "self"), None)
        if store is not None:
            return f"`{self.quoted(store)}` is set at {self.file}:{store.lineno} (a method of that name: not followed)"
        defined = _bindings(cls, name)
        if not defined:
            base = self.module_class(dotted(cls.bases[0]) or "") if len(cls.bases) == 1 else None
            if base is not None and hops < 10:
                return self.class_method(base, name, hops + 1)
            where = f"{self.file}:{cls.lineno}"
            return f"{cls.name} has no method '{name}' of its own ({where}: inherited or set at run time, not followed)"
        return self._defined(cls, name, defined)

    def _defined(self, cls: ast.ClassDef, name: str, defined: list[ast.stmt | ast.expr]) -> Method | str:
        """The method the bindings `defined` of `name` in the body of `cls` make, or why it is not known."""
        fn = defined[0]
        where = f"{self.file}:{fn.lineno}"
        if len(defined) > 1:
            where = f"{self.file}:{defined[1].lineno}"
            return f"'{name}' is bound {len(defined)} times in the body of {cls.name} ({where}: not followed)"
        if not isinstance(fn, FuncNode) or fn not in cls.body:
            return f"{cls.name}.{name} is not a method defined with `def` ({where}: not followed)"
        kind, deco = wrapping(self, fn, method=True)  # `@staticmethod`, `@functools.cache`, ... (decorators.py)
        if deco is not None:
            return decorated(self, f"{cls.name}.{name}", deco)
        if kind != "staticmethod" and not (fn.args.posonlyargs or fn.args.args):
            return f"{cls.name}.{name} takes no `self` or `cls` ({where}: not followed)"
        return Method(cls, fn, kind)

    def method_of(self, fn: ast.AST | None) -> Method | str | None:
        """The method `fn` is, as its class's calls run it (why not, when it is a method of a module class the
        calls cannot be followed to); None when `fn` is no method of a module class."""
        cls = self.parent.get(fn) if isinstance(fn, FuncNode) else None
        if not isinstance(cls, ast.ClassDef) or self.module_class(cls.name) is not cls:
            return None
        found = self.class_method(cls, fn.name)  # type: ignore[union-attr]  # fn: a FuncNode (cls is set)
        return found if isinstance(found, str) or found.fn is fn else None

    def takes_self(self, fn: ast.AST | None, func: str | None) -> bool:
        """Whether the helper `func` is the instance method `fn` (`def ref(self, ..)`, not `__init__` of a class called
        by its name): a call of it on its class from another module gives it no `self` (not followed: selfless.py)."""
        found = self.method_of(fn)
        return isinstance(found, Method) and found.kind == "" and found.name == func

    def unbound(self, name: ir.Expr, fn: FuncNode, why: str | None) -> ir.Expr:
        """The name of a site in a method (or a decorated module function) whose calls are not followed (`why`, None:
        its class is no module class): each parameter it uses unknown, saying why, not left for calls that never
        bind it."""
        cls = self.parent.get(fn)
        where = f"{self.file}:{getattr(cls, 'lineno', fn.lineno)}"
        why = why or f"{getattr(cls, 'name', '?')} is not a class defined once at module level ({where})"
        kind = "method" if isinstance(cls, ast.ClassDef) else "function"
        return ir.substitute(
            name,
            {
                p: ir.Unknown(f"parameter '{p}' of the {kind} {fn.name}(), whose calls are not followed: {why}")
                for p in ir.params_in(name)
            },
        )

    def unwrapped(self, name: str) -> ir.Unknown | None:
        """The result of a call of the module function `name` when its decorators are not followed (decorators.py)."""
        why = wrapped(self, self.functions[name])
        return ir.Unknown(f"the result of {name}(): {why}") if why else None

    def closed(self, line: int) -> ir.Closed:
        """The `cls.x()` / `self.x()` calls run as methods of their class only because no class of the file extends
        it, in the method holding `line` and the methods they run in turn: one for each class and name `x`, the
        nearest first."""
        found: dict[tuple[Span, Span, tuple[str, str, str, str]], None] = self.__dict__.get("_closed", {})
        methods = [_span(f) for c in self._index_of().classes for f in c.body if isinstance(f, FuncNode)]
        todo = sorted({m for m in methods if m[0] <= line <= m[1]}, key=lambda m: -m[0])  # innermost first
        seen, out = set(todo), dict[tuple[str, str], tuple[str, str, str, str]]()
        while todo:
            span = todo.pop(0)
            for caller, runs, made in found:
                if caller == span:
                    out.setdefault((made[0], made[3]), made)
                    todo += [] if runs in seen else [runs]
                    seen.add(runs)
        return tuple(out.values())

    def subclass_of(self, cls: ast.ClassDef) -> ast.ClassDef | None:
        """The first class of the file that names `cls` among its bases (`class Sub(Refs)`, `class Sub(m.Refs)`)."""
        memo: dict[int, ast.ClassDef | None] = self.__dict__.setdefault("_subclass_of", {})
        if id(cls) not in memo:
            classes = self._index_of().classes
            memo[id(cls)] = next(
                (c for c in classes if any((dotted(b) or "").rpartition(".")[2] == cls.name for b in c.bases)), None
            )
        return memo[id(cls)]

    def _dynamics(self, cls: ast.ClassDef) -> str:
        """`_dynamic`, once per class (a class among its own bases: not followed)."""
        memo: dict[int, str] = self.__dict__.setdefault("_dynamic_memo", {})
        if id(cls) not in memo:
            memo[id(cls)] = f"{cls.name} extends itself ({self.file}:{cls.lineno}: not followed)"
            memo[id(cls)] = self._dynamic(cls)
        return memo[id(cls)]

    def _dynamic(self, cls: ast.ClassDef) -> str:
        """Why the methods of `cls` may not be those its body defines ("" when they are)."""
        where = f"{self.file}:{cls.lineno}"
        if cls.keywords:
            return f"{cls.name} is made with a metaclass or class arguments ({where}: not followed)"
        for deco in cls.decorator_list:
            head = deco.func if isinstance(deco, ast.Call) else deco
            if dotted(head) not in DATACLASS:
                return f"{cls.name} is decorated with @{self.quoted(head)} ({where}: not followed)"
        special = {"__new__", "__getattribute__", "__init_subclass__"} & {getattr(s, "name", "") for s in cls.body}
        if special:
            return f"{cls.name} defines {sorted(special)[0]} ({where}: not followed)"
        for base in cls.bases:
            name = dotted(base) or ""
            own = self.module_class(name)
            if name not in PLAIN_BASES and name not in NAMEDTUPLE and own is None:
                return f"{cls.name} inherits from {self.quoted(base)} ({where}: not followed)"
            if own is not None and self._dynamics(own):
                return f"{cls.name} inherits from {own.name}: {self._dynamics(own)}"
        setter = self._index_of().setattr
        if setter is not None:
            return f"the file sets attributes with setattr ({self.file}:{setter.lineno}: not followed)"
        return ""

    def _index_of(self) -> _Index:
        """The classes, attribute stores and first `setattr` of the file (one walk, on the first question)."""
        found: _Index | None = self.__dict__.get("_method_index")
        if found is None:
            found = self.__dict__["_method_index"] = _index(self.nodes)
        return found

    def _unshadowed(self, name: str, scope: ast.AST | None) -> bool:
        """Whether `name`, read in `scope`, is the module's (no function around it binds it)."""
        cur = scope
        while cur is not None:
            if self.assigns.get(cur, {}).get(name) or name in params_of(cur):
                return False
            cur = self._scope(cur)
        return True

    def _bound_class(self, name: str, scope: ast.AST | None) -> tuple[ast.ClassDef | None, str]:
        """The class whose class (`cls` of a class method) or instance (`self` of an instance method) `name` is,
        read in `scope` (the method itself, the name not assigned there), and "cls" or "self"; None otherwise."""
        cls = self.parent.get(scope) if isinstance(scope, FuncNode) else None
        if not isinstance(cls, ast.ClassDef) or self.module_class(cls.name) is not cls:
            return None, ""
        fn: FuncNode = scope  # type: ignore[assignment]  # a FuncNode: cls is set
        first = (*fn.args.posonlyargs, *fn.args.args)[:1]
        kind, deco = wrapping(self, fn, method=True)
        if not first or first[0].arg != name or self.assigns.get(fn, {}).get(name) or kind == "staticmethod":
            return None, ""
        return cls, "other" if deco is not None else "cls" if kind == "classmethod" else "self"

    def _held_instance(self, name: str, scope: ast.AST | None) -> ast.ClassDef | None:
        """The module class a new instance of which `name` holds, bound once in the scopes it is read from, set by no
        function (`global`) and given no attribute (`helper = Helper(env)`); None otherwise."""
        cur = scope
        while not (items := self.assigns.get(cur, {}).get(name, [])) and cur is not None:
            if isinstance(cur, FuncNode | ast.Lambda) and name in params_of(cur):
                return None
            cur = self._scope(cur)
        made = items[0][1] if len(items) == 1 else None
        if not (isinstance(made, ast.Call) and isinstance(made.func, ast.Name) and made.func.id in self.classes):
            return None
        if any(held == name for held, _ in self.mutated) or self._global_in_function(name) is not None:
            return None
        return self.module_class(made.func.id) if self._unshadowed(made.func.id, cur) else None


Span = tuple[int, int]  # the first and last line of a method


def _span(node: ast.AST | None) -> Span:
    return getattr(node, "lineno", 0), getattr(node, "end_lineno", 0) or 0


@dataclass(frozen=True)
class _Index:
    classes: list[ast.ClassDef]  # every class of the file, nested ones too
    stores: dict[str, list[ast.Attribute]]  # the attributes the file sets or deletes (`Refs.name = ..`), by name
    setattr: ast.Call | None  # the first call of setattr, delattr, object.__setattr__, type.__setattr__


SETTERS = frozenset({"setattr", "delattr", "object.__setattr__", "type.__setattr__"})


def _index(nodes: list[ast.AST]) -> _Index:
    classes: list[ast.ClassDef] = []
    stores: dict[str, list[ast.Attribute]] = {}
    setter: ast.Call | None = None
    for node in nodes:
        if isinstance(node, ast.ClassDef):
            classes.append(node)
        elif isinstance(node, ast.Attribute) and not isinstance(node.ctx, ast.Load):
            stores.setdefault(node.attr, []).append(node)
        elif setter is None and isinstance(node, ast.Call) and dotted(node.func) in SETTERS:
            setter = node
    return _Index(classes, stores, setter)


def _bindings(cls: ast.ClassDef, name: str) -> list[ast.stmt | ast.expr]:
    """What binds `name` in the scope of the class body (a `def`, a class, an assignment, an import, a `del`, in
    an `if` or a loop there too), in the order written."""
    out: list[ast.stmt | ast.expr] = []
    todo: list[ast.AST] = list(cls.body)
    while todo:
        node = todo.pop()
        if isinstance(node, FuncNode | ast.ClassDef):
            out.extend([node] if node.name == name else [])
            continue  # its body is another scope
        if isinstance(node, ast.Lambda | ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            continue
        stored = isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load)
        imported = isinstance(node, ast.Import | ast.ImportFrom) and any(
            (a.asname or a.name.split(".")[0]) == name for a in node.names
        )
        if stored or imported:
            out.append(node)  # type: ignore[arg-type]  # a Name or an import: an expression or a statement
        todo.extend(ast.iter_child_nodes(node))
    return sorted(out, key=lambda n: (n.lineno, n.col_offset))
