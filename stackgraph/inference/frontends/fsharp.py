"""Find StackReferences in F# programs with the tree-sitter F# grammar.

Sites: `StackReference(name)` / `new StackReference(name)` and
`StackReference("logical", StackReferenceArgs(Name = input x))`. Names are lowered
from string literals, `$"..."` interpolation, `+`, `sprintf`, `let` values (local and
module-level, `Module.value` of other files), `Config(ns).Require/Get(key)`,
`if a = b then x else y`, and `Deployment.Instance.StackName / ProjectName /
OrganizationName`. Records that carry names between files (a setup record made in Program.fs, read by
members and functions of other files) are in fsharp_objects.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from stackgraph.inference import ir, templates
from stackgraph.inference.frontends import appends, exports, fsharp_reads
from stackgraph.inference.frontends.engine_env import environment_variable
from stackgraph.inference.frontends.fsharp_calls import arguments as _arguments
from stackgraph.inference.frontends.fsharp_calls import curried_part as _curried_part
from stackgraph.inference.frontends.fsharp_calls import flatten as _flatten
from stackgraph.inference.frontends.fsharp_calls import is_pipe
from stackgraph.inference.frontends.fsharp_splits import FSharpSplits
from stackgraph.inference.frontends.passers import with_passers
from stackgraph.inference.frontends.quoting import as_written, shape
from stackgraph.inference.frontends.shadowing import declared_around
from stackgraph.inference.frontends.treesitter import Node, line, short, text, walk

CONFIG_READS = frozenset({"Get", "Require", "GetSecret", "RequireSecret"})
CURRENT = {"StackName": ir.CurrentStack(), "ProjectName": ir.CurrentProject(), "OrganizationName": ir.CurrentOrg()}
WRAPPERS = frozenset({"input", "io", "string"})
Binding = tuple[int, str, str]
"""Where a value is declared: (id of its function, or 0 and its module; its name)."""


def _dotted(node: Node | None) -> str:
    return "".join(text(node).split()) if node is not None else ""


def _string(node: Node) -> str | None:
    if node.type == "const" and node.named_children:
        node = node.named_children[0]
    if node.type not in ("string", "verbatim_string", "triple_quoted_string"):
        return None
    if any(c.type == "format_string" for c in node.named_children):
        return None
    raw = text(node)
    if raw.startswith('"""'):
        return raw[3:-3]
    if raw.startswith('@"'):
        return raw[2:-1].replace('""', '"')
    return raw[1:-1].replace('\\"', '"').replace("\\\\", "\\")


OUTPUT_READS = frozenset({"GetOutput", "RequireOutput", "GetValueAsync", "RequireValueAsync", "GetOutputDetailsAsync"})


def _unwrapped(node: Node) -> Node:
    """`input "k"`, `("k")`: the value inside."""
    while True:
        if node.type == "paren_expression" and node.named_children:
            node = node.named_children[0]
            continue
        func, args = _flatten(node)
        if func is not None and _dotted(func) in WRAPPERS and len(args) == 1:
            node = args[0]
            continue
        return node


def _fs_string(node: Node | None) -> str | None:
    return _string(node) if node is not None else None


