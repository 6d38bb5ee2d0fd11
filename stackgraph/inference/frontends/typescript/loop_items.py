"""What a TS/JS loop around a site runs over, when it is literal: an array (`for (const p of ["net", "data"])`), an
array of arrays unpacked (`for (const [k, v] of [["net", "a"], ..])`), or a literal object's entries, keys or values
(`Object.entries({net: "networking"})`, `for (const k in {..})`), or an array's own `.entries()` ([index, item]),
`.keys()` or `.values()`: each row of values the loop's target binds in turn. An index is not followed (`i + 1` would
read as text, not a sum): a site whose name reads one stays unresolved, saying so.

The array or object is written there or held by a name given it once in the scopes around, never changed (read only to
loop over it, read an item, or read a member that does not change it nor give it on: `READ_ONLY`). An object's
members are each a plain `key: value` (or `key` alone) with distinct keys written as names or strings (not
`__proto__`, which sets no entry): a computed key, a `...spread` or a method may hide or add an entry. `Object` is
the global one (never declared here). A member read of an item (`p.name`) is written in the literal object the item
is; the array or object then is not named anywhere else (`DEPS[0].name = ..` changes an item, not the array).
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.loop_checks import changed
from stackgraph.inference.frontends.treesitter import Node, line, text, walk
from stackgraph.inference.frontends.typescript.lower import TypeScriptLowering
from stackgraph.inference.frontends.typescript.syntax import FUNCTIONS, string_value, unwrap

Rows = tuple[tuple[ir.Expr, ...], ...]
Names = tuple[str, ...]
Cell = Node | ir.Expr
"""A value a loop binds in one run: as written (lowered when read), or an object's key (`ir.Lit`)."""
Target = tuple[tuple[str, ...], tuple[int, ...] | None]
"""The names a loop binds and, for an array pattern (`[k, , v]`), the position of each (None: one plain name)."""
VIEWS = {"entries": (0, 1), "keys": (0,), "values": (1,)}
"""The parts of an entry (key, value) each view of an object gives (`Object.entries(..)`)."""
READ_ONLY = frozenset(
    {"map", "forEach", "flatMap", "filter", "find", "findIndex", "findLast", "findLastIndex", "some", "every",
     "reduce", "reduceRight", "includes", "indexOf", "lastIndexOf", "join", "slice", "concat", "flat", "at",
     "entries", "keys", "values", "length", "toString", "toSorted", "toReversed", "toSpliced", "with"}
)  # fmt: skip
"""The members of an array that neither change it nor give it on (a callback given a third parameter, the array
itself, may: see `_read_only`); `push`, `splice`, `sort`, `reverse`, `fill`.. change it."""
ASSIGNED = ("assignment_expression", "augmented_assignment_expression")
ITEM = "*"
"""The item itself, in the names a loop binding an object pattern reads (`*.name`: the item's member `name`)."""


def members_of(node: Node | None) -> dict[str, str] | None:
    """The names an object pattern of plain names binds and the member each reads (`{name, env: e}`), else None."""
    if node is None or node.type != "object_pattern":
        return None
    out = {}
    for c in node.named_children:
        value = c.child_by_field_name("value") if c.type == "pair_pattern" else None
        key = _key(c.child_by_field_name("key")) if value is not None and value.type == "identifier" else None
        if c.type == "shorthand_property_identifier_pattern":
            out[text(c)] = text(c)
        elif key is not None:
            out[text(value)] = key
        elif c.type != "comment":
            return None  # a default, a nested pattern, a `...rest`, a computed key
    return out


def target_of(node: Node | None) -> Target | None:
    """The names `node` binds (a name, an array pattern of plain names: `[k, v]`, `[, v]`), else None."""
    if node is not None and node.type == "identifier":
        return (text(node),), None
    if node is None or node.type != "array_pattern":
        return None
    names, positions, at = [], [], 0
    for c in node.children:
        if c.type == ",":
            at += 1
        elif c.type == "identifier":
            names.append(text(c))
            positions.append(at)
        elif c.is_named and c.type != "comment":
            return None  # a default, a nested pattern, a `...rest`
    return tuple(names), tuple(positions)


