"""The keys a subclass of StackReference of a Python file reads on itself (`self.get_output("k")`)."""

from __future__ import annotations

import ast
from collections.abc import Callable, Mapping

from stackgraph.inference.frontends.python.reads import PythonReads
from stackgraph.inference.frontends.python.syntax import OUTPUT_READS, dotted


def class_reads(
    cls: ast.ClassDef,
    uses: PythonReads,
    parent: Mapping[ast.AST, ast.AST],
    quoted: Callable[[ast.expr], str],
    file: str,
) -> tuple[set[str], str]:
    """The keys a subclass of StackReference reads on itself (`self.get_output("k")`, `self.outputs["k"]`),
    and the first use that cannot be read: a key computed at run time, or `self` handed on."""
    keys: set[str] = set()
    why = ""
    for node in ast.walk(cls):
        if not (isinstance(node, ast.Name) and node.id == "self"):
            continue
        up = parent.get(node)
        if isinstance(up, ast.Attribute):
            if up.attr in OUTPUT_READS or up.attr == "outputs":
                key, open_why = uses.member(up)
                keys |= {key} if key is not None else set()
                why = why or open_why
            continue  # `self.x`: an attribute of the subclass's own
        if not isinstance(up, ast.Call) or dotted(up.func) != "super":
            why = why or f"`{quoted(up)}` at {file}:{node.lineno} (handed on)"  # type: ignore[arg-type]  # a parent of a Name: an expression or statement
    return keys, why
