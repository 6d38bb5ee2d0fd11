"""Pulumi Java's config reads as Java runs them (com.pulumi.Config): `get(k)` is an `Optional<String>`, `getBoolean(k)`
an `Optional<Boolean>` (`Boolean.parseBoolean`: "true" in any case, anything else false), `require(k)` the String,
`requireBoolean(k)` the boolean; `getSecret(k)` is an `Output<Optional<String>>` and is not read.

An `Optional` (`ir.Opt`) is read through its methods: `.orElse(d)` (the value, or `d` when the key is not set),
`.orElseGet(() -> d)`, `.get()` / `.orElseThrow(..)` (the value; the program fails when it is not set, read as a
`require`), `.isPresent()` / `.isEmpty()` (decided when the stack surely sets the key or surely does not),
`.map(v -> ..)` (the lambda applied to the value, still an Optional); as a string it is `Optional[value]` or
`Optional.empty` (ir.optional_text), and it never equals a String (`.equals("a")` is false either way round).
`Optional.of(x)`, `Optional.ofNullable(x)` of a value that is never null, and `Optional.empty()` are Optionals too.
Anything else done with one (`filter`, `or`, an Optional handed to a method as a parameter) is unknown.
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.java_objects import JavaObjects
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, text, walk

READS = frozenset({"get", "getBoolean", "require", "requireSecret", "requireBoolean"})
"""The reads of com.pulumi.Config lowered here (getInteger, getDouble, getObject and the secret Optionals are not)."""
USES = frozenset({"orElse", "orElseGet", "orElseThrow", "get", "isPresent", "isEmpty", "map", "toString"})
TRUE, FALSE = ir.Truthy(ir.Lit("true")), ir.Truthy(ir.Lit(""))
STRINGS = (ir.Lit, ir.Concat, ir.ConfigRead, ir.ConfigVia, ir.CurrentStack, ir.CurrentProject, ir.CurrentOrg)
"""What a Java String is lowered to (never an Optional)."""


def _boolean(value: ir.Expr) -> ir.Expr:
    """`Boolean.parseBoolean(value)` as text: "true" when the value is "true" in any case, else "false"."""
    return ir.Conditional(ir.Eq(ir.Case(value), ir.Lit("true")), ir.Lit("true"), ir.Lit("false"))


def never_equal(left: ir.Expr, right: ir.Expr) -> bool:
    """Whether `left.equals(right)` surely fails because one is an Optional and the other a String."""
    return (isinstance(left, ir.Opt) and isinstance(right, STRINGS)) or (
        isinstance(right, ir.Opt) and isinstance(left, STRINGS)
    )


class JavaOptional(JavaObjects):
    """The part of the Java finder that reads config reads and the Optionals they give."""

    def _lower_true(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit("true")

    def _lower_false(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit("false")

    def _method_of(
        self, obj: Node, name: str, arg_nodes: list[Node], args: list[ir.Expr], scope: Node | None, at: int, depth: int
    ) -> ir.Expr | None:
        """`ctx.config(ns)`, `config.get(key)` and the rest of READS, `Optional.of(x)` .., a method of an Optional
        (USES), `s.toString()` (None: none of those)."""
        if name == "config":  # `ctx.config()`, `ctx.config("ns")`
            return ir.config_object(self.lower(arg_nodes[0], scope, at, depth)) if arg_nodes else ir.ConfigObject(None)
        if text(obj) in ("Optional", "java.util.Optional"):
            return self.optional_of(name, args)
        if name in READS and len(args) == 1 and isinstance(args[0], ir.Lit):
            receiver = self.config_param(obj, scope) or self.lower(obj, scope, at, depth)
            read: ir.Expr | None = None
            if isinstance(receiver, ir.ConfigObject):
                read = ir.ConfigRead(receiver.namespace, args[0].value)
            elif isinstance(receiver, ir.Param) and self.declared_type(receiver.name, scope) in (None, "Config"):
                read = ir.ConfigVia(receiver, args[0].value)  # on a parameter not declared another type (a Map)
            if read is not None:
                value = _boolean(read) if name.endswith("Boolean") else read
                return ir.Opt(value, ir.Present(read)) if name.startswith("get") else value
        if name in USES and (name != "get" or not args):
            if obj.type == "identifier" and self._param_type(text(obj), scope) == "Optional":
                return ir.Unknown(f"{name}() of '{text(obj)}', an Optional handed in as a parameter")
            inner = self.lower(obj, scope, at, depth)
            return self._use(inner, name, arg_nodes, args, scope, at, depth)
        return None

    def _use(
        self,
        inner: ir.Expr,
        name: str,
        arg_nodes: list[Node],
        args: list[ir.Expr],
        scope: Node | None,
        at: int,
        depth: int,
    ) -> ir.Expr | None:
        """`inner.name(args)` where `inner` may be an Optional."""
        if isinstance(inner, ir.Conditional):  # `(c ? cfg.get("a") : cfg.get("b")).orElse(d)`: in each arm
            then = self._use(inner.then, name, arg_nodes, args, scope, at, depth)
            orelse = self._use(inner.orelse, name, arg_nodes, args, scope, at, depth)
            return ir.Conditional(inner.test, then, orelse) if then is not None and orelse is not None else None
        if name == "toString":
            return inner if isinstance(inner, ir.Lit | ir.Opt) else None
        if not isinstance(inner, ir.Opt):
            if name in ("orElse", "orElseGet") and args:
                return ir.with_default(inner, args[0])
            return None
        if name in ("get", "orElseThrow"):
            return inner.value
        if name in ("isPresent", "isEmpty"):
            yes, no = (ir.Lit("true"), ir.Lit("false")) if name == "isPresent" else (ir.Lit("false"), ir.Lit("true"))
            return ir.Conditional(inner.present, yes, no)
        if len(arg_nodes) != 1:
            return None
        if name == "map":
            return ir.Opt(self._applied(arg_nodes[0], inner.value, scope, at, depth), inner.present)
        fallback = args[0] if name == "orElse" else self._applied(arg_nodes[0], None, scope, at, depth)
        plain = isinstance(inner.value, ir.ConfigRead | ir.ConfigVia) and inner.value.default is None
        if plain and inner.present == ir.Present(inner.value):
            return ir.with_default(inner.value, fallback)  # `config.get(k).orElse(d)`: the read with its default
        return ir.Conditional(inner.present, inner.value, fallback)

    def _applied(self, fn: Node, given: ir.Expr | None, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """What the lambda `fn` gives for `given` (None: it takes no argument): `v -> "a/" + v`, `() -> "dev"`."""
        params = fn.child_by_field_name("parameters") if fn.type == "lambda_expression" else None
        body = fn.child_by_field_name("body") if fn.type == "lambda_expression" else None
        if params is not None and params.type == "inferred_parameters" and len(params.named_children) == 1:
            params = params.named_children[0]
        names = [text(params)] if params is not None and params.type == "identifier" else []
        takes_none = params is not None and params.type == "formal_parameters" and not params.named_children
        if body is None or body.type == "block" or (given is None) != takes_none or (given is not None and not names):
            return ir.Unknown(f"what a function gives ({shape(fn)})")
        if any(n.type == "null_literal" for n in walk(body)):  # `map(v -> null)`: an empty Optional
            return ir.Unknown(f"what a function that may give null gives ({shape(fn)})")
        value = self.lower(body, fn, at, depth)
        return ir.substitute(value, {names[0]: given}) if given is not None else value

    def optional_of(self, name: str, args: list[ir.Expr]) -> ir.Expr | None:
        """`Optional.of(x)`, `Optional.ofNullable(x)` of a value never null, `Optional.empty()` (None: another)."""
        if name == "empty" and not args:
            return ir.Opt(ir.Unknown("the value of an empty Optional"), FALSE)
        if name == "of" and len(args) == 1:
            return ir.Opt(args[0], TRUE)
        if name == "ofNullable" and len(args) == 1:
            surely = isinstance(args[0], STRINGS)
            return ir.Opt(args[0], TRUE if surely else ir.Truthy(ir.Unknown("whether the value is null")))
        return None
