"""The loops over a literal array around a TS/JS site: `for (const p of ["net", "data"])`, and an inline callback of
`.map`, `.forEach` or `.flatMap` on one (`["a", "b"].map((n) => ..)`): the variable the site's name reads kept as
`ir.LoopVar`, the site given the items (irloops.py, frontends/loop_checks.py for what makes a loop followed).

The array is a literal (no `...spread`) or a name given one once in the scopes around, never changed (read only to
loop over it, read an item, or call a method that does not change it). A callback is the first argument, its
first parameter a plain name.
"""

from __future__ import annotations

from typing import Any

from stackgraph.inference import ir, irloops
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
from stackgraph.inference.frontends.typescript.lower import TypeScriptLowering
from stackgraph.inference.frontends.typescript.syntax import FUNCTIONS, unwrap

CALLBACKS = frozenset({"map", "forEach", "flatMap"})
READ_ONLY = CALLBACKS | {"length", "includes", "indexOf", "join", "filter", "find", "some", "every", "slice"}
ASSIGNED = ("assignment_expression", "augmented_assignment_expression")


def _decider(node: Node, child: Node) -> Node | None:
    if node.type == "binary_expression":  # `ok && new StackReference(..)`
        op, left = node.child_by_field_name("operator"), node.child_by_field_name("left")
        logical = op is not None and text(op) in ("&&", "||", "??")
        return left if logical and left is not None and left.id != child.id else None
    whole = frozenset({"try_statement", "catch_clause", "finally_clause"})
    return condition(node, child, ("condition", "value"), whole)


SYNTAX = LoopSyntax(
    FUNCTIONS | {"method_definition", "class_body", "generator_function_declaration"},
    frozenset({"break_statement"}),
    frozenset({"continue_statement", "return_statement", "throw_statement"}),
    frozenset({"continue_statement"}),
    (("assignment_expression", "left"), ("augmented_assignment_expression", "left"), ("update_expression", "argument"),
     ("variable_declarator", "name"), ("for_in_statement", "left")),
    _decider,
)  # fmt: skip


