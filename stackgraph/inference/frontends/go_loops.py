"""The loops over a literal slice or map around a Go site (`for _, p := range []string{"net", "data"}`, `for k, v :=
range map[string]string{..}`): the variables the site's name reads kept as `ir.LoopVar`, the site given the items
(irloops.py; frontends/loop_checks.py for what makes a loop followed). The slice (or array) is a literal with unkeyed
items, the map one whose keys are distinct literal strings, or a name given one once in the scopes around and never
changed (read only to range over it, read an item, or take its `len`). Over a slice, the variable is the second of
two (`for i, p := range ..`; a lone one is the index, not followed); over a map, either (the key, the value). A field
of a variable (`d.Project`, items that are struct literals with the field written by name) is a value the loop binds
too, kept as `ir.LoopVar` of `d.Project`, when the body uses `d` only to read fields and a named slice or map is named
nowhere else (`deps[0].Project = ..`).
"""

from __future__ import annotations

from stackgraph.inference import ir, irloops
from stackgraph.inference.frontends.go_decoded import GoDecoded
from stackgraph.inference.frontends.loop_checks import (
    LOOPED,
    LoopSyntax,
    body_why,
    changed,
    condition,
    loop_field,
    read_within,
    relowered,
)
from stackgraph.inference.frontends.treesitter import Node, line, text, walk

SLICES = frozenset({"slice_type", "array_type", "implicit_length_array_type"})
Cell = Node | ir.Expr
"""A value a loop binds in one run: as written (lowered when read), or a map's key (`ir.Lit`), or an index."""


def _decider(node: Node, child: Node) -> Node | None:
    if node.type == "if_statement":  # the arms (not the initializer: `if _, err := ..; err != nil`)
        arms = {n.id for n in (node.child_by_field_name("consequence"), node.child_by_field_name("alternative")) if n}
        return node.child_by_field_name("condition") if child.id in arms else None
    if node.type == "for_statement":
        head = next((c for c in node.named_children if c.type in ("for_clause", "range_clause")), None)
        test = head.child_by_field_name("right" if head.type == "range_clause" else "condition") if head else None
        return test if head is not None and head.id != child.id else None
    return condition(node, child, ("value",), frozenset({"type_switch_statement", "select_statement"}))


SYNTAX = LoopSyntax(
    frozenset({"func_literal", "function_declaration", "method_declaration"}),
    frozenset({"break_statement", "goto_statement"}),
    frozenset({"continue_statement", "return_statement"}),
    frozenset({"continue_statement"}),
    (("assignment_statement", "left"), ("short_var_declaration", "left"), ("inc_statement", ""),
     ("dec_statement", ""), ("var_spec", "name"), ("range_clause", "left")),
    _decider,
)  # fmt: skip


