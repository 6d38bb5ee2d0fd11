"""Objects a Python program makes of its own classes, and the fields read on them (`stack_info.name`).

A constructor call of a module class (`StackInfo(name=x, ..)`) is an `ir.Record` of the values its fields get,
as Go struct literals and F# records are (`made.made_member` reads a field of one): a dataclass or a NamedTuple
binds each field to its argument (by keyword or position, else the class's default); a class with an `__init__`
gives each `self.<field>` set once there, outside any branch, the value written with the arguments bound. A
field whose value is not certain is unknown, saying why: set again by another method (`__post_init__`) or in a
branch, a property or method of the same name, a base class other than NamedTuple, a default factory.

Other modules read a field through what this file exports: `C().field` for a class, `f().field` for a module
function whose `return` makes such an object (a `Function` of the parameters, with their defaults); another
module's `f(..).field` is an `ir.Apply` of that name to the call's arguments (see `member`).

A tuple a function returns written out (`return realm, env, stack`) is such an object too, its items fields
named by `tuple_item`, read by an unpacking of the call (`_, _, stack = parse()`; not a `*starred` one).
"""

from __future__ import annotations

import ast
from dataclasses import dataclass

from stackgraph.inference import ir
from stackgraph.inference.frontends.python.imported import PythonImports
from stackgraph.inference.frontends.python.syntax import (
    FAR,
    INSTANCE,
    FuncNode,
    Unpacked,
    defaults_of,
    dotted,
    params_of,
)
from stackgraph.inference.made import made_member

DATACLASS = frozenset({"dataclass", "dataclasses.dataclass"})
NAMEDTUPLE = frozenset({"NamedTuple", "typing.NamedTuple"})
PLAIN_BASES = frozenset({"object"})
TUPLE = "tuple"


def tuple_item(index: int, size: int) -> str:
    """The field holding item `index` of a returned tuple of `size` items (the size is part of it: unpacking a
    tuple into another count of names is a ValueError)."""
    return f"[{index} of {size}]"


@dataclass(frozen=True)
class Ctor:
    """What a class's constructor takes and what it gives each field (in terms of `ir.Param`s of `params`)."""

    name: str
    params: tuple[str, ...] = ()
    positional: int = 0  # how many of `params` a call may give by position
    defaults: tuple[tuple[str, ir.Expr], ...] = ()
    fields: tuple[tuple[str, ir.Expr], ...] = ()
    why: str = ""  # why no field of it is known (its constructor is not followed)

    def signature(self) -> ir.Signature:
        return signature(self.params, self.defaults)


def signature(params: tuple[str, ...], defaults: tuple[tuple[str, ir.Expr], ...]) -> ir.Signature:
    """A Python function's parameters and defaults, as `overloads.bind` reads them at a call."""
    return ir.Signature(params, ("",) * len(params), len(params) - len(defaults), False, defaults)


def member(obj: ir.Expr, attr: str) -> ir.Expr | None:
    """`obj.attr` of an object made here (a record), of one of several (a conditional, one of several returns), or
    of the result of a function or class of another module (`Apply` of its exported `f().attr`); None otherwise."""
    if isinstance(obj, ir.Record):
        return made_member(obj, attr)
    if isinstance(obj, ir.Conditional):
        then, orelse = member(obj.then, attr), member(obj.orelse, attr)
        return ir.Conditional(obj.test, then, orelse) if then is not None and orelse is not None else None
    if isinstance(obj, ir.OneOf):
        options = (
            member(o, attr) or ir.Unknown(f"'{attr}' of a value that is not an object made here") for o in obj.options
        )
        return ir.OneOf(obj.why, tuple(options))
    if isinstance(obj, ir.Apply) and isinstance(obj.callee, ir.Import) and obj.made is None and not obj.receiver:
        callee = obj.callee
        if "(" not in callee.name and callee.module.kind is ir.ModuleKind.PY:
            return ir.Apply(ir.Import(callee.module, f"{callee.name}(){INSTANCE}{attr}"), obj.args, names=obj.names)
    return None


