"""What the constructors of a Java or C# class give the fields of the objects it makes (setup objects).

`new T(a, b)` is a made object (made.py): its field `f` is `T.new/2.f`, which the class's file exports as a
`Function` of the parameters of the constructor that a call with 2 arguments runs (overloads.py: one that takes
2 as written, or fewer with defaults, or a variable-length list). Its value is what that constructor assigns
(`this.env = env;` or `Env = env;`, once and outside any branch, else unknown), else what the constructor it
chains to gives (`this("acme", env)`, C# `: this("acme", env)`), else the field's own initializer, else nothing
("which no constructor sets"). A C# primary constructor (`class Setup(string org, string env)`) gives its
parameters as fields and is the context of the initializers that read them (`Org { get; } = org;`). A class
without constructor makes `new T()` with the fields' own values. A count of arguments that several constructors
may take, depending on the arguments' types, makes every field unknown.
"""

from __future__ import annotations

from collections.abc import Callable

from stackgraph.inference import ir, overloads
from stackgraph.inference.frontends import appends, site_value
from stackgraph.inference.frontends.helper_calls import HelperKeys, Syntax
from stackgraph.inference.frontends.overloaded import Overloaded
from stackgraph.inference.frontends.treesitter import Node, line, own, text, walk
from stackgraph.inference.made import made as made_object
from stackgraph.inference.made import made_field, made_member