class FSharpFinder(FSharpSplits):
    @classmethod
    def exported(cls, root: Node) -> tuple[ir.Exported, ...]:
        return exports.fsharp_exports(root, _fs_string)

    LANGUAGE = "fsharp"
    BRANCHES = appends.FS_BRANCHES  # around a `name <- ..` only (`branches_around`): it may not run, or run again

    def __init__(self, root: Node, file: str, language: str | None = None) -> None:
        super().__init__(root, file, language)
        self.apps: list[Node] = []
        self.module_values: dict[str, Node] = {}
        self.records: list[Node] = []
        self.held_reads: dict[Binding, set[str]] | None = None

    def scope_of(self, node: Node) -> Node | None:
        cur = node.parent
        while cur is not None:
            defn = cur.type == "function_or_value_defn" and cur.named_children
            if defn and cur.named_children[0].type == "function_declaration_left":
                return cur
            if cur.type == "lambda_expression":
                return cur
            cur = cur.parent
        return None

    def index(self) -> None:
        for node in walk(self.root):
            if node.type == "function_or_value_defn" and node.named_children:
                left = node.named_children[0]
                body = node.child_by_field_name("body")
                ident = next((n for n in walk(left) if n.type == "identifier"), None)
                if ident is None or body is None:
                    continue
                if left.type == "function_declaration_left":
                    if self.scope_of(node) is None:
                        self.functions[text(ident)] = node
                    continue
                scope = self.scope_of(node)
                self.declare(scope, text(ident), line(node), body)
                if scope is None:
                    module = self._module_of(node)
                    self.module_values[f"{module}.{text(ident)}" if module else text(ident)] = body
            elif node.type == "application_expression" or is_pipe(node):  # `x |> f a` calls f too
                self.apps.append(node)
            elif node.type == "long_identifier_or_op" and text(node).endswith(".Outputs") and node.parent is not None:
                shown = node.parent if node.parent.type in ("application_expression", "dot_expression") else node
                self.open_use(text(node).removesuffix(".Outputs"), shown)  # the map of outputs: not read
            elif node.type == "record_type_defn":
                self.records.append(node)
            elif node.type == "mutate_expression":
                self.reassigned(node)  # `name <- value`: fsharp_objects.py

    def symbols(self) -> dict[str, ir.Expr]:
        out = super().symbols()
        for name, value in self.record_symbols().items():
            out.setdefault(name, value)
        return out

    def _module_of(self, node: Node) -> str | None:
        return self._modules_around(node)[0] or None

    def params(self, scope: Node) -> tuple[str, ...]:
        if scope.type != "function_or_value_defn" or not scope.named_children:
            return ()
        left = scope.named_children[0]
        patterns = next((c for c in left.named_children if c.type == "argument_patterns"), None)
        if patterns is None:
            return ()
        return self._typed_params(scope)

    def function_name(self, scope: Node) -> str | None:
        if scope.type != "function_or_value_defn" or self.scope_of(scope) is not None:
            return None
        ident = next((n for n in walk(scope.named_children[0]) if n.type == "identifier"), None)
        return text(ident) if ident is not None else None

    def member_values(self) -> dict[str, Node]:
        return dict(self.module_values)

    def _sites(self) -> Iterator[ir.Site]:
        for node in self.apps:
            if _curried_part(node):
                continue
            func, args = _flatten(node)
            if func is None or _dotted(func).rsplit(".", 1)[-1] != "StackReference":
                continue
            items = _arguments(args)
            if not items:
                continue
            arg = _args_name(items[1]) if len(items) > 1 else None
            arg = arg or items[0]
            scope = self.scope_of(node)
            name = self.lower(arg, scope, line(node))
            func_name, params = self.helper_of(scope, name)
            reads, why = self._held_reads(node, binds=func_name is not None)
            owner = self._module_of(scope) if func_name and scope is not None else None  # `Module.f` elsewhere calls it
            held_in = fsharp_reads.holder(
                node
            )  # a value of the module: other files may read it (`Site.shared`, shared.py)
            shared = held_in if held_in and self._declaring(held_in, node) is None else ""
            shown = as_written(arg, name, self, scope, line(node))  # the name as written, its literals maybe `...`
            yield ir.Site(self.file, line(node), name, shown, "fsharp", reads, func_name, params, (), owner,
                          why, shared=shared)  # fmt: skip

    def _held_reads(self, node: Node, *, binds: bool | None = None) -> tuple[tuple[str, ...], str]:
        """The keys read on the value a site or a helper's call is bound to (`let net = ..`), and why they may
        not be all ("" when they are). A site (`binds` given) bound to no name is open unless it is what a
        function whose calls bind it returns (`binds`: their reads are followed)."""
        held_in = fsharp_reads.holder(node)
        if not held_in:
            up = fsharp_reads.value_parent(node)
            returned = up is not None and up.type == "function_or_value_defn"
            if (returned and binds is not False) or up is None or fsharp_reads.ignored(up, node):
                return (), ""  # returned where the callers' reads are followed, or a bare statement
            return (), f"`{shape(up, 50)}` at {self.file}:{line(node)}"  # `(cluster "net").RequireOutput(..)`
        bound = self._binding(held_in, node)
        reads = tuple(sorted(self._reads().get(bound, ()))) if bound else ()
        why = self.opened.get(held_in, "")
        if not why:  # the reference itself handed on, within the function (or file) declaring it
            declared = self._declaring(held_in, node)
            why = fsharp_reads.passed_on(declared if declared is not None else self.root, held_in, self.file)
        return reads, why

    def _reads(self) -> dict[Binding, set[str]]:
        """`net.GetOutput(input "k")`, `net.RequireOutput "k"`: the output keys read on each value, by the
        declaration the name is bound to (a value of the function around, also from a function nested in it
        such as `let vpcId () = net.GetOutput ..`; a value of the module the read is in)."""
        if self.held_reads is None:
            self.held_reads = {}
            for node in self.apps:
                if _curried_part(node):
                    continue
                func, args = _flatten(node)
                owner, _, method = _dotted(func).rpartition(".")
                items = _arguments(args)
                if func is None or not owner or "." in owner or method not in OUTPUT_READS or not items:
                    continue
                key = _fs_string(_unwrapped(items[0]))
                if key is None:  # a key that is not a literal: the value's reads are open
                    self.open_use(owner, node)
                bound = self._binding(owner, node) if key is not None else None
                if key is not None and bound is not None:
                    self.held_reads.setdefault(bound, set()).add(key)
        return self.held_reads

    def _declaring(self, name: str, node: Node) -> Node | None:
        """The innermost function around `node` declaring the value `name` (None: a value of the module)."""
        cur = self.scope_of(node)
        while cur is not None and name not in self.decls.get(cur.id, {}):
            cur = self.scope_of(cur)
        return cur

    def _binding(self, name: str, node: Node) -> Binding | None:
        """Where the value `name` used at `node` is declared: (function id, "", name) for a value of a function,
        (0, module, name) for one of a module; None for a parameter or a name declared nowhere here."""
        cur = self.scope_of(node)
        while cur is not None:
            if name in self.decls.get(cur.id, {}):
                return cur.id, "", name
            if name in self.params(cur):
                return None
            cur = self.scope_of(cur)
        declared = {self._module_of(value) or "" for _, value in self.decls.get(0, {}).get(name, [])}
        for module in self._modules_around(node):
            if module in declared:
                return 0, module, name
        return None

    def _modules_around(self, node: Node) -> list[str]:
        """The modules around `node`, innermost first ("" for a file without a module)."""
        out = []
        up = node.parent
        while up is not None:
            if up.type in ("named_module", "module_defn"):
                name = next((c for c in up.named_children if c.type in ("long_identifier", "identifier")), None)
                out.append(text(name).split(".")[-1] if name is not None else "")
            up = up.parent
        return out or [""]

    def _helper_calls(self, helpers: set[str]) -> Iterator[ir.Call]:
        known = with_passers(set(helpers), self._passers)  # a function passing its parameters on is a helper too
        for node in self.apps:
            if _curried_part(node):
                continue
            func, args = _flatten(node)
            scope = self.scope_of(node)
            callee = self._helper_callee(_dotted(func) if func is not None else "", known, scope)
            if callee is None:
                continue
            lowered = tuple(self.lower(a, scope, line(node)) for a in _arguments(args))
            outer = self._outer_function(scope)
            name = self.function_name(outer) if outer is not None else None
            reads, why = self._held_reads(node)  # `let net = stackRef "networking"`: the keys read on `net`
            if outer is None or name is None or not set().union(*(ir.params_in(v) for v in lowered)):
                yield ir.Call(callee, lowered, (), line(node), reads, reads_open=why)
                continue
            params = self.params(outer)  # its callers bind them (`foundation env = stackRef "net" env`)
            module = self._module_of(outer)
            yield ir.Call(callee, lowered, (), line(node), reads, name, params, (), module, reads_open=why)

    def _helper_callee(self, name: str, helpers: set[str], scope: Node | None) -> ir.Expr | None:
        """What a call may call that holds a site: a helper of this file, `Module.func` of any file (None: neither)."""
        if "." in name and name not in helpers and not self._local(name.split(".", 1)[0], scope):
            return ir.Import(ir.GLOBAL, ".".join(name.split(".")[-2:]))  # `Platform.deploy setup`
        return ir.Lit(name) if name in helpers else None

    def _outer_function(self, scope: Node | None) -> Node | None:
        """The module-level function around `scope` (through nested functions and lambdas)."""
        while scope is not None and self.function_name(scope) is None:
            scope = self.scope_of(scope)
        return scope

    def _passers(self, helpers: set[str]) -> set[str]:
        """Module-level functions that call a helper (or `Module.func` of another file) with an argument naming
        one of their parameters (a cheap, generous test: a function wrongly taken makes only calls that bind
        nothing)."""
        out: set[str] = set()
        for node in self.apps:
            if _curried_part(node):
                continue
            func, args = _flatten(node)
            scope = self.scope_of(node)
            if func is None or not args or self._helper_callee(_dotted(func), helpers, scope) is None:
                continue
            outer = self._outer_function(scope)
            name = self.function_name(outer) if outer is not None else None
            if outer is None or name is None or name in helpers:
                continue
            words = {text(n) for a in args for n in walk(a) if n.type == "identifier"}
            if words & set(self.params(outer)):
                out.add(name)
        return out

    # --- lowering ---

    def _lower_const(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        value = _string(node)
        if value is not None:
            return ir.Lit(value)
        if re.fullmatch(r"'[^\\']'", text(node)):  # a char: `stack.Replace('-', '.')`
            return ir.Lit(text(node)[1])
        found = next((c for c in walk(node) if c.type == "format_string"), None)
        if found is not None:
            return self._format(found, scope, at, depth)
        return ir.Lit(text(node)) if text(node).isdigit() else ir.Unknown("a constant")

    def _format(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        raw = node.text
        start = node.start_byte
        parts: list[ir.Expr] = []
        pos = raw.find(b'"') + 1
        for child in node.named_children:
            if child.type != "format_string_eval":
                continue
            parts.append(ir.Lit(raw[pos : child.start_byte - start].decode("utf-8")))
            inner = child.named_children
            parts.append(self.lower(inner[0] if inner else None, scope, at, depth))
            pos = child.end_byte - start
        parts.append(ir.Lit(raw[pos:].decode("utf-8").rstrip('"')))
        return ir.concat(parts)

    def _lower_paren_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        inner = node.named_children
        return self.lower(inner[0] if inner else None, scope, at, depth)

    def branches_around(self, node: Node, scope: Node | None, at: int, use: Node | None = None) -> list[Node]:
        return super().branches_around(node, scope, at, use) if node.parent.type == "mutate_expression" else []

    def _lower_long_identifier_or_op(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        stmt = appends.fsharp_assigning(node) if "." not in text(node) else None  # `let n = n + ..`, `n <- n + ..`
        return (
            appends.previous(self, text(node), stmt, depth)
            if stmt
            else self.dotted_value(_dotted(node), scope, at, depth)
        )

    def dotted_value(self, dotted: str, scope: Node | None, at: int, depth: int) -> ir.Expr:
        if "." not in dotted:
            return self.lookup(dotted, scope, at, depth)
        last = dotted.rsplit(".", 1)[-1]
        if last in CURRENT and dotted.endswith("Instance." + last):
            return CURRENT[last]
        head = dotted.split(".", 1)[0]
        found = (
            self._object_member(head, dotted.split(".", 1)[1], [], scope, at, depth) if dotted.count(".") == 1 else None
        )
        if found is not None:
            return found
        if self._local(head, scope):
            return ir.Unknown(f"a member of a run-time value ({short(dotted, 40)})")
        return ir.Import(ir.GLOBAL, ".".join(dotted.split(".")[-2:]))

    def _lower_dot_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        return self._lower_long_identifier_or_op(node, scope, at, depth)

    def _local(self, name: str, scope: Node | None) -> bool:
        return declared_around(self, name, scope)

    def _lower_infix_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        if is_pipe(node):  # `env |> sprintf "acme/net/%s"`: a call
            return self._lower_application_expression(node, scope, at, depth)
        items = node.named_children
        if len(items) == 3 and text(items[1]) == "+":
            return ir.concat([self.lower(items[0], scope, at, depth), self.lower(items[2], scope, at, depth)])
        return ir.Unknown(f"an expression ({shape(node)})")

    def _lower_if_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        items = node.named_children
        if len(items) < 3:
            return ir.Unknown("an if without else")
        cond = items[0]
        test: ir.Expr = ir.Truthy(self.lower(cond, scope, at, depth))
        parts = cond.named_children
        if cond.type == "infix_expression" and len(parts) == 3 and text(parts[1]) in ("=", "<>"):
            test = ir.Eq(
                self.lower(parts[0], scope, at, depth), self.lower(parts[2], scope, at, depth), text(parts[1]) == "<>"
            )
        return ir.Conditional(test, self.lower(items[1], scope, at, depth), self.lower(items[-1], scope, at, depth))

    def _lower_application_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        item = self.adjacent_item(node, scope, at, depth)  # `stack.Split('.')[1]`: fsharp_splits.py
        if item is not None:
            return item
        func, raw_args = _flatten(node)
        if func is None:
            return ir.Unknown("a call")
        name = _dotted(func)
        arg_nodes = _arguments(raw_args)
        if name in WRAPPERS and len(arg_nodes) == 1:
            return self.lower(arg_nodes[0], scope, at, depth)
        if name.rsplit(".", 1)[-1] == "Config":
            args = [a for a in arg_nodes if a.type != "unit" and text(a) != "()"]
            if not args:
                return ir.ConfigObject(None)
            ns = self.lower(args[0], scope, at, depth)
            return ir.config_object(ns)
        args = [self.lower(a, scope, at, depth) for a in arg_nodes]
        formats = ("sprintf", "Printf.sprintf", "String.Format", "System.String.Format")
        if name in formats and args and isinstance(args[0], ir.Lit):
            fmt = templates.printf if "sprintf" in name else templates.brace_format
            return fmt(args[0].value, args[1:])
        method = name.rsplit(".", 1)[-1]
        if "." in name and method in CONFIG_READS and args and isinstance(args[0], ir.Lit):
            made = func.named_children[0] if func.type == "dot_expression" else None  # `Config().Require(..)`
            receiver = (
                self.lower(made, scope, at, depth)
                if made is not None
                else self.lookup(name.rsplit(".", 1)[0], scope, at, depth)
            )
            if isinstance(receiver, ir.ConfigObject):
                return ir.ConfigRead(receiver.namespace, args[0].value)
        if name in ("Environment.GetEnvironmentVariable", "System.Environment.GetEnvironmentVariable") and args:
            return environment_variable(args[0])
        found = self.string_method(func, (arg_nodes, args), scope, at, depth)
        return found if found is not None else self._call(name, arg_nodes, args, scope, at, depth)

    def _call(
        self, name: str, arg_nodes: list[Node], args: list[ir.Expr], scope: Node | None, at: int, depth: int
    ) -> ir.Expr:
        """`setup.Name()` on an object, a function of this file (inlined), `Module.func` of another file."""
        given = [a for n, a in zip(arg_nodes, args, strict=False) if n.type != "unit" and text(n) != "()"]
        head, _, rest = name.partition(".")
        found = self._object_member(head, rest, given, scope, at, depth) if rest and "." not in rest else None
        if found is not None:
            return found
        if name in self.functions and self.scope_of(self.functions[name]) is None:
            fn = self.functions[name]
            body = fn.child_by_field_name("body")
            if body is not None and depth < 20:
                value = self.lower(body, fn, line(body), depth)
                return ir.substitute(value, dict(zip(self.params(fn), given, strict=False)))
        if rest and not self._local(head, scope):
            return ir.Apply(ir.Import(ir.GLOBAL, ".".join(name.split(".")[-2:])), tuple(given))
        return ir.Unknown(f"the result of {short(name, 40)}")

    def _lower_brace_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        record = self._record(node, depth)
        return record if record is not None else ir.Unknown(f"a run-time value ({shape(node)})")


def _args_name(node: Node) -> Node | None:
    """`StackReferenceArgs(Name = input x)` -> x."""
    if "StackReferenceArgs" not in text(node):
        return None
    for inner in walk(node):
        if inner.type != "infix_expression":
            continue
        items = inner.named_children
        if len(items) == 3 and text(items[0]) == "Name" and text(items[1]) == "=":
            value = items[2]
            up = inner.parent
            if text(value) in WRAPPERS and up is not None and up.type == "application_expression":
                rest = up.named_children[1:]
                return rest[-1] if rest else None
            return value
    return None


find = FSharpFinder.find
