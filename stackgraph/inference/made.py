"""Objects made where a name is built: Java `new Setup(a, b)` is a call of `Setup.new` with its arguments, and its
fields are what the constructor of that arity gives them, exported by the class's file as `Setup.new/2.<field>`
(a `Function` of the constructor's parameters); a Go struct literal or an F# record expression is an
`ir.Record` that holds its fields. Used by the front-ends, refs (binding a parameter to a made object) and
evaluate (a method called on one).
"""

from __future__ import annotations

from stackgraph.inference.ir import GLOBAL, Apply, Expr, Import, Record, Unknown


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
    """`obj.field` of a `made` object (the constructor's value for it, applied to the object's arguments) or of a
    record (the value written, else unknown)."""
    if isinstance(obj, Record):
        if field in obj.keys:
            return obj.values[obj.keys.index(field)]
        return Unknown(f"field '{field}' of {obj.kind}, not set where it is made")
    cls = made_class(obj)
    if cls is None or not isinstance(obj, Apply):
        return None
    return Apply(Import(GLOBAL, made_field(cls, len(obj.args), field)), obj.args)
