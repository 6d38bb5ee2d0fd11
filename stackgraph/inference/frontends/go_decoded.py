"""A Go struct decoded from structured config: `conf.RequireObject("settings", &s)`, then `s.NetworkStack`.

    type Settings struct {
        NetworkStack string `json:"networkStack"`
        Net struct { Stack string `json:"stack"` } `json:"net"`
    }
    var s Settings
    conf.RequireObject("settings", &s)   // also GetObject / TryObject, config.RequireObject(ctx, "app:settings", &s)
                                         // and the Secret ones, RequireSecretObject ..

The call is a value of `s`, given at its line (`&s` there does not make `s` unknown, go_blocks.py): the reads
after it see it as any other assignment (arms.py: not before it, not from a branch or a loop it is not in; a call
in an `if`'s initializer, `if err := conf.TryObject(..); err != nil {..}`, always runs). It is a record of the
fields of the struct, each a config read with a path (`s.Net.Stack` reads `settings` at `net.stack`), matched as
Go's encoding/json does: by the field's `json:"key"` tag, else by its name, case-insensitively
(config_members.py). Only when nothing else may set a field: `s` is a local of the function that makes the call,
declared there as `var s T` or `s := T{}` (no field written: GetObject keeps what the key does not set), given to
exactly one such call of a Pulumi config object with a literal key, and otherwise only read through its fields (not
assigned, not handed on, no field set, no method called, `&s` nowhere else); `T` is a struct type declared in this
file. Anything else leaves the reads unknown, saying why: never a guess. A field json never sets (unexported, tagged
`json:"-"`), one with tag options other than `omitempty`, two fields whose JSON names differ only by case, every
field of a struct that embeds another, and a field promoted from an embedded struct are unknown too.
"""

from __future__ import annotations

import re

from stackgraph.inference import ir
from stackgraph.inference.frontends.arms import within
from stackgraph.inference.frontends.go_blocks import declared_region
from stackgraph.inference.frontends.go_library import GoLibrary
from stackgraph.inference.frontends.go_objects import BUILTINS
from stackgraph.inference.frontends.go_syntax import last_name, string_value
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text, walk

OBJECT_READS = frozenset(
    {"RequireObject", "GetObject", "TryObject", "RequireSecretObject", "GetSecretObject", "TrySecretObject"}
)  # the Secret ones decode the same way (and wrap the value in a secret Output)
INITIALIZED = frozenset({"if_statement", "expression_switch_statement", "type_switch_statement"})
_TAG = re.compile(r' *([^\s:"\x00-\x1f]+):"((?:[^"\\]|\\.)*)"')
_NAME = re.compile(r"[A-Za-z0-9!#$%&()*+\-./:;<=>?@\[\]^_{|}~ ]+")  # encoding/json's valid tag names (in ASCII)
Source = tuple[str | None, str]  # the namespace (None: the project's) and the key


