"""F# records that carry stack names between the files of a program (a setup record made in Program.fs).

A record expression `{ Env = Deployment.Instance.StackName; Org = "acme" }` is an `ir.Record` (its type is named
by its sorted field labels, `{Env; Org}`, as F# infers it from them); `setup.Env` is the value written. A record
type's members (`member this.InfraStack = sprintf "%s/networking/%s" this.Org this.Env`, also with `()`) and
field accessors are exported as `StackSetup.InfraStack` and `{Env; Org}.InfraStack`, and a module's functions
that return a name as `Module.func`. A parameter with a record type (`(setup: StackSetup)`) reads
`setup.Env` and `setup.InfraStack()` through them, bound at each call (`Platform.deploy setup` from another
file too).
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends import strmethods
from stackgraph.inference.frontends.treesitter import Node, TSFinder, line, text, walk
from stackgraph.inference.made import made_member

LOOPS = frozenset({"for_expression", "while_expression"})
NOT_RECORDS = frozenset({"string", "int", "bool", "obj", "float", "Output", "Input", "Config", "StackReference"})


def signature(fields: list[str] | tuple[str, ...]) -> str:
    """The type of a record expression as its sorted field labels: `{Env; Org}`."""
    return "{" + "; ".join(sorted(fields)) + "}"


class FSharpObjects(TSFinder):
    """The part of the F# finder that follows records: record expressions, members, typed parameters."""

    records: list[Node]
    module_values: dict[str, Node]
    this_name: str | None = None  # while a member's body is lowered: its self identifier (`this`)

    def _module_of(self, node: Node) -> str | None:
        raise NotImplementedError  # the finder's: the module around a node

    def _local(self, name: str, scope: Node | None) -> bool:
        raise NotImplementedError  # the finder's: whether a value or parameter of that name is in scope

    def dotted_value(self, dotted: str, scope: Node | None, at: int, depth: int) -> ir.Expr:
        raise NotImplementedError  # the finder's: the value of `a.b.c`

    def reassigned(self, node: Node) -> None:
        """`p <- value` (a `mutate_expression` on a name): declared where `p` is, at its line (at the loop's first
        line when it is in a loop below that scope, since a use earlier in the loop sees it the second time
        round), its value `value` (in terms of `p` too: appends.py), or in a loop the reassignment itself, never
        read; under a branch, uses after it are unknown (`branches_around`)."""
        left = node.named_children[0] if node.named_children else None
        if len(node.named_children) != 2 or left is None or left.type != "long_identifier_or_op" or "." in text(left):
            return
        name, scope = text(left), self.scope_of(node)
        while scope is not None and name not in self.decls.get(scope.id, {}):
            scope = self.scope_of(scope)
        at, up = line(node), node.parent
        while up is not None and (scope is None or up.id != scope.id):
            at = line(up) if up.type in LOOPS else at
            up = up.parent
        self.declare(scope, name, at, node.named_children[1] if at == line(node) else node)  # in a loop: unknown

    def string_method(
        self, func: Node, arguments: tuple[list[Node], list[ir.Expr]], scope: Node | None, at: int, depth: int
    ) -> ir.Expr | None:
        """`stack.ToLower()`, `Deployment.Instance.StackName.Replace("-", "_")`, `(f x).Trim()`: a .NET String
        method (strmethods.py) on a local value, a member chain or an expression, never a function of a module
        (`Names.Trim(x, y)`); `arguments`: as written and lowered. None: not one of those."""
        given = [a for n, a in zip(*arguments, strict=True) if n.type != "unit" and text(n) != "()"]
        base, field = func.child_by_field_name("base"), func.child_by_field_name("field")
        if func.type == "dot_expression" and (base is None or base.type != "long_identifier_or_op"):
            if base is None or field is None or text(field) not in strmethods.FSHARP:
                return None  # `(f x).Env.ToLower()`: not followed
            return strmethods.csharp_method(text(field), self.lower(base, scope, at, depth), given)
        head, _, name = "".join(text(func).split()).rpartition(".")
        if name not in strmethods.FSHARP or not head or ("." not in head and not self._local(head, scope)):
            return None
        return strmethods.csharp_method(name, self.dotted_value(head, scope, at, depth), given)

    def _record_type(self, defn: Node) -> tuple[str, list[str]] | None:
        """`type StackSetup = { Env: string; Org: string }` -> (StackSetup, [Env, Org])."""
        name = next((c for c in defn.named_children if c.type == "type_name"), None)
        block = next((c for c in defn.named_children if c.type == "record_fields"), None)
        if name is None or block is None:
            return None
        fields = [next((text(i) for i in f.named_children if i.type == "identifier"), "") for f in block.named_children]
        return text(name).split("<")[0].strip(), [f for f in fields if f]

    def record_symbols(self) -> dict[str, ir.Expr]:
        """Field accessors and members of the file's record types, and its module functions that return a name."""
        out: dict[str, ir.Expr] = {}
        for defn in self.records:
            found = self._record_type(defn)
            if found is None:
                continue
            name, fields = found
            for f in fields:
                out[f"{name}.{f}"] = ir.Function((), ir.Param("this." + f))
            for member in (n for n in walk(defn) if n.type == "method_or_prop_defn"):
                value = self._member(member)
                if value is not None:
                    out[f"{name}.{value[0]}"] = out[f"{signature(fields)}.{value[0]}"] = value[1]
        for fname, fn in self.functions.items():
            module, body = self._module_of(fn), fn.child_by_field_name("body")
            lowered = self.lower(body, fn, line(body)) if module and body is not None else None
            if module and lowered is not None and not isinstance(lowered, ir.Unknown):
                out.setdefault(f"{module}.{fname}", ir.Function(self._typed_params(fn), lowered))
        return out

    def _member(self, member: Node) -> tuple[str, ir.Function] | None:
        """`member this.Name = body` / `member this.Name() = body` as (Name, function of its parameters)."""
        head = member.child_by_field_name("name")
        instance = head.child_by_field_name("instance") if head is not None else None
        method = head.child_by_field_name("method") if head is not None else None
        body = member.named_children[-1] if member.named_children else None
        if instance is None or method is None or body is None or body.id == head.id:
            return None
        args = member.child_by_field_name("args")
        params = () if args is None else tuple(text(n) for n in walk(args) if n.type == "identifier")
        self.this_name = text(instance)
        try:
            value = self.lower(body, None, line(body))
        finally:
            self.this_name = None
        return text(method), ir.Function(params, value)

    def _typed_params(self, scope: Node) -> tuple[str, ...]:
        """The names a function's argument patterns bind (not the names of their types)."""
        left = scope.named_children[0] if scope.named_children else None
        patterns = next((c for c in left.named_children if c.type == "argument_patterns"), None) if left else None
        if patterns is None:
            return ()
        out = []
        for node in walk(patterns):
            up = node.parent
            typed = False
            while up is not None and up.id != patterns.id:
                typed = typed or up.type.endswith("_type")
                up = up.parent
            if node.type == "identifier" and not typed:
                out.append(text(node))
        return tuple(out)

    def _param_type(self, name: str, scope: Node | None) -> str | None:
        """The record type of a function parameter (`(setup: StackSetup)` -> StackSetup; None: untyped)."""
        cur = scope
        while cur is not None:
            if name in self.decls.get(cur.id, {}):
                return None
            if name in self.params(cur):
                for node in walk(cur.named_children[0]):
                    pattern = node.named_children[0] if node.type == "typed_pattern" and node.named_children else None
                    kind = node.named_children[-1] if pattern is not None else None
                    if pattern is not None and kind is not None and text(pattern) == name:
                        found = text(kind).split("<")[0].strip()
                        return found if found[:1].isupper() and found not in NOT_RECORDS else None
                return None
            cur = self.scope_of(cur)
        return None

    def _record(self, node: Node | None, depth: int) -> ir.Record | None:
        """A record expression `{ Env = x; Org = y }` (None: another expression, `{ s with .. }`)."""
        block = next((c for c in node.named_children if c.type == "field_initializers"), None) if node else None
        if node is None or node.type != "brace_expression" or block is None:
            return None
        keys, values = [], []
        where = self.scope_of(node)
        for item in block.named_children:
            key, value = item.child_by_field_name("field"), item.child_by_field_name("value")
            if item.type != "field_initializer" or key is None or value is None:
                return None
            keys.append(text(key))
            values.append(self.lower(value, where, line(item), depth))
        return ir.Record(signature(keys), tuple(keys), tuple(values))

    def _object_member(
        self, head: str, member: str, args: list[ir.Expr], scope: Node | None, at: int, depth: int
    ) -> ir.Expr | None:
        """`this.Env` in a member, `setup.Env` / `setup.Name()` of a typed parameter or of a record (None: none)."""
        if self.this_name is not None and head == self.this_name:
            return ir.Param(f"this.{member}") if not args else None
        kind = self._param_type(head, scope)
        if kind is not None:
            return ir.Apply(ir.Import(ir.GLOBAL, f"{kind}.{member}"), tuple(args), head)
        held = self.single_value(head, scope)
        record = self._record(held, depth) if held is not None else None
        if record is None:
            return None
        if member in record.keys and not args:
            return made_member(record, member)
        return ir.Apply(ir.Import(ir.GLOBAL, f"{record.kind}.{member}"), tuple(args), made=record)