class TypeScriptLoops(TypeScriptLowering):
    """Lowers a site's name with the loop variables around it kept (see the module docstring)."""

    looping: Node | None = None  # the site whose name is being lowered with its loop variables kept
    looped: dict[str, Node]  # the key of each loop variable read then, and its `for .. of`

    def site_name(self, node: Node, arg: Node, scope: Node | None) -> tuple[ir.Expr, tuple[ir.Loop, ...]]:
        """The name of the site `node` (its argument `arg`), and the loops over literal items around it."""
        name = self.lower(arg, scope, line(node))
        loops: dict[tuple[int, int], ir.Loop] = {}  # by where the loop starts: outermost first
        unknown: dict[str, ir.Expr] = {}
        if irloops.unknown_why(name, lambda why: why.endswith(LOOPED)) and self._loop_of(node, None) is not None:
            name, looped = relowered(self, node, lambda: self.lower(arg, scope, line(node)))
            for key in sorted(irloops.keys_in(name)):
                loop = looped[key]
                body = loop.child_by_field_name("body")
                names = {irloops.var_of(key)}
                why = body_why(loop, body, node, names, SYNTAX) if body is not None else "without a body"
                found = why or self._items(loop.child_by_field_name("right"), scope)
                if isinstance(found, str):
                    unknown[key] = ir.Unknown(
                        f"'{irloops.var_of(key)}', bound by a loop at {self.file}:{line(loop)}, {found}"
                    )
                else:
                    loops[(loop.start_byte, 0)] = ir.Loop((key,), found, line(loop))
        name = self._callbacks(node, name, loops)
        return irloops.unbind(name, unknown) if unknown else name, tuple(loops[k] for k in sorted(loops))

    def _lookup(self, name: str, scope: Node | None, at: int, depth: int, use: Node | None = None) -> ir.Expr:
        site = self.looping
        loop = self._loop_of(site, name) if site is not None else None
        body = loop.child_by_field_name("body") if loop is not None else None
        crossed = self._crossed(site, loop) if site is not None and loop is not None else []
        if (
            loop is not None
            and body is not None
            and read_within(body, use, at)
            and any(_same(s, scope) for s in crossed)
        ):
            left = loop.child_by_field_name("left")
            key = irloops.key(name, line(left), left.start_point[1])
            self.looped[key] = loop
            return ir.LoopVar(key)
        return super()._lookup(name, scope, at, depth, use)

    def _loop_of(self, site: Node, name: str | None) -> Node | None:
        """The innermost `for (const <name> of ..)` whose body holds `site` (any name: None), with no function
        between but `.map`/`.forEach` callbacks on a literal array (run in the loop's run) not binding `name`."""
        child, cur = site, site.parent
        while cur is not None:
            if cur.type in SYNTAX.functions and not self._runs_now(cur, name):
                return None
            if cur.type == "for_in_statement" and child.id == _field_id(cur, "body"):
                left, op = cur.child_by_field_name("left"), cur.child_by_field_name("operator")
                plain = left is not None and left.type == "identifier" and op is not None and text(op) == "of"
                if plain and (name is None or text(left) == name):
                    return cur
            child, cur = cur, cur.parent
        return None

    def _runs_now(self, fn: Node, name: str | None) -> bool:
        """Whether `fn` is an inline callback of `.map`/`.forEach` on a literal array (or a name given one once),
        which runs where it is written, and does not bind `name` itself."""
        call, _ = _callback(fn)
        if call is None or (name is not None and (name in self.params(fn) or name in self.decls.get(fn.id, {}))):
            return False
        box = unwrap(call.child_by_field_name("function").child_by_field_name("object"))
        if box is not None and box.type == "identifier":
            box = unwrap(self._declared(text(box), self.scope_of(call)))
        return box is not None and box.type == "array"

    def _crossed(self, site: Node, loop: Node) -> list[Node | None]:
        """The scopes from `site` out to `loop`'s: a read in any of them is of the loop's variable."""
        out, cur = [self.scope_of(site)], self.scope_of(site)
        while cur is not None and cur.id != getattr(self.scope_of(loop), "id", None):
            cur = self.scope_of(cur)
            out.append(cur)
        return out

    def _callbacks(self, site: Node, name: ir.Expr, loops: dict[tuple[int, int], ir.Loop]) -> ir.Expr:
        """`name` with the first parameter of each inline `.map`/`.forEach` callback around `site` (innermost out,
        each called by the one around) bound to the items of a literal array, or unknown saying why not."""
        fn = self.scope_of(site)
        while fn is not None and fn.type in ("arrow_function", "function_expression", "function"):
            call, param = _callback(fn)
            if call is None or param is None:
                break
            var = text(param)
            if var in ir.params_in(name):
                method = call.child_by_field_name("function")
                body = fn.child_by_field_name("body")
                why = body_why(fn, body, site, {var}, SYNTAX) if body is not None else "without a body"
                found = why or self._items(method.child_by_field_name("object"), self.scope_of(call))
                called = text(method.child_by_field_name("property"))
                where = f"'{var}', bound by a loop (the `.{called}` at {self.file}:{line(call)})"
                if isinstance(found, str):
                    name = ir.substitute(name, {var: ir.Unknown(f"{where}, {found}")})
                else:
                    key = irloops.key(var, line(param), param.start_point[1])
                    loops[(call.start_byte, 1)] = ir.Loop((key,), found, line(call))
                    name = ir.substitute(name, {var: ir.LoopVar(key)})
            fn = self.scope_of(fn)
        return name

    def _items(self, box: Node | None, scope: Node | None) -> tuple[tuple[ir.Expr, ...], ...] | str:
        """The items of the literal array `box` (or a name given one once, never changed), else why not."""
        box = unwrap(box)
        if box is not None and box.type == "identifier":
            held = unwrap(self._declared(text(box), scope))
            if held is None or held.type != "array":
                return f"over '{text(box)}', which is not a literal array given once"
            if changed(self.root, text(box), _read_only):
                return f"over '{text(box)}', an array changed or passed on"
            box = held
        if box is None or box.type != "array":
            return "over a value that is not a literal array"
        items = [c for c in box.named_children if c.type != "comment"]
        if any(c.type == "spread_element" for c in items):
            return "over an array with a `...spread`"
        return tuple((self.lower(c, self.scope_of(c), line(c)),) for c in items)


def _read_only(node: Node) -> bool:
    """Whether the use `node` of an array's name leaves it as it is (see `changed`)."""
    up = node.parent
    if up is None:
        return False
    if up.type == "for_in_statement" or (up.type == "variable_declarator" and _field_id(up, "name") == node.id):
        return True
    if up.type == "subscript_expression" and _field_id(up, "object") == node.id:
        outer = up.parent
        return outer is None or outer.type not in ASSIGNED or _field_id(outer, "left") != up.id
    prop = up.child_by_field_name("property") if up.type == "member_expression" else None
    return prop is not None and text(prop) in READ_ONLY and _field_id(up, "object") == node.id


def _callback(fn: Node) -> tuple[Node | None, Node | None]:
    """The `.map(..)` call `fn` is the first argument of, and its first parameter (a plain name), else Nones."""
    args = fn.parent
    call = args.parent if args is not None and args.type == "arguments" else None
    method = call.child_by_field_name("function") if call is not None else None
    if method is None or method.type != "member_expression" or args.named_children[0].id != fn.id:
        return None, None
    prop = method.child_by_field_name("property")
    if prop is None or text(prop) not in CALLBACKS:
        return None, None
    param = fn.child_by_field_name("parameter")  # `n => ..`
    params = fn.child_by_field_name("parameters")
    if param is None and params is not None and params.named_children:
        first = params.named_children[0]
        param = first.child_by_field_name("pattern") if first.type == "required_parameter" else first
    return (call, param) if param is not None and param.type == "identifier" else (None, None)


def _field_id(node: Node, field: str) -> int | None:
    found = node.child_by_field_name(field)
    return found.id if found is not None else None


def _same(a: Any, b: Any) -> bool:
    return (a.id if a is not None else None) == (b.id if b is not None else None)
