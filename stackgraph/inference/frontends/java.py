"""Find StackReferences in Java programs with the tree-sitter Java grammar.

Sites: `new StackReference(name)` and `new StackReference("logical",
StackReferenceArgs.builder().name(x).build())` or `new StackReferenceArgs(x)` (its name wins). Names
are lowered from string literals, `+`, `String.format`, `String.join`, `Output.of(x)`, locals,
fields and constants (also `Class.FIELD` of other files), `ctx.config(ns)` reads (`require(key)`,
`get(key).orElse(default)` and the rest of java_optional.py), conditionals, String methods (strmethods.py),
`ctx.stackName()`, `ctx.projectName()`, `ctx.organizationName()`, and helper parameters. Objects that carry names
between files (a setup object made in `main` and passed to constructors) are in java_objects.py.
"""

from __future__ import annotations

from collections.abc import Iterator

from stackgraph.inference import ir, templates
from stackgraph.inference.frontends import appends, exports, helper_syntax, site_value, strmethods
from stackgraph.inference.frontends.engine_env import environment_variable
from stackgraph.inference.frontends.helper_calls import HelperKeys
from stackgraph.inference.frontends.java_loops import JavaLoops
from stackgraph.inference.frontends.java_objects import MEMBERS, class_of
from stackgraph.inference.frontends.java_optional import FALSE, JavaOptional, never_equal
from stackgraph.inference.frontends.java_switch import JavaSwitch
from stackgraph.inference.frontends.own_methods import on_context
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.site_guards import site_guards
from stackgraph.inference.frontends.splits import Splits
from stackgraph.inference.frontends.treesitter import Node, line, own, text, walk

OUTPUT_READS = frozenset(
    {"output", "requireOutput", "getOutput", "getValueAsync", "requireValueAsync", "outputDetailsAsync"}
)
OUTPUT_MAPS = frozenset({"outputs", "getOutputs"})
"""`net.outputs()`: the whole map; read only as `net.outputs().applyValue(m -> m.get("k"))`."""
CURRENT = {"stackName": ir.CurrentStack(), "projectName": ir.CurrentProject(), "organizationName": ir.CurrentOrg()}


def _string(node: Node | None) -> str | None:
    if node is None or node.type != "string_literal":
        return None
    out = []
    for c in node.named_children:
        raw = text(c)
        if c.type == "escape_sequence":
            raw = {"\\n": "\n", "\\t": "\t", '\\"': '"', "\\\\": "\\"}.get(raw, raw)
        out.append(raw)
    return "".join(out)


def _output_of(node: Node) -> Node:
    """`Output.of("k")` -> the literal inside; anything else unchanged."""
    if node.type == "method_invocation" and text(node.child_by_field_name("name") or node) == "of":
        args = _args(node)
        return args[0] if len(args) == 1 else node
    return node


def _mapped_key(outputs: Node) -> str | None:
    """`net.outputs().applyValue(m -> m.get("k"))`: "k"; None for any other use of the map."""
    up = outputs.parent
    if up is None or up.type != "method_invocation" or text(up.child_by_field_name("name") or up) != "applyValue":
        return None
    args = _args(up)
    fn = args[0] if len(args) == 1 and args[0].type == "lambda_expression" else None
    param = fn.child_by_field_name("parameters") if fn is not None else None
    body = fn.child_by_field_name("body") if fn is not None else None
    if param is not None and param.type == "inferred_parameters" and len(param.named_children) == 1:
        param = param.named_children[0]
    if param is None or param.type != "identifier" or body is None or body.type != "method_invocation":
        return None
    got, on = body.child_by_field_name("name"), body.child_by_field_name("object")
    keys = _args(body)
    if got is None or text(got) != "get" or on is None or text(on) != text(param) or len(keys) != 1:
        return None
    return _string(keys[0])


def _args(node: Node) -> list[Node]:
    args = node.child_by_field_name("arguments")
    return list(args.named_children) if args is not None else []


def _name(node: Node | None) -> str:
    if node is None:
        return ""
    if node.type == "scoped_type_identifier":
        return text(node.named_children[-1]) if node.named_children else ""
    if node.type == "generic_type":
        return _name(node.named_children[0]) if node.named_children else ""
    return text(node)


_class_of = class_of


