"""Find StackReferences in TypeScript and JavaScript with the tree-sitter grammars.

Sites: `new pulumi.StackReference(name)`, `new StackReference(name)` and the
two-argument form `new StackReference("logical", { name })` where the FIRST
argument is only the resource name. Names are lowered from string and template
literals, `+`, `[..].join(sep)`, `.concat`, `util.format`, `pulumi.interpolate`,
constants (local, file-level, imported with ES `import` or `require`, re-exported
with `export * from`), const object members, `new Config(ns).get/require(key)` with
`??` / `||` defaults, `getStack()`, `getProject()`, `getOrganization()`, ternaries,
and helper parameters. Type-only mentions (imports, annotations) are no sites.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackgraph.inference import ir
from stackgraph.inference.treesitter import Node, TSFinder, first_error, line, own, parse, short, text, walk

CONFIG_READS = frozenset(
    {"get", "require", "getSecret", "requireSecret", "getNumber", "requireNumber", "getBoolean", "requireBoolean",
     "getObject", "requireObject", "getSecretObject", "requireSecretObject"}
)  # fmt: skip
OUTPUT_READS = frozenset({"getOutput", "requireOutput", "getOutputValue", "requireOutputValue", "getOutputDetails"})
CURRENT = {"getStack": ir.CurrentStack(), "getProject": ir.CurrentProject(), "getOrganization": ir.CurrentOrg()}
WRAPPERS = frozenset(
    {"parenthesized_expression", "as_expression", "satisfies_expression", "non_null_expression", "type_assertion"}
)
FUNCTIONS = frozenset({"function_declaration", "function_expression", "arrow_function", "function",
                       "generator_function_declaration", "method_definition"})  # fmt: skip


def find(text_: str, file: str, language: str) -> ir.FileFacts:
    """Return the facts of one TS/JS file (a tree with syntax errors is read as far as it goes)."""
    root = parse(language, text_)
    finder = _Finder(root, file)
    finder.LANGUAGE = "javascript" if language == "javascript" else "typescript"
    finder.index()
    facts = finder.facts()
    bad = first_error(root)
    if bad is not None and not facts.sites and "StackReference" in text_:
        return ir.FileFacts(file, language, error=f"cannot parse (syntax error at line {bad})")
    return facts


def _unwrap(node: Node | None) -> Node | None:
    while node is not None and node.type in WRAPPERS:
        inner = node.named_children
        node = inner[0] if inner else None
    return node


def _string(node: Node) -> str | None:
    """The value of a string literal (None for anything else)."""
    node = _unwrap(node)
    if node is None or node.type != "string":
        return None
    return "".join(_fragment(c) for c in node.named_children)


def _fragment(node: Node) -> str:
    raw = text(node)
    if node.type == "escape_sequence":
        try:
            return raw.encode("utf-8").decode("unicode_escape")
        except UnicodeDecodeError:
            return raw
    return raw


class _Finder(TSFinder):
    LANGUAGE = "typescript"
    SCOPES = FUNCTIONS
    BRANCHES = frozenset({"if_statement", "switch_statement", "try_statement", "for_statement", "for_in_statement",
                          "while_statement", "do_statement"})  # fmt: skip
    OPAQUE = (("for_in_statement", "left"), ("catch_clause", "parameter"), ("array_pattern", None),
              ("rest_pattern", None), ("object_pattern", None))  # fmt: skip

    def __init__(self, root: Node, file: str) -> None:
        super().__init__(root, file)
        self.news: list[Node] = []
        self.calls: list[Node] = []
        self.reads: dict[str, set[str]] = {}
        self.local_class = False
        self._nodes: list[Node] | None = None
        self.fields: dict[tuple[int, str], list[tuple[Node | None, int, Node]]] = {}  # this.x = .. / field = ..
        self.mutated: set[str] = set()  # objects the program changes after creating them (`envs.prod = ..`)

    def opaque_binding(self, node: Node) -> bool:
        """Every pattern but a destructured parameter (read by `params`) and `const { a } = require(..)`."""
        if node.type != "object_pattern":
            return True
        up = node.parent
        if up is not None and up.type in ("required_parameter", "optional_parameter", "formal_parameters"):
            return False
        if up is not None and up.type == "variable_declarator":
            value = up.child_by_field_name("value")
            return value is None or self._require_spec(value) is None
        return True

    def branch_value(
        self, name: str, branches: list[Node], items: list[tuple[int, Node]], scope: Node | None, depth: int
    ) -> ir.Expr | None:
        if len(branches) != 1 or branches[0].type != "if_statement":
            return None
        branch = branches[0]
        test = self._test(branch.child_by_field_name("condition"), scope, line(branch), depth)
        arms = (branch.child_by_field_name("consequence"), branch.child_by_field_name("alternative"))
        return self.if_value(name, branch, test, arms, items, scope, depth)

    # --- indexing ---

    def index(self) -> None:
        for node in walk(self.root):
            kind = node.type
            if kind in self._opaque_kinds:
                self.opaque_nodes.append(node)
            if kind == "variable_declarator":
                self._declarator(node)
            elif kind == "assignment_expression":
                self._assignment(node)
            elif kind == "import_statement":
                self._import(node)
            elif kind == "export_statement":
                self._export(node)
            elif kind == "new_expression":
                self.news.append(node)
            elif kind == "call_expression":
                self._call(node)
            elif kind == "function_declaration" and self.scope_of(node) is None:
                name = node.child_by_field_name("name")
                if name is not None:
                    self.functions[text(name)] = node
            elif kind == "public_field_definition":  # `private env = getStack();` in a class
                name, value, cls = (
                    node.child_by_field_name("name"),
                    node.child_by_field_name("value"),
                    _class_node(node),
                )
                static = any(c.type == "static" for c in node.children)
                if name is not None and value is not None and cls is not None and not static:
                    self.fields.setdefault((cls.id, text(name)), []).append((None, line(node), value))
            elif kind == "class_declaration":
                name = node.child_by_field_name("name")
                self.local_class |= name is not None and text(name) == "StackReference"

    def _declarator(self, node: Node) -> None:
        name = node.child_by_field_name("name")
        value = node.child_by_field_name("value")
        if name is None or value is None:
            return
        scope = self.scope_of(node)
        required = self._require_spec(value)
        if name.type == "identifier":
            if required is not None:
                if scope is None:
                    self.modules[text(name)] = required
                return
            self.declare(scope, text(name), line(node), value)
            if scope is None and _unwrap(value) is not None and _unwrap(value).type in ("arrow_function", "function"):
                self.functions[text(name)] = _unwrap(value)
        elif name.type == "object_pattern" and required is not None:
            for child in name.named_children:
                if child.type == "shorthand_property_identifier_pattern":
                    self.imports[text(child)] = ir.Import(required, text(child))
                elif child.type == "pair_pattern":
                    key, val = child.child_by_field_name("key"), child.child_by_field_name("value")
                    if key is not None and val is not None and val.type == "identifier":
                        self.imports[text(val)] = ir.Import(required, text(key))

    def _assignment(self, node: Node) -> None:
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None:
            return
        scope = self.scope_of(node)
        if left.type == "identifier":
            self.declare(scope, text(left), line(node), right)
            return
        if left.type in ("member_expression", "subscript_expression"):  # `names.x = ..` / `envs[k] = ..`
            base = _unwrap(left.child_by_field_name("object"))
            if base is not None and base.type == "identifier":
                self.mutated.add(text(base))
        if left.type == "member_expression" and _unwrap(left.child_by_field_name("object")) is not None:
            obj, prop = _unwrap(left.child_by_field_name("object")), left.child_by_field_name("property")
            cls = _class_node(node)
            if obj is not None and obj.type == "this" and prop is not None and cls is not None:
                self.fields.setdefault((cls.id, text(prop)), []).append((scope, line(node), right))
        target = _ref_key(left)
        if scope is not None:
            return
        if target.startswith(("exports.", "module.exports.")):  # CommonJS: exports.name = value
            self.declare(None, target.rsplit(".", 1)[1], line(node), right)
        elif target == "module.exports" and _unwrap(right) is not None and _unwrap(right).type == "object":
            for pair in _unwrap(right).named_children:
                if pair.type == "pair" and pair.child_by_field_name("key") is not None:
                    key = pair.child_by_field_name("key")
                    self.declare(None, _string(key) or text(key), line(pair), pair.child_by_field_name("value"))

    def _require_spec(self, value: Node) -> str | None:
        value = _unwrap(value)
        if value is None or value.type != "call_expression":
            return None
        func = value.child_by_field_name("function")
        args = value.child_by_field_name("arguments")
        if func is None or text(func) != "require" or args is None or not args.named_children:
            return None
        spec = _string(args.named_children[0])
        return f"js:{spec}" if spec is not None else None

    def _import(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        spec = _string(source) if source is not None else None
        if spec is None:
            return
        module = f"js:{spec}"
        self.specs.append(module)
        if any(c.type == "type" for c in node.children):  # `import type {...}`: no values
            return
        clause = next((c for c in node.named_children if c.type == "import_clause"), None)
        for child in clause.named_children if clause is not None else ():
            if child.type == "identifier":
                self.imports[text(child)] = ir.Import(module, "default")
            elif child.type == "namespace_import":
                ident = next((c for c in child.named_children if c.type == "identifier"), None)
                if ident is not None:
                    self.modules[text(ident)] = module
            elif child.type == "named_imports":
                for spec_node in child.named_children:
                    name = spec_node.child_by_field_name("name")
                    alias = spec_node.child_by_field_name("alias") or name
                    if name is not None and alias is not None:
                        self.imports[text(alias)] = ir.Import(module, text(name))

    def _export(self, node: Node) -> None:
        source = node.child_by_field_name("source")
        spec = _string(source) if source is not None else None
        module = f"js:{spec}" if spec is not None else None
        if module is not None:
            self.specs.append(module)
        clause = next((c for c in node.named_children if c.type == "export_clause"), None)
        if clause is None:
            if module is not None and any(c.type == "*" for c in node.children):
                self.imports.setdefault("*", ir.Concat(()))
                star = self.imports["*"]
                assert isinstance(star, ir.Concat)
                self.imports["*"] = ir.Concat((*star.parts, ir.Import(module, "*")))
            return
        for spec_node in clause.named_children:
            name = spec_node.child_by_field_name("name")
            alias = spec_node.child_by_field_name("alias") or name
            if name is None or alias is None:
                continue
            if module is not None:
                self.imports[text(alias)] = ir.Import(module, text(name))
            elif text(alias) != text(name):
                self.imports[text(alias)] = ir.Import("js:./" + self.file.rsplit("/", 1)[-1], text(name))

    def _call(self, node: Node) -> None:
        self.calls.append(node)
        func = node.child_by_field_name("function")
        args = node.child_by_field_name("arguments")
        if func is None:
            return
        if func.type in ("import", "identifier") and text(func) in ("import", "require") and args is not None:
            first = args.named_children[0] if args.named_children else None
            spec = _string(first) if first is not None else None
            if spec is None:
                self.dynamic = True
            else:
                self.specs.append(f"js:{spec}")
            return
        if func.type == "member_expression":
            prop = func.child_by_field_name("property")
            if prop is not None and text(prop) in OUTPUT_READS and args is not None and args.named_children:
                key = _string(args.named_children[0])
                obj = _unwrap(func.child_by_field_name("object"))
                if key is not None and obj is not None:
                    self.reads.setdefault(_ref_key(obj), set()).add(key)

    # --- facts ---

    def facts(self) -> ir.FileFacts:
        sites = [] if self.local_class else list(self._sites())
        helpers = {s.func for s in sites if s.func}
        return ir.FileFacts(
            self.file,
            self.LANGUAGE,
            sites=tuple(sites),
            symbols=tuple(sorted(self.symbols().items())),
            calls=tuple(self._helper_calls(helpers)),
            imports=tuple(sorted(set(self.specs))),
            dynamic_import=self.dynamic,
        )

    def symbols(self) -> dict[str, ir.Expr]:
        out = super().symbols()
        for name, items in self.decls.get(0, {}).items():  # members of const objects: `names.cluster`
            value = _unwrap(items[-1][1])
            if value is not None and value.type == "object":
                for pair in value.named_children:
                    key = pair.child_by_field_name("key") if pair.type == "pair" else None
                    if key is not None:
                        member = _string(key) or text(key)
                        out[f"{name}.{member}"] = self.lower(pair.child_by_field_name("value"), None, line(pair))
        for name, module in self.modules.items():
            out.setdefault(name, ir.Unknown(f"the module {module[3:]}"))
        for name, fn in self.functions.items():
            body = self._returned(fn)
            if not isinstance(body, ir.Unknown):
                out[name] = ir.Function(self.params(fn), body)
        return out

    def _sites(self) -> Iterator[ir.Site]:
        for node in self.news:
            ctor = node.child_by_field_name("constructor")
            if ctor is None or not self._is_stack_reference(ctor):
                continue
            args = node.child_by_field_name("arguments")
            scope = self.scope_of(node)
            items = [c for c in args.named_children if c.type != "comment"] if args is not None else []
            arg, unknown = _name_arg(self.args_held(items, 1, scope))
            if arg is None:
                continue
            name = ir.Unknown(unknown) if unknown else self.lower(arg, scope, line(node))
            func, params = self._enclosing(scope) if ir.params_in(name) else (None, ())
            holder = _holder(node)
            reads = set(self.reads.get(holder, set())) if holder else set()
            reads |= _chained(node)
            defaults = self._defaults(scope) if func else ()
            yield ir.Site(self.file, line(node), name, short(text(arg)), self.LANGUAGE, tuple(sorted(reads)),
                          func, params, defaults)  # fmt: skip

    def _is_stack_reference(self, ctor: Node) -> bool:
        """`StackReference`, `pulumi.StackReference`, or an alias (`import { StackReference as SR } ...`)."""
        if _last_name(ctor) == "StackReference":
            return True
        imported = self.imports.get(text(ctor)) if ctor.type == "identifier" else None
        return (
            isinstance(imported, ir.Import)
            and imported.name == "StackReference"
            and imported.module.startswith("js:@pulumi/pulumi")
        )

    def function_name(self, scope: Node) -> str | None:
        if scope.type == "method_definition":  # a class constructor is a helper `new Class(args)` calls
            name = scope.child_by_field_name("name")
            cls = scope.parent.parent if scope.parent is not None else None
            if name is None or text(name) != "constructor" or cls is None or cls.type != "class_declaration":
                return None
            cls_name = cls.child_by_field_name("name")
            return text(cls_name) if cls_name is not None and self.scope_of(cls) is None else None
        if scope.type == "function_declaration":
            name = scope.child_by_field_name("name")
            return text(name) if name is not None and self.scope_of(scope) is None else None
        up = scope.parent
        while up is not None and up.type in WRAPPERS:
            up = up.parent
        if up is not None and up.type == "variable_declarator" and self.scope_of(up) is None:
            name = up.child_by_field_name("name")
            return text(name) if name is not None else None
        return None

    def params(self, scope: Node) -> tuple[str, ...]:
        params = scope.child_by_field_name("parameters") or scope.child_by_field_name("parameter")
        if params is None:
            return ()
        if params.type == "identifier":
            return (text(params),)
        out = []
        for p in params.named_children:
            target = p.child_by_field_name("pattern") or p.child_by_field_name("left") or p
            if target.type == "identifier":
                out.append(text(target))
            elif target.type == "object_pattern":  # `({ env, name: n }) =>`: written `{env,name:n}`
                out.append("{" + ",".join(_pattern_names(target)) + "}")
            else:
                out.append("")  # keeps the position of the parameters after it
        return tuple(out)

    def _helper_calls(self, helpers: set[str | None]) -> Iterator[ir.Call]:
        yield from self._calls_of(ir.with_passers(set(helpers), self._passers))

    def _call_nodes(self) -> list[Node]:
        """Calls and `new X(..)` expressions other than StackReference constructors (computed once)."""
        if self._nodes is None:
            news = []
            for node in self.news:  # `new App(..)` / `new lib.App(..)`: a class of the program, maybe a helper
                ctor = _unwrap(node.child_by_field_name("constructor"))
                if ctor is None or self._is_stack_reference(ctor):
                    continue
                if ctor.type == "identifier" or (
                    ctor.type == "member_expression"
                    and text(ctor.child_by_field_name("object") or ctor) in self.modules
                ):
                    news.append(node)
            self._nodes = self.calls + news
        return self._nodes

    def _passers(self, helpers: set[str | None]) -> set[str | None]:
        """Named functions that call a helper with an argument naming one of their parameters (a cheap,
        generous test: a function wrongly taken makes only calls that bind nothing)."""
        out: set[str | None] = set()
        for node in self._call_nodes():
            scope = self.scope_of(node)
            if scope is None:
                continue
            func = node.child_by_field_name("function") or node.child_by_field_name("constructor")
            args = node.child_by_field_name("arguments")
            if func is None or args is None or args.type != "arguments" or not args.named_children:
                continue
            if func.type == "identifier":
                if text(func) not in helpers and text(func) not in self.imports:
                    continue
            elif (
                func.type != "member_expression" or text(func.child_by_field_name("object") or func) not in self.modules
            ):
                continue
            outer, params = self._enclosing(scope)
            if outer is None or outer in helpers or not params:
                continue
            words = set(re.findall(r"[A-Za-z_$][A-Za-z0-9_$]*", text(args)))
            if any(p in words or (p.startswith("{") and set(ir.destructured(p).values()) & words) for p in params):
                out.add(outer)
        return out

    def _defaults(self, scope: Node | None) -> tuple[tuple[str, ir.Expr], ...]:
        """Defaults of the named function around `scope`: `env = getStack()`, and undefined for `env?`."""
        while scope is not None and self.function_name(scope) is None:
            scope = self.scope_of(scope)
        if scope is None:
            return ()
        params = scope.child_by_field_name("parameters")
        out: list[tuple[str, ir.Expr]] = []
        for p in params.named_children if params is not None else []:
            target = p.child_by_field_name("pattern") or p.child_by_field_name("left") or p
            value = p.child_by_field_name("value") or (
                p.child_by_field_name("right") if p.type == "assignment_pattern" else None
            )
            if target.type != "identifier":
                continue
            if value is not None:
                out.append((text(target), self.lower(value, scope, line(value))))
            elif p.type == "optional_parameter":
                out.append((text(target), ir.Undefined()))
        return tuple(out)

    def _enclosing(self, scope: Node | None) -> tuple[str | None, tuple[str, ...]]:
        """The file-level function around `scope` (through nested closures) and its parameters."""
        while scope is not None:
            name = self.function_name(scope)
            if name is not None:
                return name, self.params(scope)
            scope = self.scope_of(scope)
        return None, ()

    def _calls_of(self, helpers: set[str | None]) -> Iterator[ir.Call]:
        for node in self._call_nodes():
            func = node.child_by_field_name("function") or node.child_by_field_name("constructor")
            args = node.child_by_field_name("arguments")
            if func is None or args is None or args.type != "arguments":
                continue
            callee: ir.Expr | None = None
            if func.type == "identifier":
                name = text(func)
                callee = ir.Lit(name) if name in helpers else self.imports.get(name)
            elif func.type == "member_expression":
                obj, prop = func.child_by_field_name("object"), func.child_by_field_name("property")
                if obj is not None and prop is not None and text(obj) in self.modules:
                    callee = ir.Import(self.modules[text(obj)], text(prop))
            if not isinstance(callee, ir.Lit | ir.Import):
                continue
            scope = self.scope_of(node)
            lowered = tuple(self.lower(a, scope, line(node)) for a in args.named_children)
            fields: list[tuple[str, ir.Expr]] = []
            for i, arg in enumerate(args.named_children):  # an object literal binds a destructured parameter
                obj = _unwrap(arg)
                if obj is None or obj.type != "object" or any(c.type == "spread_element" for c in obj.named_children):
                    continue
                for pair in obj.named_children:
                    key = pair.child_by_field_name("key") if pair.type == "pair" else None
                    if key is not None:
                        value = self.lower(pair.child_by_field_name("value"), scope, line(node))
                        fields.append((f"{i}.{_string(key) or text(key)}", value))
                    elif pair.type == "shorthand_property_identifier":
                        fields.append((f"{i}.{text(pair)}", self.lookup(text(pair), scope, line(node), 0)))
            holder = _holder(node)
            reads = set(self.reads.get(holder, set())) if holder else set()
            func, params = self._enclosing(scope)
            if func is None or not any(ir.params_in(a) for a in (*lowered, *(v for _, v in fields))):
                func, params = None, ()
            defaults = self._defaults(scope) if func else ()
            yield ir.Call(
                callee,
                lowered,
                tuple(fields),
                line(node),
                tuple(sorted(reads | _chained(node))),
                func,
                params,
                defaults,
            )

    # --- lowering ---

    def _lower_string(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit(_string(node) or "")

    def _lower_number(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit(text(node))

    def _lower_true(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit("true")

    def _lower_false(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit("false")

    def _lower_template_string(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        parts: list[ir.Expr] = []
        for child in node.named_children:
            if child.type == "template_substitution":
                inner = child.named_children
                parts.append(self.lower(inner[0] if inner else None, scope, at, depth))
            else:
                parts.append(ir.Lit(_fragment(child)))
        return ir.concat(parts)

    def _wrapped(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return self.lower(_unwrap(node), scope, at, depth)

    _lower_parenthesized_expression = _wrapped
    _lower_as_expression = _wrapped
    _lower_satisfies_expression = _wrapped
    _lower_non_null_expression = _wrapped
    _lower_type_assertion = _wrapped

    def _lower_identifier(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        name = text(node)
        if name == "undefined":
            return ir.Undefined()
        return self.lookup(name, scope, at, depth)

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
            return ir.with_default(left, right)
        return ir.Unknown(f"an expression with {op}")

    def _numeric(
        self, node: Node | None, scope: Node | None, depth: int = 0, seen: set[tuple[int, str]] | None = None
    ) -> bool:
        """Whether a `+` operand is a number (a literal, a name given one, or a sum of numbers).

        Each name is followed once per question (`seen`): names declared many times in terms of
        one another made this exponential.
        """
        node = _unwrap(node)
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
        node = _unwrap(node)
        if node is not None and node.type == "binary_expression":
            op = text(node.child_by_field_name("operator"))
            if op in ("==", "===", "!=", "!=="):
                return ir.Eq(
                    self.lower(node.child_by_field_name("left"), scope, at, depth),
                    self.lower(node.child_by_field_name("right"), scope, at, depth),
                    op.startswith("!"),
                )
        if node is not None and node.type == "unary_expression" and text(node).startswith("!"):
            inner = self._test(node.child_by_field_name("argument"), scope, at, depth)
            if isinstance(inner, ir.Eq):
                return ir.Eq(inner.left, inner.right, not inner.negate)
            if isinstance(inner, ir.Truthy):
                return ir.Truthy(inner.value, not inner.negate)
        return ir.Truthy(self.lower(node, scope, at, depth))

    def _lower_member_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        obj = _unwrap(node.child_by_field_name("object"))
        prop = node.child_by_field_name("property")
        if obj is None or prop is None:
            return ir.Unknown("a member")
        name = text(prop)
        if text(obj) == "process.env":
            return ir.Unknown(f"environment variable {name}, read at run time")
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
        return ir.Unknown(f"a run-time value ({short(text(node), 40)})")

    def _this_field(self, node: Node, name: str, scope: Node | None, at: int, depth: int) -> ir.Expr | None:
        """`this.env` given one value in its class: a field initializer, or one assignment in the constructor
        (read after it in the constructor itself, or from another method when it needs no parameter)."""
        cls = _class_node(node)
        items = self.fields.get((cls.id, name), []) if cls is not None else []
        if len(items) != 1:
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
        return None if ir.params_in(lowered) else lowered

    def _member(self, obj: Node, name: str, scope: Node | None, at: int, depth: int) -> ir.Expr | None:
        """`obj.name` / `obj["name"]` where `obj` is a const object literal (or an imported one)."""
        if obj.type == "member_expression":  # `config.stackConfig.org`: a member of a module's const object
            inner = _unwrap(obj.child_by_field_name("object"))
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
                    if key is not None and (text(key) == name or _string(key) == name):
                        return self.lower(pair.child_by_field_name("value"), scope, at, depth)
                elif pair.type == "shorthand_property_identifier" and text(pair) == name:
                    return self.lookup(name, scope, at, depth)
            return None
        imported = self.imports.get(text(obj))
        if isinstance(imported, ir.Import):
            return ir.Import(imported.module, f"{imported.name}.{name}")
        return None

    def _split(self, obj: Node | None, index: Node | None, scope: Node | None, at: int, depth: int) -> ir.Expr | None:
        """`s.split("-")[1]` (also through a variable holding `s.split("-")`)."""
        if obj is None or index is None or _unwrap(index) is None or _unwrap(index).type != "number":
            return None
        try:
            position = int(text(_unwrap(index)))
        except ValueError:
            return None
        if obj.type == "identifier":
            items = self._declared(text(obj), scope)
            obj = _unwrap(items) if items is not None else obj
        if obj is None or obj.type != "call_expression":
            return None
        func = _unwrap(obj.child_by_field_name("function"))
        args = obj.child_by_field_name("arguments")
        if func is None or func.type != "member_expression" or args is None or len(args.named_children) != 1:
            return None
        prop = func.child_by_field_name("property")
        sep = _string(args.named_children[0])
        if prop is None or text(prop) != "split" or sep is None:
            return None
        return ir.Split(self.lower(func.child_by_field_name("object"), scope, at, depth), sep, position)

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
                value = _unwrap(items[-1][1])
                return value if value is not None and value.type == "object" else None
            if cur is None:
                return None
            cur = self.scope_of(cur)

    def _lower_subscript_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        obj = _unwrap(node.child_by_field_name("object"))
        index = node.child_by_field_name("index")
        split = self._split(obj, index, scope, at, depth)
        if split is not None:
            return split
        key = _string(index) if index is not None else None
        if obj is not None and key is not None:
            if text(obj) == "process.env":
                return ir.Unknown(f"environment variable {key}, read at run time")
            member = self._member(obj, key, scope, at, depth)
            if member is not None:
                return member
        if obj is not None and obj.type == "identifier" and index is not None and key is None:
            table = self._object_literal(text(obj), scope)
            if table is not None:
                return self._select(table, index, scope, at, depth)
        return ir.Unknown(f"an item of a run-time value ({short(text(node), 40)})")

    def _select(self, table: Node, index: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """`envs[pulumi.getStack()]` on a const object literal: the entry picked per stack."""
        keys: list[str] = []
        values: list[ir.Expr] = []
        for pair in table.named_children:
            if pair.type == "comment":
                continue
            key = pair.child_by_field_name("key") if pair.type == "pair" else None
            if key is None or key.type not in ("property_identifier", "string", "number"):
                return ir.Unknown(f"an item of a map that is not written out ({short(text(table), 40)})")
            keys.append(_string(key) or text(key))
            values.append(self.lower(pair.child_by_field_name("value"), scope, at, depth))
        return ir.Select(tuple(keys), tuple(values), self.lower(index, scope, at, depth))

    def _lower_new_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        ctor = node.child_by_field_name("constructor")
        if ctor is not None and _last_name(ctor) == "Config":
            args = node.child_by_field_name("arguments")
            first = args.named_children[0] if args is not None and args.named_children else None
            if first is None:
                return ir.ConfigObject(None)
            ns = self.lower(first, scope, at, depth)
            return ir.config_object(ns)
        return ir.Unknown(f"a new object ({short(text(node), 40)})")

    def _lower_call_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        func = _unwrap(node.child_by_field_name("function"))
        args_node = node.child_by_field_name("arguments")
        if func is None or args_node is None:
            return ir.Unknown("a call")
        if args_node.type == "template_string":  # pulumi.interpolate`...`
            return self.lower(args_node, scope, at, depth)
        arg_nodes = args_node.named_children
        name = _last_name(func)
        if name in CURRENT and not arg_nodes:
            return CURRENT[name]
        args = [self.lower(a, scope, at, depth) for a in arg_nodes]
        if name == "String" and len(args) == 1:
            return args[0]
        if func.type == "identifier" and isinstance(self.imports.get(name), ir.Import):
            return ir.Apply(self.imports[name], tuple(args))
        if func.type == "member_expression":
            obj = _unwrap(func.child_by_field_name("object"))
            if obj is not None and obj.type == "identifier" and text(obj) in self.modules:
                return ir.Apply(ir.Import(self.modules[text(obj)], name), tuple(args))
            found = self._method(func, name, arg_nodes, args, scope, at, depth)
            if found is not None:
                return found
        if func.type == "identifier" and name in self.functions:
            return self._inline(self.functions[name], args, depth)
        return ir.Unknown(f"the result of {short(text(func), 40)}()")

    def _method(
        self, func: Node, name: str, arg_nodes: list[Node], args: list[ir.Expr], scope: Node | None, at: int, depth: int
    ) -> ir.Expr | None:
        obj = _unwrap(func.child_by_field_name("object"))
        if obj is None:
            return None
        if name in CONFIG_READS and args and isinstance(args[0], ir.Lit):
            receiver = self.lower(obj, scope, at, depth)
            if isinstance(receiver, ir.ConfigObject):
                return ir.ConfigRead(receiver.namespace, args[0].value)
            if isinstance(receiver, ir.Import):
                return ir.ConfigVia(receiver, args[0].value)
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
            return ir.printf(args[0].value, args[1:])
        if name in ("toLowerCase", "toUpperCase", "trim") and not args:
            inner = self.lower(obj, scope, at, depth)
            if isinstance(inner, ir.Lit):
                value = inner.value
                return ir.Lit({"toLowerCase": value.lower, "toUpperCase": value.upper}.get(name, value.strip)())
        if obj.type == "identifier" and text(obj) in self.modules:
            return ir.Unknown(f"the result of {short(text(func), 40)}()")
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


def _pattern_names(pattern: Node) -> list[str]:
    """`{ env, name: n, region = "eu" }` -> ["env", "name:n", "region"] (nested patterns and rest are left out)."""
    out = []
    for child in pattern.named_children:
        if child.type == "shorthand_property_identifier_pattern":
            out.append(text(child))
        elif child.type == "object_assignment_pattern":
            left = child.child_by_field_name("left")
            if left is not None and left.type == "shorthand_property_identifier_pattern":
                out.append(text(left))
        elif child.type == "pair_pattern":
            key, value = child.child_by_field_name("key"), child.child_by_field_name("value")
            if key is not None and value is not None and value.type == "identifier":
                out.append(f"{_string(key) or text(key)}:{text(value)}")
    return out


def _last_name(node: Node) -> str:
    node = _unwrap(node)
    if node is None:
        return ""
    if node.type == "member_expression":
        prop = node.child_by_field_name("property")
        return text(prop) if prop is not None else ""
    return text(node) if node.type in ("identifier", "type_identifier") else ""


def _name_arg(items: list[Node]) -> tuple[Node | None, str]:
    """The stack name: `name` of the second argument when it is an object that has one, else the first.

    Pulumi uses `args.name` when it is set: second arguments that cannot be read (a variable,
    a spread) leave the stack name unknown (the reason is returned; "" when it is known).
    """
    if not items:
        return None, ""
    if len(items) >= 2:
        obj = _unwrap(items[1])
        if obj is None or obj.type in ("undefined", "null") or text(obj) == "undefined":
            return items[0], ""
        if obj.type != "object":
            return items[0], f"StackReference arguments that are not written out here ({short(text(obj), 40)})"
        for pair in obj.named_children:
            if pair.type == "pair":
                key = pair.child_by_field_name("key")
                if key is not None and re.fullmatch(r"""['"]?name['"]?""", text(key)):
                    return pair.child_by_field_name("value"), ""
            elif pair.type == "shorthand_property_identifier" and text(pair) == "name":
                return pair, ""
            elif pair.type == "spread_element":
                return items[0], f"StackReference arguments spread from {short(text(pair), 40)}"
    return items[0], ""


