"""Find StackReferences in C# programs with the tree-sitter C# grammar.

Sites: `new StackReference(name)` / `new Pulumi.StackReference(name, new StackReferenceArgs { Name = x })` (the
Args' `Name` wins), also through a `using SR = Pulumi.StackReference;` alias, and `new(..)` whose target type is
StackReference (csharp_targets.py). Names are lowered from string, verbatim and interpolated literals, `+`,
`string.Format`, `string.Join`, `string.Concat`, locals, fields, constants and expression-bodied properties (also
`Class.Member` from other files), `new Config(ns).Get/Require(key)` with `??`, conditionals, and
`Deployment.Instance.StackName / ProjectName / OrganizationName`.

Objects that carry names between files (a `StackSetup` filled in Program.cs): an instance field
without a value of its own is `this.<field>` in its class's methods, a member of a method or
constructor parameter is `<param>.<member>`, and `param.Method()` runs `Type.Method` of another file
with that object's fields. `new T { A = x }` and `new T(..)` passed to a constructor or method
bind them at each call. An `if` that assigns a name gives the conditional of both values. A field only
constructors set to the object they are given (`_setup = setup;`) gives `_setup.Env` of that object.
"""

from __future__ import annotations

from stackgraph.inference import ir, templates
from stackgraph.inference.frontends import appends, exports, site_value, strmethods
from stackgraph.inference.frontends.csharp_loops import CSharpLoops
from stackgraph.inference.frontends.csharp_objects import CLASSES, CSharpObjects
from stackgraph.inference.frontends.csharp_syntax import (
    MEMBERS,
    args_of,
    by_reference,
    char_of,
    class_of,
    constant_name,
    equals_operands,
    full_name,
    holder_of,
    labelled_args,
    labels,
    lambda_key,
    last_name,
    name_arg,
    namespace_and_aliases,
    parameter_list,
    parameters,
    property_value,
    qualified,
    returns_string,
    string_of,
    switch_arms,
    unescape,
)
from stackgraph.inference.frontends.csharp_targets import IMPLICIT, CSharpTargets
from stackgraph.inference.frontends.engine_env import environment_variable
from stackgraph.inference.frontends.helper_syntax import CSHARP
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.site_guards import site_guards
from stackgraph.inference.frontends.splits import Splits
from stackgraph.inference.frontends.treesitter import Node, line, own, text, walk
from stackgraph.inference.made import made_class, made_member

CONFIG_READS = frozenset({"Get", "Require", "GetSecret", "RequireSecret"})
OUTPUT_READS = frozenset({"GetOutput", "RequireOutput", "GetValueAsync", "RequireValueAsync", "GetOutputDetailsAsync"})
NOT_READS = frozenset({"GetResourceType", "GetResourceName", "ToString", "Equals", "GetHashCode", "GetType"})
"""Methods of a StackReference (or any object) that read no output; any other method called on one, such as an
extension method (`net.RequireString("k")`), makes its reads open."""
CURRENT = {"StackName": ir.CurrentStack(), "ProjectName": ir.CurrentProject(), "OrganizationName": ir.CurrentOrg()}
SCOPES = frozenset(
    {"method_declaration", "constructor_declaration", "local_function_statement", "lambda_expression",
     "anonymous_method_expression"}
)  # fmt: skip