class GoDecoded(GoLibrary):
    """The part of the Go finder that reads a struct decoded from structured config (see the module docstring)."""

    pulumi_config: set[str]

    def note_decoding(self, call: Node) -> None:
        """Index `conf.RequireObject("k", &s)` / `config.RequireObject(ctx, "k", &s)` in a function: `&s` is a
        value of `s` at its line."""
        func, args = call.child_by_field_name("function"), call.child_by_field_name("arguments")
        if func is None or func.type != "selector_expression" or last_name(func) not in OBJECT_READS or args is None:
            return
        items = [a for a in args.named_children if a.type != "comment"]
        last = items[-1] if len(items) in (2, 3) else None
        operand = last.child_by_field_name("operand") if last is not None and text(last).startswith("&") else None
        scope = self.scope_of(call)
        if last is None or last.type != "unary_expression" or operand is None or operand.type != "identifier":
            return
        if scope is not None:
            self.decoding[last.id] = call
            self.declare(scope, text(operand), line(last), last)

    def single_items(self, name: str, items: list[tuple[int, Node]], scope: Node | None) -> list[tuple[int, Node]]:
        """The one value of a variable that shares its name with one decoded from config in another block (`{ s :=
        Setup{..} }` beside `conf.RequireObject("k", &s)`), without that call's `&s`, as before it was a value."""
        others = [v for _, v in items if v.id not in self.decoding]
        if len(others) != 1 or len(items) == 1:
            return items
        mine = self.charged(name, others[0], scope)
        if any(self.charged(name, v, scope) == mine for _, v in items if v.id in self.decoding):
            return items
        return [(ln, v) for ln, v in items if v.id not in self.decoding]

    def branches_around(self, node: Node, scope: Node | None, at: int, use: Node | None = None) -> list[Node]:
        """As the finder's, but a decoding call in an `if`'s or a `switch`'s initializer always runs."""
        out = super().branches_around(node, scope, at, use)
        if node.id not in self.decoding:
            return out
        return [b for b in out if b.type not in INITIALIZED or not _in_initializer(node, b)]

    def decoded(self, amp: Node, depth: int) -> ir.Expr:
        """The record `&s` of a decoding call gives `s`, or why its fields are not read (once per call)."""
        return ir.remembered(self, "_decodings", amp.id, lambda: self._decoded(amp, depth))

    def _decoded(self, amp: Node, depth: int) -> ir.Expr:
        call = self.decoding[amp.id]
        name = text(amp.child_by_field_name("operand") or amp)
        source = self._source(call, depth)
        if isinstance(source, str):
            return ir.Unknown(f"'{name}', decoded by {source} (not followed)")
        kind = self._decoded_kind(amp, call, name)
        if isinstance(kind, str):
            return ir.Unknown(f"'{name}', decoded from config at line {line(call)}: {kind} (not followed)")
        structs = self._structs()
        found = structs.get(text(kind), []) if kind.type == "type_identifier" else []
        if len(found) != 1:
            where = "a type declared twice in this file" if found else "no struct type declared in this file (not read)"
            return ir.Unknown(f"'{name}', decoded from config into {text(kind)}, {where} (not followed)")
        return self._decoded_record(text(kind), found[0], source, (), frozenset({text(kind)}))

    def decoded_field(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr | None:
        """`s.Net.Stack` of a variable decoded from config: the field's value, or why it is not read (None: no
        such variable)."""
        fields, root = [], node
        while root.type == "selector_expression":
            field, operand = root.child_by_field_name("field"), root.child_by_field_name("operand")
            if field is None or operand is None:
                return None
            fields.append(text(field))
            root = operand
        if not self.decoding or root.type != "identifier":
            return None
        amp = self._decoded_regions().get((self.meant(text(root), scope, root), text(root)))
        if amp is None:
            return None
        name, made = text(root), self.scope_of(amp)
        if scope is not None and made is not None and scope.id != made.id and scope.start_byte < amp.start_byte:
            return ir.Unknown(
                f"'{name}', read in the function at line {line(scope)}, written before '{name}' is decoded from "
                f"config at line {line(amp)} (it may run first)"
            )
        value = self.lookup(name, scope, at, depth, root)
        for field in reversed(fields):
            if isinstance(value, ir.Unknown):
                return value
            if isinstance(value, ir.ConfigRead):
                return ir.Unknown(f"'{field}' of a field decoded from config of no struct type declared in this file")
            if not isinstance(value, ir.Record):
                why = self.decoded(amp, depth)  # why the decoding is not read, else another value reaches the read
                if isinstance(why, ir.Unknown):
                    return why
                return ir.Unknown(
                    f"'{name}', given other values than the one decoded from config at line {line(amp)} where it "
                    "is read (in a branch, a loop, another assignment)"
                )
            if field not in value.keys:
                return ir.Unknown(
                    f"'{field}' of {value.kind}, no field declared in the struct decoded from config (promoted from "
                    "an embedded struct? not followed)"
                )
            value = value.values[value.keys.index(field)]
        return value

    def _decoded_regions(self) -> dict[tuple[int, str], Node]:
        """The variables given to decoding calls (the id of the region each is declared in, its name), and the
        `&s` given (not a package-level variable: the linker's, `ASSIGNED`)."""
        if "_regions" not in self.__dict__:
            out: dict[tuple[int, str], Node] = {}
            for amp in self._amps():
                name = text(amp.child_by_field_name("operand") or amp)
                region = self.meant(name, self.scope_of(amp), amp)
                if region:
                    out[(region, name)] = amp
            self.__dict__["_regions"] = out
        found: dict[tuple[int, str], Node] = self.__dict__["_regions"]
        return found

    def _amps(self) -> list[Node]:
        out: list[Node] = []
        for call in self.decoding.values():
            args = call.child_by_field_name("arguments")
            out.extend(a for a in (args.named_children if args is not None else []) if a.id in self.decoding)
        return out

    def _source(self, call: Node, depth: int) -> Source | str:
        """The namespace and key a decoding call reads, or what the call is when it is no Pulumi config read."""
        func = call.child_by_field_name("function")
        operand = func.child_by_field_name("operand") if func is not None else None
        args = call.child_by_field_name("arguments")
        items = [a for a in (args.named_children if args is not None else []) if a.type != "comment"]
        scope, at = self.scope_of(call), line(call)
        what = f"{shape(func) if func is not None else '?'}()"
        if operand is None:
            return what
        if len(items) == 3 and operand.type == "identifier" and text(operand) in self.pulumi_config:
            key = self.lower(items[1], scope, at, depth + 1)
            return (None, key.value) if isinstance(key, ir.Lit) else f"{what} of a key not known statically"
        receiver = self.lower(operand, scope, at, depth + 1) if len(items) == 2 else None
        if not isinstance(receiver, ir.ConfigObject):
            return f"{what}, not of a Pulumi config object (config.New)"
        key = self.lower(items[0], scope, at, depth + 1)
        return (receiver.namespace, key.value) if isinstance(key, ir.Lit) else f"{what} of a key not known statically"

    def _decoded_kind(self, amp: Node, call: Node, name: str) -> Node | str:
        """The type `s` is declared with when nothing but the call may set its fields (see the module docstring),
        else why not."""
        scope = self.scope_of(call)
        bound = self.binding(name, amp, scope) if scope is not None else None
        if bound is None:
            return f"'{name}' is not a local variable of the function making the call"
        region, decl, _ = bound
        kind = _declared_kind(decl)
        if kind is None:
            return f"'{name}' is declared at line {line(decl)} with a value (only `var {name} T` or `{name} := T{{}}`)"
        decodes = 0
        for node in walk(region):
            if node.type != "identifier" or text(node) != name or within(node, decl):
                continue
            if self.meant(name, self.scope_of(node), node) != region.id:
                continue
            declares = declared_region(node)  # `s := ..` in an inner block: another `s`; in its own, `s` set
            if declares is not None and declares.id != region.id:
                continue
            if declares is not None:
                return f"'{name}' is declared again in its block at line {line(node)} (set there)"
            up = node.parent
            if up is not None and up.id in self.decoding:
                decodes += 1
                continue
            why = _use(node, name) or self._shared_use(node, kind, name)
            if why:
                return why
        return kind if decodes == 1 else f"'{name}' is decoded {decodes} times (a later one keeps what it does not set)"

    def _shared_use(self, node: Node, kind: Node, name: str) -> str:
        """Why a field `s.F` read whole (handed on, given to a name) may let other code set fields read here: it
        holds a pointer to a struct ("" when it does not)."""
        top, fields = node, []
        while top.parent is not None and top.parent.type == "selector_expression":
            field = top.parent.child_by_field_name("field")
            fields.append(text(field) if field is not None else "")
            top = top.parent
        found: Node | None = kind
        for field in fields:
            if found is not None and self._struct_body(found) is not None and self._field_type(found, field) is None:
                return f"`{shape(top)}` at line {line(node)} is no field its struct declares (a method? not followed)"
            found = self._field_type(found, field)  # None: of no struct of the file, never read (`decoded_field`)
        if found is not None and self._shares(found, frozenset()):
            return f"`{shape(top)}` is read whole at line {line(node)} (it may hold a pointer another name shares)"
        return ""

    def _field_type(self, kind: Node | None, field: str) -> Node | None:
        """The type of `field` in the struct type `kind` (None: not a field declared there)."""
        body = self._struct_body(kind)
        for decl in body.named_children if body is not None else []:
            if field in (text(n) for n in decl.children_by_field_name("name")):
                return decl.child_by_field_name("type")
        return None

    def _struct_body(self, kind: Node | None) -> Node | None:
        if kind is not None and kind.type == "pointer_type" and kind.named_children:
            kind = kind.named_children[0]
        found = self._structs().get(text(kind), []) if kind is not None and kind.type == "type_identifier" else []
        struct = found[0] if len(found) == 1 else kind if kind is not None and kind.type == "struct_type" else None
        return next((c for c in struct.named_children if c.type == "field_declaration_list"), None) if struct else None

    def _shares(self, kind: Node, seen: frozenset[str]) -> bool:
        """Whether a value of type `kind` may hold a pointer to a struct: a pointer, or a struct with such a field
        (a slice's or a map's items are never read here)."""
        if kind.type in ("pointer_type", "interface_type", "qualified_type", "generic_type") or text(kind) in seen:
            return True
        if kind.type == "type_identifier" and text(kind) not in BUILTINS:
            declared = self._types().get(text(kind), [])  # declared elsewhere: not known
            return len(declared) != 1 or self._shares(declared[0], seen | {text(kind)})
        if kind.type != "struct_type":
            return False  # a builtin, a slice, a map, ...: their items are never read here
        body = next((c for c in kind.named_children if c.type == "field_declaration_list"), None)
        types = [t for d in (body.named_children if body is not None else []) if (t := d.child_by_field_name("type"))]
        return any(self._shares(t, seen) for t in types)

    def _structs(self) -> dict[str, list[Node]]:
        """The struct types declared in this file, by name (a name declared in two functions: two)."""
        return {k: v for k, v in self._types().items() if all(t.type == "struct_type" for t in v)}

    def _types(self) -> dict[str, list[Node]]:
        """The types declared in this file, by name (a name declared in two functions: two)."""
        if "_declared_types" not in self.__dict__:
            out: dict[str, list[Node]] = {}
            for node in walk(self.root):
                name, body = node.child_by_field_name("name"), node.child_by_field_name("type")
                if node.type in ("type_spec", "type_alias") and name is not None and body is not None:
                    out.setdefault(text(name), []).append(body)
            self.__dict__["_declared_types"] = out
        found: dict[str, list[Node]] = self.__dict__["_declared_types"]
        return found

    def _decoded_record(
        self, kind: str, struct: Node, source: Source, path: tuple[str, ...], seen: frozenset[str]
    ) -> ir.Record:
        """The fields of a struct decoded from the config value at `path`: config reads of their keys, a struct
        field a record of its own, or why a field is not read. encoding/json gives each key of the value to the
        field whose name matches it exactly, else case-insensitively: a field's key is read only when the struct
        embeds nothing (whose fields take keys too) and every other field's JSON name is known and not the same
        but for case."""
        fields, whys, embeds = _fields(struct)
        names = [k.lower() for _, k, _ in fields if k]
        unknown = embeds or next((f for f, k, _ in fields if k is None), "")
        values: list[ir.Expr] = []
        for field, key, kind_node in fields:
            if field not in whys and unknown:
                whys[field] = f"which keys `{unknown}` takes is not known (it may take this field's)"
            elif field not in whys and key and names.count(key.lower()) > 1:
                whys[field] = f"another field takes the JSON name '{key}' too, but for case"
            if field in whys or not key:
                values.append(ir.Unknown(f"field {field} of {kind}, decoded from config: {whys.get(field)}"))
                continue
            values.append(self._field_value(kind_node, source, (*path, key), seen))
        return ir.Record(kind, tuple(f for f, _, _ in fields), tuple(values))

    def _field_value(self, node: Node | None, source: Source, path: tuple[str, ...], seen: frozenset[str]) -> ir.Expr:
        """A field of type `node` at `path`: a struct (inline or of this file) a record, anything else a config read."""
        if node is not None and node.type == "pointer_type" and node.named_children:
            node = node.named_children[0]
        if node is not None and node.type == "struct_type":
            return self._decoded_record("struct", node, source, path, seen)
        named = text(node) if node is not None and node.type == "type_identifier" else ""
        found = self._structs().get(named, [])
        if named in seen or len(found) > 1:
            return ir.Unknown(f"a field of type {named} at '{'.'.join(path)}', recursive or declared twice")
        if found:
            return self._decoded_record(named, found[0], source, path, seen | {named})
        return ir.ConfigRead(source[0], source[1], None, path, True)


def _fields(struct: Node) -> tuple[list[tuple[str, str | None, Node | None]], dict[str, str], str]:
    """The fields a struct type declares, each with the JSON name encoding/json gives it ("": none; None: not known)
    and its type; why a field is not read (by its name); and the first field it embeds ("": none)."""
    fields: list[tuple[str, str | None, Node | None]] = []
    whys: dict[str, str] = {}
    body = next((c for c in struct.named_children if c.type == "field_declaration_list"), None)
    embeds = ""
    for decl in body.named_children if body is not None else []:
        names = decl.children_by_field_name("name")
        embeds = embeds or ("" if names else shape(decl))
        tag = decl.child_by_field_name("tag")
        for n in names:
            field = text(n)
            key, why = _json_key(string_value(tag) if tag is not None else "", field)
            if not field[:1].isupper() or not field.isascii():
                key, why = "", "unexported (or not in ASCII): encoding/json never sets it"
            whys.update({field: why} if why else {})
            fields.append((field, key, decl.child_by_field_name("type")))
    return fields, whys, embeds


def _in_initializer(node: Node, statement: Node) -> bool:
    init = statement.child_by_field_name("initializer")
    return init is not None and within(node, init)


def _declared_kind(decl: Node) -> Node | None:
    """`var s T` or `var s = T{}` or `s := T{}` (one name): `T`; else None."""
    value = decl.child_by_field_name("value" if decl.type == "var_spec" else "right")
    names = decl.child_by_field_name("left") if decl.type == "short_var_declaration" else None
    if decl.type == "var_spec" and value is None:
        return decl.child_by_field_name("type")
    if decl.type not in ("var_spec", "short_var_declaration") or value is None or len(value.named_children) != 1:
        return None
    if names is not None and len(names.named_children) != 1:
        return None
    made = value.named_children[0]
    body = made.child_by_field_name("body") if made.type == "composite_literal" else None
    return made.child_by_field_name("type") if body is not None and not body.named_children else None


def _use(node: Node, name: str) -> str:
    """Why a use of the decoded variable may change its fields ("" when it only reads one)."""
    top = node
    while top.parent is not None and top.parent.type == "selector_expression":
        top = top.parent
    up = top.parent
    where = f"line {line(node)}"
    if top.id == node.id:
        return f"'{name}' is used whole at {where} (handed on or assigned)"
    if up is not None and up.type == "expression_list" and up.parent is not None:
        statement = up.parent
        if statement.type == "assignment_statement" and statement.child_by_field_name("left") == up:
            return f"`{shape(top)}` is set at {where}"
    if up is not None and up.type in ("inc_statement", "dec_statement"):
        return f"`{shape(top)}` is set at {where}"
    if up is not None and up.type == "unary_expression" and text(up).startswith("&"):
        return f"`{shape(top)}` has its address taken at {where}"
    if up is not None and up.type == "call_expression" and up.child_by_field_name("function") == top:
        return f"a method is called on it at {where}"
    return ""


def _json_key(tag: str | None, field: str) -> tuple[str | None, str]:
    """The JSON name encoding/json gives `field` by its struct tag (its own name when the tag gives none; "": json
    never sets it; None: not known) and why the field is not read ("" when it is)."""
    at, found = 0, ""
    while tag and at < len(tag):
        match = _TAG.match(tag, at)
        if match is None:
            break
        if match.group(1) == "json":
            found = match.group(2)
            break
        at = match.end()
    name, comma, options = found.partition(",")
    if "\\" in found or (name and not _NAME.fullmatch(name)):
        return None, f'its tag json:"{found}" is not read'
    if name == "-" and not comma:
        return "", 'tagged json:"-": encoding/json never sets it'
    read = all(o in ("omitempty", "omitzero", "") for o in options.split(","))
    return name or field, "" if read else f'its tag json:"{found}" is not read'
