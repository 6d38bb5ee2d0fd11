"""Methods of a file-level TS/JS class as helpers, when every call of them is in the file and seen.

`Refs.of("data")` calls the static method `of` (helper `Refs.of`); `refs.ref("net")` on `const refs = new Refs(..)`,
or `new Refs(..).ref("net")`, calls the method `ref` (helper `Refs.prototype.ref`), and gives its `this.org` the value
the constructor sets from the `new` call's arguments (`constructor(private org: string)`, or `this.org = org` as a
statement of the constructor's body).

A method's parameters are bound by its calls only when EVERY call is known. The class is open (its sites stay
unresolved, saying why) when it is exported, extends another class, a method is reached through `this` (or `this`
is handed on), the class is used as a value in any other way than `new Refs(..)` and `Refs.<static method>(..)`,
an object of it is made and not kept in a variable or called at once, or a variable holding one is used otherwise
than `refs.<method>(..)` (exported, handed on, reassigned, stored, read): each such use could call a method with
arguments not seen here. Names are matched by text over the whole file, so a name bound twice is such a use too.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text, walk

NAMES = ("identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern")
"""Nodes that use or bind a name of a value (a type's name is a `type_identifier`, a property's name is not one)."""


class Finder(Protocol):
    """What is read here of the TypeScript finder (finder.py)."""

    root: Node
    file: str
    class_nodes: list[Node]
    fields: dict[tuple[int, str], list[tuple[Node | None, int, Node]]]

    def scope_of(self, node: Node) -> Node | None: ...


class CallFinder(Finder, Protocol):
    """What is read of it to give the fields of an object at a call of its method."""

    def lower(self, node: Node | None, scope: Node | None, at: int, depth: int = 0) -> ir.Expr: ...
    def params(self, scope: Node) -> tuple[str, ...]: ...
    def _defaults(self, scope: Node | None) -> tuple[tuple[str, ir.Expr], ...]: ...


@dataclass
class ClassCalls:
    """A file-level class: its methods (`of` static, `prototype.ref`), the variables holding an object of it, and
    why not every call of its methods is known ("" when each is)."""

    name: str
    node: Node
    methods: dict[str, Node] = field(default_factory=dict)
    twice: set[str] = field(default_factory=set)  # methods declared more than once: which one runs is not followed
    instances: dict[str, Node] = field(default_factory=dict)  # variable -> the `new` it holds
    why: str = ""


def classes(finder: Finder) -> dict[int, ClassCalls]:
    """The file-level classes of the file, by the id of their node (computed once)."""
    found: dict[int, ClassCalls] | None = finder.__dict__.get("_method_classes")
    if found is None and not finder.class_nodes:  # most files: no class, no walk
        found = finder.__dict__["_method_classes"] = {}
    if found is None:
        found = {}
        uses: dict[str, list[Node]] = {}
        for node in walk(finder.root):
            if node.type in NAMES:
                uses.setdefault(text(node), []).append(node)
        for cls in finder.class_nodes:
            name = cls.child_by_field_name("name")
            if name is not None and finder.scope_of(cls) is None:
                found[cls.id] = _study(finder, cls, name, uses)
        finder.__dict__["_method_classes"] = found
    return found


def _study(finder: Finder, cls: Node, name: Node, uses: dict[str, list[Node]]) -> ClassCalls:
    info = ClassCalls(text(name), cls)
    body = cls.child_by_field_name("body")
    for member in body.named_children if body is not None else []:
        key = _key(member)
        if key is not None:
            if key in info.methods:
                info.twice.add(key)
            info.methods[key] = member
    where = f"{finder.file}:{line(cls)}"
    if cls.parent is not None and cls.parent.type == "export_statement":
        info.why = f"the class {info.name} is exported at {where}"
    elif any(
        p.type != "implements_clause" for c in cls.named_children if c.type == "class_heritage" for p in c.children
    ):
        info.why = f"the class {info.name} at {where} extends another class, whose code may call its methods"
    info.why = info.why or _this_uses(finder, info) or _class_uses(finder, info, name, uses)
    for var, made in sorted(info.instances.items()):
        info.why = info.why or _instance_uses(finder, info, var, made, uses)
    return info


def _key(member: Node) -> str | None:
    """`of` for a static method, `prototype.ref` for a method of the objects; None for a constructor, a getter or
    a setter, a computed name, or anything else."""
    if member.type != "method_definition":
        return None
    name = member.child_by_field_name("name")
    if name is None or name.type not in ("property_identifier", "private_property_identifier"):
        return None
    words = {c.type for c in member.children}
    if text(name) == "constructor" or words & {"get", "set", "*"}:
        return None
    return text(name) if "static" in words else f"prototype.{text(name)}"


def _called(node: Node) -> Node | None:
    """The member `node.m` when it is called (`node.m(..)`), else None."""
    up = node.parent
    if up is None or up.type != "member_expression" or not _same(up.child_by_field_name("object"), node):
        return None
    call = up.parent
    if call is None or call.type != "call_expression" or not _same(call.child_by_field_name("function"), up):
        return None
    return up


def _same(a: Node | None, b: Node) -> bool:
    return a is not None and a.id == b.id


def _prop(member: Node) -> str:
    prop = member.child_by_field_name("property")
    return text(prop) if prop is not None else ""


def _this_uses(finder: Finder, info: ClassCalls) -> str:
    """Why a use of `this` in the class may call a method with arguments not seen ("" when none does)."""
    names = {k.rpartition(".")[2] for k in info.methods}
    for node in walk(info.node):
        if node.type != "this":
            continue
        member = node.parent
        if (
            member is None
            or member.type != "member_expression"
            or not _same(member.child_by_field_name("object"), node)
        ):
            shown = member if member is not None else node
            return f"`this` handed on at {finder.file}:{line(node)} (`{shape(shown)}`)"
        if _prop(member) in names:
            at = f"{finder.file}:{line(node)}"
            return f"`{shape(member)}` at {at} (the calls of a method from its own class are not followed)"
    return ""


def _class_uses(finder: Finder, info: ClassCalls, name: Node, uses: dict[str, list[Node]]) -> str:
    """Why a use of the class's name may call a method with arguments not seen; keeps the variables holding objects."""
    for use in uses.get(info.name, []):
        if use.id == name.id:
            continue
        up = use.parent
        at = f"{finder.file}:{line(use)}"
        if up is not None and up.type == "new_expression" and _same(up.child_by_field_name("constructor"), use):
            holder = up.parent
            var = holder.child_by_field_name("name") if holder is not None else None
            if (
                holder is not None
                and holder.type == "variable_declarator"
                and var is not None
                and var.type == "identifier"
            ):
                info.instances[text(var)] = up  # `const refs = new Refs(..)` (the value: `up` is no declarator's name)
                continue
            member = _called(up)  # `new Refs(..).ref(..)`
            if member is not None and f"prototype.{_prop(member)}" in info.methods:
                continue
            return f"an object of {info.name} made at {at} is handed on (`{shape(holder or up)}`)"
        member = _called(use)
        if member is None or _prop(member) not in info.methods:
            return f"`{shape(up or use)}` at {at} uses the class {info.name} otherwise than calling its own methods"
    return ""


