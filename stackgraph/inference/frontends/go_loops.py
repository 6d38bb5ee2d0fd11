"""The loops over a literal slice around a Go site (`for _, p := range []string{"net", "data"}`): the value variable
the site's name reads kept as `ir.LoopVar`, the site given the items (irloops.py; frontends/loop_checks.py for what
makes a loop followed). The slice (or array) is a literal with unkeyed items, or a name given one once in the scopes
around and never changed (read only to range over it, read an item, or take its `len`); the variable is the second
of two (`for i, p := range ..`; a lone one is the index, not followed).
"""

from __future__ import annotations

from stackgraph.inference import ir, irloops
from stackgraph.inference.frontends.go_library import GoLibrary
from stackgraph.inference.frontends.loop_checks import (
    LOOPED,
    LoopSyntax,
    body_why,
    changed,
    condition,
    read_within,
    relowered,
)
from stackgraph.inference.frontends.treesitter import Node, line, text

SLICES = frozenset({"slice_type", "array_type", "implicit_length_array_type"})


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


class GoLoops(GoLibrary):
    """Lowers a site's name with the loop variables around it kept (see the module docstring)."""

    looping: Node | None = None  # the site whose name is being lowered with its loop variables kept
    looped: dict[str, Node]  # the key of each loop variable read then, and its `for` statement

    def site_name(self, node: Node, arg: Node, scope: Node | None) -> tuple[ir.Expr, tuple[ir.Loop, ...]]:
        name = self.lower(arg, scope, line(node))
        if not irloops.unknown_why(name, lambda why: why.endswith(LOOPED)) or self._loop_of(node, None) is None:
            return name, ()
        name, looped = relowered(self, node, lambda: self.lower(arg, scope, line(node)))
        loops: list[ir.Loop] = []
        unknown: dict[str, ir.Expr] = {}
        for key in sorted(irloops.keys_in(name)):
            loop = looped[key]
            body, clause = loop.child_by_field_name("body"), _range(loop)
            why = body_why(loop, body, node, {irloops.var_of(key)}, SYNTAX) if body is not None else "without a body"
            found = why or self._items(clause.child_by_field_name("right") if clause else None, scope)
            if isinstance(found, str):
                unknown[key] = ir.Unknown(
                    f"'{irloops.var_of(key)}', bound by a loop at {self.file}:{line(loop)}, {found}"
                )
            else:
                loops.append(ir.Loop((key,), found, line(loop)))
        loops.sort(key=lambda loop: loop.line)  # outermost first
        return irloops.unbind(name, unknown) if unknown else name, tuple(loops)

    def loop_var(self, name: str, cur: Node, scope: Node | None, use: Node | None, at: int) -> ir.Expr | None:
        """The variable `name` of the loop around the site being lowered (`looping`) when the read `use` (on line
        `at`), in `scope`, is of it (in its body; `cur`, the function binding it, holds the loop and the read);
        else None."""
        site = self.looping
        loop = self._loop_of(site, name) if site is not None and scope is not None and scope.id == cur.id else None
        body = loop.child_by_field_name("body") if loop is not None else None
        if body is None or getattr(self.scope_of(loop), "id", None) != cur.id or not read_within(body, use, at):
            return None
        var = _value_var(_range(loop))
        assert var is not None  # `_loop_of` found it
        key = irloops.key(name, line(var), var.start_point[1])
        self.looped[key] = loop
        return ir.LoopVar(key)

    def _loop_of(self, site: Node, name: str | None) -> Node | None:
        """The innermost `for _, <name> := range ..` whose body holds `site` (any name: None), no function between."""
        child, cur = site, site.parent
        while cur is not None and cur.type not in SYNTAX.functions:
            body = cur.child_by_field_name("body") if cur.type == "for_statement" else None
            var = _value_var(_range(cur)) if body is not None and body.id == child.id else None
            if var is not None and (name is None or text(var) == name):
                return cur
            child, cur = cur, cur.parent
        return None

    def _items(self, box: Node | None, scope: Node | None) -> tuple[tuple[ir.Expr, ...], ...] | str:
        """The items of the literal slice `box` (or a name given one once, never changed), else why not."""
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
        return tuple((self.lower(c.named_children[0], scope, line(c)),) for c in items)

    def _given_once(self, name: str, scope: Node | None) -> Node | None:
        """The one value `name` is given in the scope chain from `scope` (None when given more, or none)."""
        cur = scope
        while True:
            items = self.decls.get(cur.id if cur is not None else 0, {}).get(name, [])
            if items or cur is None:
                return items[0][1] if len(items) == 1 else None
            cur = self.scope_of(cur)


def _range(loop: Node | None) -> Node | None:
    return next((c for c in loop.named_children if c.type == "range_clause"), None) if loop is not None else None


def _value_var(clause: Node | None) -> Node | None:
    """The value variable of a range clause (`p` of `_, p`), None when there is none."""
    left = clause.child_by_field_name("left") if clause is not None else None
    names = left.named_children if left is not None else []
    return names[1] if len(names) == 2 and names[1].type == "identifier" else None


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
