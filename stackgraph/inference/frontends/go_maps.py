"""Go map literals read at a key (`names[ctx.Stack()]`, `cfg := configs[stack]; cfg.Network`): `ir.Select`.

A map composite literal (`map[string]string{"dev": "a"}`, `map[string]Env{"dev": {Net: "a"}}`, values `&Env{..}`
too) whose keys are distinct string literals or constants is read at a key as the entry picked per stack (a key
the map does not hold: unresolved, naming it; a field no entry's literal sets: unresolved, Go's zero value). The
field of an item (`configs[k].Net`, or `cfg.Net` of `cfg := configs[k]` / `cfg, ok := configs[k]`) is the field
of each entry's struct literal. The `ok` of `v, ok := m[k]` is whether the map holds the key (`m[]?` of a
package-level map).

A local map (`m := map..{..}`, `var m = map..{..}`) is read in the file, when the declaration gives it its only
value and every use of it in its block leaves it as it is (an item or a field of one read, `len(m)`, `range m`):
anything else (`m[k] = v`, `delete(m, k)`, `f(m)`, `&m`, `m = ..`, `m[k].F = v`) leaves its items unknown. A
package-level map is read through the linker, as any package-level variable (another file of the package may
set it): its file exports `m[]` and `m[].F` (functions of the key), and each file exports `ASSIGNED + "m[]"`
(unknown, naming where) when a function of it changes or hands on a package-level `m` (link.py).

Not followed (left unknown): an entry given by position, a map made another way (`make(..)`), an item of a
map of pointers whose field is set anywhere in the file (`p.Net = ..`, through a copy of the pointer); a copy
of such a pointer changed in another file of the package is not seen.
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.arms import within
from stackgraph.inference.frontends.go_loops import GoLoops
from stackgraph.inference.frontends.go_std import GO_BUILTINS
from stackgraph.inference.frontends.go_vars import signature_names
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text, walk
from stackgraph.inference.irbase import ASSIGNED
from stackgraph.inference.made import item_member, made_member

KEY = "[key]"
"""The parameter of the functions a file exports for a package-level map (`m[]`, `m[].F`): the key read."""
WRITES = frozenset({"inc_statement", "dec_statement"})
PACKAGE = "package"
NOT_NAMES = frozenset({"nil", "true", "false", "iota", "_"})


class GoMaps(GoLoops):
    """The part of the Go finder that reads map literals at a key (see the module docstring)."""

    def _lower_index_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        found = self._map_item(node, scope, at, depth)
        return found if found is not None else super()._lower_index_expression(node, scope, at, depth)

    def _object_field(self, operand: Node, field: str, scope: Node | None, depth: int) -> ir.Expr | None:
        found = self._item_field(operand, field, scope, depth)
        return found if found is not None else super()._object_field(operand, field, scope, depth)

    def _map_item(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr | None:
        """`m[k]` of a map literal (None: `m` is none this file reads, or `m` is not a name)."""
        operand, index = node.child_by_field_name("operand"), node.child_by_field_name("index")
        if operand is None or index is None or operand.type != "identifier":
            return None
        held = self._map_named(operand, scope)
        if held is None or isinstance(held, ir.Unknown):
            return held
        key = self.lower(index, scope, at, depth)
        if held == PACKAGE:
            if index.type == "int_literal" or (index.type == "binary_expression" and "len(" in text(index)):
                return None  # a slice's item (go_library.py), not a map's
            package = ir.Module(ir.ModuleKind.DIR, self.package_dir)
            return ir.Apply(ir.Import(package, f"{text(operand)}[]"), (key,))
        table = self._table(held, depth)
        return table if isinstance(table, ir.Unknown) else ir.Select(table[0], table[1], key)

    def _lower_expression_list(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """`ok` of `v, ok := m[k]` (declared with the list `m[k]` is in, golang.py): whether a map literal holds
        the key, as `"true"` or `"false"` per stack (a key the map lacks: "false")."""
        read = node.named_children[0] if len(node.named_children) == 1 else None
        operand = read.child_by_field_name("operand") if read is not None else None
        index = read.child_by_field_name("index") if read is not None else None
        held = self._map_named(operand, scope) if operand is not None and operand.type == "identifier" else None
        if read is None or index is None or held is None or isinstance(held, ir.Unknown):
            why = held.why if isinstance(held, ir.Unknown) else "not a map literal this file reads"
            return ir.Unknown(f"whether `{shape(read or node)}` holds its key ({why})")
        key = self.lower(index, scope, at, depth)
        if held == PACKAGE:
            return ir.Apply(ir.Import(ir.Module(ir.ModuleKind.DIR, self.package_dir), f"{text(operand)}[]?"), (key,))
        table = self._table(held, depth)
        return table if isinstance(table, ir.Unknown) else _holds(table[0], key)

    def _map_named(self, operand: Node, scope: Node | None) -> Node | str | ir.Unknown | None:
        """What the name `operand` means where it is read: a local map literal given once and never changed (its
        node; unknown when changed), a package-level variable that may be one (PACKAGE), or None (anything else)."""
        name, cur, opaque = text(operand), scope, self.opaque()
        while cur is not None:
            if name in opaque.get(cur.id, ()):
                return None
            bound = self.binding(name, operand, cur) if within(operand, cur) else None
            if bound is not None:
                return self._local_map(name, bound[0], bound[1], cur)
            if name in self.params(cur) or name in signature_names(cur):
                return None
            cur = self.scope_of(cur)
        items = self.decls.get(0, {}).get(name, [])
        if name in opaque.get(0, ()) or name in self.imports or name in self.functions or name in GO_BUILTINS:
            return None
        if items:
            return PACKAGE if len(items) == 1 and _map_literal(items[0][1]) is not None else None
        return None if any(held == name for _, held in self.zeroed) else PACKAGE

    def _local_map(self, name: str, region: Node, decl: Node, scope: Node) -> Node | ir.Unknown | None:
        items = [v for _, v in self.decls.get(scope.id, {}).get(name, []) if self.charged(name, v, scope) == region.id]
        literal = _map_literal(items[0]) if len(items) == 1 and within(items[0], decl) else None
        if literal is None:
            return None
        for node in walk(region):
            if node.type == "identifier" and text(node) == name and not _read_only(node):
                where = node.parent if node.parent is not None else node
                return ir.Unknown(
                    f"an item of '{name}', a map changed or handed on ({shape(where)}) at line {line(node)}: its "
                    "items are not known statically"
                )
        return literal

    def _table(self, literal: Node, depth: int) -> tuple[tuple[str, ...], tuple[ir.Expr, ...]] | ir.Unknown:
        """The keys of the map literal and the value of each entry (a struct literal: its `ir.Record`)."""
        kind = literal.child_by_field_name("type")
        value_type = kind.child_by_field_name("value") if kind is not None else None
        pointers = value_type is not None and value_type.type == "pointer_type"
        struct = self._struct(value_type)
        body = literal.child_by_field_name("body")
        keys: list[str] = []
        values: list[ir.Expr] = []
        where = self.scope_of(literal)
        for element in body.named_children if body is not None else []:
            if element.type == "comment":
                continue
            written = (
                [element.child_by_field_name(f) for f in ("key", "value")] if element.type == "keyed_element" else []
            )
            nodes = [
                w.named_children[0] if w.type == "literal_element" and w.named_children else w for w in written if w
            ]
            key = self.lower(nodes[0], where, line(element), depth) if len(nodes) == 2 else None
            if not isinstance(key, ir.Lit) or key.value in keys:
                return ir.Unknown(
                    f"an item of a map whose keys are not distinct literal strings or constants ({shape(literal)})"
                )
            keys.append(key.value)
            value = nodes[1]
            pointers = pointers or (value.type == "unary_expression" and text(value).startswith("&"))
            values.append(self._entry(value, struct[1] if struct else None, where, depth))
        if pointers:
            values = [self._shared_fields(v) for v in values]
        return tuple(keys), tuple(values)

    def _entry(self, value: Node, kind: str | None, where: Node | None, depth: int) -> ir.Expr:
        """The value of one entry: a struct literal (its type written, or elided: `{Net: "a"}`) as a record."""
        if value.type != "literal_value":
            record = self._record(value, where, depth)
            return record[0] if record is not None else self.lower(value, where, line(value), depth)
        elements = [e for e in value.named_children if e.type != "comment"]
        if kind is None or any(e.type != "keyed_element" for e in elements):
            return ir.Unknown(
                f"an item of a map written as {shape(value)} (not a struct literal with its fields named)"
            )
        keys, values = [], []
        for element in elements:
            key, item = element.child_by_field_name("key"), element.child_by_field_name("value")
            if key is None or item is None:
                return ir.Unknown(f"an item of a map written as {shape(value)}")
            keys.append(text(key))
            inner = item.named_children[0] if item.type == "literal_element" and item.named_children else item
            values.append(self.lower(inner, where, line(element), depth))
        return ir.Record(kind, tuple(keys), tuple(values))

    def _shared_fields(self, value: ir.Expr) -> ir.Expr:
        """An item of a map of pointers: each field of its struct that the file sets anywhere (`p.Net = ..`, through
        any copy of the pointer) unknown, naming where."""
        if not isinstance(value, ir.Record):
            return value
        set_at = self.__dict__.get("_fields_set")
        if set_at is None:
            set_at = self.__dict__.setdefault("_fields_set", _fields_set(self.root))
        values = tuple(
            ir.Unknown(
                f"field '{k}' of a {value.kind} a map holds by pointer: a field so named is set at "
                f"{self.file}:{set_at[k]} (a copy of the pointer is not followed)"
            )
            if k in set_at
            else v
            for k, v in zip(value.keys, value.values, strict=True)
        )
        return ir.Record(value.kind, value.keys, values)

    def _item_field(self, operand: Node, field: str, scope: Node | None, depth: int) -> ir.Expr | None:
        """`configs[k].Net`, or `cfg.Net` of `cfg := configs[k]`: the field of the item picked (None: neither)."""
        held = operand
        if operand.type == "identifier":
            found = self.single_value(text(operand), scope)
            if found is None or found.type != "index_expression" or self._owner(text(operand), scope) is not None:
                return None
            changed = self.changed(text(operand), found).get(field)
            if changed is not None:
                return changed
            held = found
        if held.type != "index_expression":
            return None
        item = self.lower(operand, scope, line(operand), depth)
        if isinstance(item, ir.Select):
            return made_member(item, field)  # each item's field
        callee = item.callee if isinstance(item, ir.Apply) else None
        if isinstance(item, ir.Apply) and isinstance(callee, ir.Import) and callee.name.endswith("[]"):
            return ir.Apply(ir.Import(callee.module, f"{callee.name}.{field}"), item.args)  # of a package-level map
        return None

    def map_symbols(self) -> dict[str, ir.Expr]:
        """`m[]` and `m[].F` of each package-level map literal of the file, as functions of the key; and
        `ASSIGNED + "m[]"` for each package-level name the file changes as a map or hands on."""
        out: dict[str, ir.Expr] = {}
        for name, items in self.decls.get(0, {}).items():
            literal = _map_literal(items[0][1]) if len(items) == 1 else None
            table = self._table(literal, 0) if literal is not None else None
            if table is None:
                continue
            if isinstance(table, ir.Unknown):
                out[f"{name}[]"] = table
                continue
            keys, values = table
            out[f"{name}[]"] = ir.Function((KEY,), ir.Select(keys, values, ir.Param(KEY)))
            out[f"{name}[]?"] = ir.Function((KEY,), _holds(keys, ir.Param(KEY)))
            fields = dict.fromkeys(k for v in values if isinstance(v, ir.Record) for k in v.keys)
            for f in fields:
                picked = tuple(item_member(v, f) for v in values)
                out[f"{name}[].{f}"] = ir.Function((KEY,), ir.Select(keys, picked, ir.Param(KEY)))
        return out | self._maps_changed()

    def _maps_changed(self) -> dict[str, ir.Expr]:
        """`ASSIGNED + "m[]"`, unknown naming where, for each name of no variable of the file (another file's)
        that the file uses but to read it as a map (`m[k] = v`, `delete(m, k)`, `f(m)`, `&m`, `m = ..`)."""
        out: dict[str, ir.Expr] = {}
        own = {n for n, items in self.decls.get(0, {}).items() if len(items) != 1 or not _map_literal(items[0][1])}
        own.update(n for scope, n in self.zeroed if scope == 0)  # package-level names of the file, no map literal
        own.update(self.functions, NOT_NAMES, GO_BUILTINS, self.imports)
        for node in walk(self.root):
            name = text(node) if node.type == "identifier" else ""
            if not name or name in own or ASSIGNED + name + "[]" in out or _named_only(node) or _read_only(node):
                continue
            if self._local(name, node):
                continue
            out[ASSIGNED + name + "[]"] = ir.Unknown(
                f"an item of '{name}', a package-level map changed or handed on ({shape(node.parent or node)}) at "
                f"{self.file}:{line(node)}: its items are not known statically"
            )
        return out


def _holds(keys: tuple[str, ...], key: ir.Expr) -> ir.Expr:
    """Whether a map of these keys holds `key`, as the `ok` of `v, ok := m[k]`: `"true"` or `"false"`."""
    return ir.Conditional(ir.Has("equal", key, tuple(ir.Lit(k) for k in keys)), ir.Lit("true"), ir.Lit("false"))


def _named_only(node: Node) -> bool:
    """Whether the identifier `node` names no variable: a called function, a field's key in a struct literal."""
    up = node.parent
    if up is not None and up.type == "call_expression":
        return _is(up, "function", node)
    keyed = up.parent if up is not None and up.type == "literal_element" else None
    return keyed is not None and keyed.type == "keyed_element" and _is(keyed, "key", up)


def _map_literal(node: Node) -> Node | None:
    kind = node.child_by_field_name("type") if node.type == "composite_literal" else None
    return node if kind is not None and kind.type == "map_type" else None


def _is(node: Node, field: str, child: Node) -> bool:
    found = node.child_by_field_name(field)
    return found is not None and bool(found.id == child.id)


def _written(node: Node) -> bool:
    """Whether the expression `node` is set (`x = ..`, `x++`) or its address taken (`&x`), or a method called on it."""
    up = node.parent
    if up is None:
        return False
    if up.type == "expression_list" and up.parent is not None and up.parent.type == "assignment_statement":
        return _is(up.parent, "left", up)
    if up.type == "call_expression":
        return _is(up, "function", node)
    return up.type in WRITES or (up.type == "unary_expression" and text(up).startswith("&"))


def _read_only(node: Node) -> bool:
    """Whether the use `node` of a map's name leaves it as it is: its declaration, an item (or a field of one)
    read, `range` over it, `len`, the left of another `:=` (a new variable), a selector (no map's)."""
    up = node.parent
    if up is None:
        return False
    if up.type in ("var_spec", "const_spec"):
        return _is(up, "name", node) or any(n.id == node.id for n in up.children_by_field_name("name"))
    if up.type == "range_clause":
        return _is(up, "right", node)
    if up.type == "expression_list" and up.parent is not None and up.parent.type == "short_var_declaration":
        return _is(up.parent, "left", up)
    if up.type == "index_expression" and _is(up, "operand", node):
        top = up
        while top.parent is not None and top.parent.type in ("selector_expression", "index_expression"):
            if not _is(top.parent, "operand", top):
                break
            top = top.parent
        return not _written(top)
    if up.type == "selector_expression":  # `x.F` (a map literal's type is `map[..]..`: no field, no method)
        return True
    call = up.parent if up.type == "argument_list" else None
    fn = call.child_by_field_name("function") if call is not None else None
    return fn is not None and text(fn) == "len"


def _fields_set(root: Node) -> dict[str, int]:
    """Each field name the file sets on some value (`x.F = ..`, `&x.F`, `x.F++`), with the first line."""
    out: dict[str, int] = {}
    for node in walk(root):
        field = node.child_by_field_name("field") if node.type == "selector_expression" else None
        called = node.parent is not None and node.parent.type == "call_expression"
        if field is not None and text(field) not in out and not called and _written(node):
            out[text(field)] = line(node)
    return out