def _instance_uses(finder: Finder, info: ClassCalls, var: str, made: Node, uses: dict[str, list[Node]]) -> str:
    """Why a use of the variable `var` holding an object of the class may call a method with arguments not seen."""
    declarator = made.parent
    statement = declarator.parent if declarator is not None else None
    if statement is not None and statement.parent is not None and statement.parent.type == "export_statement":
        return f"the object `{var}` of {info.name} is exported at {finder.file}:{line(statement)}"
    for use in uses.get(var, []):
        if declarator is not None and _same(declarator.child_by_field_name("name"), use):
            continue
        member = _called(use)
        if member is None or f"prototype.{_prop(member)}" not in info.methods:
            shown = use.parent or use
            return f"`{shape(shown)}` at {finder.file}:{line(use)} hands on the object `{var}` of {info.name}"
    return ""


def _class_of(method: Node) -> Node | None:
    body = method.parent
    return body.parent if body is not None and body.type == "class_body" else None


def method_name(finder: Finder, method: Node) -> str | None:
    """`Refs.of` / `Refs.prototype.ref` for a method every call of which is known, else None."""
    cls = _class_of(method)
    info = classes(finder).get(cls.id) if cls is not None else None
    key = _key(method)
    if info is None or info.why or key is None or key in info.twice:
        return None
    return f"{info.name}.{key}"


def open_why(finder: Finder, scope: Node | None) -> str:
    """Why the calls of the method around `scope` (through arrow functions) are not followed ("" when not in one)."""
    while scope is not None and scope.type == "arrow_function":
        scope = finder.scope_of(scope)
    cls = _class_of(scope) if scope is not None and scope.type == "method_definition" else None
    info = classes(finder).get(cls.id) if cls is not None else None
    if scope is None or info is None or _key(scope) is None:
        return ""
    method = f"{info.name}.{_key(scope)}()"
    if info.why:
        return f"a parameter of {method}, whose calls are not all seen ({info.why})"
    if _key(scope) in info.twice:
        return f"a parameter of {method}, declared more than once in its class (which one a call runs is not followed)"
    return ""


