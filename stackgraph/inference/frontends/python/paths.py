"""The folder a Python program adds to its import path, worked out without running it.

`sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "shared"))`,
`sys.path.append(str(Path(__file__).resolve().parent.parent / "shared"))`, `sys.path.append("../lib")`:
a path built from `__file__`, string literals, `os.path.join/dirname/abspath/realpath/normpath`,
`Path(..)`, `/`, `.parent`, `.parents[n]`, `.resolve()`, `.as_posix()`, `str(..)`, `os.getcwd()` and a name the
file binds once, before the edit, in the edit's own scope (`root = Path(__file__).parents[2]`). A folder found from
`__file__` is relative to the repository root; one relative to the working folder (the project's, where
Pulumi runs the program) starts with `@`. A folder outside the repository (an absolute path, `~`, a folder
above the repository worked out from `__file__`) starts with `!`: it is not read (the caller treats every file
as run, and says which folder it could not read). Anything else (an environment variable) is None: the caller
then treats every file as run.
"""

from __future__ import annotations

import ast
import posixpath
from collections.abc import Callable, Container

from stackgraph.inference.frontends.python.syntax import Opaque, Unpacked, dotted

CWD = "@"
"""Marks a folder relative to the folder the program runs in (its project folder)."""
OUTSIDE = "!"
"""Marks a folder outside the repository (absolute, or relative to the repository root and above it)."""
SAME = frozenset({"os.path.abspath", "os.path.realpath", "os.path.normpath", "os.fspath", "str", "Path",
                  "pathlib.Path", "PurePath", "pathlib.PurePath"})  # fmt: skip
MAX_DEPTH = 20
Bound = Callable[[ast.Name], "ast.expr | None"]
"""The one value a name holds where it is read (None: not known), as `PythonNames.bound_once` gives it."""


def _unbound(_name: ast.Name) -> ast.expr | None:
    return None


def read_edits(calls: list[ast.Call], file: str, bound: Bound) -> tuple[list[tuple[int, str]], list[str], bool]:
    """The (line, folder) of each edit whose folder is known (outside the repository too), the folders to read
    imports in, and whether one edit adds a folder not known or outside the repository (every file then counts)."""
    edits, folders, unknown = [], [], False
    for call in calls:
        folder = added_folder(call, file, bound)
        if folder is not None:
            edits.append((call.lineno, folder))
        if folder is None or folder.startswith(OUTSIDE):
            unknown = True
        else:
            folders.append(folder)
    return edits, folders, unknown


def bound_once(
    assigns: dict[ast.AST | None, dict[str, list[tuple[int, ast.expr]]]],
    binder: Callable[[ast.AST], ast.AST | None],
    declared: Container[str],
    name: ast.Name,
) -> ast.expr | None:
    """The value of `name` when the scope it is read in binds it exactly once, by a plain assignment before the
    read (`root = Path(__file__).parents[2]`); else None (a loop variable, a name given twice or later, a name
    some function declares `global` or `nonlocal`)."""
    items = [] if name.id in declared else assigns.get(binder(name), {}).get(name.id, [])
    if len(items) != 1 or items[0][0] >= name.lineno or isinstance(items[0][1], Opaque | Unpacked):
        return None
    return items[0][1]


def added_folder(call: ast.Call, file: str, bound: Bound = _unbound) -> str | None:
    """The folder `sys.path.append(x)` / `sys.path.insert(i, x)` / `site.addsitedir(x)` adds (None: not known);
    `bound` gives the value of a name read in `x`."""
    name = dotted(call.func)
    if name == "sys.path.insert" and len(call.args) == 2:
        value: ast.expr = call.args[1]
    elif name in ("sys.path.append", "site.addsitedir") and len(call.args) == 1:
        value = call.args[0]
    else:
        return None
    return _path(value, file, 0, bound)


def _path(node: ast.expr, file: str, depth: int, bound: Bound = _unbound) -> str | None:
    if depth > MAX_DEPTH:
        return None
    if isinstance(node, ast.Name) and node.id != "__file__":
        value = bound(node)
        return None if value is None else _path(value, file, depth + 1, bound)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return OUTSIDE + node.value if node.value.startswith(("/", "~")) else _norm(CWD + node.value)
    if isinstance(node, ast.Name) and node.id == "__file__":
        return file
    if isinstance(node, ast.Attribute) and node.attr == "parent":
        return _up(_path(node.value, file, depth + 1, bound), 1)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and node.value.attr == "parents":
        index = node.slice
        if isinstance(index, ast.Constant) and isinstance(index.value, int) and index.value >= 0:
            return _up(_path(node.value.value, file, depth + 1, bound), index.value + 1)
        return None
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return _join(_path(node.left, file, depth + 1, bound), node.right)
    if isinstance(node, ast.Call):
        return _call(node, file, depth, bound)
    return None


def _call(node: ast.Call, file: str, depth: int, bound: Bound) -> str | None:
    name = dotted(node.func)
    args = node.args
    if isinstance(node.func, ast.Attribute) and node.func.attr in ("resolve", "absolute", "as_posix") and not args:
        return _path(node.func.value, file, depth + 1, bound)
    if name == "os.getcwd" and not args:
        return CWD + "."
    if not args or node.keywords:
        return None
    first = _path(args[0], file, depth + 1, bound)
    if name == "os.path.dirname" and len(args) == 1:
        return _up(first, 1)
    if name in SAME and len(args) == 1:
        return first
    if name in ("os.path.join", "Path", "pathlib.Path"):
        for arg in args[1:]:
            first = _join(first, arg)
        return first
    return None


def _join(base: str | None, part: ast.expr) -> str | None:
    if base is None or not (isinstance(part, ast.Constant) and isinstance(part.value, str)):
        return None
    if part.value.startswith("/"):
        return OUTSIDE + posixpath.normpath(part.value)
    mark = base[:1] if base.startswith((CWD, OUTSIDE)) else ""
    return _norm(mark + posixpath.join(base[len(mark) :], part.value))


def _up(path: str | None, levels: int) -> str | None:
    if path is None:
        return None
    mark = path[:1] if path.startswith((CWD, OUTSIDE)) else ""
    rest = path[len(mark) :]
    for _ in range(levels):
        rest = posixpath.join(rest, "..")
    return _norm(mark + rest)


def _norm(path: str) -> str:
    """Normalized; marked OUTSIDE when a folder relative to the repository root climbs above it."""
    if path.startswith((CWD, OUTSIDE)):
        return path[0] + posixpath.normpath(path[1:])
    out = posixpath.normpath(path)
    return OUTSIDE + out if out == ".." or out.startswith("../") else out
