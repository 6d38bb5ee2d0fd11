"""Objects that carry stack names between the files of a C# program (a `StackSetup` filled in Program.cs).

An instance field without a value of its own is `this.<field>` in its class's methods; a member of a
method or constructor parameter is `<param>.<member>` (with the class's own value as its default);
`new T(..)`, `x.Method(..)` and `T.Method(..)` are calls that bind them: `new T { A = x }` passed as
argument `i` gives `i.A`, called on such an object `this.A`, called on a parameter `p` `this` = `p`.
"""

from __future__ import annotations

from collections.abc import Iterator

from stackgraph.inference import ir
from stackgraph.inference.frontends import appends
from stackgraph.inference.frontends.constructors import Constructors
from stackgraph.inference.frontends.csharp_syntax import (
    MEMBERS,
    auto_property,
    class_of,
    labels,
    last_name,
    no_value,
    parameter_list,
    parameters,
    settable,
)
from stackgraph.inference.frontends.passers import with_passers
from stackgraph.inference.frontends.shadowing import binder, declared_around
from stackgraph.inference.frontends.treesitter import Node, line, text, walk
from stackgraph.inference.made import made_member

NOT_HELPERS = frozenset({"StackReference", "StackReferenceArgs", "Config"})
CLASSES = frozenset({"class_declaration", "struct_declaration", "record_declaration"})


