"""Python names that may be a module or a name of one: `Refs.ref` of `helpers` read as `ref` of the module
`helpers.Refs` (a class's method), and `stacks.net` of a package read as `net` of its module `stacks`."""

from __future__ import annotations

from stackgraph.inference import ir


def class_member(imp: ir.Import) -> ir.Import | None:
    """`Refs.ref` of the Python module `helpers` for `ref` of the module `helpers.Refs`, which no file is: after
    `from helpers import Refs` (or `import helpers`, `helpers.Refs.ref(..)`), `Refs` may be a class of `helpers`
    (methods.py exports `Refs.ref`). None for a module of another kind, or one of a single name."""
    if imp.module.kind is not ir.ModuleKind.PY:
        return None
    path = imp.module.path
    dots = len(path) - len(path.lstrip("."))
    head, dot, last = path[dots:].rpartition(".")
    if not last or not (dot or dots):
        return None
    return ir.Import(ir.Module(ir.ModuleKind.PY, "." * dots + head), f"{last}.{imp.name}")


def submodule(imp: ir.Import) -> ir.Import | None:
    """`net` of the Python module `pkg.stacks` for `stacks.net` of `pkg` (the inverse of `class_member`): after
    `from . import stacks as all_stacks` in pkg/__init__.py, `all_stacks.net` read elsewhere is `stacks.net` of
    the package, which is the module's name when the package defines no `stacks` of its own. None for another
    kind of module or a name without a dot (or a call's field, `f().x`)."""
    head, dot, rest = imp.name.partition(".")
    if imp.module.kind is not ir.ModuleKind.PY or not dot or head.endswith("()") or not head.isidentifier():
        return None
    path = imp.module.path
    return ir.Import(ir.Module(ir.ModuleKind.PY, path + head if path.endswith(".") else f"{path}.{head}"), rest)