class GoLoops(GoDecoded):
    """Lowers a site's name with the loop variables around it kept (see the module docstring)."""

    looping: Node | None = None  # the site whose name is being lowered with its loop variables kept
    looped: dict[str, Node]  # the key of each loop variable read then, and its `for` statement

    def site_name(self, node: Node, arg: Node, scope: Node | None) -> tuple[ir.Expr, tuple[ir.Loop, ...]]:
        name = self.lower(arg, scope, line(node))
        if not irloops.unknown_why(name, lambda why: why.endswith(LOOPED)) or self._loop_of(node, None) is None:
            return name, ()
        name, looped = relowered(self, node, lambda: self.lower(arg, scope, line(node)))
        loops: dict[int, ir.Loop] = {}
        unknown: dict[str, ir.Expr] = {}
        read: dict[int, list[str]] = {}  # the keys read of each loop, by where it starts
        for key in sorted(irloops.keys_in(name)):
            read.setdefault(looped[key].start_byte, []).append(key)
        for keys in read.values():
            loop = looped[keys[0]]
            found = self._loop(loop, node, tuple(irloops.var_of(k) for k in keys))
            if isinstance(found, str):
                where = f"bound by a loop at {self.file}:{line(loop)}"
                unknown.update((k, ir.Unknown(f"'{irloops.var_of(k)}', {where}, {found}")) for k in keys)
            else:
                loops[loop.start_byte] = found
        ordered = sorted(loops.values(), key=lambda loop: loop.line)  # outermost first
        return irloops.unbind(name, unknown) if unknown else name, tuple(ordered)

    def _object_field(self, operand: Node, field: str, scope: Node | None, depth: int) -> ir.Expr | None:
        """`d.Project` of a loop variable `d`: a value the loop binds (its items' fields), kept as `ir.LoopVar`."""
        if operand.type == "identifier":
            found = loop_field(self, operand, field, scope, line(operand), depth)
            if found is not None:
                return found
        return super()._object_field(operand, field, scope, depth)

    def _loop(self, loop: Node, site: Node, read: tuple[str, ...]) -> ir.Loop | str:
        """The loop `loop` around `site` with the values of the names `read` (`p`, `p.Name`: a field of `p`) in each
        run, else why not."""
        clause = _range(loop)
        box = clause.child_by_field_name("right") if clause is not None else None
        held = self._map_of(box, self.scope_of(loop))
        followed = self._followed(loop)
        columns = {text(n): (at, n) for at, n in enumerate(_vars(clause)) if text(n) in followed}
        body = loop.child_by_field_name("body")
        why = body_why(loop, body, site, set(columns), SYNTAX) if body is not None else "without a body"
        why = why or (_field_why(body, read) if body is not None else "")
        if not why and box is not None and box.type == "identifier":
            why = self._name_why(text(box), held is not None, read)
        read = tuple(sorted(read, key=lambda n: (columns[n.partition(".")[0]][0], n)))  # as written
        cells = why or (self._map_cells(held) if held is not None else self._slice_cells(box, self.scope_of(loop)))
        if isinstance(cells, str):
            return cells
        rows = []
        for row in cells:
            picked = self._picked(row, {k: at for k, (at, _) in columns.items()}, read)
            if isinstance(picked, str):
                return picked
            rows.append(picked)
        places = {k: (line(n), n.start_point[1]) for k, (_, n) in columns.items()}
        keys = tuple(irloops.key(n, *places[n.partition(".")[0]]) for n in read)
        return ir.Loop(keys, tuple(rows), line(loop))

    def _name_why(self, name: str, is_map: bool, read: tuple[str, ...]) -> str:
        """Why a loop over the name `name` (of a map: `is_map`) may not see it as given: a map changed or passed on,
        or (a field of an item read) the name read elsewhere (`deps[0].Project = ..`); else ""."""
        if is_map and changed(self.root, name, _read_only):
            return f"over '{name}', a map changed or passed on"
        uses = sum(1 for n in walk(self.root) if n.type == "identifier" and text(n) == name)
        if any("." in n for n in read) and uses > 2:
            return f"over '{name}', read elsewhere: the fields of its items may change"
        return ""

    def _picked(
        self, row: tuple[Cell, ...], columns: dict[str, int], read: tuple[str, ...]
    ) -> tuple[ir.Expr, ...] | str:
        """The value of each name of `read` in one run binding `row` (by position): a variable's value, or a field of
        it (`p.Name`), which must be written in the struct literal the item is."""
        out = []
        for name in read:
            var, _, field = name.partition(".")
            cell = row[columns[var]]
            if field:
                cell = None if isinstance(cell, ir.Expr) else _field_of(cell, field)
                if cell is None:
                    return f"whose items are not each a struct literal with '{field}' written"
            out.append(cell if isinstance(cell, ir.Expr) else self.lower(cell, self.scope_of(cell), line(cell)))
        return tuple(out)

    def loop_var(self, name: str, cur: Node, scope: Node | None, use: Node | None, at: int) -> ir.Expr | None:
        """The variable `name` of the loop around the site being lowered (`looping`) when the read `use` (on line
        `at`), in `scope`, is of it (in its body; `cur`, the function binding it, holds the loop and the read);
        else None."""
        site = self.looping
        loop = self._loop_of(site, name) if site is not None and scope is not None and scope.id == cur.id else None
        body = loop.child_by_field_name("body") if loop is not None else None
        if body is None or getattr(self.scope_of(loop), "id", None) != cur.id or not read_within(body, use, at):
            return None
        var = next(n for n in _vars(_range(loop)) if text(n) == name)  # `_loop_of` found it
        key = irloops.key(name, line(var), var.start_point[1])
        self.looped[key] = loop
        return ir.LoopVar(key)

    def _loop_of(self, site: Node, name: str | None) -> Node | None:
        """The innermost `for _, <name> := range ..` (over a literal map, also `for <name> := range ..`) whose body
        holds `site` (any name: None), no function between."""
        child, cur = site, site.parent
        while cur is not None and cur.type not in SYNTAX.functions:
            body = cur.child_by_field_name("body") if cur.type == "for_statement" else None
            if body is not None and body.id == child.id and name in (*self._followed(cur), None):
                return cur
            child, cur = cur, cur.parent
        return None

    def _followed(self, loop: Node) -> list[str]:
        """The variables of the `for .. range` `loop` that are followed: the value; over a literal map, the key too."""
        clause = _range(loop)
        names = _vars(clause)
        box = clause.child_by_field_name("right") if clause is not None else None
        over_map = self._map_of(box, self.scope_of(loop)) is not None
        return [text(n) for at, n in enumerate(names) if n.type == "identifier" and text(n) != "_" and (at or over_map)]

    def _map_of(self, box: Node | None, scope: Node | None) -> Node | None:
        """The literal map `box` is (or a name given one once holds), else None."""
        if box is not None and box.type == "identifier":
            box = self._given_once(text(box), scope)
        kind = box.child_by_field_name("type") if box is not None and box.type == "composite_literal" else None
        return box if kind is not None and kind.type == "map_type" else None

    def _map_cells(self, held: Node) -> list[tuple[Cell, ...]] | str:
        """The key (a literal) and the value (as written) of each entry of the literal map `held`, else why not."""
        body = held.child_by_field_name("body")
        entries: dict[str, tuple[Cell, ...]] = {}
        for c in body.named_children if body is not None else []:
            if c.type == "comment":
                continue
            parts = [c.child_by_field_name(f) for f in ("key", "value")] if c.type == "keyed_element" else []
            written = [p.named_children[0] for p in parts if p is not None and p.named_children]
            key = self.lower(written[0], self.scope_of(c), line(c)) if len(written) == 2 else None
            if not isinstance(key, ir.Lit) or key.value in entries:
                return "over a map whose keys are not distinct literal strings"
            entries[key.value] = (key, written[1])
        return list(entries.values())

    def _slice_cells(self, box: Node | None, scope: Node | None) -> list[tuple[Cell, ...]] | str:
        """The items (as written) of the literal slice `box` (or a name given one once, never changed), each after
        its index (not followed), else why not."""
        if box is not None and box.type == "identifier":
            held = self._given_once(text(box), scope)
            if held is None or held.type != "composite_literal":
                return f"over '{text(box)}', which is not a literal slice given once"
            if changed(self.root, text(box), _read_only):
                return f"over '{text(box)}', a slice changed or passed on"
            box = held
        kind = box.child_by_field_name("type") if box is not None and box.type == "composite_literal" else None
        body = box.child_by_field_name("body") if box is not None else None
        if kind is None or kind.type not in SLICES or body is None:
            return "over a value that is not a literal slice"
        items = [c for c in body.named_children if c.type != "comment"]
        if any(c.type != "literal_element" or len(c.named_children) != 1 for c in items):
            return "over a slice with keyed items"
        return [(ir.Unknown("an index"), c.named_children[0]) for c in items]

    def _given_once(self, name: str, scope: Node | None) -> Node | None:
        """The one value `name` is given in the scope chain from `scope` (None when given more, or none)."""
        cur = scope
        while True:
            items = self.decls.get(cur.id if cur is not None else 0, {}).get(name, [])
            if items or cur is None:
                return items[0][1] if len(items) == 1 else None
            cur = self.scope_of(cur)