class TypeScriptLoopItems(TypeScriptLowering):
    """Reads the rows of what a loop runs over (see the module docstring)."""

    def literal(self, box: Node | None, scope: Node | None, keys: bool = False, checked: bool = True) -> Node | str:
        """The literal array (or object: `Object.entries(..)`, a `for .. in` when `keys`) `box` is or its name holds,
        else why not; `checked`: also that the name is never changed (a walk of the file)."""
        box = unwrap(box)
        view = "keys" if keys else _view(box, self._global_object())
        if view and not keys and box is not None:
            box = unwrap(box.child_by_field_name("arguments").named_children[0])
        elif not view and _array_view(box):  # `names.entries()`: the array's
            box = _viewed(box)
        want = "object" if view else "array"
        if box is not None and box.type == "identifier":
            held = unwrap(self._declared(text(box), scope))
            if held is None or held.type != want:
                return f"over '{text(box)}', which is not a literal {want} given once"
            if checked and changed(self.root, text(box), _object_read_only if view else _read_only):
                return f"over '{text(box)}', an {want} changed or passed on"
            box = held
        if box is None or box.type != want:
            return f"over a value that is not a literal {want}" + ("" if view else " (nor a literal object's entries)")
        return box

    def rows(
        self,
        loop_box: Node | None,
        scope: Node | None,
        target: Target,
        keys: bool = False,
        read: Names = (),
        members: dict[str, str] | None = None,
    ) -> Rows | str:
        """The rows of the names `read` (those of `target` when none; `p.name`: a member of `p`) that the target
        `target` of a loop over `loop_box` binds in turn (an object pattern: `members`, each name's), else why
        not."""
        if members is not None:  # `{ name }`: the item's member `name`
            read = tuple(f"{ITEM}.{members[n.partition('.')[0]]}{n[len(n.partition('.')[0]) :]}" for n in read)
            target = ((ITEM,), None)
        box = self.literal(loop_box, scope, keys)
        if isinstance(box, str):
            return box
        named = _named(loop_box)
        if any("." in n for n in read) and named is not None and _uses(self.root, named) > 2:
            return f"over '{named}', read elsewhere: the members of its items may change"
        array_view = _array_view(unwrap(loop_box))
        if box.type == "array" and array_view:  # `for (const [i, p] of names.entries())`
            cells = _indexed(self._array_cells(box, None), array_view, target, read)
        elif box.type == "array":
            cells = self._array_cells(box, target[1])
        else:
            view = "keys" if keys else _view(unwrap(loop_box), True) or "entries"
            cells = self._object_cells(box, VIEWS[view], target)
        if isinstance(cells, str):
            return cells
        out = []
        for row in cells:
            picked = self._picked(dict(zip(target[0], row, strict=True)), read or target[0])
            if isinstance(picked, str):
                return picked
            out.append(picked)
        return tuple(out)

    def _picked(self, row: dict[str, Cell], read: Names) -> tuple[ir.Expr, ...] | str:
        """The value of each name of `read` in one row binding `row`: a name's value, or a member of it (`p.name`),
        which must be written in the literal object it is."""
        out = []
        for name in read:
            var, _, member = name.partition(".")
            cell = row[var]
            if not member:
                out.append(cell if isinstance(cell, ir.Expr) else self._lowered(cell))
                continue
            held = None if isinstance(cell, ir.Expr) else unwrap(cell)
            members = self._entries(held) if held is not None and held.type == "object" else None
            found = dict(members).get(member) if isinstance(members, list) else None
            if found is None:
                return members if isinstance(members, str) else f"whose items are not each an object with '{member}'"
            out.append(self._lowered(found))
        return tuple(out)

    def _array_cells(self, box: Node, positions: tuple[int, ...] | None) -> list[tuple[Cell, ...]] | str:
        """The values each item of the literal array `box` binds (itself, or its items at `positions`)."""
        items = _parts(box)
        if items is None or None in items:
            return "over an array with a `...spread` or a hole"
        if positions is None:
            return [(c,) for c in items if c is not None]
        out: list[tuple[Cell, ...]] = []
        for item in items:
            inner = _parts(item) if item is not None and item.type == "array" else None
            if inner is None or len(inner) <= max(positions) or any(inner[p] is None for p in positions):
                return f"whose items are not each an array of {max(positions) + 1} values"
            out.append(tuple(c for c in (inner[p] for p in positions) if c is not None))
        return out

    def _object_cells(self, box: Node, parts: tuple[int, ...], target: Target) -> list[tuple[Cell, ...]] | str:
        """The values a loop over the parts `parts` (key, value) of each entry of the literal object `box` binds to
        `target`, else why not."""
        entries = self._entries(box)
        if isinstance(entries, str):
            return entries
        return _parts_of([(ir.Lit(k), v) for k, v in entries], parts, target)

    def _entries(self, box: Node) -> list[tuple[str, Node]] | str:
        """The key and value of each member of the literal object `box` (in order), else why not."""
        out: dict[str, Node] = {}
        for member in box.named_children:
            if member.type == "comment":
                continue
            key_node = member.child_by_field_name("key") if member.type == "pair" else None
            key = text(member) if member.type == "shorthand_property_identifier" else _key(key_node)
            value = member if member.type == "shorthand_property_identifier" else member.child_by_field_name("value")
            if key is None or key == "__proto__" or key in out or value is None:
                why = (
                    "a computed or numeric key, a method or a `...spread`" if key is None else f"the key '{key}' twice"
                )
                return f"over an object with {why if key != '__proto__' else 'a `__proto__`'}"
            out[key] = value
        return list(out.items())

    def _lowered(self, node: Node) -> ir.Expr:
        if node.type == "shorthand_property_identifier":
            return self.lookup(text(node), self.scope_of(node), line(node), 0, node)
        return self.lower(node, self.scope_of(node), line(node))

    def _global_object(self) -> bool:
        """Whether `Object` is the global one: never declared, bound or assigned in the file (read only as
        `Object.<member>`)."""
        found = self.__dict__.get("_plain_object")
        if found is None:
            found = not any(
                n.type in ("identifier", "shorthand_property_identifier_pattern")
                and text(n) == "Object"
                and not (n.parent is not None and n.parent.type == "member_expression" and _is(n.parent, "object", n))
                for n in walk(self.root)
            )
            self.__dict__["_plain_object"] = found
        return bool(found)


