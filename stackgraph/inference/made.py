"""Objects made where a name is built: Java `new Setup(a, b)` is a call of `Setup.new` with its arguments, and its
fields are what the constructor of that arity gives them, exported by the class's file as `Setup.new/2.<field>`
(a `Function` of the constructor's parameters); a Go struct literal or an F# record expression is an
`ir.Record` that holds its fields. Used by the front-ends, refs (binding a parameter to a made object) and
evaluate (a method called on one).
"""

from __future__ import annotations

from collections.abc import Callable

from stackgraph.inference import overloads
from stackgraph.inference.ir import (
    GLOBAL,
    Apply,
    Expr,
    Function,
    Import,
    Overloads,
    Param,
    Record,
    Select,
    Unknown,
    params_in,
)
from stackgraph.inference.irbase import Module, ModuleKind

Lookup = Callable[[str, Import], "tuple[str, Expr] | None"]


def made(cls: str, args: list[Expr] | tuple[Expr, ...]) -> Apply:
    """`new Setup(a, b)` (Java): an object of `cls` made with these arguments (see `made_member`)."""
    return Apply(Import(GLOBAL, f"{cls}.new"), tuple(args))


def made_class(expr: Expr | None) -> str | None:
    """The class of a `made` object or a record (None: `expr` is neither)."""
    if isinstance(expr, Record):
        return expr.kind
    if isinstance(expr, Apply) and isinstance(expr.callee, Import) and expr.callee.module == GLOBAL:
        cls, dot, tail = expr.callee.name.rpartition(".")
        return cls if dot and tail == "new" else None
    return None


def made_field(cls: str, arity: int, field: str) -> str:
    """The name under which a class's file exports the value its constructor of `arity` parameters gives
    `field` (a `Function` of the constructor's parameters)."""
    return f"{cls}.new/{arity}.{field}"


def made_member(obj: Expr | None, field: str) -> Expr | None:
    """`obj.field` of a `made` object (the constructor's value for it, applied to the object's arguments), of a
    record (the value written, else unknown), or of what a Go function of another file returns (`loadConfig(ctx)`:
    the field its file exports as `loadConfig().field`, frontends/go_loaded.py, or why it does not)."""
    if isinstance(obj, Record):
        if field in obj.keys:
            return obj.values[obj.keys.index(field)]
        return Unknown(f"field '{field}' of {obj.kind}, not set where it is made")
    if isinstance(obj, Select):  # an item of a map literal (Go `configs[k]`, frontends/go_maps.py): each one's field
        return Select(obj.keys, tuple(item_member(v, field) for v in obj.values), obj.key)
    callee = obj.callee if isinstance(obj, Apply) else None
    go = isinstance(callee, Import) and callee.module.kind in (ModuleKind.DIR, ModuleKind.GO)
    if isinstance(obj, Apply) and isinstance(callee, Import) and go and "()" not in callee.name:
        args = tuple(  # a parameter of the caller (`ctx`): not bound from this helper's callers, unknown
            Unknown(f"'{a.name}', a parameter of the function calling {callee.name}()") if isinstance(a, Param) else a
            for a in obj.args
        )
        if callee.name.endswith("[]"):  # `configs[k]` of a package-level map (go_maps.py): its items' field
            return Apply(Import(callee.module, f"{callee.name}.{field}"), args)
        return Apply(Import(callee.module, f"{callee.name}().{field}"), args)  # Go: a loader of another file
    cls = made_class(obj)
    if cls is None or not isinstance(obj, Apply):
        return None
    return Apply(Import(GLOBAL, made_field(cls, len(obj.args), field)), obj.args)


def item_member(value: Expr, field: str) -> Expr:
    """The field of one item of a map literal: of its struct literal (`made_member`), else unknown."""
    found = made_member(value, field)
    if found is not None:
        return found
    return value if isinstance(value, Unknown) else Unknown(f"field '{field}' of an item that is no struct")


