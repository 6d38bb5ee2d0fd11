"""Objects that carry stack names between the files of a Java program (a `StackSetup` made in `main`).

An instance field without a value of its own (`private final String env;`, a record component) is `this.<field>`
in its class's methods and constructors; a member of a method or constructor parameter of a class type is
`<param>.<field>`, and `param.method()` / `param.getEnv()` runs `Class.method` of any file with that object's
fields (`ir.Apply.receiver`). `new T(a, b)` is a made object (see made.py): its fields are what T's constructor of
that arity assigns (`this.env = env`, exported as `T.new/2.env`), so `made.method()` here (`ir.Apply.made`) and a
parameter bound to it by a call (`new Api(setup)`, `api.alerts(setup)`, `Factory.build(setup)`) read them.
"""

from __future__ import annotations

from collections.abc import Iterator

from stackgraph.inference import ir
from stackgraph.inference.frontends.constructors import Constructors
from stackgraph.inference.frontends.shadowing import declared_around
from stackgraph.inference.frontends.treesitter import Node, text
from stackgraph.inference.made import made_class, made_field, made_member

NOT_OBJECTS = frozenset({"StackReference", "StackReferenceArgs", "Config", "String", "StringBuilder", "Object"})
CLASSES = frozenset({"class_declaration", "record_declaration", "enum_declaration", "interface_declaration"})
MEMBERS = frozenset({"method_declaration", "constructor_declaration"})


def class_of(node: Node) -> str | None:
    """The name of the class, record or interface around `node`."""
    up = node.parent
    while up is not None:
        if up.type in CLASSES:
            name = up.child_by_field_name("name")
            return text(name) if name is not None else None
        up = up.parent
    return None


def type_name(node: Node | None) -> str:
    """`Setup`, `com.acme.Setup`, `List<Setup>` -> Setup, com.acme.Setup's last name, List."""
    if node is None:
        return ""
    if node.type == "scoped_type_identifier":
        return text(node.named_children[-1]) if node.named_children else ""
    if node.type == "generic_type":
        return type_name(node.named_children[0]) if node.named_children else ""
    return text(node)


def modifiers(node: Node) -> set[str]:
    found = next((c for c in node.named_children if c.type == "modifiers"), None)
    return set(text(found).split()) if found is not None else set()


