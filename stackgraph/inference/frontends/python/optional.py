"""Which Python imports are optional: the program runs on when their module is not there, or never runs them.

An import is optional in the body of a `try` one of whose handlers catches a failed import (`except ImportError`,
`ModuleNotFoundError`, `Exception`, `BaseException`, a bare `except`, or a tuple holding one), of a
`with contextlib.suppress(ImportError)`, or of an `if TYPE_CHECKING:` (`typing.TYPE_CHECKING`: false at run time,
types only). The other imports need their module: one that must be local and leads to no file is said
(`FileFacts.required_imports`, link.py `py_missing`).
"""

from __future__ import annotations

import ast

from stackgraph.inference.frontends.python.syntax import callee_name, dotted

CATCHES = frozenset({"ImportError", "ModuleNotFoundError", "Exception", "BaseException"})
"""The exceptions whose handler catches a failed import (by their last dotted part: `builtins.ImportError`)."""
TRIES = (ast.Try, *((ast.TryStar,) if hasattr(ast, "TryStar") else ()))  # `except*`: Python 3.11+


def optional(node: ast.AST, parent: dict[ast.AST, ast.AST]) -> bool:
    """Whether the import `node` is optional (see the module's text); `parent` maps each node to its parent."""
    child, cur = node, parent.get(node)
    while cur is not None:
        if isinstance(cur, TRIES) and child in cur.body and any(_catches(h) for h in cur.handlers):
            return True
        if isinstance(cur, ast.If) and child in cur.body and _type_checking(cur.test):
            return True
        if isinstance(cur, ast.With | ast.AsyncWith) and any(_suppresses(i.context_expr) for i in cur.items):
            return True
        child, cur = cur, parent.get(cur)
    return False


def _catches(handler: ast.ExceptHandler) -> bool:
    caught = handler.type
    if caught is None:
        return True
    names = caught.elts if isinstance(caught, ast.Tuple) else [caught]
    return any((dotted(n) or "").rpartition(".")[2] in CATCHES for n in names)


def _type_checking(test: ast.expr) -> bool:
    return (dotted(test) or "").rpartition(".")[2] == "TYPE_CHECKING"


def _suppresses(expr: ast.expr) -> bool:
    if not isinstance(expr, ast.Call) or callee_name(expr.func) != "suppress":
        return False
    return any((dotted(a) or "").rpartition(".")[2] in CATCHES for a in expr.args)


def guards(node: ast.AST, parent: dict[ast.AST, ast.AST]) -> list[tuple[ast.If, bool]]:
    """The module-level `if`s an import is under (`if stack == "api": from api import *`), each with whether it is in
    its body; none for an import in a function or a class (taken as unguarded)."""
    chain: list[tuple[ast.If, bool]] = []
    child, cur = node, parent.get(node)
    while cur is not None and not isinstance(cur, ast.Module):
        if not isinstance(cur, ast.If):
            if not isinstance(cur, ast.Try | ast.With):  # `try: import x` runs at import time too
                return []
        else:
            chain.append((cur, child in cur.body))
        child, cur = cur, parent.get(cur)
    return chain
