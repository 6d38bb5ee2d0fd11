"""Lower TypeScript/JavaScript expressions to the IR: strings and templates, `+`, joins, `util.format`,
config reads, const object members and maps, `this` fields, splits, and calls of file-level functions."""

from __future__ import annotations

from stackgraph.inference import ir, templates
from stackgraph.inference.frontends import appends, strmethods
from stackgraph.inference.frontends.engine_env import nodejs_environment_variable
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, own, text, walk
from stackgraph.inference.frontends.typescript.enums import string_enums
from stackgraph.inference.frontends.typescript.methods import this_param
from stackgraph.inference.frontends.typescript.names import TypeScriptNames
from stackgraph.inference.frontends.typescript.syntax import (
    CONFIG_READS,
    CURRENT,
    FUNCTIONS,
    READ_KINDS,
    class_node,
    fragment,
    last_name,
    split_call,
    string_value,
    unpacked_position,
    unwrap,
)


class TypeScriptLowering(TypeScriptNames):
    """Expressions of one file as IR values (one `_lower_<node type>` method per kind of node)."""

    def _lower_string(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit(string_value(node) or "")

    def _lower_number(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit(text(node))

    def _lower_true(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit("true")

    def _lower_false(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit("false")

    def _lower_null(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Undefined(null=True)

    def _lower_undefined(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Undefined()

    def _lower_template_string(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        parts: list[ir.Expr] = []
        for child in node.named_children:
            if child.type == "template_substitution":
                inner = child.named_children
                parts.append(self.lower(inner[0] if inner else None, scope, at, depth))
            else:
                parts.append(ir.Lit(fragment(child)))
        return ir.concat(parts)

    def _wrapped(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return self.lower(unwrap(node), scope, at, depth)

    _lower_parenthesized_expression = _wrapped
    _lower_as_expression = _wrapped
    _lower_satisfies_expression = _wrapped
    _lower_non_null_expression = _wrapped
    _lower_type_assertion = _wrapped

    def _lower_identifier(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        name = text(node)
        if name == "undefined":
            return ir.Undefined()
        position = unpacked_position(node)  # the name itself, declared by `const [a, b] = ..`
        if position is not None:
            return self._unpacked(node, position, scope, at, depth)
        stmt = appends.assigning(node, FUNCTIONS)  # `n = n + x`: the value n had
        return appends.previous(self, name, stmt, depth) if stmt else self.lookup(name, scope, at, depth, node)

    def _lower_augmented_assignment_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """`n += x` (`n ??= x` ..), the value of `n` after it (appends.py)."""
        return appends.appended(self, node, depth, numeric=self._numeric(node.child_by_field_name("left"), scope))

    def _lookup(self, name: str, scope: Node | None, at: int, depth: int, use: Node | None = None) -> ir.Expr:
        return appends.set_in_function(self, name, scope) or super()._lookup(name, scope, at, depth, use)

    def _lower_update_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Unknown(f"'{text(node.child_by_field_name('argument'))}', changed by ++ or -- (a number)")

    def _lower_binary_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        op = text(node.child_by_field_name("operator"))
        left = self.lower(node.child_by_field_name("left"), scope, at, depth)
        right = self.lower(node.child_by_field_name("right"), scope, at, depth)
        if op == "+":
            if self._numeric(node.child_by_field_name("left"), scope) and self._numeric(
                node.child_by_field_name("right"), scope
            ):
                return ir.Unknown("an arithmetic expression")  # `1 + 1` is 2, not "11"
            return ir.concat([left, right])
        if op in ("??", "||"):
            return ir.with_default(left, right, "falsy" if op == "||" else "")
        return ir.Unknown(f"an expression with {op}")

    def _numeric(
        self, node: Node | None, scope: Node | None, depth: int = 0, seen: set[tuple[int, str]] | None = None
    ) -> bool:
        """Whether a `+` operand is a number (a literal, a name given one, or a sum of numbers).

        Each name is followed once per question (`seen`): names declared many times in terms of
        one another made this exponential.
        """
        node = unwrap(node)
        if node is None or depth > 10:
            return False
        if node.type == "number":
            return True
        if node.type == "unary_expression":
            return self._numeric(node.child_by_field_name("argument"), scope, depth + 1, seen)
        if node.type == "binary_expression" and text(node.child_by_field_name("operator")) in "+-*/%":
            return self._numeric(node.child_by_field_name("left"), scope, depth + 1, seen) and self._numeric(
                node.child_by_field_name("right"), scope, depth + 1, seen
            )
        if node.type == "identifier":
            seen = set() if seen is None else seen
            cur = scope
            while True:
                items = self.decls.get(cur.id if cur is not None else 0, {}).get(text(node), [])
                if items:
                    key = (cur.id if cur is not None else 0, text(node))
                    if key in seen:
                        return False  # already being answered higher up, or answered False
                    seen.add(key)
                    return any(self._numeric(v, cur, depth + 1, seen) for _, v in items)
                if cur is None:
                    return False
                cur = self.scope_of(cur)
        return False

    def _lower_ternary_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Conditional(
            self._test(node.child_by_field_name("condition"), scope, at, depth),
            self.lower(node.child_by_field_name("consequence"), scope, at, depth),
            self.lower(node.child_by_field_name("alternative"), scope, at, depth),
        )

    def _test(self, node: Node | None, scope: Node | None, at: int, depth: int) -> ir.Expr:
        node = unwrap(node)
        if node is not None and node.type == "binary_expression":
            op = text(node.child_by_field_name("operator"))
            if op in ("==", "===", "!=", "!=="):
                return ir.Eq(
                    self.lower(node.child_by_field_name("left"), scope, at, depth),
                    self.lower(node.child_by_field_name("right"), scope, at, depth),
                    op.startswith("!"),
                    len(op) == 3,  # `===`, `!==`: null and undefined differ
                )
            if op in ("&&", "||"):  # `!a || !b`: each operand a test of its own
                sides = (node.child_by_field_name("left"), node.child_by_field_name("right"))
                return ir.Junction(tuple(self._test(n, scope, at, depth) for n in sides), op == "&&")
        if node is not None and node.type == "unary_expression" and text(node).startswith("!"):
            return ir.negated(self._test(node.child_by_field_name("argument"), scope, at, depth))
        return self._has(node, scope, at, depth) or ir.Truthy(self.lower(node, scope, at, depth))

    def _has(self, node: Node | None, scope: Node | None, at: int, depth: int) -> ir.Has | None:
        """`s.startsWith(p)`, `s.endsWith(p)`, `s.includes(p)`, `["a", "b"].includes(s)` (else None)."""
        if node is None or node.type != "call_expression":
            return None
        func, args = unwrap(node.child_by_field_name("function")), node.child_by_field_name("arguments")
        if func is None or func.type != "member_expression" or args is None or args.type != "arguments":
            return None
        how = {"startsWith": "prefix", "endsWith": "suffix", "includes": "part"}.get(last_name(func))
        obj, given = unwrap(func.child_by_field_name("object")), args.named_children
        if how is None or obj is None or len(given) != 1 or given[0].type == "spread_element":
            return None
        arg = self.lower(given[0], scope, at, depth)
        if how == "part" and obj.type == "array":
            items = obj.named_children
            if any(i.type not in ("string", "template_string", "identifier", "member_expression") for i in items):
                return None
            return ir.Has("equal", arg, tuple(self.lower(i, scope, at, depth) for i in items))
        return ir.Has(how, self.lower(obj, scope, at, depth), (arg,))

    def _lower_member_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        obj = unwrap(node.child_by_field_name("object"))
        prop = node.child_by_field_name("property")
        if obj is None or prop is None:
            return ir.Unknown("a member")
        name = text(prop)
        if text(obj) == "process.env":
            return nodejs_environment_variable(name)
        if obj.type == "identifier" and text(obj) in self.modules:
            return ir.Import(self.modules[text(obj)], name)
        if obj.type == "this":
            found = self._this_field(node, name, scope, at, depth)
            if found is not None:
                return found
        if obj.type in ("identifier", "call_expression", "member_expression"):  # `settings.stack` of requireObject
            member_of = ir.config_member(self.lower(obj, scope, at, depth), name)
            if member_of is not None:
                return member_of
        member = self._member(obj, name, scope, at, depth)
        if member is not None:
            return member
        if obj.type == "identifier":  # `args.networkStack` of a helper's parameter: bound by each call's object
            found = self.lookup(text(obj), scope, at, depth)
            if isinstance(found, ir.Param) and "." not in found.name:
                return ir.Param(f"{found.name}.{name}")
        return ir.Unknown(f"a run-time value ({shape(node)})")

    def _this_field(self, node: Node, name: str, scope: Node | None, at: int, depth: int) -> ir.Expr | None:
        """`this.env` given one value in its class: a field initializer, or one assignment in the constructor
        (read after it in the constructor itself, or from another method when it needs no parameter)."""
        cls = class_node(node)
        items = self.fields.get((cls.id, name), []) if cls is not None else []
        if cls is None or len(items) != 1:
            return None
        where, at_line, value = items[0]
        if where is None:  # a field initializer
            return self.lower(value, None, at_line, depth)
        ctor = where.type == "method_definition" and text(where.child_by_field_name("name") or where) == "constructor"
        if not ctor:
            return None
        if scope is not None and scope.id == where.id:
            return self.lower(value, where, at_line, depth) if at_line < at else None
        if any(key[1] == name and key[0] != cls.id for key in self.fields):  # a subclass may set it
            return None
        lowered = self.lower(value, where, at_line, depth)
        if ir.params_in(lowered):  # from the constructor's parameters: bound by each call of a method (methods.py)
            return ir.Param(f"this.{name}") if this_param(self, scope, name) else None
        return lowered

    def _member(self, obj: Node, name: str, scope: Node | None, at: int, depth: int) -> ir.Expr | None:
        """`obj.name` / `obj["name"]` where `obj` is a const object literal (or an imported one)."""
        if obj.type == "member_expression":  # `config.stackConfig.org`: a member of a module's const object
            inner = unwrap(obj.child_by_field_name("object"))
            prop = obj.child_by_field_name("property")
            if inner is not None and prop is not None and inner.type == "identifier" and text(inner) in self.modules:
                return ir.Import(self.modules[text(inner)], f"{text(prop)}.{name}")
            return None
        if obj.type != "identifier":
            return None
        target = self._object_literal(text(obj), scope)
        if target is not None:
            for pair in target.named_children:
                if pair.type == "pair":
                    key = pair.child_by_field_name("key")
                    if key is not None and (text(key) == name or string_value(key) == name):
                        return self.lower(pair.child_by_field_name("value"), scope, at, depth)
                elif pair.type == "shorthand_property_identifier" and text(pair) == name:
                    return self.lookup(name, scope, at, depth)
            return None
        enum = self.enums().get(text(obj))
        if enum is not None:
            return enum.get(name)  # `Env.Prod` of `enum Env { Prod = "prod" }` (enums.py)
        imported = self.imports.get(text(obj))
        if isinstance(imported, ir.Import):
            return ir.Import(imported.module, f"{imported.name}.{name}")
        return None

    def enums(self) -> dict[str, dict[str, ir.Expr]]:
        """The file's string enums (enums.py), read once."""
        found: dict[str, dict[str, ir.Expr]] | None = self.__dict__.get("_enums")
        if found is None:
            found = self.__dict__["_enums"] = string_enums(self.root)
        return found

    def _split(self, obj: Node | None, index: Node | None, scope: Node | None, at: int, depth: int) -> ir.Expr | None:
        """`s.split("-")[1]` (also through a variable holding `s.split("-")`)."""
        number = unwrap(index)
        if obj is None or number is None or number.type != "number":
            return None
        try:
            position = int(text(number))
        except ValueError:
            return None
        return self._split_item(obj, position, scope, at, depth)

    def _split_item(self, obj: Node, position: int, scope: Node | None, at: int, depth: int) -> ir.Expr | None:
        """Item `position` of `obj` when it is `s.split("-")` or a const holding it (else None)."""
        if obj.type == "identifier":
            items = self._declared(text(obj), scope)
            obj = unwrap(items) if items is not None else obj
        found = split_call(obj)
        if found is None:
            return None
        value, sep = found
        return ir.Split(self.lower(value, scope, at, depth), sep, position)

    def _unpacked(self, name: Node, position: int, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """A name of `const [a, b] = s.split(".")`: item `position` of the split (JS: undefined beyond its parts)."""
        declarator = name.parent.parent if name.parent is not None else None
        value = unwrap(declarator.child_by_field_name("value")) if declarator is not None else None
        found = self._split_item(value, position, scope, at, depth) if value is not None else None
        return found or ir.Unknown(f"'{text(name)}', bound by a loop, a pattern or a catch clause (a run-time value)")

    def _declared(self, name: str, scope: Node | None) -> Node | None:
        """The one value a `const` name is given in the scope chain (None when it is reassigned)."""
        cur = scope
        while True:
            if name in self.opaque().get(cur.id if cur is not None else 0, ()):
                return None
            items = self.decls.get(cur.id if cur is not None else 0, {}).get(name, [])
            if items:
                return items[0][1] if len(items) == 1 else None
            if cur is None:
                return None
            cur = self.scope_of(cur)

    def _object_literal(self, name: str, scope: Node | None) -> Node | None:
        if name in self.mutated:
            return None
        cur = scope
        while True:
            if name in self.opaque().get(cur.id if cur is not None else 0, ()):
                return None
            items = self.decls.get(cur.id if cur is not None else 0, {}).get(name, [])
            if items:
                value = unwrap(items[-1][1])
                return value if value is not None and value.type == "object" else None
            if cur is None:
                return None
            cur = self.scope_of(cur)

    def _lower_subscript_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        obj = unwrap(node.child_by_field_name("object"))
        index = node.child_by_field_name("index")
        split = self._split(obj, index, scope, at, depth)
        if split is not None:
            return split
        key = string_value(index) if index is not None else None
        if obj is not None and key is not None:
            if text(obj) == "process.env":
                return nodejs_environment_variable(key)
            member = self._member(obj, key, scope, at, depth)
            if member is not None:
                return member
        if obj is not None and obj.type == "identifier" and index is not None and key is None:
            table = self._object_literal(text(obj), scope)
            if table is not None:
                return self._select(table, index, scope, at, depth)
        return ir.Unknown(f"an item of a run-time value ({shape(node)})")

    def _select(self, table: Node, index: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """`envs[pulumi.getStack()]` on a const object literal: the entry picked per stack."""
        keys: list[str] = []
        values: list[ir.Expr] = []
        for pair in table.named_children:
            if pair.type == "comment":
                continue
            key = pair.child_by_field_name("key") if pair.type == "pair" else None
            if key is None or key.type not in ("property_identifier", "string", "number"):
                return ir.Unknown(f"an item of a map that is not written out ({shape(table)})")
            keys.append(string_value(key) or text(key))
            values.append(self.lower(pair.child_by_field_name("value"), scope, at, depth))
        return ir.Select(tuple(keys), tuple(values), self.lower(index, scope, at, depth))

    def _lower_new_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        ctor = node.child_by_field_name("constructor")
        if ctor is not None and last_name(ctor) == "Config":
            args = node.child_by_field_name("arguments")
            first = args.named_children[0] if args is not None and args.named_children else None
            if first is None:
                return ir.ConfigObject(None)
            ns = self.lower(first, scope, at, depth)
            return ir.config_object(ns)
        return ir.Unknown(f"a new object ({shape(node)})")

    def _lower_call_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        func = unwrap(node.child_by_field_name("function"))
        args_node = node.child_by_field_name("arguments")
        if func is None or args_node is None:
            return ir.Unknown("a call")
        if args_node.type == "template_string":  # pulumi.interpolate`...`
            return self.lower(args_node, scope, at, depth)
        arg_nodes = args_node.named_children
        name = last_name(func)
        if name in CURRENT and not arg_nodes and not self._shadowed(func, name):
            return CURRENT[name]
        args = [self.lower(a, scope, at, depth) for a in arg_nodes]
        if name == "String" and len(args) == 1:
            return args[0]
        if func.type == "identifier" and (name in self.imports or name in self.functions):
            binder = self.binder(name, scope)  # `function build(make) { make("dev") }`: not the file's `make`
            if binder is not None:
                return ir.Unknown(f"the result of {name}(), a name the function at {self.file}:{line(binder)} binds")
        if func.type == "identifier" and isinstance(self.imports.get(name), ir.Import):
            return ir.Apply(self.imports[name], tuple(args))
        if func.type == "member_expression":
            obj = unwrap(func.child_by_field_name("object"))
            if obj is not None and obj.type == "identifier" and text(obj) in self.modules:
                return ir.Apply(ir.Import(self.modules[text(obj)], name), tuple(args))
            found = self._method(func, name, arg_nodes, args, scope, at, depth)
            if found is not None:
                return found
        if func.type == "identifier" and name in self.functions:
            return self._inline(self.functions[name], args, depth)
        return ir.Unknown(f"the result of {shape(func)}()")

    def _shadowed(self, func: Node, name: str) -> bool:
        """Whether `getStack()` (or `x.getStack()`) is not Pulumi's: a function of this file, a name imported
        from another module, or a function of a module other than @pulumi/pulumi (`helpers.getStack()`)."""
        if func.type == "identifier":
            imported = self.imports.get(name)
            return name in self.functions or (
                isinstance(imported, ir.Import) and not imported.module.under(ir.ModuleKind.JS, "@pulumi/pulumi")
            )
        obj = unwrap(func.child_by_field_name("object")) if func.type == "member_expression" else None
        module = self.modules.get(text(obj)) if obj is not None and obj.type == "identifier" else None
        return module is not None and not module.under(ir.ModuleKind.JS, "@pulumi/pulumi")

    def _method(
        self, func: Node, name: str, arg_nodes: list[Node], args: list[ir.Expr], scope: Node | None, at: int, depth: int
    ) -> ir.Expr | None:
        obj = unwrap(func.child_by_field_name("object"))
        if obj is None:
            return None
        if name in CONFIG_READS and args and isinstance(args[0], ir.Lit):
            receiver = self.lower(obj, scope, at, depth)
            if isinstance(receiver, ir.ConfigObject):
                return ir.ConfigRead(receiver.namespace, args[0].value, kind=READ_KINDS.get(name, ""))
            if isinstance(receiver, ir.Import | ir.Param):  # a Config of another module, or handed in (each call's)
                return ir.ConfigVia(receiver, args[0].value, kind=READ_KINDS.get(name, ""))
        if name == "join" and obj.type == "array":
            sep = args[0] if args else ir.Lit(",")
            parts: list[ir.Expr] = []
            for i, item in enumerate(obj.named_children):
                parts.extend([sep] if i else [])
                parts.append(self.lower(item, scope, at, depth))
            return ir.concat(parts)
        if name == "concat":
            base = [] if text(obj) in ("pulumi", "pulumi.Output") else [self.lower(obj, scope, at, depth)]
            return ir.concat(base + args)
        if name == "format" and text(obj) == "util" and args and isinstance(args[0], ir.Lit):
            return templates.printf(args[0].value, args[1:])
        if name in strmethods.JS or name in strmethods.JS_REPLACE:
            value, regex = self.lower(obj, scope, at, depth), _regex(arg_nodes[0]) if arg_nodes else None
            found = strmethods.js_method(name, value, args, regex, shape(func.parent or func))
            if found is not None:
                return found
        if obj.type == "identifier" and text(obj) in self.modules:
            return ir.Unknown(f"the result of {shape(func)}()")
        return None

    def _inline(self, fn: Node, args: list[ir.Expr], depth: int = 0) -> ir.Expr:
        """A file-level function that returns a name: lower its one return with the arguments bound."""
        value = self._returned(fn, depth)  # depth: a function that calls itself ends
        return ir.substitute(value, dict(zip(self.params(fn), args, strict=False)))

    def _returned(self, fn: Node, depth: int = 0) -> ir.Expr:
        body = fn.child_by_field_name("body")
        if body is None:
            return ir.Unknown("a function without a body")
        if body.type != "statement_block":
            returned = body
        else:
            returns = [
                n for n in walk(body) if n.type == "return_statement" and own(self.scope_of(n), fn)
            ]  # not those of nested functions
            if len(returns) != 1 or not returns[0].named_children:
                return ir.Unknown("the result of a function")
            returned = returns[0].named_children[0]
        return self.lower(returned, fn, line(returned), depth)

    def missing_name(self, name: str) -> ir.Expr:
        if name in self.modules:
            return ir.Unknown(f"the module {name}")
        return super().missing_name(name)


def _regex(node: Node) -> tuple[str, str] | None:
    """The pattern and flags of a regular expression literal (`/.*[.]/g`), else None."""
    if node.type != "regex":
        return None
    pattern, flags = node.child_by_field_name("pattern"), node.child_by_field_name("flags")
    return (text(pattern) if pattern is not None else "", text(flags) if flags is not None else "")
