"""The loops over literal items around a TS/JS site: `for (const p of ["net", "data"])`, `for (const [k, v] of
Object.entries({..}))`, `for (const k in {..})`, and an inline callback of `.map`, `.forEach` or `.flatMap` on one
(`["a", "b"].map((n) => ..)`, `Object.entries({..}).forEach(([k, v]) => ..)`): the variables the site's name reads
kept as `ir.LoopVar`, the site given the items (irloops.py; frontends/loop_checks.py for what makes a loop followed,
loop_items.py for what it may run over).

A loop binds a plain name, an array pattern of plain names or an object pattern of plain names (`{ name, env: e }`:
each its item's member); a callback is the first argument, its first parameter one. A callback binding a plain name or
an object pattern is read as a helper's parameters bound at each item (`_callbacks`). A member of a loop variable
(`p.name`, items that are literal objects) is a value the loop binds too, kept as `ir.LoopVar` of `p.name`, when the
body uses `p` only to read members (loop_items.member_why).
"""

from __future__ import annotations

from typing import Any

from stackgraph.inference import ir, irloops
from stackgraph.inference.frontends.loop_checks import (
    LOOPED,
    LoopSyntax,
    body_why,
    condition,
    loop_field,
    read_within,
    relowered,
)
from stackgraph.inference.frontends.treesitter import Node, line, text
from stackgraph.inference.frontends.typescript.loop_items import TypeScriptLoopItems, member_why, members_of, target_of
from stackgraph.inference.frontends.typescript.syntax import FUNCTIONS, unwrap

CALLBACKS = frozenset({"map", "forEach", "flatMap"})


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