def _field_of(item: Node, field: str) -> Node | None:
    """The value written for `field` in the struct literal `item` (`Dep{Project: ..}`, `{Project: ..}`, `&Dep{..}`)."""
    if item.type == "unary_expression" and text(item).startswith("&"):
        item = item.child_by_field_name("operand") or item
    body = item.child_by_field_name("body") if item.type == "composite_literal" else item
    if body is None or body.type != "literal_value":
        return None
    for c in body.named_children:
        key, value = c.child_by_field_name("key"), c.child_by_field_name("value")
        if c.type == "keyed_element" and key is not None and text(key) == field and value is not None:
            return value.named_children[0] if value.type == "literal_element" and value.named_children else value
    return None


def _field_why(body: Node, read: tuple[str, ...]) -> str:
    """Why the fields (`p.Name`) of the items a loop binds may not be as written when read in `body`: a use of `p`
    there but to read a field (`p.Name = ..`, `&p.Name`, `f(p)`, `p.Method()`); else ""."""
    bases = {n.partition(".")[0] for n in read if "." in n}
    for n in walk(body):
        if n.type != "identifier" or text(n) not in bases:
            continue
        up = n.parent
        read_only = up is not None and up.type == "selector_expression" and _is_field(up, "operand", n)
        outer = up.parent if read_only else None
        if outer is not None and outer.type == "expression_list" and outer.parent is not None:
            read_only = not _is_field(outer.parent, "left", outer)
        elif outer is not None:
            unary = outer.type == "unary_expression" and text(outer).startswith("&")
            called = outer.type == "call_expression" and _is_field(outer, "function", up)
            read_only = not (unary or called or outer.type in ("inc_statement", "dec_statement"))
        if not read_only:
            return f"whose variable '{text(n)}' is used at line {line(n)} but to read a field"
    return ""