class JavaObjects(Constructors):
    """The part of the Java finder that follows objects: fields, parameters' members, made objects."""

    fields: dict[str, dict[str, Node | None]]  # class -> instance field -> its initializer (None: none)
    constructors: list[Node]
    records: list[Node]
    methods: dict[str, list[Node]]  # "Class.method" -> the methods of that name returning a String
    news: list[Node]  # the object creations of the file (the finder's index)

    def _object_index(self, node: Node) -> None:
        """Record what `index` meets that objects need: instance fields, records, constructors, String methods."""
        kind = node.type
        if kind == "field_declaration" and "static" not in modifiers(node):
            owner = class_of(node)
            for decl in (c for c in node.named_children if c.type == "variable_declarator"):
                name = decl.child_by_field_name("name")
                if owner is not None and name is not None:
                    self.fields.setdefault(owner, {})[text(name)] = decl.child_by_field_name("value")
        elif kind == "record_declaration":
            name = node.child_by_field_name("name")
            if name is not None:
                self.records.append(node)
                self.fields.setdefault(text(name), {}).update(dict.fromkeys(self._components(node)))
        elif kind == "constructor_declaration":
            self.constructors.append(node)
        elif kind == "method_declaration" and type_name(node.child_by_field_name("type")) == "String":
            name, owner = node.child_by_field_name("name"), class_of(node)
            if name is not None and owner is not None and self.scope_of(node) is None:
                self.methods.setdefault(f"{owner}.{text(name)}", []).append(node)

    def _components(self, record: Node) -> list[str]:
        params = record.child_by_field_name("parameters")
        names = [p.child_by_field_name("name") for p in params.named_children] if params is not None else []
        return [text(n) for n in names if n is not None]

    def object_symbols(self) -> dict[str, ir.Expr]:
        """String methods as functions (`Setup.infraStack`), record accessors, and each field of each
        constructor (`Setup.new/2.env`: the value the constructor of that arity gives it)."""
        out = self.exported_methods(self.methods)
        for record in self.records:
            owner = text(record.child_by_field_name("name"))
            comps = tuple(self._components(record))
            for comp in comps:
                out.setdefault(f"{owner}.{comp}", ir.Function((), ir.Param("this." + comp)))
                out[made_field(owner, len(comps), comp)] = ir.Function(comps, ir.Param(comp))
        out.update(self.made_symbols())
        return out

    # --- what constructors.py asks ---

    def object_fields(self, cls: str) -> dict[str, Node | None]:
        return self.fields.get(cls, {})

    def classes(self) -> dict[str, list[Node]]:
        records = {text(r.child_by_field_name("name")) for r in self.records}
        out: dict[str, list[Node]] = {cls: [] for cls in self.fields if cls not in records}
        for ctor in self.constructors:
            owner = class_of(ctor)
            if owner is not None and owner not in records:
                out.setdefault(owner, []).append(ctor)
        return out

    def assigned_field(self, node: Node) -> str | None:
        left = node.child_by_field_name("left")
        if left is not None and left.type == "field_access" and text(left.child_by_field_name("object")) == "this":
            field = left.child_by_field_name("field")
            return text(field) if field is not None else None
        scope = self.scope_of(node)
        plain = left is not None and left.type == "identifier"
        return text(left) if plain and scope is not None and text(left) not in self.params(scope) else None

    def chained(self, ctor: Node) -> tuple[bool, list[Node] | None] | None:
        body = ctor.child_by_field_name("body")
        call = (
            next((c for c in body.named_children if c.type == "explicit_constructor_invocation"), None)
            if body
            else None
        )
        if call is None:
            return None
        args = call.child_by_field_name("arguments")
        return text(call.child_by_field_name("constructor")) == "this", list(args.named_children) if args else []

    def creation(self, node: Node) -> tuple[str, list[Node]] | None:
        kind = type_name(node.child_by_field_name("type")) if node.type == "object_creation_expression" else ""
        if not kind[:1].isupper() or kind in NOT_OBJECTS:
            return None
        args = node.child_by_field_name("arguments")
        return kind, list(args.named_children) if args is not None else []

    def _field(self, name: str, scope: Node | None) -> bool:
        """Whether `name`, read in `scope`, is an instance field without a value of its own (`this.<name>`)."""
        owner = class_of(scope) if scope is not None else None
        if owner is None or name not in self.fields.get(owner, {}):
            return False
        if self.fields[owner][name] is not None and not self.reassigned(owner, name):
            return False  # a value of its own that no constructor changes: a constant
        cur = scope
        while cur is not None:
            if name in self.decls.get(cur.id, {}) or name in self.params(cur):
                return False  # a local or a parameter hides the field
            if cur.type in MEMBERS and "static" in modifiers(cur):
                return False
            cur = self.scope_of(cur)
        return True

    def _lookup(self, name: str, scope: Node | None, at: int, depth: int, use: Node | None = None) -> ir.Expr:
        if self._field(name, scope):
            return ir.Param("this." + name)
        return super()._lookup(name, scope, at, depth, use)

    def config_param(self, obj: Node, scope: Node | None) -> ir.Param | None:
        """`config` of `config.get("k")` where `config` is a parameter declared `Config` (com.pulumi.Config): a read
        on the Config object each call hands in (evaluate.py binds it); None otherwise."""
        if obj.type == "identifier" and self.declared_type(text(obj), scope) == "Config":
            return ir.Param(text(obj))
        return None

    def _param_type(self, name: str, scope: Node | None) -> str | None:
        """The class of a method or constructor parameter (`StackSetup setup` -> StackSetup; None: a local,
        a lambda's, a String)."""
        kind = self.declared_type(name, scope) or ""
        return kind if kind[:1].isupper() and kind not in NOT_OBJECTS else None

    def declared_type(self, name: str, scope: Node | None) -> str | None:
        """The type a method or constructor parameter is declared with (`Map<String, String> m` -> Map,
        `com.pulumi.Config c` -> Config; None: a local, a lambda's)."""
        cur = scope
        while cur is not None:
            if name in self.decls.get(cur.id, {}):
                return None
            if name in self.params(cur):
                params = cur.child_by_field_name("parameters") if cur.type in MEMBERS else None
                for p in params.named_children if params is not None else []:
                    label = p.child_by_field_name("name")
                    if label is not None and text(label) == name:
                        return type_name(p.child_by_field_name("type"))
                return None
            cur = self.scope_of(cur)
        return None

    def _object_member(self, obj: Node, member: str, scope: Node | None, at: int, depth: int) -> ir.Expr | None:
        """`this.env`, `setup.env` of a parameter, `made.env` of a made object (None: none of those)."""
        if obj.type == "this" and self._field(member, scope):
            return ir.Param("this." + member)
        if obj.type == "identifier" and self._param_type(text(obj), scope) is not None:
            return ir.Param(f"{text(obj)}.{member}")
        made = self.made_value(obj, scope, depth)
        return made_member(made, member) if made is not None else None

    def _object_method(
        self, obj: Node, name: str, args: list[ir.Expr], scope: Node | None, at: int, depth: int
    ) -> ir.Expr | None:
        """`setup.infraStack()` on a parameter, `new Setup(..).name()` / `made.name()` on a made object, and
        `Other.name()`, a static method of another class (None: none of those)."""
        if obj.type == "identifier":
            cls = self._param_type(text(obj), scope)
            if cls is not None:
                return ir.Apply(ir.Import(ir.GLOBAL, f"{cls}.{name}"), tuple(args), text(obj))
        made = self.made_value(obj, scope, depth)
        if made is not None:
            return ir.Apply(ir.Import(ir.GLOBAL, f"{made_class(made)}.{name}"), tuple(args), made=made)
        if obj.type == "identifier" and text(obj)[:1].isupper() and not self._known_name(text(obj), scope):
            return ir.Apply(ir.Import(ir.GLOBAL, f"{text(obj)}.{name}"), tuple(args))
        return None

    def _known_name(self, name: str, scope: Node | None) -> bool:
        return declared_around(self, name, scope)

    def object_callee(self, node: Node) -> tuple[ir.Expr, tuple[tuple[str, ir.Expr], ...]] | None:
        """What `new T(..)` or `x.m(..)` calls when it may hold a site that reads objects: `T.T` (the
        constructor), `T.m` of a parameter's or made object's class, with the object as `this`."""
        scope = self.scope_of(node)
        if node.type == "object_creation_expression":
            kind = type_name(node.child_by_field_name("type"))
            return (ir.Import(ir.GLOBAL, f"{kind}.{kind}"), ()) if kind and kind not in NOT_OBJECTS else None
        obj, name = node.child_by_field_name("object"), node.child_by_field_name("name")
        if obj is None or name is None:
            return None
        cls = self._param_type(text(obj), scope) if obj.type == "identifier" else None
        if cls is not None:
            return ir.Import(ir.GLOBAL, f"{cls}.{text(name)}"), (("this", ir.Param(text(obj))),)
        made = self.made_value(obj, scope, 0)
        if made is not None:
            return ir.Import(ir.GLOBAL, f"{made_class(made)}.{text(name)}"), (("this", made),)
        return None

    def object_calls(self) -> Iterator[Node]:
        """The object creations that may bind a constructor's parameters (those with arguments)."""
        for node in self.news:
            args = node.child_by_field_name("arguments")
            if args is not None and args.named_children:
                yield node
