"""Find StackReferences in C# programs with the tree-sitter C# grammar.

Sites: `new StackReference(name)` / `new Pulumi.StackReference(name, new StackReferenceArgs
{ Name = x })` (the Args' `Name` wins). Names are lowered from string, verbatim and
interpolated literals, `+`, `string.Format`, `string.Join`, `string.Concat`, locals,
fields, constants and expression-bodied properties (also `Class.Member` from other
files), `new Config(ns).Get/Require(key)` with `??`, conditionals, and
`Deployment.Instance.StackName / ProjectName / OrganizationName`.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from stackgraph.inference import ir
from stackgraph.inference.frontends.treesitter import Node, TSFinder, line, own, short, text, walk

CONFIG_READS = frozenset({"Get", "Require", "GetSecret", "RequireSecret"})
OUTPUT_READS = frozenset({"GetOutput", "RequireOutput", "GetValueAsync", "RequireValueAsync", "GetOutputDetailsAsync"})
CURRENT = {"StackName": ir.CurrentStack(), "ProjectName": ir.CurrentProject(), "OrganizationName": ir.CurrentOrg()}
SCOPES = frozenset(
    {"method_declaration", "constructor_declaration", "local_function_statement", "lambda_expression",
     "anonymous_method_expression"}
)  # fmt: skip


def _last(node: Node | None) -> str:
    if node is None:
        return ""
    if node.type in ("member_access_expression", "qualified_name"):
        name = node.child_by_field_name("name")
        return _last(name) if name is not None else ""
    if node.type == "generic_name":
        first = node.named_children
        return text(first[0]) if first else ""
    return text(node) if node.type in ("identifier", "predefined_type") else ""


def _class_of(node: Node) -> str | None:
    up = node.parent
    while up is not None:
        if up.type in ("class_declaration", "struct_declaration", "record_declaration", "interface_declaration"):
            name = up.child_by_field_name("name")
            return text(name) if name is not None else None
        up = up.parent
    return None


class CSharpFinder(TSFinder):
    LANGUAGE = "csharp"
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

    def index(self) -> None:
        for node in walk(self.root):
            kind = node.type
            if kind in self._opaque_kinds:
                self.opaque_nodes.append(node)
            if kind == "variable_declarator":
                name = node.child_by_field_name("name")
                value = node.named_children[-1] if len(node.named_children) > 1 else None
                if name is not None and value is not None:
                    self.declare(self.scope_of(node), text(name), line(node), value)
                    self._member(node, text(name), value)
            elif kind == "property_declaration":
                name = node.child_by_field_name("name")
                value = _property_value(node)
                if name is not None and value is not None:
                    self.declare(self.scope_of(node), text(name), line(node), value)
                    self._member(node, text(name), value)
            elif kind == "assignment_expression" and node.parent is not None:
                left = node.child_by_field_name("left")
                if left is not None and left.type == "identifier" and node.parent.type != "initializer_expression":
                    self.declare(self.scope_of(node), text(left), line(node), node.child_by_field_name("right"))
            elif kind == "object_creation_expression":
                self.news.append(node)
            elif kind == "invocation_expression":
                self._invocation(node)
            elif kind == "method_declaration":
                name = node.child_by_field_name("name")
                if name is not None:
                    self.functions[text(name)] = node

    def _member(self, node: Node, name: str, value: Node) -> None:
        owner = _class_of(node)
        if owner is not None and self.scope_of(node) is None:
            self.members[f"{owner}.{name}"] = value

    def _invocation(self, node: Node) -> None:
        self.invocations.append(node)
        func = node.child_by_field_name("function")
        if func is None or func.type != "member_access_expression" or _last(func) not in OUTPUT_READS:
            return
        args = _args(node)
        key = _string(args[0]) if args else None
        obj = func.child_by_field_name("expression")
        if key is not None and obj is not None:
            self.reads.setdefault(text(obj), set()).add(key)

    def member_values(self) -> dict[str, Node]:
        return dict(self.members)

    def site_nodes(self) -> list[Node]:
        return self.news

    def name_argument(self, node: Node, scope: Node | None) -> tuple[Node | None, str]:
        if _last(node.child_by_field_name("type")) != "StackReference":
            return None, ""
        labelled = _labelled_args(node)
        if not labelled:
            return None, ""
        held = []  # `new StackReference("x", args)` with `var args = new StackReferenceArgs { .. }`
        for label, value in labelled:
            found = self.single_value(text(value), scope) if value.type == "identifier" else None
            held.append((label, found if found is not None and found.type.endswith("creation_expression") else value))
        return _name_arg(held)

    def holder(self, node: Node) -> str | None:
        return _holder(node)

    def owner_of(self, scope: Node) -> str | None:
        return _class_of(scope)

    def function_name(self, scope: Node) -> str | None:
        if scope.type not in ("method_declaration", "local_function_statement"):
            return None
        name = scope.child_by_field_name("name")
        return text(name) if name is not None else None

    def params(self, scope: Node) -> tuple[str, ...]:
        params = scope.child_by_field_name("parameters")
        if params is None:
            params = next((c for c in scope.named_children if c.type == "parameter_list"), None)
        if params is None:
            return ()
        names = [p.child_by_field_name("name") for p in params.named_children if p.type == "parameter"]
        return tuple(text(n) for n in names if n is not None)

    def _helper_calls(self, helpers: set[str]) -> Iterator[ir.Call]:
        for node in self.invocations:
            func = node.child_by_field_name("function")
            args = _args(node)
            if func is None or func.type not in ("identifier", "member_access_expression") or not args:
                continue
            qualifier = func.child_by_field_name("expression") if func.type == "member_access_expression" else None
            callee: ir.Expr
            if _last(func) in helpers and (qualifier is None or text(qualifier) in ("this", _class_of(node))):
                callee = ir.Lit(_last(func))
            elif qualifier is not None and qualifier.type == "identifier" and text(qualifier)[:1].isupper():
                callee = ir.Import("global:", f"{text(qualifier)}.{_last(func)}")  # a static method of another class
            else:
                continue
            scope = self.scope_of(node)
            lowered = tuple(self.lower(a, scope, line(node)) for a in args)
            holder = _holder(node)
            reads = self.reads.get(holder, set()) if holder else set()
            yield ir.Call(callee, lowered, (), line(node), tuple(sorted(reads)))

    # --- lowering ---

    def _lower_string_literal(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit(_string(node) or "")

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
                parts.append(ir.Lit(_unescape(child)))
        return ir.concat(parts)

    def _lower_parenthesized_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        inner = node.named_children
        return self.lower(inner[0] if inner else None, scope, at, depth)

    def _lower_identifier(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return self.lookup(text(node), scope, at, depth)

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
        cond = node.child_by_field_name("condition")
        test: ir.Expr
        if (
            cond is not None
            and cond.type == "binary_expression"
            and text(cond.child_by_field_name("operator"))
            in (
                "==",
                "!=",
            )
        ):
            test = ir.Eq(
                self.lower(cond.child_by_field_name("left"), scope, at, depth),
                self.lower(cond.child_by_field_name("right"), scope, at, depth),
                text(cond.child_by_field_name("operator")) == "!=",
            )
        else:
            test = ir.Truthy(self.lower(cond, scope, at, depth))
        return ir.Conditional(
            test,
            self.lower(node.child_by_field_name("consequence"), scope, at, depth),
            self.lower(node.child_by_field_name("alternative"), scope, at, depth),
        )

    def _lower_member_access_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        name = _last(node)
        obj = node.child_by_field_name("expression")
        if name in CURRENT and obj is not None and text(obj).endswith("Deployment.Instance"):
            return CURRENT[name]
        if obj is not None and obj.type in ("identifier", "member_access_expression"):
            dotted = "".join(text(node).split())
            if obj.type == "identifier" and self._is_local(text(obj), scope):
                return ir.Unknown(f"a member of a run-time value ({short(dotted, 40)})")
            return ir.Import("global:", dotted.split(".", dotted.count(".") - 1)[-1] if "." in dotted else dotted)
        return ir.Unknown(f"a run-time value ({short(text(node), 40)})")

    def _is_local(self, name: str, scope: Node | None) -> bool:
        cur = scope
        while cur is not None:
            if name in self.decls.get(cur.id, {}) or name in self.params(cur):
                return True
            cur = self.scope_of(cur)
        return name in self.decls.get(0, {})

    def _lower_object_creation_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        if _last(node.child_by_field_name("type")) == "Config":
            args = _args(node)
            if not args:
                return ir.ConfigObject(None)
            ns = self.lower(args[0], scope, at, depth)
            return ir.config_object(ns)
        return ir.Unknown(f"a new object ({short(text(node), 40)})")

    def _lower_invocation_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        func = node.child_by_field_name("function")
        name = _last(func)
        arg_nodes = _args(node)
        args = [self.lower(a, scope, at, depth) for a in arg_nodes]
        owner_node = (
            func.child_by_field_name("expression")
            if func is not None and func.type == "member_access_expression"
            else None
        )
        owner = text(owner_node) if owner_node is not None else ""
        found = self._string_call(owner, name, args, arg_nodes, scope, at, depth)
        if found is None and name == "GetEnvironmentVariable" and args:
            shown = args[0].value if isinstance(args[0], ir.Lit) else "?"
            found = ir.Unknown(f"environment variable {shown}, read at run time")
        if found is None and owner_node is not None:
            found = self._method_of(owner_node, name, args, scope, at, depth)
        if found is None and func is not None:
            found = self._own_function(func, name, args, depth)
        if found is not None:
            return found
        return ir.Unknown(f"the result of {short(text(func) if func is not None else '?', 40)}()")

    def _string_call(
        self, owner: str, name: str, args: list[ir.Expr], arg_nodes: list[Node], scope: Node | None, at: int, depth: int
    ) -> ir.Expr | None:
        """`string.Format`, `string.Concat`, `string.Join` (None: another call)."""
        if owner not in ("string", "String", "System.String"):
            return None
        if name == "Format" and args and isinstance(args[0], ir.Lit):
            return ir.brace_format(args[0].value, args[1:])
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
        self, owner_node: Node, name: str, args: list[ir.Expr], scope: Node | None, at: int, depth: int
    ) -> ir.Expr | None:
        """`config.Get(key)`, `s.ToLower()` on a value read here (None: none of those)."""
        if name in CONFIG_READS and args and isinstance(args[0], ir.Lit):
            receiver = self.lower(owner_node, scope, at, depth)
            if isinstance(receiver, ir.ConfigObject):
                return ir.ConfigRead(receiver.namespace, args[0].value)
            if isinstance(receiver, ir.Import):
                return ir.ConfigVia(receiver, args[0].value)
        if name in ("ToLower", "ToLowerInvariant", "ToString") and not args:
            inner = self.lower(owner_node, scope, at, depth)
            if isinstance(inner, ir.Lit):
                return ir.Lit(inner.value.lower() if name.startswith("ToLower") else inner.value)
            return inner if name == "ToString" else ir.Unknown("a lower-cased run-time value")
        return None

    def _own_function(self, func: Node, name: str, args: list[ir.Expr], depth: int) -> ir.Expr | None:
        """A method of this file that returns a name (`Net()`, `Names.Net()`), with the arguments bound."""
        qualified = (  # `Names.Net()`: a static method of a class of this file
            func.type == "member_access_expression"
            and name in self.functions
            and _class_of(self.functions[name]) == text(func.child_by_field_name("expression") or func)
        )
        if (func.type == "identifier" or qualified) and name in self.functions:
            fn = self.functions[name]
            body = self._returned(fn, depth)  # depth: a function that calls itself ends
            if body is not None:
                return ir.substitute(body, dict(zip(self.params(fn), args, strict=False)))
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


def _args(node: Node) -> list[Node]:
    args = node.child_by_field_name("arguments")
    if args is None:
        return []
    out = []
    for a in args.named_children:
        if a.type == "argument":
            out.append(a.named_children[-1] if a.named_children else a)
    return out


def _string(node: Node | None) -> str | None:
    if node is None or node.type not in ("string_literal", "verbatim_string_literal", "raw_string_literal"):
        return None
    if node.type == "verbatim_string_literal":
        return text(node)[2:-1].replace('""', '"')
    if node.type == "raw_string_literal":
        return text(node).strip('"')
    return "".join(_unescape(c) for c in node.named_children)


def _unescape(node: Node) -> str:
    raw = text(node)
    if node.type == "escape_sequence":
        with contextlib.suppress(UnicodeDecodeError):
            return raw.encode("utf-8").decode("unicode_escape")
    return raw


def _labelled_args(node: Node) -> list[tuple[str | None, Node]]:
    """The arguments of a call with their names (`options: x` -> ("options", x))."""
    args = node.child_by_field_name("arguments")
    out: list[tuple[str | None, Node]] = []
    for a in args.named_children if args is not None else []:
        if a.type == "argument" and a.named_children:
            label = a.child_by_field_name("name")
            out.append((text(label) if label is not None else None, a.named_children[-1]))
    return out


def _name_arg(labelled: list[tuple[str | None, Node]]) -> tuple[Node | None, str]:
    """The node naming the stack: the Args' `Name` when given, else the first argument.

    `new StackReference(name, args)`: Pulumi uses `args.Name` when it is set, so Args that
    cannot be read (a variable, a method call) leave the stack name unknown ("" when known).
    """
    positional = [n for label, n in labelled if label is None]
    named = {label: n for label, n in labelled if label is not None}
    first = named.get("name") or (positional[0] if positional else None)
    second = named.get("args") or (positional[1] if len(positional) > 1 else None)
    if second is None or second.type == "null_literal":
        return first, ""
    creation = second.type == "implicit_object_creation_expression" or (
        second.type == "object_creation_expression"
        and _last(second.child_by_field_name("type")) == "StackReferenceArgs"
    )
    if not creation:
        return first, f"StackReferenceArgs that are not written out here ({short(text(second), 40)})"
    init = next((c for c in second.named_children if c.type == "initializer_expression"), None)
    for item in init.named_children if init is not None else []:
        left = item.child_by_field_name("left")
        if item.type == "assignment_expression" and left is not None and text(left) == "Name":
            return item.child_by_field_name("right"), ""
    return first, ""


def _holder(node: Node) -> str | None:
    up = node.parent
    if up is not None and up.type == "variable_declarator":
        name = up.child_by_field_name("name")
        return text(name) if name is not None else None
    if up is not None and up.type == "assignment_expression":
        left = up.child_by_field_name("left")
        return text(left) if left is not None else None
    return None


def _property_value(node: Node) -> Node | None:
    """The value of a property: `= x`, `=> x`, or `{ get { return x; } }` / `{ get => x; }` (one return)."""
    value = node.child_by_field_name("value")
    if value is not None and value.type != "arrow_expression_clause":
        return value
    arrow = (
        value
        if value is not None
        else next((c for c in node.named_children if c.type == "arrow_expression_clause"), None)
    )
    if arrow is not None:
        return arrow.named_children[0] if arrow.named_children else None
    accessors = next((c for c in node.named_children if c.type == "accessor_list"), None)
    for accessor in accessors.named_children if accessors is not None else []:
        if accessor.type != "accessor_declaration" or not text(accessor).lstrip().startswith("get"):
            continue
        body_arrow = next((c for c in accessor.named_children if c.type == "arrow_expression_clause"), None)
        if body_arrow is not None and body_arrow.named_children:
            return body_arrow.named_children[0]
        returns = [n for n in walk(accessor) if n.type == "return_statement"]
        if len(returns) == 1 and returns[0].named_children:
            return returns[0].named_children[0]
    return None


find = CSharpFinder.find
