"""The reads of a Python file made with what the finder knows: the helpers of the file reading keys on a reference
given them, the functions of other modules a reference is passed to, and the file's own such readers
(helper_keys.py)."""

from __future__ import annotations

import ast
from typing import Any

from stackgraph.inference import ir
from stackgraph.inference.frontends.python.helper_keys import HelperKeys
from stackgraph.inference.frontends.python.reads import READ_ATTRS, PythonReads
from stackgraph.inference.frontends.python.syntax import FuncNode


def python_reads(finder: Any) -> PythonReads:
    """The reads of the file of `finder` (a PythonFinder: finder.py imports this module), made once by it."""

    def imported(call: ast.Call) -> ir.Import | None:
        callee = finder._callee(call.func, set(), finder._scope(call))
        pulumi = isinstance(callee, ir.Import) and callee.module.under(ir.ModuleKind.PY, "pulumi")
        return callee if isinstance(callee, ir.Import) and not pulumi else None

    helpers = HelperKeys(finder.tree, finder.parent, finder.file, finder.quoted, finder._key, finder.followed, imported)
    return PythonReads(finder.nodes, finder.parent, finder.file, finder.quoted, helpers)


def readers_of(finder: Any) -> tuple[ir.Reader, ...]:
    """The module functions of the file that only read keys on a parameter (none walked when no module function
    reads an output)."""
    tree: ast.Module = finder.tree
    reading = any(
        isinstance(n, ast.Attribute) and n.attr in READ_ATTRS
        for stmt in tree.body
        if isinstance(stmt, FuncNode)
        for n in ast.walk(stmt)
    )
    helpers = finder._uses().helpers if reading else None
    return helpers.readers() if isinstance(helpers, HelperKeys) else ()