def _parts_of(pairs: list[tuple[Cell, Cell]], parts: tuple[int, ...], target: Target) -> list[tuple[Cell, ...]] | str:
    """The values a loop over the parts `parts` (key, value) of each entry of `pairs` binds to `target`."""
    names, positions = target
    if len(parts) == 1 and positions is None:
        return [(pair[parts[0]],) for pair in pairs]
    if len(parts) == 1 or positions is None or max(positions) > 1:
        return f"whose items are not each {len(names)} values" if positions else "whose items are [key, value] pairs"
    return [tuple(pair[p] for p in positions) for pair in pairs]


def _indexed(
    items: list[tuple[Cell, ...]] | str, view: str, target: Target, read: Names
) -> list[tuple[Cell, ...]] | str:
    """The values a loop over the view `view` (`.entries()`: [index, item] each, `.keys()`, `.values()`) of a literal
    array of `items` binds to `target`; not when the site reads an index: `i + 1` would read as text, not a sum."""
    names, positions = target
    parts = VIEWS[view]
    index = [n for k, n in enumerate(names) if 0 in parts and (positions[k] if positions else parts[0]) == 0]
    if any(n.partition(".")[0] in index for n in read or names):
        return f"whose index '{index[0]}' (of `.{view}()`) is not followed"
    if isinstance(items, str):
        return items
    unread = ir.Unknown("an index of an array (not followed)")
    return _parts_of([(unread, item) for (item,) in items], parts, target)


def member_why(body: Node, read: Names) -> str:
    """Why the members `read` (`p.name`) of the items a loop binds may not be as written when read in `body`: a use
    of `p` there but to read a member (`p.name = ..`, `f(p)`, `q = p`, `p.f()`); else ""."""
    bases = {n.partition(".")[0] for n in read if "." in n}
    for n in walk(body):
        if n.type not in ("identifier", "shorthand_property_identifier") or text(n) not in bases:
            continue
        up = n.parent
        member = n.type == "identifier" and up is not None and up.type == "member_expression" and _is(up, "object", n)
        called = member and up.parent is not None and up.parent.type == "call_expression"
        if not member or called or _written(up):
            return f"whose variable '{text(n)}' is used at line {line(n)} but to read a member"
    return ""


def _named(box: Node | None) -> str | None:
    """The name a loop runs over (`names`, `Object.entries(names)`, `names.entries()`), else None."""
    box = unwrap(box)
    if box is not None and _view(box, True):
        box = unwrap(box.child_by_field_name("arguments").named_children[0])
    elif _array_view(box):
        box = _viewed(box)
    return text(box) if box is not None and box.type == "identifier" else None


def _uses(root: Node, name: str) -> int:
    """How often `name` is written in the file as a name (declared, read or assigned)."""
    kinds = ("identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern")
    return sum(1 for n in walk(root) if n.type in kinds and text(n) == name)


