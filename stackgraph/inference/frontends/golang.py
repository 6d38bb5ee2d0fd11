"""Find StackReferences in Go programs with the tree-sitter Go grammar.

Sites: `pulumi.NewStackReference(ctx, name, args)`; `&pulumi.StackReferenceArgs{Name: x}`
as the third argument names the stack instead. Names are lowered from string literals,
`+`, `fmt.Sprintf` / `pulumi.Sprintf`, `strings.Join([]string{...}, sep)`,
`pulumi.String(...)`, constants and variables (local, package-level, in other files of
the package or in another package of the module), `config.Get/Require(ctx, key)`,
`config.New(ctx, ns).Get/Require(key)`, the `if v == "" { v = "x" }` default, and
`ctx.Stack()`, `ctx.Project()`, `ctx.Organization()`. Structs that carry names between files (a `Setup`
made in main.go, read by its methods in another file) are in go_objects.py; the values a function of the file
returns given to several names (`org, stack, err := names(ctx)`), in go_returns.py.
"""

from __future__ import annotations

import dataclasses
import posixpath
from collections.abc import Iterator

from stackgraph.inference import ir
from stackgraph.inference.frontends import exports, go_reads, go_returns
from stackgraph.inference.frontends.go_blocks import TRACKED
from stackgraph.inference.frontends.go_call_guards import go_guarded, go_held, go_valued
from stackgraph.inference.frontends.go_escaped import escaped_helpers
from stackgraph.inference.frontends.go_library import CONFIG_READS, PULUMI_CONFIG
from stackgraph.inference.frontends.go_maps import GoMaps
from stackgraph.inference.frontends.go_reads import in_const
from stackgraph.inference.frontends.go_std import STD_PACKAGES, is_pulumi_sdk
from stackgraph.inference.frontends.go_syntax import OPENING, last_name, string_value
from stackgraph.inference.frontends.own_methods import on_context
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.shadowing import binder
from stackgraph.inference.frontends.site_guards import site_guards
from stackgraph.inference.frontends.treesitter import FAR, Node, line, own, text, walk

CURRENT = {"Stack": ir.CurrentStack(), "Project": ir.CurrentProject(), "Organization": ir.CurrentOrg()}


