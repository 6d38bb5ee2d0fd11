"""A Go function holding a StackReference (of this file, another file of the package, or an imported package of the
module) used as a value instead of called: given another name (`f := lib.Ref`, `var g = ref`), stored (`[]func(string)
{ref}`, `Opts{Make: ref}`), returned, or given as an argument (`apply(names, ref)`). The calls made with it are not
followed, so each such use is a call with every parameter unknown, saying where: its site is unresolved there, never
bound from the calls written out alone (they were: `f("zzz")` after `f := lib.Ref` was dropped while
`lib.Ref("data")` resolved the site)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text, walk


class EscapeFinder(Protocol):
    """What is read here of the Go finder (golang.py, which imports this module)."""

    @property
    def root(self) -> Node: ...
    @property
    def decls(self) -> dict[int, dict[str, list[tuple[int, Node]]]]: ...
    @property
    def own_functions(self) -> frozenset[str]: ...

    def _callee(self, func: Node, helpers: set[str]) -> tuple[ir.Expr, tuple[tuple[str, ir.Expr], ...]] | None: ...


_TAKES = {"assignment_statement": "right", "short_var_declaration": "right", "var_spec": "value",
          "const_spec": "value"}  # fmt: skip
"""Statements whose field holds the values they give names."""


def escaped_helpers(finder: EscapeFinder, helpers: set[str]) -> Iterator[ir.Call]:
    """A call with every parameter unknown at each use of a function as a value: the linker finds whether it is a
    helper (one of `helpers`, another file's or another package's)."""
    top = finder.decls.get(0, {})
    for node in walk(finder.root):
        if node.type not in ("identifier", "selector_expression"):
            continue
        if node.type == "identifier" and text(node) in top and text(node) not in finder.own_functions:
            continue  # a variable or constant of the file: no function
        use = _use(node)
        found = finder._callee(node, helpers) if use is not None else None
        if use is None or found is None or not isinstance(found[0], ir.Lit | ir.Import):
            continue
        why = f"'{text(node)}' used as a value there (`{shape(use, 50)}`), the calls made with it are not followed"
        yield ir.Call(found[0], (), (("*", ir.Unknown(why)),), line(node), reads_open=why)


def _use(node: Node) -> Node | None:
    """The statement or call showing how `node` is used when that hands it on as a value; None otherwise."""
    up = node.parent
    if up is None:
        return None
    if up.type == "literal_element":  # `{ref}`, `{Make: ref}`, not the key `Make`
        pair = up.parent
        if pair is not None and pair.type == "keyed_element" and _is(pair.child_by_field_name("key"), up):
            return None
        return _around(up)
    if up.type == "argument_list":
        return up.parent
    if up.type == "return_statement":
        return up
    if up.type == "expression_list" and up.parent is not None:
        holder = up.parent
        if holder.type == "return_statement" or _is(holder.child_by_field_name(_TAKES.get(holder.type, "")), up):
            return holder
    return None


def _is(a: Node | None, b: Node) -> bool:
    return a is not None and a.id == b.id


def _around(node: Node) -> Node:
    cur = node
    while cur.parent is not None and cur.type != "composite_literal":
        cur = cur.parent
    return cur