def _holder(node: Node) -> str | None:
    """The variable (or `this.x` member) a value is stored in."""
    up = node.parent
    while up is not None and up.type in WRAPPERS | {"await_expression"}:
        up = up.parent
    if up is None:
        return None
    if up.type == "variable_declarator":
        name = up.child_by_field_name("name")
        return text(name) if name is not None and name.type == "identifier" else None
    if up.type == "assignment_expression":
        left = up.child_by_field_name("left")
        return _ref_key(left) if left is not None else None
    return None


def _ref_key(node: Node) -> str:
    return re.sub(r"\s+", "", text(node))


def _chained(node: Node) -> set[str]:
    """`new StackReference(..).getOutput("k")`: a key read on the expression itself."""
    up = node.parent
    while up is not None and up.type in WRAPPERS:
        up = up.parent
    if up is not None and up.type == "member_expression":
        prop = up.child_by_field_name("property")
        call = up.parent
        if prop is not None and text(prop) in OUTPUT_READS and call is not None and call.type == "call_expression":
            args = call.child_by_field_name("arguments")
            key = _string(args.named_children[0]) if args is not None and args.named_children else None
            return {key} if key is not None else set()
    return set()


def _class_node(node: Node) -> Node | None:
    """The class declaration (or expression) a node is written in."""
    up = node.parent
    while up is not None and up.type not in ("class_declaration", "class", "abstract_class_declaration"):
        up = up.parent
    return up