def stored_member(obj: Apply, lookup: Lookup, file: str) -> Expr | None:
    """`Mail.new/1._setup.Env`, a member of an object a constructor keeps in a field as it is given (C#
    `_setup = setup;`, then `_setup.Env` in a method): the member `Env` of the argument the creation gives
    `setup`; None when the field is not one a constructor sets to a parameter as is, or the argument is no
    made object (`obj` is written in `file`)."""
    name = obj.callee.name if isinstance(obj.callee, Import) and obj.callee.module == GLOBAL else ""
    made_with, _, path = name.partition(".new/")
    arity, _, fields = path.partition(".")
    kept, dot, rest = fields.partition(".")
    if not made_with or not arity.isdigit() or not dot:
        return None
    found = lookup(file, Import(GLOBAL, made_field(made_with, int(arity), kept)))
    ctor = found[1] if found is not None else None
    if not isinstance(ctor, Function) or not isinstance(ctor.body, Param) or ctor.body.name not in ctor.params:
        return None
    given, _ = overloads.bind(ctor, obj.args)
    return made_member(given.get(ctor.body.name), rest)


def members_read(expr: Expr, file: str, lookup: Lookup) -> set[str]:
    """The parameters `expr` (written in `file`) reads, with the members of objects whose methods it calls
    (`setup.Name()` reads `setup.<field>` for each `this.<field>` that `Name` reads)."""
    out = params_in(expr)
    todo = [expr]
    while todo:
        item = todo.pop()
        if isinstance(item, Apply) and item.receiver and isinstance(item.callee, Import):
            found = lookup(file, item.callee)
            value = found[1] if found is not None else None
            bodies = [f.body for f in value.functions] if isinstance(value, Overloads) else []  # any it may run
            fields = set().union(*map(params_in, [value.body] if isinstance(value, Function) else bodies))
            out |= {item.receiver + f[4:] for f in fields if f.startswith("this.")}
        for value in vars(item).values():
            todo.extend(v for v in (value if isinstance(value, tuple) else (value,)) if isinstance(v, Expr))
    return out


def called(name: str) -> str:
    """The shape of a call's unknown result: `<f()>`, or `<f().field>` for a field of what `f` makes (Python)."""
    return f"<{name}>" if "()." in name else f"<{name}()>"


def unexported_field(file: str, imp: Import, lookup: Lookup) -> Unknown | None:
    """Why `f().field` (Python: a field of what the function or class `f` of another module makes, see
    frontends/python/objects.py) is exported by no module (None: `imp` is no such name)."""
    go = imp.module.kind in (ModuleKind.DIR, ModuleKind.GO)
    if go and "[]" in imp.name:  # `m[]`, `m[].F`: an item of a package-level map (frontends/go_maps.py)
        return _go_unread_item(file, imp, lookup)
    head, dot, field = imp.name.partition("().")
    if not dot:
        return None
    if imp.module.kind in (ModuleKind.DIR, ModuleKind.GO):  # Go: what the loader returns (go_loaded.py), or why not
        return _go_unexported(file, imp.module, head, field, lookup)
    found = lookup(file, Import(imp.module, head))
    if found is None:
        return Unknown(f"'{head}' from '{imp.module}', which is not a constant of the project")
    if isinstance(found[1], Unknown):
        return found[1]
    return Unknown(
        f"field '{field}' of what {head}(..) makes ({found[0]}), which stackgraph does not find set where it is made"
        " (a property, a method or a class attribute, or not an object of a class of the project)"
    )


def _go_unread_item(file: str, imp: Import, lookup: Lookup) -> Unknown:
    """Why `m[]` / `m[].F` is exported by no file of the package: `m` is no map literal, or no item sets `F`."""
    head, _, field = imp.name.partition("[]")
    found = lookup(file, Import(imp.module, f"{head}[]"))
    if found is not None and isinstance(found[1], Unknown):
        return found[1]
    if found is not None and field:
        return Unknown(f"field '{field[1:]}' of an item of the map '{head}': no item sets it where it is made")
    return Unknown(
        f"an item of '{head}', which is no map literal of a file of '{imp.module}' with literal keys (not followed)"
    )


def _go_unexported(file: str, module: Module, head: str, field: str, lookup: Lookup) -> Unknown:
    """Why `loadConfig().field` (Go: a field of what a function of another file or package fills and returns,
    see frontends/go_loaded.py) is exported by no file of the package."""
    loaded = lookup(file, Import(module, f"{head}()"))
    if loaded is not None and isinstance(loaded[1], Unknown):  # why the loader is not read, or its file is not
        return loaded[1]
    if loaded is not None and isinstance(loaded[1], Function) and isinstance(loaded[1].body, Record):
        return Unknown(f"field '{field}' of {loaded[1].body.kind}, not set where {head}() makes it")
    return Unknown(
        f"field '{field}' of what {head}() returns: no function of '{module}' of that name returns a struct of the"
        " project it fills (not followed)"
    )