def _range(loop: Node | None) -> Node | None:
    return next((c for c in loop.named_children if c.type == "range_clause"), None) if loop is not None else None


def _vars(clause: Node | None) -> list[Node]:
    """The variables of a range clause by position (`k`, `v` of `k, v`; `_` is one, never read)."""
    left = clause.child_by_field_name("left") if clause is not None else None
    names = left.named_children if left is not None else []
    return list(names) if len(names) <= 2 else []


def _read_only(node: Node) -> bool:
    """Whether the use `node` of a slice's name leaves it as it is (see loop_checks.changed): ranged over, an item
    read, its `len`, or its declaration."""
    up = node.parent
    if up is None:
        return False
    if up.type in ("range_clause", "var_spec"):
        return up.type == "range_clause" or _is_field(up, "name", node)
    if up.type == "expression_list":  # `names := ..`: the declaration (not `more := names`)
        return up.parent is not None and up.parent.type == "short_var_declaration" and _is_field(up.parent, "left", up)
    if up.type == "index_expression":  # `names[0]`, not `names[0] = ..`
        outer = up.parent
        return not (outer is not None and outer.type == "expression_list" and outer.parent is not None
                    and _is_field(outer.parent, "left", outer))  # fmt: skip
    call = up.parent if up.type == "argument_list" else None
    fn = call.child_by_field_name("function") if call is not None else None
    return fn is not None and text(fn) == "len"


def _is_field(node: Node, field: str, child: Node) -> bool:
    found = node.child_by_field_name(field)
    return found is not None and bool(found.id == child.id)