def fields_of(obj: ir.Expr) -> tuple[str, ...]:
    """The fields an object made here may have (of every record it may be)."""
    if isinstance(obj, ir.Record):
        return obj.keys
    if isinstance(obj, ir.Conditional):
        return tuple(dict.fromkeys((*fields_of(obj.then), *fields_of(obj.orelse))))
    if isinstance(obj, ir.OneOf):
        return tuple(dict.fromkeys(k for o in obj.options for k in fields_of(o)))
    return ()


class PythonObjects(PythonImports):
    """The part of the Python front-end that makes objects of module classes and reads their fields."""

    def module_class(self, name: str) -> ast.ClassDef | None:
        """The module-level class `name` names: defined once, and the name given no other value at module level
        (answered once per name: a file of thousands of statements asked it at every call)."""
        memo: dict[str, ast.ClassDef | None] = self.__dict__.setdefault("_module_classes", {})
        if name not in memo:
            found = [s for s in self.tree.body if isinstance(s, ast.ClassDef) and s.name == name]
            given = [v for _, v in self.assigns[None].get(name, []) if getattr(v, "defines", None) is None]
            taken = name in self.functions or name in self.imports or given  # (not its own `class` statement)
            memo[name] = found[0] if len(found) == 1 and not taken else None
        return memo[name]

    def returned(self, value: ast.expr, scope: ast.AST | None, line: int, depth: int = 0) -> ir.Expr:
        """What a `return` gives: a tuple written out (`return realm, env, stack`) as a record of its items."""
        if not isinstance(value, ast.Tuple) or any(isinstance(e, ast.Starred) for e in value.elts):
            return self.lower(value, scope, line, depth)
        keys = tuple(tuple_item(i, len(value.elts)) for i in range(len(value.elts)))
        return ir.Record(TUPLE, keys, tuple(self.lower(e, scope, line, depth) for e in value.elts))

    def unpacked_item(self, node: Unpacked, scope: ast.AST | None, depth: int) -> ir.Expr | None:
        """A name of `realm, env, stack = parse()`: its item of the tuple the function returns (None: the call
        makes no object here, or the unpacking is not a plain one)."""
        if node.starred or node.index < 0 or not isinstance(node.source, ast.Call):
            return None
        obj = self.lower(node.source, scope, node.lineno, depth)
        key = tuple_item(node.index, node.targets)
        if isinstance(obj, ir.Record) and obj.kind == TUPLE and key not in obj.keys:
            why = f"{self.quoted(node.source)} returns {len(obj.keys)} values, unpacked into {node.targets} names"
            return ir.Unknown(why)
        return member(obj, key)

    def made(self, cls: ast.ClassDef, call: ast.Call, scope: ast.AST | None, line: int, depth: int) -> ir.Expr:
        """The object `call` makes of `cls`: each field's value with the call's arguments bound."""
        ctor = self.ctor(cls)
        keys = tuple(k for k, _ in ctor.fields)
        if ctor.why:
            return ir.Record(cls.name, keys, tuple(ir.Unknown(ctor.why) for _ in keys))
        binding, why = self._bind(ctor, call, scope, line, depth)
        if why:
            return ir.Record(cls.name, keys, tuple(ir.Unknown(why) for _ in keys))
        return ir.Record(cls.name, keys, tuple(ir.substitute(v, binding) for _, v in ctor.fields))

    def _bind(
        self, ctor: Ctor, call: ast.Call, scope: ast.AST | None, line: int, depth: int
    ) -> tuple[dict[str, ir.Expr], str]:
        """The values `call` gives the parameters of `ctor`, or why they are not known."""
        name = ctor.name
        if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
            return {}, f"{name}(..) made with *args or **kwargs"
        if len(call.args) > ctor.positional:
            return {}, f"{name}(..) given {len(call.args)} arguments by position; it takes {ctor.positional}"
        binding = {p: self.lower(a, scope, line, depth) for p, a in zip(ctor.params, call.args, strict=False)}
        for k in call.keywords:
            if k.arg not in ctor.params or k.arg in binding:
                return {}, f"{name}(..) given '{k.arg}', which it does not take (or twice)"
            binding[k.arg] = self.lower(k.value, scope, line, depth)
        for p, default in ctor.defaults:
            binding.setdefault(p, default)
        missing = [p for p in ctor.params if p not in binding]
        return binding, f"{name}(..) not given '{missing[0]}'" if missing else ""

    def ctor(self, cls: ast.ClassDef) -> Ctor:
        """What `cls`'s constructor takes and gives its fields, worked out once per class."""
        memo: dict[int, Ctor] = self.__dict__.setdefault("_ctors", {})
        if id(cls) not in memo:
            memo[id(cls)] = Ctor(cls.name, why=f"{cls.name}(..), made in terms of itself")  # while it is worked out
            memo[id(cls)] = self._ctor(cls)
        return memo[id(cls)]

    def _ctor(self, cls: ast.ClassDef) -> Ctor:
        kind, why = self._kind(cls)
        init = next((s for s in cls.body if isinstance(s, ast.FunctionDef) and s.name == "__init__"), None)
        if kind != "plain" and init is None:
            ctor = self._declared(cls, kind)
        elif init is not None and kind != "namedtuple":
            ctor = self._initialised(cls, init)
        else:
            ctor = Ctor(cls.name, why=why or f"{cls.name} has no __init__ that sets its fields")
        if why:
            return Ctor(cls.name, fields=tuple((k, ir.Unknown(why)) for k, _ in ctor.fields), why=why)
        return ctor

    def _kind(self, cls: ast.ClassDef) -> tuple[str, str]:
        """("dataclass" | "namedtuple" | "plain", why its fields are not followed ("" when they are))."""
        kind, why = "plain", ""
        for base in cls.bases:
            if dotted(base) in NAMEDTUPLE:
                kind = "namedtuple"
            elif dotted(base) not in PLAIN_BASES:
                why = (
                    why or f"{cls.name} inherits from {self.quoted(base)} (what its fields hold there is not followed)"
                )
        if cls.keywords:
            why = why or f"{cls.name} is made with a metaclass or class arguments (not followed)"
        for deco in cls.decorator_list:
            head = deco.func if isinstance(deco, ast.Call) else deco
            if dotted(head) not in DATACLASS:
                why = why or f"{cls.name} is decorated with {self.quoted(head)} (not followed)"
                continue
            kind = "dataclass"
            for k in deco.keywords if isinstance(deco, ast.Call) else ():
                if k.arg == "init" or (k.arg == "kw_only" and not _false(k.value)):
                    why = why or f"{cls.name} is a dataclass with `{k.arg}=` (not followed)"
        special = {"__new__", "__setattr__", "__getattribute__"} & {getattr(s, "name", "") for s in cls.body}
        if special:
            why = why or f"{cls.name} defines {sorted(special)[0]} (not followed)"
        return kind, why

    def _declared(self, cls: ast.ClassDef, kind: str) -> Ctor:
        """A dataclass's or NamedTuple's fields, from its annotated class attributes."""
        params: list[str] = []
        defaults: list[tuple[str, ir.Expr]] = []
        fields: list[tuple[str, ir.Expr]] = []
        for stmt in cls.body:
            if not (isinstance(stmt, ast.AnnAssign) and isinstance(stmt.target, ast.Name)):
                continue
            note, name = ast.unparse(stmt.annotation), stmt.target.id
            if note.split("[")[0] in ("ClassVar", "typing.ClassVar"):
                continue
            if note.split("[")[0] in ("KW_ONLY", "dataclasses.KW_ONLY", "InitVar", "dataclasses.InitVar"):
                written = self.quoted(stmt.annotation)
                return Ctor(cls.name, why=f"{cls.name} has a field `{name}: {written}` (not followed)")
            value, default = stmt.value, None
            if isinstance(value, ast.Call) and dotted(value.func) in ("field", "dataclasses.field"):
                given = {k.arg: k.value for k in value.keywords}
                if "default_factory" in given or not _false(given.get("init", ast.Constant(True))):
                    why = f"'{name}' of {cls.name}, a dataclass field made by a default_factory or not by __init__"
                    fields.append((name, ir.Unknown(why)))
                    continue
                value = given.get("default")
            if value is not None:
                default = self.lower(value, None, stmt.lineno)
                defaults.append((name, default))
            elif defaults:
                return Ctor(cls.name, why=f"{cls.name}: field '{name}' without a default after one with a default")
            params.append(name)
            fields.append((name, self._own(cls, name) or ir.Param(name)))
        return Ctor(cls.name, tuple(params), len(params), tuple(defaults), tuple(fields))

    def _initialised(self, cls: ast.ClassDef, init: FuncNode) -> Ctor:
        """A class with an `__init__`: the fields it sets once, outside any branch."""
        a = init.args
        if a.vararg or a.kwarg or len(a.posonlyargs) + len(a.args) < 1:
            return Ctor(cls.name, why=f"{cls.name}.__init__ takes *args or **kwargs (not followed)")
        params = params_of(init)[1:]
        positional = len(a.posonlyargs) + len(a.args) - 1
        defaults = tuple((p, self.lower(d, None, init.lineno)) for p, d in defaults_of(init).items())
        fields: list[tuple[str, ir.Expr]] = []
        for (owner, attr), items in sorted(self.attrs.items(), key=lambda item: item[1][0][1]):
            if owner is not cls:
                continue
            method, at, value = items[0]
            why = self._own(cls, attr)
            if why is None and (len(items) > 1 or method is not init):
                places = ", ".join(f"{getattr(m, 'name', '?')}() line {ln}" for m, ln, _ in items)
                why = ir.Unknown(f"'{attr}' of {cls.name}, set in {places}")
            if why is None and (self._branches(value, init, FAR) or _returns_before(init, at)):
                why = ir.Unknown(f"'{attr}' of {cls.name}, set in a branch of __init__ (line {at})")
            fields.append((attr, why or self.lower(value, init, at)))
        return Ctor(cls.name, params, positional, defaults, tuple(fields))

    def _own(self, cls: ast.ClassDef, name: str) -> ir.Unknown | None:
        """Why field `name` of `cls` may not hold the value it is made with: set again by a method (`__post_init__`),
        or a method or property of that name (None: neither)."""
        sets = [(m, ln) for m, ln, _ in self.attrs.get((cls, name), [])]
        if any(getattr(m, "name", "") != "__init__" for m, _ in sets) and not _has_init(cls):
            where = ", ".join(f"{getattr(m, 'name', '?')}() line {ln}" for m, ln in sets)
            return ir.Unknown(f"'{name}' of {cls.name}, set again in {where}")
        if any(isinstance(s, ast.FunctionDef | ast.AsyncFunctionDef) and s.name == name for s in cls.body):
            return ir.Unknown(f"'{name}' of {cls.name}, also a method or property of its class")
        for node in ast.walk(cls):
            if isinstance(node, ast.Call) and dotted(node.func) in ("setattr", "object.__setattr__"):
                return ir.Unknown(
                    f"'{name}' of {cls.name}: its class sets attributes with setattr (line {node.lineno})"
                )
        return None


def _false(node: ast.expr | None) -> bool:
    return isinstance(node, ast.Constant) and node.value is False


def _has_init(cls: ast.ClassDef) -> bool:
    return any(isinstance(s, ast.FunctionDef) and s.name == "__init__" for s in cls.body)


def _returns_before(fn: FuncNode, line: int) -> bool:
    """Whether `fn` may return before `line` (`if x: return`)."""
    return any(isinstance(n, ast.Return) and n.lineno < line for n in ast.walk(fn))