class CSharpFinder(CSharpLoops, CSharpObjects, Splits, CSharpTargets):
    @classmethod
    def exported(cls, root: Node) -> tuple[ir.Exported, ...]:
        aliases = namespace_and_aliases(root)[1]
        return exports.csharp_exports(root, string_of, lambda node: constant_name(node, aliases))

    LANGUAGE = "csharp"
    FIELDS_OF_THIS = True
    SCOPES = SCOPES
    BRANCHES = frozenset({"if_statement", "switch_statement", "try_statement", "for_statement", "foreach_statement",
                          "while_statement", "do_statement"})  # fmt: skip
    OPAQUE = (("foreach_statement", "left"), ("catch_declaration", "name"), ("tuple_pattern", None),
              ("declaration_expression", "name"))  # fmt: skip

    def __init__(self, root: Node, file: str, language: str | None = None) -> None:
        super().__init__(root, file, language)
        self.news: list[Node] = []
        self.invocations: list[Node] = []
        self.members: dict[str, Node] = {}
        self.fields: set[tuple[str, str]] = set()  # (class, field) of instance fields with no value of their own
        self.methods: dict[str, list[Node]] = {}  # "Class.Method" -> the methods of that name returning a string
        self.callables: list[Node] = []  # methods and constructors (not local functions: no overloads)
        self.instance: dict[str, dict[str, Node | None]] = {}
        self.primary: dict[str, Node] = {}
        self.fields_set_outside: set[tuple[str, str]] = set()
        self.named_reads: list[tuple[Node, str, str | None, Node]] = []  # (call, variable, key or None, the use):
        # kept by where the variable is declared; a key None is a use of its outputs that cannot be read
        self.namespace, self.aliases = namespace_and_aliases(root)

    def index(self) -> None:
        for node in walk(self.root):
            kind = node.type
            if kind in self._opaque_kinds:
                self.opaque_nodes.append(node)
            if kind == "variable_declarator":
                self._declaration(node, node.named_children[-1] if len(node.named_children) > 1 else None)
            elif kind == "property_declaration":
                self._declaration(node, property_value(node))
            elif kind == "assignment_expression" and node.parent is not None:
                left = node.child_by_field_name("left")
                if left is not None and left.type == "identifier" and node.parent.type != "initializer_expression":
                    value = node if appends.compound(node) else node.child_by_field_name("right")  # `n += x`
                    self.declare(self.scope_of(node), text(left), line(node), value)
            elif kind == "argument" and by_reference(node):  # `Pick(out name)`: name set there, to what is unknown
                self.declare(self.scope_of(node), text(node.named_children[0]), line(node), node)
            elif kind in ("object_creation_expression", IMPLICIT):  # `new(..)`: StackReference if its target is
                self.news.append(node)
            elif kind == "invocation_expression":
                self._invocation(node)
            elif kind == "member_access_expression" and last_name(node) == "Outputs":
                self._outputs_map(node)
            elif kind == "method_declaration":
                self._method_declaration(node)
            if kind in ("method_declaration", "constructor_declaration"):
                self.callables.append(node)
            elif kind in CLASSES:
                self._primary(node)
        self.helper_keys(CSHARP, self.invocations, self._declared_in)  # `StackOutput(net, "k")`: helper_calls.py

    def _declaration(self, node: Node, value: Node | None, *, maybe_field: bool = True) -> None:
        """A variable, field or property: an instance field (read as `this.<name>`) or a declared name."""
        name = node.child_by_field_name("name")
        if name is None:
            return
        if maybe_field and self._instance_field(node, value):
            if value is not None:
                self._member(node, text(name), value)
        elif value is not None:
            self.declare(self.scope_of(node), text(name), line(node), value)
            self._member(node, text(name), value)

    def _method_declaration(self, node: Node) -> None:
        """A method: a function of this file, and `Class.Method` for other files when it returns a string."""
        name = node.child_by_field_name("name")
        if name is not None:
            self.functions[text(name)] = node
            owner = class_of(node)
            if owner is not None and self.scope_of(node) is None and returns_string(node):
                self.methods.setdefault(f"{owner}.{text(name)}", []).append(node)

    def symbols(self) -> dict[str, ir.Expr]:
        out = super().symbols()
        out.update(self.made_symbols())  # `Setup.new/2.Env`: what the constructor taking 2 arguments gives it
        for name, value in self.exported_methods(self.methods).items():  # `Setup.StackName(..)` from another file
            out.setdefault(name, value)
        return out

    def _member(self, node: Node, name: str, value: Node) -> None:
        owner = class_of(node)
        if owner is not None and self.scope_of(node) is None:
            self.members[f"{owner}.{name}"] = value
            self.members[f"global::{full_name(node, self.namespace)}.{name}"] = value  # `Acme.Contract.Names.X`

    def _invocation(self, node: Node) -> None:
        self.invocations.append(node)
        func = node.child_by_field_name("function")
        if func is None or func.type != "member_access_expression":
            return
        if last_name(func) not in OUTPUT_READS:  # `net.RequireString("k")`: an extension method may read anything
            obj = func.child_by_field_name("expression")
            if obj is not None and obj.type == "identifier" and last_name(func) not in NOT_READS:
                self.named_reads.append((node, text(obj), None, node))
            return
        args = args_of(node)
        if args:
            self._read_on(func.child_by_field_name("expression"), string_of(args[0]), node)

    def _outputs_map(self, node: Node) -> None:
        """`net.Outputs`: read as `net.Outputs.Apply(o => o["k"])`; any other use cannot be read."""
        up = node.parent
        call = up.parent if up is not None and up.type == "member_access_expression" else None
        key = None
        if call is not None and call.type == "invocation_expression" and last_name(up) == "Apply":
            key = lambda_key(args_of(call))
        self._read_on(node.child_by_field_name("expression"), key, node if key is not None else (call or up or node))

    def _read_on(self, obj: Node | None, key: str | None, use: Node) -> None:
        """A read of `key` (None: one that cannot be read, at `use`) on the object `obj` (a reference)."""
        if obj is not None and obj.type == "identifier":
            self.named_reads.append((use, text(obj), key, use))
        elif obj is not None:
            self.read(f"{self._member_scope(use)}/{text(obj)}", key, use)

    def member_values(self) -> dict[str, Node]:
        return dict(self.members)

    def site_nodes(self) -> list[Node]:
        return self.news

    def name_argument(self, node: Node, scope: Node | None) -> tuple[Node | None, str]:
        if not self.makes_reference(node):  # `new(..)` of a type not known here: unknown, when it may be one
            return self.unknown_target(node)
        if self.compiled_if(node):
            return node, self.compiled_if(node)
        labelled = labelled_args(node)
        if not labelled:
            return None, ""
        held = []  # `new StackReference("x", args)` with `var args = new StackReferenceArgs { .. }`
        for label, value in labelled:
            found = self.single_value(text(value), scope) if value.type == "identifier" else None
            held.append((label, found if found is not None and found.type.endswith("creation_expression") else value))
        return name_arg(held)

    def holder(self, node: Node) -> str | None:
        """The variable, as `<method id>/<name>`: two methods may hold their references in the same name."""
        held = holder_of(node)
        if held is None:
            return None
        for call, name, key, use in self.named_reads:  # the declarations are all known now
            self.read(self._declared_in(call, name), key, use)
        self.named_reads = []
        if "." not in held:
            return self._declared_in(node, held)
        return f"{self._member_scope(node)}/{held}"

    def value_reads(self, node: Node, *, bound: bool) -> tuple[str | None, str]:
        key = f"{self._member_scope(node)}/{text(node)}"  # `new StackReference(..).GetOutput("k")`: see _read_on
        return key, self.opened.get(key, "") or site_value.value_use(node, "csharp", self.file, bound=bound)

    def _declared_in(self, node: Node, name: str) -> str:
        """`<scope id>/<name>` for the innermost scope around `node` declaring `name` (a local function or
        lambda reads its enclosing method's variables); `<class>/<name>` for a field, a static one too."""
        cur = self.scope_of(node)
        while cur is not None:
            if name in self.decls.get(cur.id, {}) or ir.is_param(self.params(cur), name):
                return f"{cur.id}/{name}"
            cur = self.scope_of(cur)
        return f"{class_of(node)}/{name}"

    def owner_of(self, scope: Node) -> str | None:
        return class_of(scope)

    def function_name(self, scope: Node) -> str | None:
        if scope.type not in MEMBERS:
            return None
        name = scope.child_by_field_name("name")  # a constructor's is its class's: `new Class(..)` calls it
        return text(name) if name is not None else None

    def params(self, scope: Node) -> tuple[str, ...]:
        params = parameter_list(scope)
        if params is None or params.type != "parameter_list":
            return ()
        return tuple(name for name, _, _, _ in parameters(params))

    # --- lowering ---

    def _lower_argument(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """What `Pick(out name)` leaves in `name` (a later read's value): unknown, naming the call."""
        call = node.parent.parent if node.parent is not None else None
        if call is None or not by_reference(node):
            return ir.Unknown(f"a run-time value ({shape(node)})")
        return ir.Unknown(f"'{text(node.named_children[-1])}', set by {shape(call)} at line {line(node)}")

    def _lower_string_literal(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit(string_of(node) or "")

    _lower_verbatim_string_literal = _lower_string_literal
    _lower_raw_string_literal = _lower_string_literal

    def _lower_integer_literal(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit(text(node))

    def _lower_interpolated_string_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        parts: list[ir.Expr] = []
        for child in node.named_children:
            if child.type == "interpolation":
                inner = [c for c in child.named_children if c.type not in ("interpolation_brace",)]
                parts.append(self.lower(inner[0] if inner else None, scope, at, depth))
            elif child.type in ("string_content", "escape_sequence"):
                parts.append(ir.Lit(unescape(child)))
        return ir.concat(parts)

    def _lower_parenthesized_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        inner = node.named_children
        return self.lower(inner[0] if inner else None, scope, at, depth)

    def _lower_binary_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        op = text(node.child_by_field_name("operator"))
        left = self.lower(node.child_by_field_name("left"), scope, at, depth)
        right = self.lower(node.child_by_field_name("right"), scope, at, depth)
        if op == "+":
            return ir.concat([left, right])
        if op == "??":
            return ir.with_default(left, right)
        return ir.Unknown(f"an expression with {op}")

    def _lower_conditional_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Conditional(
            self._test(node.child_by_field_name("condition"), scope, at, depth),
            self.lower(node.child_by_field_name("consequence"), scope, at, depth),
            self.lower(node.child_by_field_name("alternative"), scope, at, depth),
        )

    def _lower_switch_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """`x switch { "a" or "b" => v, _ => w }`: the conditional of the arms; a stack no arm takes (it throws)
        and the arms from one with another pattern on are unknown."""
        subject, arms = switch_arms(node)
        value = self.lower(subject, scope, at, depth)
        out: ir.Expr = ir.Unknown("a switch expression that no arm matches (it throws)")
        for pieces, result in reversed(arms):
            then = self.lower(result, scope, at, depth)
            if pieces is None:
                out = ir.Unknown(f"a switch arm whose pattern is not read ({shape(node)})")
            elif pieces:
                out = ir.Conditional(
                    ir.Has("equal", value, tuple(ir.Lit(string_of(p) or "") for p in pieces)), then, out
                )
            else:
                out = then
        return out

    def site_guards(self, node: Node) -> tuple[ir.Expr, ...]:
        return site_guards(self, node)

    def _test(self, cond: Node | None, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """A condition: `a == b` / `a != b` compared, `!c` negated, anything else by its truth."""
        if cond is not None and cond.type == "prefix_unary_expression" and [c.type for c in cond.children][:1] == ["!"]:
            return ir.negated(self._test(cond.children[-1], scope, at, depth))
        op = text(cond.child_by_field_name("operator")) if cond is not None and cond.type == "binary_expression" else ""
        if cond is not None and op in ("==", "!="):
            left = self.lower(cond.child_by_field_name("left"), scope, at, depth)
            right = self.lower(cond.child_by_field_name("right"), scope, at, depth)
            return ir.Eq(left, right, op == "!=")
        return self._equals(cond, scope, at, depth) or ir.Truthy(self.lower(cond, scope, at, depth))

    def _equals(self, cond: Node | None, scope: Node | None, at: int, depth: int) -> ir.Expr | None:
        """`a.Equals(b)` and the like (`equals_operands`) as `==`; None for any other test."""
        found = equals_operands(cond)
        if found is None:
            return None
        (left, right), fold, negate = found
        lowered = [self.lower(v, scope, at, depth) for v in (left, right)]
        if fold:  # OrdinalIgnoreCase: both sides upper-cased, as .NET folds them
            lowered = [ir.Case(v, upper=True) for v in lowered]
        return ir.Eq(lowered[0], lowered[1], negate)

    def branch_value(
        self, name: str, branches: list[Node], items: list[tuple[int, Node]], scope: Node | None, depth: int
    ) -> ir.Expr | None:
        """`if (c) { x = a } else { x = b }`: the conditional of the values (other branches stay unknown)."""
        if len(branches) != 1 or branches[0].type != "if_statement":
            return None
        branch = branches[0]
        test = self._test(branch.child_by_field_name("condition"), scope, line(branch), depth)
        arms = (branch.child_by_field_name("consequence"), branch.child_by_field_name("alternative"))
        return self.if_value(name, branch, test, arms, items, scope, depth)

    def _lower_member_access_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        name = last_name(node)
        obj = node.child_by_field_name("expression")
        if name in CURRENT and obj is not None and text(obj).endswith("Deployment.Instance"):
            return CURRENT[name]
        if obj is not None and obj.type in ("this", "this_expression") and self._field(name, scope):
            return ir.Param("this." + name)
        if obj is not None and obj.type == "identifier" and self._field(text(obj), scope):  # `_setup.Env`
            if self._kept_object(text(obj), scope):  # of a field only constructors set: what the object's maker gives
                return ir.Param(f"this.{text(obj)}.{name}")
            return ir.Unknown(f"a member of the field {text(obj)}, which a method sets again ({shape(node)})")
        if obj is not None and obj.type == "identifier" and self._param_of(text(obj), scope) is not None:
            return ir.Param(f"{text(obj)}.{name}")  # a member of the object a call passes (`setup.Environment`)
        if obj is not None and obj.type in ("identifier", "member_access_expression"):
            dotted = "".join(text(node).split())
            made = self.made_value(obj, scope, depth) if obj.type == "identifier" else None
            if made is not None:  # `setup.Env` of `var setup = new Setup(org, env)`
                return made_member(made, name) or ir.Unknown(f"a member of {shape(node)}")
            if obj.type == "identifier" and self._is_local(text(obj), scope):
                return ir.Unknown(f"a member of a run-time value ({shape(node)})")
            if self._on_object(obj, scope):  # `config.Env.Name`, `this.Env.Name`, `Env.Name` of a property `Env`
                return self._object_member(obj, name, scope, depth) or ir.Unknown(
                    f"a member of a run-time value ({shape(node)})"
                )
            return ir.Import(ir.GLOBAL, qualified(dotted, self.aliases))
        return ir.Unknown(f"a run-time value ({shape(node)})")

    def _lower_object_creation_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        if last_name(node.child_by_field_name("type")) == "Config":
            args = args_of(node)
            if not args:
                return ir.ConfigObject(None)
            ns = self.lower(args[0], scope, at, depth)
            return ir.config_object(ns)
        return self.made_value(node, scope, depth) or ir.Unknown(f"a new object ({shape(node)})")

    def _lower_invocation_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        func = node.child_by_field_name("function")
        name = last_name(func)
        labelled = labels(node)
        arg_nodes = [a for _, a in labelled]
        args = [self.lower(a, scope, at, depth) for a in arg_nodes]
        names = tuple(label for label, _ in labelled) if any(label for label, _ in labelled) else ()
        owner_node = (
            func.child_by_field_name("expression")
            if func is not None and func.type == "member_access_expression"
            else None
        )
        owner = text(owner_node) if owner_node is not None else ""
        found = self._string_call(owner, name, args, arg_nodes, scope, at, depth)
        if found is None and name == "GetEnvironmentVariable" and args:
            found = environment_variable(args[0])
        if found is None and owner_node is not None:
            found = self._method_of(owner_node, name, (arg_nodes, args), names, scope, at, depth)
        if found is None and func is not None:
            found = self._own_function(func, name, args, names, depth)
        static = owner_node is not None and owner_node.type == "identifier" and owner[:1].isupper()
        if found is None and static and not self._is_local(owner, scope):  # `Names.Stack(..)` of another file
            found = ir.Apply(ir.Import(ir.GLOBAL, f"{owner}.{name}"), tuple(args), names=names)
        if found is not None:
            return found
        return ir.Unknown(f"the result of {shape(func) if func is not None else '?'}()")

    def _string_call(
        self, owner: str, name: str, args: list[ir.Expr], arg_nodes: list[Node], scope: Node | None, at: int, depth: int
    ) -> ir.Expr | None:
        """`string.Format`, `string.Concat`, `string.Join` (None: another call)."""
        if owner not in ("string", "String", "System.String"):
            return None
        if name == "Format" and args and isinstance(args[0], ir.Lit):
            return templates.brace_format(args[0].value, args[1:])
        if name == "Concat":
            return ir.concat(args)
        if name == "Join" and len(args) >= 2:
            items = args[1:] if len(arg_nodes) > 2 else self._array(arg_nodes[1], scope, at, depth)
            parts: list[ir.Expr] = []
            for i, item in enumerate(items):
                parts.extend([args[0]] if i else [])
                parts.append(item)
            return ir.concat(parts)
        return None

    def _method_of(
        self, owner_node: Node, name: str, given: tuple[list[Node], list[ir.Expr]], names: tuple[str, ...],
        scope: Node | None, at: int, depth: int,
    ) -> ir.Expr | None:  # fmt: skip
        """`config.Get(key)`, `s.ToLower()` on a value read here (None: none of those); `given`: the arguments, as
        written and lowered."""
        arg_nodes, args = given
        if name in CONFIG_READS and args and isinstance(args[0], ir.Lit):
            receiver = self.lower(owner_node, scope, at, depth)
            receiver = self.config_field(owner_node, scope) or receiver  # `_config = new Config();` in the ctor
            if isinstance(receiver, ir.ConfigObject):
                return ir.ConfigRead(receiver.namespace, args[0].value)
            if isinstance(receiver, ir.Import) or self.config_typed(receiver, scope):  # of another file; handed in
                return ir.ConfigVia(receiver, args[0].value)
        if name == "ToString" and not args:
            return self.lower(owner_node, scope, at, depth)
        if (name in strmethods.CSHARP or name == "Replace") and not names:  # `Replace('-', '_')`: chars too
            pairs = zip(arg_nodes, args, strict=True)
            chars = [ir.Lit(char_of(a)) if a.type == "character_literal" else b for a, b in pairs]
            found = strmethods.csharp_method(name, self.lower(owner_node, scope, at, depth), chars)
            if found is not None:
                return found
        cls = self._param_type(text(owner_node), scope) if owner_node.type == "identifier" else None
        if cls is not None:  # `setup.StackName()`: the method of its class, with the fields of `setup`
            return ir.Apply(ir.Import(ir.GLOBAL, f"{cls}.{name}"), tuple(args), text(owner_node), names=names)
        made = self.made_value(owner_node, scope, depth)
        if made is not None:  # on `new Setup(org, env)`: with the fields its constructor gives
            return ir.Apply(ir.Import(ir.GLOBAL, f"{made_class(made)}.{name}"), tuple(args), made=made, names=names)
        return None

    def _own_function(
        self, func: Node, name: str, args: list[ir.Expr], names: tuple[str, ...], depth: int
    ) -> ir.Expr | None:
        """A method of this file that returns a name (`Net()`, `Names.Net()`), with the arguments bound."""
        qualifier = func.child_by_field_name("expression") if func.type == "member_access_expression" else None
        if (func.type == "identifier" or qualifier is not None) and name in self.functions:
            owner = text(qualifier) if qualifier is not None else class_of(func)
            fns = self._named().get((owner, name), []) if qualifier is not None else self.methods_named(name, owner)
            return self.inline(fns, args, names, depth) if fns else None  # `Names.Net()`: a class of this file
        return None

    def _array(self, node: Node, scope: Node | None, at: int, depth: int) -> list[ir.Expr]:
        init = next((c for c in walk(node) if c.type == "initializer_expression"), None)
        if init is None:
            return [ir.Unknown("a run-time list")]
        return [self.lower(c, scope, at, depth) for c in init.named_children]

    def _returned(self, fn: Node, depth: int = 0) -> ir.Expr | None:
        arrow = next((c for c in fn.named_children if c.type == "arrow_expression_clause"), None)
        if arrow is not None and arrow.named_children:
            return self.lower(arrow.named_children[0], fn, line(arrow), depth)
        returns = [
            n for n in walk(fn) if n.type == "return_statement" and own(self.scope_of(n), fn)
        ]  # not those of nested functions
        if len(returns) != 1 or not returns[0].named_children:
            return None
        value = returns[0].named_children[0]
        return self.lower(value, fn, line(value), depth)


find = CSharpFinder.find
