"""Structs that carry stack names between the files of a Go package (a `Setup` made in main.go).

In a method `func (s Setup) InfraStack() string`, `s.Env` is `this.Env`; the method is exported as
`Setup.InfraStack` (a `Function` when it has one `return`). A parameter of a struct type reads `setup.Env` as
`<param>.Env` and `setup.InfraStack()` as that method with the object's fields (`ir.Apply.receiver`). A struct
literal `Setup{Env: ctx.Stack(), Org: "acme"}` (also `&Setup{..}`, directly or through a variable given that
one value) is an `ir.Record`: `setup.Env` is the value written, `setup.InfraStack()` runs the method on it
(`ir.Apply.made`), and a call passing it (`deployApp(ctx, setup)`, `setup.Check(ctx)`) binds the fields.
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.go_loaded import GoLoaded
from stackgraph.inference.frontends.treesitter import Node, line, text
from stackgraph.inference.made import made_member

BUILTINS = frozenset(
    {"string", "bool", "byte", "rune", "int", "int8", "int16", "int32", "int64", "uint", "uint8", "uint16", "uint32",
     "uint64", "uintptr", "float32", "float64", "complex64", "complex128", "error", "any"}
)  # fmt: skip
Kind = tuple[ir.Module, str]  # the package of a struct type and its name


class GoObjects(GoLoaded):
    """The part of the Go finder that follows structs: receivers, parameters' fields, struct literals."""

    package_dir: str
    modules: dict[str, ir.Module]
    methods: dict[str, Node]  # "Type.Method" -> its method_declaration

    def _returned(self, fn: Node, depth: int = 0) -> ir.Expr | None:
        raise NotImplementedError  # the finder's: the value of a function's one return

    def _method_index(self, node: Node) -> None:
        found = self._receiver_of(node)
        name = node.child_by_field_name("name")
        if found is not None and name is not None:
            self.methods[f"{found[1]}.{text(name)}"] = node

    def receiver_named(self, method: Node, name: str) -> ir.Expr | None:
        """`s` itself in `func (s *StackRef) Init(..)`: the receiver, never a package-level name (None: not it)."""
        params = method.child_by_field_name("receiver")
        decl = params.named_children[0] if params is not None and params.named_children else None
        found = decl.child_by_field_name("name") if decl is not None else None
        if found is None or text(found) != name:
            return None
        kind = decl.child_by_field_name("type") if decl is not None else None
        return ir.Unknown(
            f"'{name}', the receiver of a method on {text(kind) if kind else 'a type'} (a run-time value)"
        )

    def _receiver_of(self, method: Node) -> tuple[str, str] | None:
        """`func (s *Setup) M()` -> (s, Setup)."""
        params = method.child_by_field_name("receiver")
        decl = params.named_children[0] if params is not None and params.named_children else None
        name = decl.child_by_field_name("name") if decl is not None else None
        kind = self._struct(decl.child_by_field_name("type")) if decl is not None else None
        return (text(name), kind[1]) if name is not None and kind is not None else None

    def _struct(self, node: Node | None) -> Kind | None:
        """The struct type a type names (`Setup`, `*Setup`, `lib.Setup`); None for a builtin or another type."""
        if node is not None and node.type == "pointer_type" and node.named_children:
            node = node.named_children[0]
        if node is not None and node.type == "type_identifier" and text(node) not in BUILTINS:
            return ir.Module(ir.ModuleKind.DIR, self.package_dir), text(node)
        if node is not None and node.type == "qualified_type":
            package, name = node.child_by_field_name("package"), node.child_by_field_name("name")
            module = self.modules.get(text(package)) if package is not None else None
            return (module, text(name)) if module is not None and name is not None else None
        return None

    def _struct_kind(self, node: Node | None) -> Kind | None:
        return self._struct(node)

    def method_symbols(self) -> dict[str, ir.Expr]:
        """Each method with one `return` as a function of its parameters (its receiver's fields are `this.`)."""
        out: dict[str, ir.Expr] = {}
        for name, fn in self.methods.items():
            body = self._returned(fn)
            if body is not None and not isinstance(body, ir.Unknown):
                out[name] = ir.Function(self.params(fn), body)
        return out

    def _owner(self, name: str, scope: Node | None) -> tuple[str, Kind] | None:
        """What `name` is in `scope`: ("this", type) for a method's receiver, ("param", type) for a parameter of
        a struct type (None: a local, a parameter of another type, unknown)."""
        cur = scope
        while cur is not None:
            if name in self.decls.get(cur.id, {}):
                return None
            if name in self.params(cur):
                return self._param_kind(cur, name)
            if cur.type == "method_declaration":
                found = self._receiver_of(cur)
                if found is not None and found[0] == name:
                    return "this", (ir.Module(ir.ModuleKind.DIR, self.package_dir), found[1])
            cur = self.scope_of(cur)
        return None

    def _param_kind(self, fn: Node, name: str) -> tuple[str, Kind] | None:
        params = fn.child_by_field_name("parameters")
        for p in params.named_children if params is not None else []:
            if name in (text(n) for n in p.children_by_field_name("name")):
                kind = self._struct(p.child_by_field_name("type"))
                return ("param", kind) if kind is not None else None
        return None

    def _record(self, node: Node | None, scope: Node | None, depth: int) -> tuple[ir.Record, ir.Module] | None:
        """A struct literal with keys (`Setup{Env: x}`, `&Setup{..}`), directly or through a variable given that
        one value, as a record of the values written."""
        if node is not None and node.type == "identifier" and self._owner(text(node), scope) is None:
            held = self.single_value(text(node), scope)
            found = self._record(held, scope, depth) if held is not None else None
            return self.overwritten(found, text(node), held) if found is not None and held is not None else None
        if node is not None and node.type == "call_expression":  # `cfg := loadConfig(ctx)`: go_loaded.py
            loaded = self.loaded(node, self.scope_of(node), depth)
            return loaded if isinstance(loaded, tuple) else None
        if node is not None and node.type == "unary_expression" and text(node).startswith("&"):
            node = node.child_by_field_name("operand")
        if node is None or node.type != "composite_literal":
            return None
        kind = self._struct(node.child_by_field_name("type"))
        body = node.child_by_field_name("body")
        elements = body.named_children if body is not None else []
        if kind is None or not elements or any(e.type != "keyed_element" for e in elements):
            return None
        keys, values = [], []
        where = self.scope_of(node)
        for element in elements:
            key, value = element.child_by_field_name("key"), element.child_by_field_name("value")
            if key is None or value is None:
                return None
            keys.append(text(key))
            inner = value.named_children[0] if value.type == "literal_element" and value.named_children else value
            values.append(self.lower(inner, where, line(element), depth))
        return ir.Record(kind[1], tuple(keys), tuple(values)), kind[0]

    def _object_field(self, operand: Node, field: str, scope: Node | None, depth: int) -> ir.Expr | None:
        """`s.Env` of the receiver, `setup.Env` of a struct parameter, `setup.Env` of a struct literal."""
        if operand.type == "identifier":
            found = self._owner(text(operand), scope)
            if found is not None:
                return ir.Param(f"this.{field}" if found[0] == "this" else f"{text(operand)}.{field}")
        record = self._record(operand, scope, depth)
        if record is None and operand.type == "call_expression":  # `loadConfig(ctx).Net`, also of another file
            why = self.loaded(operand, scope, depth)
            return ir.Unknown(why) if isinstance(why, str) else self.foreign(operand, field, scope, depth)
        if record is None and operand.type == "identifier" and self._owner(text(operand), scope) is None:
            held = self.single_value(text(operand), scope)
            if held is None or held.type != "call_expression":
                return None
            why = self.loaded(held, self.scope_of(held), depth)
            if isinstance(why, str):
                return ir.Unknown(why)
            outside = self.foreign(held, field, self.scope_of(held), depth)  # `cfg := loadConfig(ctx)`, elsewhere
            return self.changed(text(operand), held).get(field, outside) if outside is not None else None
        return made_member(record[0], field) if record is not None else None

    def _object_method(
        self, operand: Node, name: str, args: list[ir.Expr], scope: Node | None, depth: int
    ) -> ir.Expr | None:
        """`setup.InfraStack()` on a struct parameter, the receiver or a struct literal (None: none of those)."""
        if operand.type == "identifier":
            found = self._owner(text(operand), scope)
            if found is not None:
                (module, kind) = found[1]
                receiver = "this" if found[0] == "this" else text(operand)
                return ir.Apply(ir.Import(module, f"{kind}.{name}"), tuple(args), receiver)
        record = self._record(operand, scope, depth)
        if record is not None:
            return ir.Apply(ir.Import(record[1], f"{record[0].kind}.{name}"), tuple(args), made=record[0])
        return None

    def object_callee(self, func: Node, scope: Node | None) -> tuple[ir.Expr, tuple[tuple[str, ir.Expr], ...]] | None:
        """`setup.Check(ctx)` on a struct parameter or literal: the method `Setup.Check`, with the object as `this`."""
        operand = func.child_by_field_name("operand") if func.type == "selector_expression" else None
        field = func.child_by_field_name("field") if operand is not None else None
        if operand is None or field is None:
            return None
        if operand.type == "identifier":
            found = self._owner(text(operand), scope)
            if found is not None:  # a struct parameter, or the receiver (`s.Init(..)` in another method of s)
                module, kind = found[1]
                held = "this" if found[0] == "this" else text(operand)
                return ir.Import(module, f"{kind}.{text(field)}"), (("this", ir.Param(held)),)
        record = self._record(operand, scope, 0)
        if record is None:
            made = self._made(operand, scope)
            if made is None:
                return None
            (module, kind), this = made
            return ir.Import(module, f"{kind}.{text(field)}"), (("this", this),)
        return ir.Import(record[1], f"{record[0].kind}.{text(field)}"), (("this", record[0]),)

    def _made(self, operand: Node, scope: Node | None) -> tuple[Kind, ir.Expr] | None:
        """A local struct value made with no field written (`var st StackRef`, `st := &StackRef{}`, `StackRef{}`,
        `new(StackRef)`: a record of no fields, each one not set) or with its fields by position (`StackRef{a, b}`:
        unknown fields); None for anything else (a keyed literal is `_record`'s)."""
        if operand.type != "identifier" or self._owner(text(operand), scope) is not None:
            return None
        name, cur = text(operand), scope
        while True:
            key = cur.id if cur is not None else 0
            items = self.decls.get(key, {}).get(name, [])
            if items or (key, name) in self.zeroed or (cur is not None and name in self.params(cur)):
                break
            if cur is None:
                return None
            cur = self.scope_of(cur)
        if not items:
            return _empty(self._struct(self.zeroed.get((key, name))))
        return self._made_by(items[0][1]) if len(items) == 1 else None

    def _made_by(self, node: Node | None) -> tuple[Kind, ir.Expr] | None:
        """What `_made` reads from the one value a variable is given."""
        if node is not None and node.type == "unary_expression" and text(node).startswith("&"):
            node = node.child_by_field_name("operand")
        function = node.child_by_field_name("function") if node is not None else None
        if node is not None and node.type == "call_expression" and function is not None and text(function) == "new":
            args = node.child_by_field_name("arguments")
            return _empty(
                self._struct(args.named_children[0] if args is not None and args.named_child_count == 1 else None)
            )
        if node is None or node.type != "composite_literal":
            return None
        kind = self._struct(node.child_by_field_name("type"))
        body = node.child_by_field_name("body")
        if kind is None or body is None or not body.named_children:
            return _empty(kind)
        if any(e.type == "keyed_element" for e in body.named_children):
            return None
        return kind, ir.Unknown(f"the fields of a {kind[1]} written by position (not followed)")


def _empty(kind: Kind | None) -> tuple[Kind, ir.Expr] | None:
    """A struct of `kind` made with no field written: a record of none (each one "not set where it is made")."""
    return (kind, ir.Record(kind[1], (), ())) if kind is not None else None