class GoFinder(GoMaps):
    @classmethod
    def exported(cls, root: Node) -> tuple[ir.Exported, ...]:
        return exports.go_exports(root, string_value)

    LANGUAGE = "go"
    FIELDS_OF_THIS = True
    SCOPES = frozenset({"function_declaration", "method_declaration", "func_literal"})
    OPAQUE = (("range_clause", "left"),)
    BRANCHES = frozenset({"if_statement", "for_statement", "expression_switch_statement", "type_switch_statement",
                          "select_statement"})  # fmt: skip

    def __init__(self, root: Node, file: str, language: str | None = None) -> None:
        super().__init__(root, file, language)
        self.package_dir = posixpath.dirname(file)
        self.defaults: set[int] = set()
        self.pulumi_config = {"config"}  # aliases of the Pulumi config package
        self.strings_package: set[str] = set()  # aliases of the standard library's `strings`
        self.stdlib: set[str] = set()
        self.methods: dict[str, Node] = {}
        self.zeroed: dict[tuple[int, str], Node] = {}
        self.own_functions = go_returns.top_functions(root)
        self.unpacked: dict[tuple[int, str], go_returns.Unpacking] = {}  # (call id, name) -> its place
        self.identifiers: list[Node] = []  # and the selectors: what names the file uses as values (go_valued)
        self.selectors: list[Node] = []

    def index(self) -> None:
        for node in walk(self.root):
            kind = node.type
            if kind in self._opaque_kinds:
                self.opaque_nodes.append(node)
            if kind in TRACKED:
                self.tracked_nodes.append(node)
            if kind in {"identifier", "selector_expression"}:
                (self.identifiers if kind == "identifier" else self.selectors).append(node)
            if kind in ("short_var_declaration", "assignment_statement"):
                self._assign(node, node.child_by_field_name("left"), node.child_by_field_name("right"))
            elif kind in ("var_spec", "const_spec"):
                names = [n for n in node.children_by_field_name("name") if n.is_named]  # not the `,`s
                value = node.child_by_field_name("value")
                values = value.named_children if value is not None else []
                for n, v in zip(names, values, strict=False):
                    self.declare(self.scope_of(node), text(n), line(node), v)
                if value is None:
                    self.zero_value(node, names)
            elif kind == "import_spec":
                self._import(node)
            elif kind == "call_expression":
                self._call(node)
            elif kind == "selector_expression" and last_name(node) in OPENING:
                self.site_selector(node)
            elif kind == "function_declaration":
                name = node.child_by_field_name("name")
                if name is not None:
                    self.functions[text(name)] = node
            elif kind == "method_declaration":
                self._method_index(node)

    def _assign(self, node: Node, left: Node | None, right: Node | None) -> None:
        if left is None or right is None:
            return
        names = left.named_children
        values = right.named_children
        if len(values) == 1 and len(names) > 1:  # ref, err := pulumi.NewStackReference(...)
            scope = self.scope_of(node)  # `a, stack := f()`: the other names hold values not read here
            places = go_returns.unpacking(names, values[0], self.own_functions)  # but f's returns (go_returns.py)
            for n in names[1:]:
                if text(n) in places:
                    self.declare(scope, text(n), line(node), values[0])
                    self.unpacked[(values[0].id, text(n))] = places[text(n)]
                elif len(names) == 2 and values[0].type == "index_expression" and n.type == "identifier":
                    self.declare(scope, text(n), line(node), right)  # `v, ok := m[k]`: `ok` (go_maps.py)
                elif n.type == "identifier" and text(n) != "_":
                    self.bound.setdefault(scope.id if scope is not None else 0, set()).add(text(n))
        op = node.child_by_field_name("operator")
        for n, v in zip(names, values, strict=False):
            if n.type == "identifier" and text(n) != "_":
                appended = op is not None and text(op) == "+=" and len(names) == 1  # lowered as the statement
                self.declare(self.scope_of(node), text(n), line(node), node if appended else v)
                if self._is_default(node, text(n)):
                    self.defaults.add(v.id)

    def _is_default(self, node: Node, name: str) -> bool:
        """`if v == "" { v = "x" }`: the assignment gives `v` a default."""
        up = node.parent
        while up is not None and up.type in ("statement_list", "block", "expression_statement"):
            up = up.parent
        if up is None or up.type != "if_statement":
            return False
        cond = up.child_by_field_name("condition")
        return cond is not None and "".join(text(cond).split()) == f'{name}==""'

    def _lookup(self, name: str, scope: Node | None, at: int, depth: int, use: Node | None = None) -> ir.Expr:
        opaque = self.opaque()
        cur, inner = scope, None  # the function holding the read that is defined in `cur`
        while cur is not None:
            if name in opaque.get(cur.id, ()):  # the item of a loop around a site, in turn (go_loops.py), or unknown
                found = self.loop_var(name, cur, scope, use, at) if self.looping is not None else None
                return found or ir.Unknown(f"'{name}', bound by a loop, a pattern or a catch clause (a run-time value)")
            before = self.visible(name, cur, at, use, inner)  # of the variable `use` means (go_blocks.py)
            if isinstance(before, ir.Unknown):
                return before
            if before:
                return self._value(name, before, cur, at, depth, use)
            if name in self.params(cur):
                return ir.Param(name)
            receiver = self.receiver_named(cur, name) if cur.type == "method_declaration" else None
            if receiver is not None:
                return receiver
            inner, cur = cur, self.scope_of(cur)
        if name in opaque.get(0, ()):
            return ir.Unknown(f"'{name}', bound by a loop, a pattern or a catch clause (a run-time value)")
        items = self.decls.get(0, {}).get(name, [])
        if items and all(in_const(v) for _, v in items):
            return self._value(name, items, None, FAR, depth)
        if name in self.imports and not items:
            return self.imports[name]
        package = ir.Module(ir.ModuleKind.DIR, self.package_dir)
        return ir.Import(package, name)  # a variable (a function may set it) or a name of another file: the linker's

    def _value(
        self, name: str, items: list[tuple[int, Node]], scope: Node | None, at: int, depth: int, use: Node | None = None
    ) -> ir.Expr:
        ln, value = items[-1]
        if value.id in self.defaults and len(items) > 1:
            prev_ln, prev = items[-2]  # an earlier `if v == "" { v = d }` too: the value before both (a chain)
            before = self._value(name, items[:-1], scope, at, depth, use) if prev.id in self.defaults else None
            before = before or self.lower(prev, scope, prev_ln, depth)
            default = self.lower(value, scope, ln, depth)
            return ir.with_default(before, default, "text")  # `if v == "" { v = d }`
        return self.settle(name, items, scope, at, depth, use)

    def settled(
        self, name: str, items: list[tuple[int, Node]], scope: Node | None, at: int, depth: int, use: Node | None = None
    ) -> ir.Expr:
        ln, value = items[-1]
        place = self.unpacked.get((value.id, name))
        if place is None:
            return super().settled(name, items, scope, at, depth, use)
        if self.branches_around(value, scope, at, use):
            return ir.Unknown(f"'{name}', assigned in a branch or a loop")
        fn = self.functions.get(place[2])
        own_returns = {n.id: own(self.scope_of(n), fn) for n in walk(fn) if n.type == "return_statement"} if fn else {}
        found = go_returns.returned_item(fn, place, self.file, own_returns) if fn is not None else "not a function"
        if isinstance(found, str):
            return ir.Unknown(found)
        args_node = value.child_by_field_name("arguments")
        args = [self.lower(a, scope, ln, depth) for a in (args_node.named_children if args_node else [])]
        binding = dict(zip(self.params(fn), args, strict=False)) if fn is not None else {}
        values = [(n, ir.substitute(self.lower(n, fn, line(n), depth), binding)) for n in found]
        return go_returns.one_value(place[2], values, self.file)

    def _import(self, node: Node) -> None:
        path = string_value(node.child_by_field_name("path"))
        if path is None:
            return
        alias = node.child_by_field_name("name")
        local = text(alias) if alias is not None else path.rsplit("/", 1)[-1]
        if path == PULUMI_CONFIG:
            self.pulumi_config.add(local)
            return
        if path == "strings":
            self.strings_package.add(local)
        if is_pulumi_sdk(path) or path in STD_PACKAGES:
            self.stdlib.add(local)  # the standard library and the SDK: no constants of the project
            return
        # Any other path, dotted or not (`module app`, what `pulumi new go` writes), is a package of a module the
        # program uses when a go.mod says so (inference/link.py), else one the scan does not read.
        self.specs.append(ir.Module(ir.ModuleKind.GO, path))
        self.modules[local] = ir.Module(ir.ModuleKind.GO, path)

    def _call(self, node: Node) -> None:
        func = node.child_by_field_name("function")
        if func is not None:
            self.site_call(node, func)
            self.note_decoding(node)  # `conf.RequireObject("k", &s)` (go_decoded.py)

    def imported_specs(self) -> tuple[ir.Module, ...]:
        return tuple(sorted(set(self.specs)))

    def symbols(self) -> dict[str, ir.Expr]:
        out = super().symbols()
        for name, fn in self.functions.items():
            body = self._returned(fn)
            if body is not None and not isinstance(body, ir.Unknown):
                out[name] = ir.Function(self.params(fn), body)
        for name, value in (self.method_symbols() | self.loader_symbols() | self.map_symbols()).items():
            out.setdefault(name, value)
        return out | self.assigned_symbols()

    def _returned(self, fn: Node, depth: int = 0) -> ir.Expr | None:
        returns = [
            n for n in walk(fn) if n.type == "return_statement" and own(self.scope_of(n), fn)
        ]  # not those of nested functions
        loaded = self.loader(fn, depth) if fn.type == "function_declaration" else None  # a struct it fills
        if loaded is not None:
            return ir.Unknown(loaded) if isinstance(loaded, str) else loaded[0]
        if len(returns) != 1 or not returns[0].named_children:
            return None
        values = returns[0].named_children[0]
        first = values.named_children[0] if values.type == "expression_list" else values
        return self.lower(first, fn, line(first), depth)

    def function_name(self, scope: Node) -> str | None:
        if scope.type == "method_declaration":  # `Setup.Check`: called as `setup.Check(..)` on a struct
            found = self._receiver_of(scope)
            name = scope.child_by_field_name("name")
            return f"{found[1]}.{text(name)}" if found is not None and name is not None else None
        if scope.type != "function_declaration":
            return None
        name = scope.child_by_field_name("name")
        return text(name) if name is not None else None

    def params(self, scope: Node) -> tuple[str, ...]:
        memo: dict[int, tuple[str, ...]] = self.__dict__.setdefault("_params", {})
        if scope.id not in memo:
            params = scope.child_by_field_name("parameters")
            names = params.named_children if params is not None else ()
            memo[scope.id] = tuple(text(n) for p in names for n in p.children_by_field_name("name"))
        return memo[scope.id]

    def _helper_calls(self, helpers: set[str]) -> Iterator[ir.Call]:
        for node in self.call_nodes:
            func = node.child_by_field_name("function")
            args = node.child_by_field_name("arguments")
            if func is None or args is None:
                continue
            scope = self.scope_of(node)
            found = self._callee(func, helpers)  # (no arguments: a function of another file, `Site.held`)
            found = found or self.object_callee(func, scope)
            if found is None:
                continue
            callee, kwargs = found
            lowered = tuple(self.lower(a, scope, line(node)) for a in args.named_children)
            holder = go_reads.holder(node)
            held = holder or self.value_reads(node, bound=False)[0]  # or read on at once: `cluster(ctx).GetOutput(..)`
            reads = tuple(sorted(self.reads.get(held, set()) if held else set()))
            outer = scope  # a function that passes its parameters on to a helper is a helper too (two levels)
            while outer is not None and self.function_name(outer) is None:
                outer = self.scope_of(outer)
            name = self.function_name(outer) if outer is not None else None
            used = set().union(*(ir.params_in(v) for v in (*lowered, *(v for _, v in kwargs))))
            if outer is None or name is None or not used:
                why = self.reads_open(holder, scope, bound=False) or (
                    "" if holder else self.value_reads(node, bound=False)[1]
                )
                guards, called = self.guarded(node, False)
                yield ir.Call(
                    callee, lowered, kwargs, line(node), reads, reads_open=why, guards=guards, called_in=called,
                    held=go_held(self, node),
                )  # fmt: skip
                continue
            members = sorted(p for p in used if p.startswith("this."))
            why = self.reads_open(holder, scope, bound=True) or (
                "" if holder else self.value_reads(node, bound=True)[1]
            )
            yield ir.Call(
                callee,
                lowered,
                kwargs,
                line(node),
                reads,
                name,
                (*self.params(outer), *members),
                reads_open=why,
                guards=site_guards(self, node),
                held=go_held(self, node),
            )
        yield from escaped_helpers(self, helpers)  # `f := lib.Ref`, `apply(ref)`: not followed

    def _callee(self, func: Node, helpers: set[str]) -> tuple[ir.Expr, tuple[tuple[str, ir.Expr], ...]] | None:
        """A function of this package (`deploy(ctx, s)`) or of an imported package (`lib.Deploy(..)`)."""
        if func.type == "identifier":  # (not a parameter or variable of that name: shadowing.py)
            name = text(func)
            if binder(self, name, self.scope_of(func)) is not None:
                return None
            package = ir.Module(ir.ModuleKind.DIR, self.package_dir)
            return (ir.Lit(name) if name in helpers else ir.Import(package, name)), ()
        operand = func.child_by_field_name("operand") if func.type == "selector_expression" else None
        if operand is not None and text(operand) in self.modules:
            return ir.Import(self.modules[text(operand)], last_name(func)), ()
        return None

    # --- lowering ---

    def _lower_interpreted_string_literal(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit(string_value(node) or "")

    _lower_raw_string_literal = _lower_interpreted_string_literal

    def _lower_int_literal(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return ir.Lit(text(node))

    def branch_value(
        self, name: str, branches: list[Node], items: list[tuple[int, Node]], scope: Node | None, depth: int
    ) -> ir.Expr | None:
        """`if c { x = a } else { x = b }`: the conditional of the values (other branches stay unknown; and a value
        of several a call gives, go_returns.py)."""
        if (
            len(branches) != 1
            or branches[0].type != "if_statement"
            or any((v.id, name) in self.unpacked for _, v in items)
        ):
            return None
        branch = branches[0]
        if branch.child_by_field_name("initializer") is not None:
            return None  # `if v := f(); c {`: the test reads a name bound only there
        test = self._test(branch.child_by_field_name("condition"), scope, line(branch), depth)
        arms = (branch.child_by_field_name("consequence"), branch.child_by_field_name("alternative"))
        return self.if_value(name, branch, test, arms, items, scope, depth)

    def site_guards(self, node: Node) -> tuple[ir.Expr, ...]:
        """The tests of the `if`s, `&&`/`||` and `switch` clauses around a site (site_guards.py)."""
        return site_guards(self, node)

    def guarded(self, node: Node, helper: bool) -> tuple[tuple[ir.Expr, ...], tuple[str, ...]]:
        """The tests around a site or call, then those of the calls of the function holding it (go_call_guards.py)."""
        return go_guarded(self, node, helper)

    def held(self, node: Node, helper: bool) -> str:
        return go_held(self, node, helper)

    def facts(self) -> ir.FileFacts:
        return dataclasses.replace(super().facts(), valued=go_valued(self.identifiers, self.selectors, self.modules))

    def _test(self, cond: Node | None, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """A condition: `a == b` and `a != b` compared, `!c` negated, `a && b` and `a || b` joined,
        `strings.HasPrefix/HasSuffix/Contains(s, p)`, anything else by its truth."""
        while cond is not None and cond.type == "parenthesized_expression" and cond.named_child_count == 1:
            cond = cond.named_children[0]
        op = cond.child_by_field_name("operator") if cond is not None else None
        if cond is not None and op is not None and cond.type == "unary_expression" and text(op) == "!":
            return ir.negated(self._test(cond.child_by_field_name("operand"), scope, at, depth))
        if cond is not None and op is not None and cond.type == "binary_expression":
            sides = (cond.child_by_field_name("left"), cond.child_by_field_name("right"))
            if text(op) in ("==", "!="):
                left, right = (self.lower(n, scope, at, depth) for n in sides)
                return ir.Eq(left, right, text(op) == "!=")
            if text(op) in ("&&", "||"):
                return ir.Junction(tuple(self._test(n, scope, at, depth) for n in sides), text(op) == "&&")
        return self._has(cond, scope, at, depth) or ir.Truthy(self.lower(cond, scope, at, depth))

    def _has(self, node: Node | None, scope: Node | None, at: int, depth: int) -> ir.Has | None:
        """`strings.HasPrefix(s, p)`, `strings.HasSuffix(s, p)`, `strings.Contains(s, p)` (else None)."""
        func = node.child_by_field_name("function") if node is not None and node.type == "call_expression" else None
        selector = func is not None and func.type == "selector_expression"
        operand = func.child_by_field_name("operand") if func is not None and selector else None
        how = {"HasPrefix": "prefix", "HasSuffix": "suffix", "Contains": "part"}.get(last_name(func)) if func else None
        args = node.child_by_field_name("arguments") if node is not None else None
        if how is None or operand is None or text(operand) not in self.strings_package or args is None:
            return None
        given = [a for a in args.named_children if a.type != "comment"]
        if len(given) != 2:
            return None
        return ir.Has(how, self.lower(given[0], scope, at, depth), (self.lower(given[1], scope, at, depth),))

    def _lower_assignment_statement(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """`s += x`: the value `s` has on the line before, then `x` (a `+=` on the line of `s`'s value: unknown)."""
        left, right = node.child_by_field_name("left"), node.child_by_field_name("right")
        if left is None or right is None or len(left.named_children) != 1 or len(right.named_children) != 1:
            return ir.Unknown("an assignment to several names")
        name = text(left.named_children[0])
        items = self.decls.get(scope.id if scope is not None else 0, {}).get(name, [])
        if any(ln == line(node) and v.id != node.id for ln, v in items):
            return ir.Unknown(f"'{name}', appended to ({name} += ..) on the line it is given another value")
        before = self.lookup(name, scope, line(node) - 1, depth, left.named_children[0])
        return ir.concat([before, self.lower(right.named_children[0], scope, line(node), depth)])

    def _lower_parenthesized_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        inner = node.named_children
        return self.lower(inner[0] if inner else None, scope, at, depth)

    def _lower_identifier(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        zero = self.zero_string(node)  # `var env string`: its zero value, or unknown when assigned later
        return (
            zero if zero is not None else self.read_whole(node, self.lookup(text(node), scope, at, depth, node), scope)
        )

    def _lower_binary_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        op = node.child_by_field_name("operator")
        if op is not None and text(op) == "+":
            return ir.concat(
                [
                    self.lower(node.child_by_field_name("left"), scope, at, depth),
                    self.lower(node.child_by_field_name("right"), scope, at, depth),
                ]
            )
        return ir.Unknown("an expression")

    def _lower_selector_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        operand = node.child_by_field_name("operand")
        field = node.child_by_field_name("field")
        if operand is not None and field is not None and text(operand) in self.modules:
            return ir.Import(self.modules[text(operand)], text(field))
        found = self.decoded_field(node, scope, at, depth)  # `s.Net.Stack` of a struct decoded from config
        if found is not None:
            return found
        found = self._object_field(operand, text(field), scope, depth) if operand is not None and field else None
        if found is not None:
            return found
        return ir.Unknown(f"a run-time value ({shape(node)})")

    def _lower_call_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        func = node.child_by_field_name("function")
        args_node = node.child_by_field_name("arguments")
        arg_nodes = args_node.named_children if args_node is not None else []
        if func is None:
            return ir.Unknown("a call")
        name = last_name(func)
        operand = func.child_by_field_name("operand") if func.type == "selector_expression" else None
        owner = text(operand) if operand is not None else ""
        if name in CURRENT and not arg_nodes and on_context(self, "go", name, owner):
            return CURRENT[name]
        if name in ("String", "StringPtr", "StringInput") and owner == "pulumi" and len(arg_nodes) == 1:
            return self.lower(arg_nodes[0], scope, at, depth)
        args = [self.lower(a, scope, at, depth) for a in arg_nodes]
        found = self.library_call(owner, name, args, arg_nodes, func, scope, at, depth)
        if found is not None:
            return found
        if name in CONFIG_READS and operand is not None and args and isinstance(args[0], ir.Lit):
            receiver = self.lower(operand, scope, at, depth)
            if isinstance(receiver, ir.ConfigObject):
                return ir.ConfigRead(receiver.namespace, args[0].value)
        if func.type == "selector_expression" and owner in self.modules:
            return ir.Apply(ir.Import(self.modules[owner], name), tuple(args))
        found = self._object_method(operand, name, args, scope, depth) if operand is not None else None
        if found is not None:
            return found
        if func.type == "identifier":
            return self._package_call(name, args, depth)
        return ir.Unknown(f"the result of {shape(func)}()")

    def _package_call(self, name: str, args: list[ir.Expr], depth: int) -> ir.Expr:
        """A function of this file (inlined with its arguments) or of another file of the package."""
        if name in self.functions:
            body = self._returned(self.functions[name], depth)  # depth: a function that calls itself ends
            if body is not None:
                return ir.substitute(body, dict(zip(self.params(self.functions[name]), args, strict=False)))
        return ir.Apply(ir.Import(ir.Module(ir.ModuleKind.DIR, self.package_dir), name), tuple(args))

    def _lower_composite_literal(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        record = self._record(node, scope, depth)
        return record[0] if record is not None else ir.Unknown(f"a run-time value ({shape(node)})")

    def _lower_unary_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        operand = node.child_by_field_name("operand")
        if node.id in self.decoding:  # `&s` of `conf.RequireObject("k", &s)`: what it gives `s` (go_decoded.py)
            return self.decoded(node, depth)
        if text(node).startswith("&") and operand is not None and operand.type == "composite_literal":
            return self.lower(operand, scope, at, depth)  # `&Setup{..}`: the struct
        return ir.Unknown(f"a run-time value ({shape(node)})")


find = GoFinder.find