class Constructors(Overloaded):
    """The part of the Java and C# finders they share: constructors (the fields of made objects), and where a
    site's reads may be open (fields, locals handed on: site_value.py)."""

    kept_args: frozenset[int] = frozenset()  # references given to helpers of the file reading keys: followed

    def reads_open(self, held_in: str | None, scope: Node | None, *, bound: bool) -> str:
        """A field's uses, or a local variable handed on (site_value.held_open), besides its outputs used whole."""
        found = super().reads_open(held_in, scope, bound=bound)
        return found or site_value.held_open(self, self.LANGUAGE, held_in, scope, bound=bound, kept=self.kept_args)

    def helper_keys(self, syntax: Syntax, calls: list[Node], holder: Callable[[Node, str], str]) -> None:
        """The keys read through helpers of the file (helper_calls.py) on the variable or field `holder` names for
        each reference a call gives one, or why they are open."""

        def record(call: Node, arg: Node, keys: set[str], why: str) -> None:
            held = holder(call, text(arg))
            for key in sorted(keys):
                self.read(held, key, call)
            if why:
                self.opened.setdefault(held, why)

        self.kept_args = HelperKeys(syntax, self.file, self.helper_key).follow(self.root, calls, record)

    def helper_key(self, value: Node, call: Node) -> str | None:
        """The string a key given to a helper is: a literal, or a constant the file gives it."""
        lowered = self.lower(value, self.scope_of(value), line(call))
        return lowered.value if isinstance(lowered, ir.Lit) else None

    def shared(self, held_in: str | None, scope: Node | None) -> str:
        return site_value.field_name(self, held_in, scope)  # other files may use a field too

    def object_fields(self, cls: str) -> dict[str, Node | None]:
        """The instance fields of `cls` (and C# auto-properties) with their initializers (None: none)."""
        raise NotImplementedError

    def classes(self) -> dict[str, list[Node]]:
        """Every class of the file with instance fields, and its constructors (a C# primary one: the class)."""
        raise NotImplementedError

    def assigned_field(self, node: Node) -> str | None:
        """The field an assignment sets in a constructor (`this.env = ..`, `env = ..`), None: not one."""
        raise NotImplementedError

    def chained(self, ctor: Node) -> tuple[bool, list[Node] | None] | None:
        """The constructor `ctor` runs first: `(True, args)` for `this(..)`, `(False, args)` for `super(..)` /
        `base(..)`, args None when they cannot be read in order (C# named arguments); None: none."""
        raise NotImplementedError

    def creation(self, node: Node) -> tuple[str, list[Node]] | None:
        """`new T(a, b)` as (T, [a, b]) when it makes an object of a class of the project (None: not one)."""
        raise NotImplementedError

    def _param_type(self, name: str, scope: Node | None) -> str | None:
        raise NotImplementedError  # the finder's: the class of a method or constructor parameter

    def made_symbols(self) -> dict[str, ir.Expr]:
        """`T.new/N.f` for each class of the file, each count N of arguments its constructors take, each field."""
        out: dict[str, ir.Expr] = {}
        for cls, ctors in self.classes().items():
            fields = self.object_fields(cls)
            sigs = [s for s in map(self.signature, ctors) if s is not None]
            if len(sigs) != len(ctors) or not ctors:  # no constructor: `new T()` has the fields' own values
                out.update({made_field(cls, 0, f): ir.Function((), self._initial(cls, f, None)) for f in fields})
                continue
            for count in sorted({n for s in sigs for n in range(s.required, len(s.params) + 1)}):
                picked = overloads.choose(sigs, count)
                for field in fields:
                    if len(picked) != 1:
                        why = overloads.undecided(cls, len(picked), count)
                        out[made_field(cls, count, field)] = ir.Function((), ir.Unknown(f"field '{field}': {why}"))
                        continue
                    ctor, sig = ctors[picked[0]], sigs[picked[0]]
                    out[made_field(cls, count, field)] = ir.Function(sig.params, self.given(ctor, cls, field), sig)
        return out

    def given(self, ctor: Node, cls: str, field: str) -> ir.Expr:
        """The value constructor `ctor` of `cls` gives `field`, in terms of its parameters."""
        if ctor.type not in self.SCOPES:  # a C# primary constructor: the class itself
            return ir.Param(field) if field in self.params(ctor) else self._initial(cls, field, ctor)
        found = [n for n in self.assignments(ctor) if self.assigned_field(n) == field]
        if len(found) == 1 and not self.branches_around(found[0], ctor, line(ctor)):
            right = found[0].child_by_field_name("right")
            return self.lower(right, ctor, line(found[0]))
        if found:
            return ir.Unknown(f"field '{field}' of {cls}, assigned in a branch or more than once")
        chain = self.chained(ctor)
        if chain is not None and chain[0]:  # `this(..)`: what the constructor it runs gives the field
            if chain[1] is None:
                return ir.Unknown(f"field '{field}' of {cls}, set through this(..) with named arguments")
            args = [self.lower(a, ctor, line(a)) for a in chain[1]]
            return made_member(made_object(cls, args), field) or ir.Unknown(f"field '{field}' of {cls}")
        return self._initial(cls, field, None)

    def _initial(self, cls: str, field: str, scope: Node | None) -> ir.Expr:
        """A field's own value (its initializer, read in `scope`), else unknown."""
        initial = self.object_fields(cls).get(field)
        if initial is None:
            return ir.Unknown(f"field '{field}' of {cls}, which no constructor sets")
        return self.lower(initial, scope, line(initial))

    def assignments(self, ctor: Node) -> list[Node]:
        """The assignments a constructor makes itself (not those of a lambda or local function in it)."""
        found: list[Node] = self.__dict__.setdefault("_assignments", {}).get(ctor.id)
        if found is None:
            found = [n for n in walk(ctor) if n.type == "assignment_expression" and own(self.scope_of(n), ctor)]
            self.__dict__["_assignments"][ctor.id] = found
        return found

    def reassigned(self, cls: str, field: str) -> bool:
        """Whether a constructor of `cls` assigns `field` (its initializer is then not its value everywhere)."""
        table: set[tuple[str, str]] | None = self.__dict__.get("_reassigned")
        if table is None:
            table = set()
            for owner, ctors in self.classes().items():
                for ctor in (c for c in ctors if c.type in self.SCOPES):
                    table |= {(owner, f) for f in map(self.assigned_field, self.assignments(ctor)) if f is not None}
            self.__dict__["_reassigned"] = table
        return (cls, field) in table

    def made_value(self, node: Node | None, scope: Node | None, depth: int) -> ir.Apply | None:
        """`new T(..)` (directly or through a variable given that one value) as a made object."""
        if node is not None and node.type == "identifier" and self._param_type(text(node), scope) is None:
            held = self.single_value(text(node), scope)
            if held is not None and self._mutated(text(node), held):
                return None  # `setup.Env = x;` after it is made: its fields are not the constructor's
            node = held if held is not None else node
        found = self.creation(node) if node is not None else None
        if found is None:
            return None
        where = self.scope_of(node)
        return made_object(found[0], [self.lower(a, where, line(node), depth) for a in found[1]])

    def _lower_identifier(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """A name; one holding an object whose fields are assigned after it is made is not that object."""
        held = self.single_value(text(node), scope)
        if held is not None and self.creation(held) is not None and self._mutated(text(node), held):
            return ir.Unknown(f"'{text(node)}', an object whose fields are assigned after it is made")
        stmt = appends.assigning(node, self.SCOPES)  # `n = n + x`: the value n had (appends.py)
        return (
            appends.previous(self, text(node), stmt, depth) if stmt else self.lookup(text(node), scope, at, depth, node)
        )

    def _lower_assignment_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """`n += x` (declared as its value when the operator is not `=`): the value n had, then x (appends.py)."""
        numeric = appends.number_before(self, text(node.child_by_field_name("left")), node)
        return appends.appended(self, node, depth, numeric=numeric)

    def _mutated(self, name: str, value: Node) -> bool:
        """Whether a field of the variable `name` (given `value`) is assigned in the scope that declares it."""
        scope = self.scope_of(value)
        key = (name, scope.id if scope is not None else 0)
        memo: dict[tuple[str, int], bool] = self.__dict__.setdefault("_mutated_fields", {})
        if key not in memo:
            assigned = (
                n.child_by_field_name("left") for n in walk(scope or self.root) if n.type == "assignment_expression"
            )
            memo[key] = any(_member_of(left, name) for left in assigned)
        return memo[key]


def _member_of(left: Node | None, name: str) -> bool:
    """Whether an assignment's left side is a field of `name` (`name.env`, Java and C#)."""
    if left is None or left.type not in ("field_access", "member_access_expression") or not left.named_children:
        return False
    return text(left.named_children[0]) == name
