"""The base class of every IR node and the modules names come from (read as `ir.Expr`, `ir.Module`): in a module
of their own, so that groups of nodes kept in other modules (irtext.py) subclass `Expr` without an import cycle."""

from __future__ import annotations

import dataclasses
import enum
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


class ModuleKind(str, enum.Enum):
    """How the linker finds the files of a module (see link.py)."""

    PY = "py"  # a dotted Python module, with leading dots for a relative import
    JS = "js"  # a TypeScript / JavaScript import as written
    DIR = "dir"  # every file of a folder (a Go package)
    GO = "go"  # a Go import path, found through go.mod
    GLOBAL = "global"  # a dotted name such as `Constants.Network` defined anywhere in the project (C#, Java, F#)


@dataclass(frozen=True, order=True)
class Module:
    """A module a file imports, or that defines an imported name."""

    kind: ModuleKind
    path: str = ""

    def __str__(self) -> str:
        return f"{self.kind.value}:{self.path}"

    def under(self, kind: ModuleKind, prefix: str) -> bool:
        """Whether this is a module of `kind` whose path starts with `prefix` (`pulumi`, `pulumi_aws`)."""
        return self.kind is kind and self.path.startswith(prefix)


GLOBAL = Module(ModuleKind.GLOBAL)  # the project as one namespace of dotted names (C#, Java, F#)
ASSIGNED = "set "
"""Prefix of the symbols a Go file gives for the package-level variables its functions may set (`set suffix`, a
name with a space: never a Go name): the linker reads such a variable as unknown in the whole package."""
EVERY = "* every"
"""The name of a call's callee `Import(module, EVERY)`: a module namespace used as a value (`use(r)`, `m = refs`),
whose functions are called where it goes, not followed: a call of each function the module gives (a name with a
space: never one of a program)."""


class Expr:
    """Base of every IR node."""


def mapped(expr: Expr, leaf: Callable[[Expr], Expr | None]) -> Expr:
    """`expr` with each node `leaf` gives a value for (not None) replaced by that value, the rest rebuilt around."""
    found = leaf(expr)
    if found is not None or not dataclasses.is_dataclass(expr):
        return expr if found is None else found
    changes: dict[str, Any] = {}
    for f in dataclasses.fields(expr):
        value = getattr(expr, f.name)
        if isinstance(value, Expr):
            changes[f.name] = mapped(value, leaf)
        elif isinstance(value, tuple) and any(isinstance(v, Expr) for v in value):
            changes[f.name] = tuple(mapped(v, leaf) if isinstance(v, Expr) else v for v in value)
    return dataclasses.replace(expr, **changes) if changes else expr
