"""Decorators on the functions and methods of a Python file whose calls the front-end follows.

A decorator may call the function it wraps with other arguments (`def prefixed(f): return lambda n: f("legacy-" + n)`),
return something else, or never call it: a call of a decorated helper is followed only when each decorator is one
known to hand the call through unchanged: `functools.cache`, `functools.lru_cache` (bare or with arguments),
`typing.overload`, `typing.final`, `typing.override` (or typing_extensions'), `abc.abstractmethod`, `staticmethod`
(on a method, it and `classmethod` say how it binds). The name must be what the module binds it to: imported
once at module level (`from functools import cache`, `import functools as ft` then `@ft.cache`), or the builtin
itself (given no other value in the module). Any other decorator, a call of one included (`@retry(3)`), and
`property` / `cached_property` (read, not called) make the calls not followed, saying which decorator at file:line.
"""

from __future__ import annotations

import ast
from typing import TYPE_CHECKING

from stackgraph.inference.frontends.python.syntax import FuncNode

if TYPE_CHECKING:
    from stackgraph.inference.frontends.python.names import PythonNames

PASSING = frozenset(
    {
        "functools.cache",
        "functools.lru_cache",
        "abc.abstractmethod",
        *(f"{m}.{n}" for m in ("typing", "typing_extensions") for n in ("overload", "final", "override")),
    }
)
"""Decorators that call what they wrap with the arguments they are given and return its result."""
CALLED = frozenset({"functools.lru_cache"})
"""Those of PASSING that may be written as a call (`@lru_cache(maxsize=None)`): the call gives the decorator."""
KINDS = {"builtins.staticmethod": "staticmethod", "builtins.classmethod": "classmethod"}
BUILTINS = frozenset({"staticmethod", "classmethod", "property"})


def qualified(names: PythonNames, deco: ast.expr) -> str:
    """The dotted name a decorator stands for (`functools.cache` for `@cache` after `from functools import cache`,
    `builtins.staticmethod`), the call of one (`@lru_cache(..)`) only for CALLED; "" when it is not known."""
    head = deco.func if isinstance(deco, ast.Call) else deco
    found = ""
    if isinstance(head, ast.Name) and _once(names, head.id):
        imported = names.imports.get(head.id)
        found = f"{imported.module.path}.{imported.name}" if imported is not None else ""
    elif isinstance(head, ast.Name) and head.id in BUILTINS and not _bound(names, head.id):
        found = f"builtins.{head.id}"
    elif isinstance(head, ast.Attribute) and isinstance(head.value, ast.Name) and _once(names, head.value.id):
        module = names.modules.get(head.value.id)
        found = f"{module.path}.{head.attr}" if module is not None and head.value.id not in names.imports else ""
    return "" if isinstance(deco, ast.Call) and found not in CALLED else found


def wrapping(names: PythonNames, fn: FuncNode, *, method: bool = False) -> tuple[str, ast.expr | None]:
    """How a method binds ("staticmethod", "classmethod", "" for an instance method or a function) and the first
    decorator of `fn` that may change its calls (None when each hands them through; a second `staticmethod` or
    `classmethod`, or one on a module function, is such a decorator too)."""
    kind = ""
    for deco in fn.decorator_list:
        name = qualified(names, deco)
        if name in PASSING:
            continue
        if method and name in KINDS and not kind:
            kind = KINDS[name]
            continue
        if not method and name == "builtins.staticmethod":  # callable as the function itself (Python 3.10)
            continue
        return kind, deco
    return kind, None


def wrapped(names: PythonNames, fn: FuncNode, label: str = "") -> str:
    """Why the calls of the module function `fn` are not followed for its decorators ("" when they are), worded as
    for methods (methods.py): `ref is decorated with @prefixed (app/__main__.py:8: not followed)`."""
    memo: dict[int, str] = names.__dict__.setdefault("_wrapped", {})
    if id(fn) not in memo:
        deco = wrapping(names, fn)[1] if fn.decorator_list else None
        memo[id(fn)] = "" if deco is None else decorated(names, label or fn.name, deco)
    return memo[id(fn)]


def decorated(names: PythonNames, label: str, deco: ast.expr) -> str:
    """`ref is decorated with @prefixed (app/__main__.py:8: not followed)`."""
    return f"{label} is decorated with @{names.quoted(deco)} ({names.file}:{deco.lineno}: not followed)"


def _bound(names: PythonNames, name: str) -> bool:
    """Whether the module binds `name` (an assignment, a `def`, a class, an import)."""
    return bool(names.assigns[None].get(name)) or bool(names._module_imports(name))


def _once(names: PythonNames, name: str) -> bool:
    """Whether `name` is bound at module level by one import and nothing else."""
    return not names.assigns[None].get(name) and len(names._module_imports(name)) == 1
