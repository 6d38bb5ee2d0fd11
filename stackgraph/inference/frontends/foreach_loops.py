"""The `foreach` loops over a literal collection around a C# or Java site (`foreach (var p in new[] { "net", "data" })`,
`for (String p : List.of("net", "data"))`): the variable the site's name reads kept as `ir.LoopVar`, the site given
the items (irloops.py; frontends/loop_checks.py for what makes a loop followed). A language says through a `Foreach`
which loops it has, what they bind and run over (csharp_loops.py, java_loops.py); the loop binds one plain name, and
runs over a literal collection or a local given one once and never changed (`collection`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stackgraph.inference import ir, irloops
from stackgraph.inference.frontends.loop_checks import LOOPED, LoopSyntax, body_why, changed, read_within, relowered
from stackgraph.inference.frontends.treesitter import Node, TSFinder, line, text

Items = Callable[[Node], "list[Node] | str | None"]
"""The items of a literal collection (as written), why not (a literal that may not be those items), or None (not a
literal collection)."""


@dataclass(frozen=True)
class Foreach:
    loop: str  # the node type of a `foreach`
    var: str  # the field of the name it binds
    box: str  # the field of what it runs over
    syntax: LoopSyntax
    items: Items
    read_only: Callable[[Node], bool]  # whether a use of a collection's name leaves it as it is (loop_checks.changed)
    local: Callable[[Node], bool]  # whether a value given a name of the file (scope 0) is a local's (C# top level)


class ForeachLoops(TSFinder):
    """Lowers a site's name with the loop variables around it kept (see the module docstring)."""

    FOREACH: Foreach
    looping: Node | None = None  # the site whose name is being lowered with its loop variables kept
    looped: dict[str, Node]  # the key of each loop variable read then, and its loop

    def site_name(self, node: Node, arg: Node, scope: Node | None) -> tuple[ir.Expr, tuple[ir.Loop, ...]]:
        name = self.lower(arg, scope, line(node))
        if not irloops.unknown_why(name, lambda why: why.endswith(LOOPED)) or self._loop_of(node, None) is None:
            return name, ()
        name, looped = relowered(self, node, lambda: self.lower(arg, scope, line(node)))
        loops: list[ir.Loop] = []
        unknown: dict[str, ir.Expr] = {}
        for key in sorted(irloops.keys_in(name)):  # one variable per loop
            loop = looped[key]
            found = self._loop(loop, node)
            if isinstance(found, str):
                where = f"bound by a loop at {self.file}:{line(loop)}"
                unknown[key] = ir.Unknown(f"'{irloops.var_of(key)}', {where}, {found}")
            else:
                loops.append(found)
        ordered = sorted(loops, key=lambda loop: loop.line)  # outermost first
        return irloops.unbind(name, unknown) if unknown else name, tuple(ordered)

    def _lookup(self, name: str, scope: Node | None, at: int, depth: int, use: Node | None = None) -> ir.Expr:
        """The variable `name` of a loop around the site being lowered (`looping`), read in its body in the
        function holding the loop, as `ir.LoopVar`; any other name as the language reads it."""
        site = self.looping
        loop = self._loop_of(site, name) if site is not None else None
        body = loop.child_by_field_name("body") if loop is not None else None
        if loop is not None and body is not None and _same(self.scope_of(loop), scope) and read_within(body, use, at):
            var = loop.child_by_field_name(self.FOREACH.var)
            assert var is not None  # `_loop_of` found it
            key = irloops.key(name, line(var), var.start_point[1])
            self.looped[key] = loop
            return ir.LoopVar(key)
        return super()._lookup(name, scope, at, depth, use)

    def _loop_of(self, site: Node, name: str | None) -> Node | None:
        """The innermost `foreach` binding the plain name `name` (any: None) whose body holds `site`, no function
        between."""
        child, cur = site, site.parent
        while cur is not None and cur.type not in self.FOREACH.syntax.functions:
            if cur.type == self.FOREACH.loop:
                body, var = cur.child_by_field_name("body"), cur.child_by_field_name(self.FOREACH.var)
                named = var is not None and var.type == "identifier" and name in (text(var), None)
                if body is not None and body.id == child.id and named:
                    return cur
            child, cur = cur, cur.parent
        return None

    def _loop(self, loop: Node, site: Node) -> ir.Loop | str:
        """The loop `loop` around `site` with the value of its variable in each run, else why not."""
        var, body = loop.child_by_field_name(self.FOREACH.var), loop.child_by_field_name("body")
        assert var is not None  # `_loop_of` found it
        why = body_why(loop, body, site, {text(var)}, self.FOREACH.syntax) if body is not None else "without a body"
        items = why or self._collection(loop.child_by_field_name(self.FOREACH.box), self.scope_of(loop))
        if isinstance(items, str):
            return items
        rows = tuple((self.lower(n, self.scope_of(n), line(n)),) for n in items)
        return ir.Loop((irloops.key(text(var), line(var), var.start_point[1]),), rows, line(loop))

    def _collection(self, box: Node | None, scope: Node | None) -> list[Node] | str:
        """The items (as written) of the literal collection `box`, or of the local it names given one once and
        never changed, else why not."""
        if box is not None and box.type == "identifier":
            held = self._given_once(text(box), scope)
            items = self.FOREACH.items(held) if held is not None else None
            if items is None:
                return f"over '{text(box)}', which is not a local given a literal collection once"
            if changed(self.root, text(box), self.FOREACH.read_only):
                return f"over '{text(box)}', a collection changed or passed on"
            return items
        items = self.FOREACH.items(box) if box is not None else None
        return "over a value that is not a literal collection" if items is None else items

    def _given_once(self, name: str, scope: Node | None) -> Node | None:
        """The one value the local `name` is given in the scope chain from `scope` (None when given more, none, or a
        field: it may change elsewhere)."""
        cur = scope
        while True:
            items = self.decls.get(cur.id if cur is not None else 0, {}).get(name, [])
            if items or cur is None:
                found = items[0][1] if len(items) == 1 else None
                return found if found is not None and (cur is not None or self.FOREACH.local(found)) else None
            cur = self.scope_of(cur)


def _same(a: Node | None, b: Node | None) -> bool:
    return (a.id if a is not None else None) == (b.id if b is not None else None)