class JavaFinder(JavaLoops, JavaOptional, JavaSwitch, Splits):
    @classmethod
    def exported(cls, root: Node) -> tuple[ir.Exported, ...]:
        return exports.java_exports(root, _string)

    LANGUAGE = "java"
    FIELDS_OF_THIS = True
    SCOPES = frozenset({"method_declaration", "constructor_declaration", "lambda_expression"})
    BRANCHES = frozenset({"if_statement", "switch_expression", "try_statement", "try_with_resources_statement",
                          "for_statement", "enhanced_for_statement", "while_statement", "do_statement"})  # fmt: skip
    OPAQUE = (("enhanced_for_statement", "name"), ("catch_formal_parameter", "name"))

    def __init__(self, root: Node, file: str, language: str | None = None) -> None:
        super().__init__(root, file, language)
        self.news: list[Node] = []
        self.invocations: list[Node] = []
        self.members: dict[str, Node] = {}
        self.fields: dict[str, dict[str, Node | None]] = {}
        self.constructors: list[Node] = []
        self.records: list[Node] = []
        self.methods: dict[str, list[Node]] = {}
        self.callables: list[Node] = []
        self.syntax = helper_syntax.java(_string)
        self.helpers = HelperKeys(self.syntax, file, self.helper_key)  # `out(net, "k")`: helper_calls.py

    def index(self) -> None:
        for node in walk(self.root):
            kind = node.type
            self._object_index(node)
            if kind in self._opaque_kinds:
                self.opaque_nodes.append(node)
            if kind == "variable_declarator":
                name, value = node.child_by_field_name("name"), node.child_by_field_name("value")
                if name is not None and value is not None:
                    scope = self.scope_of(node)
                    self.declare(scope, text(name), line(node), value)
                    owner = _class_of(node)
                    if scope is None and owner is not None:
                        self.members[f"{owner}.{text(name)}"] = value
            elif kind == "assignment_expression":
                left = node.child_by_field_name("left")
                if left is not None and left.type == "identifier":
                    value = node if appends.compound(node) else node.child_by_field_name("right")  # `n += x`
                    self.declare(self.scope_of(node), text(left), line(node), value)
            elif kind == "object_creation_expression":
                self.news.append(node)
            elif kind == "method_invocation":
                self._invocation(node)
            elif kind == "method_declaration":
                name = node.child_by_field_name("name")
                if name is not None:
                    self.functions[text(name)] = node
            if kind in MEMBERS:
                self.callables.append(node)
        self.helper_keys(self.syntax, self.invocations, lambda _, name: name)

    def _invocation(self, node: Node) -> None:
        self.invocations.append(node)
        name = node.child_by_field_name("name")
        obj = node.child_by_field_name("object")
        args = _args(node)
        if name is None or obj is None or (obj.type == "identifier" and self.helpers.own(node, text(obj))):
            return  # a helper's read on its parameter: each call's (helper_calls.py)
        if text(name) in OUTPUT_READS and args:
            self.read(text(obj), _string(_output_of(args[0])), node)
        elif text(name) in OUTPUT_MAPS and not args:
            key = _mapped_key(node)
            self.read(text(obj), key, node if key is not None else node.parent or node)

    def member_values(self) -> dict[str, Node]:
        return dict(self.members)

    def symbols(self) -> dict[str, ir.Expr]:
        out = super().symbols()
        for name, value in self.object_symbols().items():
            out.setdefault(name, value)
        return out

    def site_nodes(self) -> list[Node]:
        return self.news

    def name_argument(self, node: Node, scope: Node | None) -> tuple[Node | None, str]:
        if _name(node.child_by_field_name("type")) != "StackReference":
            return None, ""
        args = _args(node)
        if not args:
            return None, ""
        return _name_arg(self.args_held(args, 1, scope))

    def holder(self, node: Node) -> str | None:
        return _holder(node)

    def value_reads(self, node: Node, *, bound: bool) -> tuple[str | None, str]:
        key = text(node)  # `new StackReference(..).output("k")`: see _invocation
        return key, self.opened.get(key, "") or site_value.value_use(node, "java", self.file, bound=bound)

    def owner_of(self, scope: Node) -> str | None:
        return _class_of(scope)

    def function_name(self, scope: Node) -> str | None:
        if scope.type not in MEMBERS:
            return None
        name = scope.child_by_field_name("name")  # a constructor's is its class's: `new Class(..)` calls it
        return text(name) if name is not None else None

    def params(self, scope: Node) -> tuple[str, ...]:
        params = scope.child_by_field_name("parameters")
        if params is None:
            return ()
        if params.type == "identifier":
            return (text(params),)
        return tuple(name for name, _ in _parameters(params))

    def signature(self, fn: Node) -> ir.Signature | None:
        params = fn.child_by_field_name("parameters") if fn.type in MEMBERS else None
        if params is None:
            return None
        found = _parameters(params)
        variadic = bool(found) and found[-1][1].endswith("...")
        names, types = tuple(n for n, _ in found), tuple(t for _, t in found)
        returns = text(fn.child_by_field_name("type") or fn) if fn.type == "method_declaration" else ""
        return ir.Signature(names, types, len(found) - variadic, variadic, returns=returns)

    def _helper_calls(self, helpers: set[str]) -> Iterator[ir.Call]:
        for node in [*self.invocations, *self.object_calls()]:
            found = self._callee(node, helpers)
            if found is None:
                continue
            callee, kwargs = found
            scope = self.scope_of(node)
            lowered = tuple(self.lower(a, scope, line(node)) for a in _args(node))
            holder = _holder(node)
            handed = holder if node.type != "object_creation_expression" else None  # an object made: no reference
            value = self.value_reads if holder is None and node.type != "object_creation_expression" else None
            reads = tuple(
                sorted(self.reads.get(holder or (value(node, bound=False)[0] if value else None) or "", set()))
            )
            outer = scope  # a method that passes its parameters on to a helper is a helper too
            while outer is not None and outer.type not in MEMBERS:
                outer = self.scope_of(outer)
            used = set().union(*(ir.params_in(v) for v in (*lowered, *(v for _, v in kwargs))))
            func = self.function_name(outer) if outer is not None and used else None
            if outer is None or func is None:
                why = self.reads_open(handed, scope, bound=False) or (value(node, bound=False)[1] if value else "")
                yield ir.Call(
                    callee, lowered, kwargs, line(node), reads, reads_open=why, guards=site_guards(self, node)
                )
                continue
            members = sorted(p for p in used if p.startswith("this."))
            signature, overloads = self.signatures(outer)
            why = self.reads_open(handed, scope, bound=True) or (value(node, bound=True)[1] if value else "")
            yield ir.Call(callee, lowered, kwargs, line(node), reads, func, (*self.params(outer), *members), (),
                          _class_of(outer), (), why, signature=signature, overloads=overloads,
                          guards=self.site_guards(node))  # fmt: skip

    def _callee(self, node: Node, helpers: set[str]) -> tuple[ir.Expr, tuple[tuple[str, ir.Expr], ...]] | None:
        """What a call may call that holds a site: a helper of this file, a static method of another class,
        a constructor, a method of a parameter's or made object's class (with that object as `this`)."""
        if node.type == "object_creation_expression":
            return self.object_callee(node)
        name = node.child_by_field_name("name")
        obj = node.child_by_field_name("object")
        if name is None:
            return None
        if _args(node):
            own = text(name) in helpers or text(name) in self.functions  # a helper, or one passing its parameters on
            if own and (obj is None or text(obj) in ("this", _class_of(node))):
                return ir.Lit(text(name)), ()
            static = obj is not None and obj.type == "identifier" and text(obj)[:1].isupper()
            if static and self._param_type(text(obj), self.scope_of(node)) is None:
                return ir.Import(ir.GLOBAL, f"{text(obj)}.{text(name)}"), ()  # a static method of another class
        return self.object_callee(node)

    # --- lowering ---

    def _lower_string_literal(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit(_string(node) or "")

    def _lower_decimal_integer_literal(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit(text(node))

    def _lower_parenthesized_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        inner = node.named_children
        return self.lower(inner[0] if inner else None, scope, at, depth)

    def _lower_binary_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        op = text(node.child_by_field_name("operator"))
        if op == "+":
            return ir.concat(
                [
                    self.lower(node.child_by_field_name("left"), scope, at, depth),
                    self.lower(node.child_by_field_name("right"), scope, at, depth),
                ]
            )
        return ir.Unknown(f"an expression with {op}")

    def site_guards(self, node: Node) -> tuple[ir.Expr, ...]:
        return site_guards(self, node)

    def _test(self, cond: Node | None, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """A condition: `a.equals(b)` compared, `!c` negated, anything else by its truth."""
        while cond is not None and cond.type == "parenthesized_expression" and cond.named_children:
            cond = cond.named_children[0]
        op = cond.child_by_field_name("operator") if cond is not None and cond.type == "unary_expression" else None
        if cond is not None and op is not None and text(op) == "!":
            return ir.negated(self._test(cond.child_by_field_name("operand"), scope, at, depth))
        if cond is not None and cond.type == "method_invocation" and _method(cond) == "equals":
            obj, args = cond.child_by_field_name("object"), _args(cond)
            if obj is not None and len(args) == 1:
                left, right = self.lower(obj, scope, at, depth), self.lower(args[0], scope, at, depth)
                return FALSE if never_equal(left, right) else ir.Eq(left, right)  # an Optional is no String
        return ir.Truthy(self.lower(cond, scope, at, depth))

    def branch_value(
        self, name: str, branches: list[Node], items: list[tuple[int, Node]], scope: Node | None, depth: int
    ) -> ir.Expr | None:
        """`if (c) { x = a; } else { x = b; }`: the conditional of the values (other branches stay unknown)."""
        if len(branches) != 1 or branches[0].type != "if_statement":
            return None
        branch = branches[0]
        test = self._test(branch.child_by_field_name("condition"), scope, line(branch), depth)
        arms = (branch.child_by_field_name("consequence"), branch.child_by_field_name("alternative"))
        return self.if_value(name, branch, test, arms, items, scope, depth)

    def _lower_ternary_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Conditional(
            self._test(node.child_by_field_name("condition"), scope, at, depth),
            self.lower(node.child_by_field_name("consequence"), scope, at, depth),
            self.lower(node.child_by_field_name("alternative"), scope, at, depth),
        )

    def _lower_field_access(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        obj = node.child_by_field_name("object")
        field = node.child_by_field_name("field")
        found = self._object_member(obj, text(field), scope, at, depth) if obj is not None and field else None
        if found is not None:
            return found
        if obj is not None and field is not None and obj.type == "identifier":
            if obj.type == "identifier" and (text(obj) in self.decls.get(0, {}) or self._local(text(obj), scope)):
                return ir.Unknown(f"a field of a run-time value ({shape(node)})")
            return ir.Import(ir.GLOBAL, f"{text(obj)}.{text(field)}")
        return ir.Unknown(f"a run-time value ({shape(node)})")

    def _lower_object_creation_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        made = self.made_value(node, scope, depth)
        return made if made is not None else ir.Unknown(f"a new object ({shape(node)})")

    def _local(self, name: str, scope: Node | None) -> bool:
        cur = scope
        while cur is not None:
            if name in self.decls.get(cur.id, {}) or name in self.params(cur):
                return True
            cur = self.scope_of(cur)
        return False

    def _lower_method_invocation(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        name = _method(node)
        obj = node.child_by_field_name("object")
        arg_nodes = _args(node)
        if name in CURRENT and not arg_nodes and obj is not None and on_context(self, "java", name, text(obj)):
            return CURRENT[name]
        if name == "of" and len(arg_nodes) < 2 and obj is not None and self._pulumi_config(text(obj), scope):
            return ir.config_object(self.lower(arg_nodes[0], scope, at, depth)) if arg_nodes else ir.ConfigObject(None)
        args = [self.lower(a, scope, at, depth) for a in arg_nodes]
        found = _library_call(text(obj) if obj is not None else "", name, args)
        if found is None and obj is not None:
            found = self._method_of(obj, name, arg_nodes, args, scope, at, depth)  # java_optional.py
        if found is None:
            found = self._own_function(node, obj, name, args, depth)
        if found is None and obj is not None:
            found = self._object_method(obj, name, args, scope, at, depth)
        if found is None and obj is not None and name in strmethods.JAVA:  # `stack.toLowerCase()`, strmethods.py
            written = [text(a) for a in arg_nodes]
            found = strmethods.java_method(name, self.lower(obj, scope, at, depth), args, written, shape(node))
        return found if found is not None else ir.Unknown(f"the result of {name}()")

    def _pulumi_config(self, owner: str, scope: Node | None) -> bool:
        """`Config` in `Config.of(ns)` is com.pulumi.Config (written out, or imported and not a local name)."""
        imports = {text(n) for n in self.root.named_children if n.type == "import_declaration"}
        pulumi = {"import com.pulumi.Config;", "import com.pulumi.*;"} & {" ".join(i.split()) for i in imports}
        return owner == "com.pulumi.Config" or (owner == "Config" and bool(pulumi) and not self._local(owner, scope))

    def _own_function(self, node: Node, obj: Node | None, name: str, args: list[ir.Expr], depth: int) -> ir.Expr | None:
        """A method of this file that returns a name (`cluster()`, `Names.cluster()`), with the arguments bound."""
        qualified = (  # `Names.cluster()`: a static method of a class of this file
            obj is not None
            and obj.type == "identifier"
            and name in self.functions
            and bool(self._named().get((text(obj), name)))
        )
        if (obj is None or qualified) and name in self.functions:
            owner = text(obj) if obj is not None else _class_of(node)
            return self.inline(self.methods_named(name, owner), args, (), depth)
        return None

    def _returned(self, fn: Node, depth: int = 0) -> ir.Expr | None:
        returns = [
            n for n in walk(fn) if n.type == "return_statement" and own(self.scope_of(n), fn)
        ]  # not those of nested functions
        if len(returns) != 1 or not returns[0].named_children:
            return None
        value = returns[0].named_children[0]
        return self.lower(value, fn, line(value), depth)


def _library_call(owner: str, name: str, args: list[ir.Expr]) -> ir.Expr | None:
    """`String.format`, `String.join`, `System.getenv`, `Output.of` (None: another call)."""
    if owner == "String" and name == "format" and args and isinstance(args[0], ir.Lit):
        return templates.printf(args[0].value, args[1:])
    if owner == "String" and name == "join" and len(args) >= 2:
        parts: list[ir.Expr] = []
        for i, item in enumerate(args[1:]):
            parts.extend([args[0]] if i else [])
            parts.append(item)
        return ir.concat(parts)
    if owner in ("System", "java.lang.System") and name == "getenv" and args:
        return environment_variable(args[0])
    if owner in ("Output", "com.pulumi.core.Output") and name == "of" and len(args) == 1:
        return args[0]  # `Output.of(name)`: an Output of that value
    return None


def _parameters(params: Node) -> list[tuple[str, str]]:
    """The (name, declared type) of each parameter; a variable-length one's type ends with `...`."""
    out = []
    for p in params.named_children:
        if p.type == "identifier":  # a lambda's `(a, b) ->`
            out.append((text(p), ""))
        elif p.type == "formal_parameter":
            name = p.child_by_field_name("name")
            out += [(text(name), "".join(text(p.child_by_field_name("type")).split()))] if name is not None else []
        elif p.type == "spread_parameter":  # `String... rest`
            decl = next((c for c in p.named_children if c.type == "variable_declarator"), None)
            name = decl.child_by_field_name("name") if decl is not None else None
            kind = next((c for c in p.named_children if c.type not in ("variable_declarator", "modifiers")), None)
            shown = "".join(text(kind).split()) if kind is not None else ""
            out += [(text(name), shown + "...")] if name is not None else []
    return out


def _method(node: Node) -> str:
    name = node.child_by_field_name("name")
    return text(name) if name is not None else ""


def _name_arg(args: list[Node]) -> tuple[Node, str]:
    """`new StackReference(name, args)`: `StackReferenceArgs.builder().name(x).build()` -> x, else name.

    Args that cannot be read here (a variable, another call) leave the stack name unknown: the
    reason is returned ("" when the name is known).
    """
    if len(args) < 2 or args[1].type == "null_literal" or text(args[1]) == "StackReferenceArgs.Empty":
        return args[0], ""
    made = _args(args[1]) if args[1].type == "object_creation_expression" else []
    if len(made) == 1 and _name(args[1].child_by_field_name("type")).endswith("StackReferenceArgs"):
        return (args[0] if made[0].type == "null_literal" else made[0]), ""  # `new StackReferenceArgs(name)`
    cur: Node | None = args[1]
    builder = False
    while cur is not None and cur.type == "method_invocation":
        inner = cur.child_by_field_name("object")
        if _method(cur) == "name":
            found = _args(cur)
            if found and inner is not None and "StackReferenceArgs" in text(inner):
                return found[0], ""
        builder |= _method(cur) == "builder" and inner is not None and text(inner).endswith("StackReferenceArgs")
        cur = inner
    if builder:
        return args[0], ""
    return args[0], f"StackReferenceArgs that are not written out here ({shape(args[1])})"


def _holder(node: Node) -> str | None:
    up = node.parent
    if up is not None and up.type == "variable_declarator":
        name = up.child_by_field_name("name")
        return text(name) if name is not None else None
    if up is not None and up.type == "assignment_expression":  # `net = new StackReference(..)`, a field set in main
        left = up.child_by_field_name("left")
        return text(left) if left is not None and left.type == "identifier" else None
    return None


find = JavaFinder.find