def this_fields(finder: Finder, method: Node) -> tuple[str, ...]:
    """The fields (`this.org`) the constructor sets from its parameters, which each call of the method binds."""
    cls = _class_of(method)
    key = _key(method)
    if cls is None or key is None or not key.startswith("prototype.") or method_name(finder, method) is None:
        return ()
    return tuple(f"this.{f}" for f in sorted(_ctor_fields(finder, cls)))


def this_param(finder: Finder, scope: Node | None, name: str) -> bool:
    """Whether `this.<name>` read in `scope` is a field each call of its method binds (`this_fields`)."""
    while scope is not None and scope.type == "arrow_function":
        scope = finder.scope_of(scope)
    return scope is not None and scope.type == "method_definition" and f"this.{name}" in this_fields(finder, scope)


def _ctor_fields(finder: Finder, cls: Node) -> dict[str, tuple[Node, int, Node]]:
    """The fields set once in the class, by the constructor as it starts: a parameter property (`private org`) or
    a statement of its body (`this.org = org;`, not in a branch)."""
    out = {}
    for (owner, name), items in finder.fields.items():
        if owner != cls.id or len(items) != 1:
            continue
        where, at, value = items[0]
        ctor = where is not None and text(where.child_by_field_name("name") or where) == "constructor"
        if where is None or not ctor or _class_of(where) != cls:
            continue
        up = value.parent
        if (up is not None and up.type in ("required_parameter", "optional_parameter")) or (
            up is not None and up.type == "assignment_expression" and _statement_of(up, where)
        ):
            out[name] = (where, at, value)
    return out


def _statement_of(node: Node, fn: Node) -> bool:
    """Whether `node` is a statement of the body of `fn` itself (not in a branch or a nested block)."""
    stmt = node.parent
    return (
        stmt is not None
        and stmt.type == "expression_statement"
        and _same(fn.child_by_field_name("body"), stmt.parent or stmt)
    )


def method_call(
    finder: CallFinder, func: Node, helpers: set[str]
) -> tuple[ir.Lit, tuple[tuple[str, ir.Expr], ...]] | None:
    """The helper a call `func(..)` calls when it is a method of a class of the file every call of which is known
    (`Refs.of`, `refs.ref`, `new Refs(..).ref`), with the fields of its object (`this.org`) the call gives it."""
    if func.type != "member_expression":
        return None
    obj, prop = func.child_by_field_name("object"), _prop(func)
    for info in classes(finder).values():
        if info.why:
            continue
        made: Node | None = None
        if obj is not None and obj.type == "identifier" and text(obj) == info.name:
            key = prop
        elif obj is not None and obj.type == "identifier" and text(obj) in info.instances:
            key, made = f"prototype.{prop}", info.instances[text(obj)]
        elif obj is not None and obj.type == "new_expression" and _made_of(obj, info):
            key, made = f"prototype.{prop}", obj
        else:
            continue
        fname = f"{info.name}.{key}"
        if fname not in helpers or key in info.twice:
            return None
        return ir.Lit(fname), (_given(finder, info, made) if made is not None else ())
    return None


def _made_of(made: Node, info: ClassCalls) -> bool:
    ctor = made.child_by_field_name("constructor")
    return ctor is not None and ctor.type == "identifier" and text(ctor) == info.name


def _given(finder: CallFinder, info: ClassCalls, made: Node) -> tuple[tuple[str, ir.Expr], ...]:
    """The fields the constructor sets from its parameters, given the arguments of `new Refs(..)` at `made`."""
    fields = _ctor_fields(finder, info.node)
    if not fields:
        return ()
    ctor = next(iter(fields.values()))[0]
    args = made.child_by_field_name("arguments")
    items = [a for a in args.named_children if a.type != "comment"] if args is not None else []
    at = f"`new {info.name}(..)` at {finder.file}:{line(made)}"
    params = finder.params(ctor)
    if any(a.type == "spread_element" for a in items):
        binding: dict[str, ir.Expr] = dict.fromkeys(params, ir.Unknown(f"the arguments spread at {at}"))
    else:
        scope = finder.scope_of(made)
        binding = {p: finder.lower(a, scope, line(made)) for p, a in zip(params, items, strict=False)}
    defaults = dict(finder._defaults(ctor))
    for p in params:
        binding.setdefault(p, defaults.get(p, ir.Unknown(f"the constructor's parameter '{p}', not given at {at}")))
    out = []
    for name, (where, at_line, value) in sorted(fields.items()):
        out.append((f"this.{name}", ir.substitute(finder.lower(value, where, at_line), binding)))
    return tuple(out)