def _view(box: Node | None, plain: bool) -> str:
    """ "entries", "keys" or "values" when `box` is `Object.<that>(x)` with one argument (`Object` global), else ""."""
    if not plain or box is None or box.type != "call_expression":
        return ""
    fn, args = box.child_by_field_name("function"), box.child_by_field_name("arguments")
    if fn is None or fn.type != "member_expression" or args is None or len(args.named_children) != 1:
        return ""
    obj, prop = fn.child_by_field_name("object"), fn.child_by_field_name("property")
    if obj is None or text(obj) != "Object" or prop is None or text(prop) not in VIEWS:
        return ""
    return "" if args.named_children[0].type == "spread_element" else text(prop)


def _array_view(box: Node | None) -> str:
    """ "entries", "keys" or "values" when `box` is `<array or name>.<that>()`, else ""."""
    if box is None or box.type != "call_expression":
        return ""
    fn, args = box.child_by_field_name("function"), box.child_by_field_name("arguments")
    if fn is None or fn.type != "member_expression" or args is None or args.named_children:
        return ""
    obj, prop = unwrap(fn.child_by_field_name("object")), fn.child_by_field_name("property")
    plain = obj is not None and obj.type in ("array", "identifier") and text(obj) != "Object"
    return text(prop) if plain and prop is not None and text(prop) in VIEWS else ""


def _viewed(box: Node | None) -> Node | None:
    """The array `<array>.entries()` (an `_array_view`) is a view of."""
    fn = box.child_by_field_name("function") if box is not None else None
    return unwrap(fn.child_by_field_name("object")) if fn is not None else None


def _key(node: Node | None) -> str | None:
    if node is not None and node.type == "property_identifier":
        return text(node)
    return string_value(node) if node is not None else None


def _parts(array: Node) -> list[Node | None] | None:
    """The items of a literal array by position (None: a hole, `[a, , b]`), else None (a `...spread`)."""
    out: list[Node | None] = []
    pending: Node | None = None
    for c in array.children:
        if c.type == "spread_element":
            return None
        if c.type == ",":
            out.append(pending)
            pending = None
        elif c.is_named and c.type != "comment":
            pending = c
    return [*out, pending] if pending is not None else out


def _is(node: Node, field: str, child: Node) -> bool:
    found = node.child_by_field_name(field)
    return found is not None and found.id == child.id


def _read_only(node: Node) -> bool:
    """Whether the use `node` of an array's name leaves it as it is (see `changed`)."""
    up = node.parent
    if up is None:
        return False
    if up.type == "for_in_statement" or (up.type == "variable_declarator" and _is(up, "name", node)):
        return True
    if up.type == "subscript_expression" and _is(up, "object", node):
        return not _written(up)
    prop = up.child_by_field_name("property") if up.type == "member_expression" else None
    if prop is None or text(prop) not in READ_ONLY or not _is(up, "object", node) or _written(up):
        return False  # `names.push(..)`, `names.length = 0`
    call = up.parent if up.parent is not None and up.parent.type == "call_expression" else None
    args = call.child_by_field_name("arguments") if call is not None and _is(call, "function", up) else None
    return not any(_params(a) > 2 for a in (args.named_children if args is not None else ()))  # `(x, i, all) =>`


def _params(fn: Node) -> int:
    """How many parameters the function `fn` has (0: not a function)."""
    params = fn.child_by_field_name("parameters") if fn.type in FUNCTIONS else None
    return len([p for p in params.named_children if p.type != "comment"]) if params is not None else 0


def _object_read_only(node: Node) -> bool:
    """Whether the use `node` of an object's name leaves it as it is: its declaration, a `for .. in` over it, a
    member read (not written, deleted nor called: a method may change it), `Object.entries(name)`."""
    up = node.parent
    if up is None:
        return False
    if (up.type == "for_in_statement" and _is(up, "right", node)) or (
        up.type == "variable_declarator" and _is(up, "name", node)
    ):
        return True
    if up.type in ("member_expression", "subscript_expression") and _is(up, "object", node):
        called = up.parent is not None and up.parent.type == "call_expression" and _is(up.parent, "function", up)
        return not called and not _written(up)
    call = up.parent if up.type == "arguments" else None
    return call is not None and bool(_view(call, True))


def _written(place: Node) -> bool:
    """Whether the item or member `place` is assigned, updated or deleted there."""
    outer = place.parent
    if outer is None:
        return False
    if outer.type in ASSIGNED:
        return _is(outer, "left", place)
    return outer.type == "update_expression" or (outer.type == "unary_expression" and text(outer).startswith("delete"))