class TypeScriptLoops(TypeScriptLoopItems):
    """Lowers a site's name with the loop variables around it kept (see the module docstring)."""

    looping: Node | None = None  # the site whose name is being lowered with its loop variables kept
    looped: dict[str, Node]  # the key of each loop variable read then, and its loop (a `for`, a callback)

    def site_name(self, node: Node, arg: Node, scope: Node | None) -> tuple[ir.Expr, tuple[ir.Loop, ...]]:
        """The name of the site `node` (its argument `arg`), and the loops over literal items around it."""
        name = self.lower(arg, scope, line(node))
        loops: dict[tuple[int, int], ir.Loop] = {}  # by where the loop starts: outermost first
        unknown: dict[str, ir.Expr] = {}
        if irloops.unknown_why(name, lambda why: why.endswith(LOOPED)) and self._loop_of(node, None) is not None:
            name, looped = relowered(self, node, lambda: self.lower(arg, scope, line(node)))
            read: dict[int, list[str]] = {}  # the keys read of each loop, by where it starts
            for key in sorted(irloops.keys_in(name)):
                read.setdefault(looped[key].start_byte, []).append(key)
            for keys in read.values():
                loop = looped[keys[0]]
                found = self._loop(loop, node, tuple(irloops.var_of(k) for k in keys))
                if isinstance(found, str):
                    unknown.update((k, ir.Unknown(f"'{irloops.var_of(k)}', {found}")) for k in keys)
                else:
                    loops[(loop.start_byte, 0)] = found
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
            left = self._target(loop)
            key = irloops.key(name, line(left), left.start_point[1])
            self.looped[key] = loop
            return ir.LoopVar(key)
        return super()._lookup(name, scope, at, depth, use)

    def _lower_member_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """`p.name` of a loop variable `p`: a value the loop binds (its items' members), kept as `ir.LoopVar`."""
        obj, prop = unwrap(node.child_by_field_name("object")), node.child_by_field_name("property")
        if obj is None or obj.type != "identifier" or prop is None or prop.type != "property_identifier":
            return super()._lower_member_expression(node, scope, at, depth)
        found = loop_field(self, obj, text(prop), scope, at, depth, node)
        return found if found is not None else super()._lower_member_expression(node, scope, at, depth)

    def _loop(self, loop: Node, site: Node, read: tuple[str, ...]) -> ir.Loop | str:
        """The loop `loop` (a `for`, a callback) around `site` with the values of the names `read` (`p`, `p.name`)
        in each run, else where it is and why not."""
        pattern = self._target(loop)
        target, members = target_of(pattern), members_of(pattern)
        names = target[0] if target is not None else tuple(members or ())
        body = loop.child_by_field_name("body")
        why = body_why(loop, body, site, set(names), SYNTAX) if body is not None else "without a body"
        why = why or member_why(body, read)
        read = tuple(sorted(read, key=lambda n: (names.index(n.partition(".")[0]), n)))  # as written
        call = self._call_of(loop)
        where = f"bound by a loop at {self.file}:{line(loop)}"
        if call is not None:
            method = call.child_by_field_name("function")
            where = (
                f"bound by a loop (the `.{text(method.child_by_field_name('property'))}` at {self.file}:{line(call)})"
            )
        box, at = self._box(loop), self.scope_of(loop)
        found = why or self.rows(box, at, target or ((), None), self._keys(loop), read, members)
        if isinstance(found, str):
            return f"{where}, {found}"
        keys = tuple(irloops.key(n, line(pattern), pattern.start_point[1]) for n in read)
        return ir.Loop(keys, found, line(call if call is not None else loop))

    def _loop_of(self, site: Node, name: str | None) -> Node | None:
        """The innermost loop whose body holds `site` binding `name` (any name: None): a `for (.. of ..)`, a
        `for (.. in ..)` or a callback binding a pattern; with no function between but `.map`/`.forEach` callbacks
        on literal items (run in the loop's run) not binding `name`."""
        child, cur = site, site.parent
        while cur is not None:
            if cur.type in SYNTAX.functions:
                if self._binds(cur, name):
                    return cur
                if not self._runs_now(cur, name):
                    return None
            if cur.type == "for_in_statement" and child.id == _field_id(cur, "body") and self._binds(cur, name):
                return cur
            child, cur = cur, cur.parent
        return None

    def _binds(self, loop: Node, name: str | None) -> bool:
        """Whether `loop` (a `for`, a callback binding an array pattern: a plain name is `_callbacks`') binds
        `name` (None: any)."""
        if loop.type != "for_in_statement":
            _, param = _callback(loop)
            if param is None or param.type != "array_pattern":
                return False
        names = _names(self._target(loop))
        return names is not None and (name is None or name in names)

    def _target(self, loop: Node) -> Node:
        """What a loop binds: the left of a `for`, the first parameter of a callback."""
        found = loop.child_by_field_name("left") if loop.type == "for_in_statement" else _callback(loop)[1]
        assert found is not None  # `_loop_of` gave it
        return found

    def _box(self, loop: Node) -> Node | None:
        """What a loop runs over: the right of a `for`, what a callback's method is called on."""
        call = self._call_of(loop)
        if call is None:
            return loop.child_by_field_name("right")
        return call.child_by_field_name("function").child_by_field_name("object")

    def _call_of(self, loop: Node) -> Node | None:
        return None if loop.type == "for_in_statement" else _callback(loop)[0]

    def _keys(self, loop: Node) -> bool:
        """Whether `loop` is a `for (.. in ..)`: it runs over the keys of an object."""
        op = loop.child_by_field_name("operator")
        return loop.type == "for_in_statement" and op is not None and text(op) == "in"

    def _runs_now(self, fn: Node, name: str | None) -> bool:
        """Whether `fn` is an inline callback of `.map`/`.forEach` on literal items (or a name given them once),
        which runs where it is written, and does not bind `name` itself."""
        call, param = _callback(fn)
        if call is None or param is None:
            return False
        if name is not None and (name in (_names(param) or ()) or name in self.decls.get(fn.id, {})):
            return False
        box = call.child_by_field_name("function").child_by_field_name("object")
        return not isinstance(self.literal(box, self.scope_of(call), checked=False), str)

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
            var, members = text(param), members_of(param)
            if members is not None:  # `({ name }) => ..`: each name a parameter
                read = sorted(p for p in ir.params_in(name) if p in members)
            else:
                read = sorted(
                    p for p in ir.params_in(name) if p.partition(".")[0] == var and param.type == "identifier"
                )
            if read:
                method = call.child_by_field_name("function")
                body = fn.child_by_field_name("body")
                names = set(members or {var})
                why = body_why(fn, body, site, names, SYNTAX) if body is not None else "without a body"
                why = why or member_why(body, tuple(read))
                box, at = method.child_by_field_name("object"), self.scope_of(call)
                found = why or self.rows(box, at, ((var,), None), read=tuple(read), members=members)
                called = text(method.child_by_field_name("property"))
                where = f"bound by a loop (the `.{called}` at {self.file}:{line(call)})"
                if isinstance(found, str):
                    name = ir.substitute(name, {p: ir.Unknown(f"'{p}', {where}, {found}") for p in read})
                else:
                    keys = [irloops.key(p, line(param), param.start_point[1]) for p in read]
                    loops[(call.start_byte, 1)] = ir.Loop(tuple(keys), found, line(call))
                    name = ir.substitute(name, {p: ir.LoopVar(k) for p, k in zip(read, keys, strict=True)})
            fn = self.scope_of(fn)
        return name


def _callback(fn: Node) -> tuple[Node | None, Node | None]:
    """The `.map(..)` call `fn` is the first argument of, and its first parameter (a plain name, an array or object
    pattern), else Nones."""
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
    plain = param is not None and param.type in ("identifier", "array_pattern", "object_pattern")
    return (call, param) if plain else (None, None)


def _names(target: Node) -> tuple[str, ...] | None:
    """The names a loop's target binds (a name, an array or object pattern of plain names), else None."""
    found, members = target_of(target), members_of(target)
    return found[0] if found is not None else tuple(members) if members is not None else None


def _field_id(node: Node, field: str) -> int | None:
    found = node.child_by_field_name(field)
    return found.id if found is not None else None


def _same(a: Any, b: Any) -> bool:
    return (a.id if a is not None else None) == (b.id if b is not None else None)