class CSharpObjects(Constructors):
    """The part of the C# finder that follows objects: fields, parameters' members, calls that bind them."""

    news: list[Node]
    invocations: list[Node]
    callables: list[Node]
    fields: set[tuple[str, str]]  # (class, field) of instance fields with no value of their own
    instance: dict[str, dict[str, Node | None]]  # class -> instance field or auto-property -> its initializer
    primary: dict[str, Node]  # class -> the class, when it has a primary constructor (`class Setup(string env)`)
    fields_set_outside: set[tuple[str, str]]  # (class, field) with a value of its own that an initializer may set

    def _lower_null_literal(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Undefined()  # no object: what `config.Get(k)` gives for a key not set

    def _instance_field(self, node: Node, value: Node | None) -> bool:
        """Record a class's instance field or auto-property (with its initializer); whether it has no value of its
        own (`= default!`, none): its value is then given where each object is made."""
        decl = node if node.type == "property_declaration" else node.parent.parent if node.parent else None
        if decl is None or decl.type not in ("field_declaration", "property_declaration"):
            return False
        if decl.type == "property_declaration" and not auto_property(decl):  # `{ get; set; } = default!` is one
            return False
        modifiers = {text(c) for c in decl.named_children if c.type == "modifier"}
        owner = class_of(decl)
        if owner is None or modifiers & {"static", "const"} or self.scope_of(decl) is not None:
            return False
        name = text(node.child_by_field_name("name"))
        initial = value if value is not None and not no_value(value) else None
        self.instance.setdefault(owner, {})[name] = initial
        if initial is not None and settable(decl):  # `new T { X = .. }` elsewhere may replace its own value
            self.fields_set_outside.add((owner, name))
        if initial is None:
            self.fields.add((owner, name))
        return initial is None

    def _primary(self, node: Node) -> None:
        """`class Setup(string org, string env)`: its parameters are fields the primary constructor gives."""
        params = next((c for c in node.named_children if c.type == "parameter_list"), None)
        name = node.child_by_field_name("name")
        if params is not None and name is not None:
            self.primary[text(name)] = node
            for field in self.params(node):
                self.instance.setdefault(text(name), {})[field] = None
                self.fields.add((text(name), field))

    def _object_field(self, owner: str | None, name: str) -> bool:
        """Whether `name` is a field of each object of `owner` (no value of its own, or one a constructor or the
        primary constructor's parameters change), not a constant of the class."""
        if owner is None or (owner, name) in self.fields:
            return owner is not None
        initial = self.instance.get(owner, {}).get(name)
        if initial is None:
            return False
        params = set(self.params(self.primary[owner])) if owner in self.primary else set()
        reads = any(n.type == "identifier" and text(n) in params for n in walk(initial))
        return reads or (owner, name) in self.fields_set_outside or self.reassigned(owner, name)

    def _field(self, name: str, scope: Node | None) -> bool:
        """Whether `name`, read in `scope`, is an instance field of the class (`this.<name>`) with no value here."""
        if scope is None or not self._object_field(class_of(scope), name):
            return False
        cur = scope
        while cur is not None:
            if name in self.decls.get(cur.id, {}) or ir.is_param(self.params(cur), name):
                return False  # a local or a parameter hides the field
            if cur.type in MEMBERS and "static" in {text(c) for c in cur.named_children if c.type == "modifier"}:
                return False
            cur = self.scope_of(cur)
        return True

    def _kept_object(self, name: str, scope: Node | None) -> bool:
        """Whether `name`, read in `scope`, is a field that only constructors set (`_setup = setup;`), so that
        `_setup.Env` is a member of what the object's maker gives (no method, accessor or lambda sets it again)."""
        if not self._field(name, scope):
            return False
        table: set[tuple[str | None, str]] | None = self.__dict__.get("_set_after_made")
        if table is None:
            table = set()
            for node in walk(self.root):
                up = self.scope_of(node) if node.type == "assignment_expression" else None
                field = self.assigned_field(node) if up is not None and up.type != "constructor_declaration" else None
                if field is not None:
                    table.add((class_of(node), field))
            self.__dict__["_set_after_made"] = table
        return (class_of(scope) if scope is not None else None, name) not in table

    def config_field(self, obj: Node, scope: Node | None) -> ir.ConfigObject | None:
        """`_config` (or `this._config`) of `_config.Require("k")` in a method: a field with no value of its own that
        only constructors set, each once and outside any branch, all to `new Config(..)` of one namespace (a read
        before that throws, so there is no other value to read); None otherwise."""
        inner = obj.child_by_field_name("expression") if obj.type == "member_access_expression" else None
        this = inner is not None and inner.type in ("this", "this_expression")
        field = obj.child_by_field_name("name") if this else obj
        cls = class_of(scope) if scope is not None else None
        if field is None or field.type != "identifier" or cls is None or not self._kept_object(text(field), scope):
            return None
        given = {self.given(ctor, cls, text(field)) for ctor in self.classes().get(cls, [])}
        found = given.pop() if len(given) == 1 else None
        return found if isinstance(found, ir.ConfigObject) else None

    def config_typed(self, receiver: ir.Expr, scope: Node | None) -> bool:
        """Whether `receiver` of `.Get("k")` is a parameter, or a field of the object (also a primary constructor's
        parameter), declared `Config`: a read on the Config object each call or creation hands in (evaluate.py
        binds it). A parameter or field of another type (a class of the program with a `Get` method) is not."""
        if not isinstance(receiver, ir.Param) or "." in receiver.name.removeprefix("this."):
            return False
        if not receiver.name.startswith("this."):
            return self._param_type(receiver.name, scope) == "Config"
        cls = class_of(scope) if scope is not None else None
        decls = [n for n in walk(self.root) if n.type in CLASSES and text(n.child_by_field_name("name")) == cls]
        return len(decls) == 1 and _member_type(decls[0], receiver.name[5:]) == "Config"

    def _on_object(self, obj: Node, scope: Node | None) -> bool:
        """Whether a member access reads an object, not a class: a chain from `this`, a parameter or a local
        (`config.Env.Name`), or an instance property or field of the class (`Env.Name` where `Env` is a property
        of type `Env`: C#'s "Color Color" reads the property)."""
        root = obj
        while root.type == "member_access_expression" and (inner := root.child_by_field_name("expression")):
            root = inner
        if root.type in ("this", "this_expression"):  # the node's name differs between grammar versions
            return True
        if root.type != "identifier":
            return False
        name = text(root)
        if root is not obj and (self._param_of(name, scope) is not None or self._is_local(name, scope)):
            return True
        return root is obj and self._instance_member(name, scope)

    def _instance_member(self, name: str, scope: Node | None) -> bool:
        """Whether `name`, read in `scope`, is an instance property or field of the enclosing class."""
        owner = class_of(scope) if scope is not None else None
        return owner is not None and name in self.instance.get(owner, {}) and not self._is_local(name, scope)

    def _object_member(self, obj: Node, name: str, scope: Node | None, depth: int) -> ir.Expr | None:
        """`Env.Name` of a property `Env` initialised with `new Env { Name = .. }` and never set again: that
        member; None for anything else."""
        owner = class_of(scope) if scope is not None else None
        if obj.type != "identifier" or owner is None or self._object_field(owner, text(obj)):
            return None
        initial = self.instance.get(owner, {}).get(text(obj))
        made = self.made_value(initial, None, depth) if initial is not None else None
        return made_member(made, name) if made is not None else None

    def _is_local(self, name: str, scope: Node | None) -> bool:
        return declared_around(self, name, scope)

    # --- what constructors.py asks ---

    def object_fields(self, cls: str) -> dict[str, Node | None]:
        return self.instance.get(cls, {})

    def classes(self) -> dict[str, list[Node]]:
        out: dict[str, list[Node]] = {cls: [] for cls in self.instance}
        for ctor in (c for c in self.callables if c.type == "constructor_declaration"):
            owner = class_of(ctor)
            if owner is not None:
                out.setdefault(owner, []).append(ctor)
        for owner, node in self.primary.items():
            out.setdefault(owner, []).append(node)
        return out

    def assigned_field(self, node: Node) -> str | None:
        left = node.child_by_field_name("left")
        if left is not None and left.type == "member_access_expression":
            obj = left.child_by_field_name("expression")
            return last_name(left) if obj is not None and obj.type in ("this", "this_expression") else None
        scope = self.scope_of(node)
        plain = left is not None and left.type == "identifier"
        return text(left) if plain and scope is not None and text(left) not in self.params(scope) else None

    def chained(self, ctor: Node) -> tuple[bool, list[Node] | None] | None:
        init = next((c for c in ctor.named_children if c.type == "constructor_initializer"), None)
        args = next((c for c in init.named_children if c.type == "argument_list"), None) if init else None
        if init is None or args is None:
            return None
        labelled = [
            (a.child_by_field_name("name"), a.named_children[-1]) for a in args.named_children if a.named_children
        ]
        this = text(init).lstrip(": \t\n").startswith("this")
        return this, None if any(label is not None for label, _ in labelled) else [v for _, v in labelled]

    def creation(self, node: Node) -> tuple[str, list[Node]] | None:
        """`new Setup(org, env)` without an object initializer (that form is read where it is passed)."""
        if node.type != "object_creation_expression" or any(c.type == "initializer_expression" for c in node.children):
            return None
        kind = last_name(node.child_by_field_name("type"))
        labelled = labels(node)
        if not kind[:1].isupper() or kind in NOT_HELPERS or any(label for label, _ in labelled):
            return None
        return kind, [a for _, a in labelled]

    def _lookup(self, name: str, scope: Node | None, at: int, depth: int, use: Node | None = None) -> ir.Expr:
        if self._field(name, scope):
            return ir.Param("this." + name)
        return appends.set_in_function(self, name, scope) or super()._lookup(name, scope, at, depth, use)

    def _param_of(self, name: str, scope: Node | None) -> Node | None:
        """The method or constructor whose parameter `name` is (None: a local, a lambda's, not a parameter)."""
        cur = scope
        while cur is not None:
            if name in self.decls.get(cur.id, {}):
                return None
            if name in self.params(cur):
                return cur if cur.type in MEMBERS else None
            cur = self.scope_of(cur)
        return None

    def _param_type(self, name: str, scope: Node | None) -> str | None:
        """The declared class of a method or constructor parameter (`StackSetup setup` -> StackSetup)."""
        member = self._param_of(name, scope)
        params = member.child_by_field_name("parameters") if member is not None else None
        for p in params.named_children if params is not None else []:
            label = p.child_by_field_name("name")
            kind = p.child_by_field_name("type")
            if p.type == "parameter" and label is not None and text(label) == name and kind is not None:
                return last_name(kind) if kind.type in ("identifier", "qualified_name", "generic_name") else None
        return None

    def _member_scope(self, node: Node) -> int:
        """The id of the method or constructor around `node` (0: none), which output reads are kept by."""
        cur = self.scope_of(node)
        while cur is not None and cur.type not in MEMBERS:
            cur = self.scope_of(cur)
        return cur.id if cur is not None else 0

    def signature(self, fn: Node) -> ir.Signature | None:
        params = parameter_list(fn) if fn.type in MEMBERS or fn.type in CLASSES else None
        if params is None or params.type != "parameter_list":
            return None
        found = parameters(params)
        names, types = tuple(p[0] for p in found), tuple(p[1] for p in found)
        required = next((i for i, p in enumerate(found) if p[2] is not None or p[3]), len(found))
        variadic = bool(found) and found[-1][3]
        defaults = tuple((p[0], self.lower(p[2], fn, line(p[2]))) for p in found if p[2] is not None)
        returns = text(fn.child_by_field_name("returns") or fn) if fn.type == "method_declaration" else ""
        return ir.Signature(names, types, required, variadic, defaults, returns)

    def site_defaults(self, name: ir.Expr, scope: Node | None) -> tuple[tuple[str, ir.Expr], ...]:
        """`setup.Fixed` of a parameter `Setup setup`: the value `Setup.Fixed` has when a creation does not set it
        (`this.Fixed` the same); the defaults of the helper's optional parameters (`string env = "dev"`)."""
        sig = self.signature(scope) if scope is not None else None
        out = list(sig.defaults) if sig is not None else []
        for used in sorted(ir.params_in(name)):
            head, dot, member = used.partition(".")
            cls = self._param_type(head, scope) if dot and head != "this" else None
            if head == "this" and scope is not None and self.instance.get(class_of(scope) or "", {}).get(member):
                cls = class_of(scope)  # `this.X` with a value of its own: X's, unless the object's maker sets it
            if cls is not None:
                out.append((used, ir.Import(ir.GLOBAL, f"{cls}.{member}")))
        return tuple(out)

    def _helper_calls(self, helpers: set[str]) -> Iterator[ir.Call]:
        helpers = with_passers(helpers, self._passers)  # a method passing its parameters on is a helper too
        for node in self.invocations + self.news:
            found = self._callee(node, helpers)
            if found is None:
                continue
            callee, receiver = found
            labelled = labels(node)
            args = [a for label, a in labelled if not label]
            scope = self.scope_of(node)
            at = line(node)
            lowered = tuple(self.lower(a, scope, at) for a in args)
            kwargs = [*self._receiver_fields(receiver, scope)]
            kwargs += [(label, self.lower(a, scope, at)) for label, a in labelled if label]  # `env: x`
            fields: list[tuple[ir.Field, ir.Expr]] = []
            for i, arg in enumerate(args):  # `new Api(setup)` with `setup = new Setup { Env = x }`: Field(0, Env) is x
                fields += [(ir.Field(i, key), value) for key, value in self._created_fields(arg, scope)]
            if not lowered and not kwargs and not fields:
                continue
            held_in = self.holder(node)
            reads, _ = self._call_reads(node, held_in, scope, bound=False)
            outer = scope  # a method passing its parameters on is a helper too (its callers bind them)
            while outer is not None and outer.type not in MEMBERS:
                outer = self.scope_of(outer)
            used = set().union(*(ir.params_in(v) for v in (*lowered, *(v for _, v in (*kwargs, *fields)))))
            func = self.function_name(outer) if outer is not None and used else None
            if func is None or outer is None:
                why = self._call_reads(node, held_in, scope, bound=False)[1]
                yield ir.Call(callee, lowered, tuple(kwargs), at, tuple(sorted(reads)), fields=tuple(fields),
                              reads_open=why, guards=self.site_guards(node))  # fmt: skip
                continue
            members = sorted(p for p in used if p.startswith("this."))
            signature, overloads = self.signatures(outer)
            defaults = signature.defaults if signature is not None else ()
            why = self._call_reads(node, held_in, scope, bound=True)[1]
            yield ir.Call(callee, lowered, tuple(kwargs), at, tuple(sorted(reads)), func,
                          (*self.params(outer), *members), defaults, class_of(outer), tuple(fields),
                          why, signature=signature, overloads=overloads, guards=self.site_guards(node))  # fmt: skip

    def _passers(self, helpers: set[str]) -> set[str]:
        """Methods of this file that call a helper (or `Class.Method` of any file) with an argument naming one of
        their parameters, so that their own calls are recorded (a cheap, generous test: a method wrongly taken makes
        only calls that bind nothing). Was: a call of such a method was not one, so the call it makes counted as
        made in a method nothing calls (unresolved, or dropped when another call bound the site)."""
        out: set[str] = set()
        for node in self.invocations:
            args = node.child_by_field_name("arguments")
            if args is None or self._callee(node, helpers) is None:
                continue
            outer = self.scope_of(node)
            while outer is not None and outer.type not in MEMBERS:
                outer = self.scope_of(outer)
            name = self.function_name(outer) if outer is not None else None
            if outer is None or name is None or name in helpers:
                continue
            if {text(n) for n in walk(args) if n.type == "identifier"} & set(self.params(outer)):
                out.add(name)
        return out

    def _call_reads(self, node: Node, held_in: str | None, scope: Node | None, *, bound: bool) -> tuple[set[str], str]:
        """The keys read on a call's result and why they may not be all: on the variable holding it, else on the
        value itself (`Refs.Cluster("net").RequireOutput("k")`; passed on: open)."""
        made = node.type.endswith("object_creation_expression")
        key, opened = (None, "") if held_in or made else self.value_reads(node, bound=bound)
        reads = self.reads.get(held_in or key or "", set())
        return reads, self._reads_open(node, held_in, scope, bound=bound) or opened

    def _reads_open(self, node: Node, held_in: str | None, scope: Node | None, *, bound: bool) -> str:
        """Why the reads of the reference a call's result is held in are open ("" when they are all known)."""
        made = node.type.endswith("object_creation_expression")  # `new T(..)` makes an object: no holder's reads
        return self.reads_open(None if made else held_in, scope, bound=bound)

    def _callee(self, node: Node, helpers: set[str]) -> tuple[ir.Expr, Node | None] | None:
        """What a call or `new` calls (a helper of this file, `Class.Method` of any file) and its receiver."""
        if node.type == "object_creation_expression":
            kind = last_name(node.child_by_field_name("type"))
            return (ir.Import(ir.GLOBAL, f"{kind}.{kind}"), None) if kind and kind not in NOT_HELPERS else None
        func = node.child_by_field_name("function")
        if func is None or func.type not in ("identifier", "member_access_expression"):
            return None
        qualifier = func.child_by_field_name("expression") if func.type == "member_access_expression" else None
        scope = self.scope_of(node)
        if qualifier is None and binder(self, text(func), scope) is not None:  # a parameter, a local (a delegate)
            return None
        if last_name(func) in helpers and (qualifier is None or text(qualifier) in ("this", class_of(node))):
            return ir.Lit(last_name(func)), None
        if qualifier is None or qualifier.type != "identifier":
            return None
        name = text(qualifier)
        cls = self._param_type(name, scope) or self._created_type(name, scope)
        if cls is not None:  # `setup.Check()` on an object of a known class
            return ir.Import(ir.GLOBAL, f"{cls}.{last_name(func)}"), qualifier
        if name[:1].isupper() and self._param_of(name, scope) is None:
            return ir.Import(ir.GLOBAL, f"{name}.{last_name(func)}"), None  # a static method of another class
        return None

    def _created(self, node: Node, scope: Node | None) -> Node | None:
        """The `new T(..) { .. }` a value is, directly or through a variable given that one value."""
        if node.type == "identifier":
            held = self.single_value(text(node), scope)
            node = held if held is not None else node
        return node if node.type in ("object_creation_expression", "implicit_object_creation_expression") else None

    def _created_type(self, name: str, scope: Node | None) -> str | None:
        held = self.single_value(name, scope) if self._param_of(name, scope) is None else None
        if held is None or held.type != "object_creation_expression":
            return None
        kind = last_name(held.child_by_field_name("type"))
        return kind if kind and kind not in NOT_HELPERS else None

    def _created_fields(self, node: Node, scope: Node | None) -> Iterator[tuple[str, ir.Expr]]:
        """`new T { A = x, B = y }`: (A, x), (B, y), lowered where the object is made."""
        made = self._created(node, scope)
        init = next((c for c in made.named_children if c.type == "initializer_expression"), None) if made else None
        if made is None or init is None:
            return
        where = self.scope_of(made)
        for item in init.named_children:
            left = item.child_by_field_name("left")
            if item.type == "assignment_expression" and left is not None and left.type == "identifier":
                yield text(left), self.lower(item.child_by_field_name("right"), where, line(item))

    def _receiver_fields(self, receiver: Node | None, scope: Node | None) -> Iterator[tuple[str, ir.Expr]]:
        """The fields of the object a method is called on: `this.A` from its `new T { A = x }`, or the
        members of a parameter (`this` -> the parameter)."""
        if receiver is None:
            return
        if self._param_of(text(receiver), scope) is not None:
            yield "this", ir.Param(text(receiver))
            return
        made = self.made_value(receiver, scope, 0)
        if made is not None:  # `new Setup(org, env)`: the fields its constructor gives
            yield "this", made
            return
        for key, value in self._created_fields(receiver, scope):
            yield f"this.{key}", value

    # --- lowering ---


def _member_type(cls: Node, name: str) -> str:
    """The type (its last name) a class declares its field, auto-property or primary constructor parameter `name`
    with ("": none of those)."""
    members = [c for c in cls.named_children if c.type == "parameter_list"]
    members += [c for body in cls.named_children if body.type == "declaration_list" for c in body.named_children]
    for node in (p for m in members for p in ([m] if m.type != "parameter_list" else m.named_children)):
        decl = next((c for c in node.named_children if c.type == "variable_declaration"), node)
        names = [decl.child_by_field_name("name"), *(c.child_by_field_name("name") for c in decl.named_children)]
        if name in {text(n) for n in names if n is not None}:
            return last_name(decl.child_by_field_name("type"))
    return ""
