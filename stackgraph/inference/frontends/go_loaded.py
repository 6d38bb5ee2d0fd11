"""A Go struct returned by a function of the file that fills it (`cfg := loadConfig(ctx)`, then `cfg.OrgStack`).

The shape, as written by the stages of VitruvianSoftware/pulumi-example-foundation:

    func loadConfig(ctx *pulumi.Context) *Config {
        conf := config.New(ctx, "")
        c := &Config{Env: conf.Require("env"), NetStack: conf.Get("network_stack_name")}
        if c.NetStack == "" {
            c.NetStack = fmt.Sprintf("acme/networking/%s", c.Env)
        }
        return c
    }

The call is a record of the values written: those of the keyed literal `c` is given, then, in the order of the
function, a field set by a statement of the function's own block (`c.Code = "x"`) takes that value, and one set
under `if c.F == "" { c.F = .. }` (no `else`) takes it as the default (as a variable's `if v == ""` default). The
function's parameters are bound to the call's arguments. Nothing else is guessed: another `if`, a loop or a
closure setting a field, `&c.F` (`conf.GetObject("k", &c.F)`), a value that reads a field set before it, leave
that field unknown with the line; `c` handed on (an argument, another variable) or a method called on it, and a
function with more than one `return`, leave every field unknown, saying so. `return &Config{..}` at once is its
literal. A loader is a function declared to return a struct of the project (`*Config`, `(*Config, error)`).

Another file of the package (or a file of another package of the module) reads a loader through what its file
exports (`loader_symbols`): `loadConfig()`, the record or why it is not read, and `loadConfig().F` for each field,
as functions of the parameters; `cfg.F` there is `ir.Apply` of `loadConfig().F` to the call's arguments (`foreign`,
found by the linker among the files `go build` compiles), and `made.unexported_field` says why a field is not.
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.go_std import GO_BUILTINS
from stackgraph.inference.frontends.go_vars import GoVars
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, own, text, walk

Loaded = tuple[ir.Record, ir.Module]
CONTAINERS = frozenset({"statement_list", "expression_statement"})


class GoLoaded(GoVars):
    """The part of the Go finder that reads a struct a function of the file fills and returns."""

    package_dir: str
    functions: dict[str, Node]
    modules: dict[str, ir.Module]  # the packages of the module a file imports, by their local name

    def loaded(self, call: Node, scope: Node | None, depth: int) -> Loaded | str | None:
        """`loadConfig(ctx)` of a function of this file: the record it returns, or why it is not read (None: not
        such a call)."""
        func = call.child_by_field_name("function")
        fn = self.functions.get(text(func)) if func is not None and func.type == "identifier" else None
        found = self.loader(fn, depth) if fn is not None and fn.type == "function_declaration" else None
        if found is None or isinstance(found, str):
            return found
        args_node = call.child_by_field_name("arguments")
        args = [self.lower(a, scope, line(call), depth) for a in (args_node.named_children if args_node else [])]
        binding = dict(zip(self.params(fn), args, strict=False)) if fn is not None else {}
        record = found[0]
        return ir.Record(record.kind, record.keys, tuple(ir.substitute(v, binding) for v in record.values)), found[1]

    def loader(self, fn: Node, depth: int) -> Loaded | str | None:
        """The record a function returning a struct of the project fills (its parameters unbound), or why it is not
        read (None: it returns no such struct)."""
        named = fn.child_by_field_name("name")
        name = text(named) if named is not None else ""
        result = fn.child_by_field_name("result")
        if result is not None and result.type == "parameter_list":  # `(*Config, error)`
            first = result.named_children[0] if result.named_children else None
            result = first.child_by_field_name("type") if first is not None else None
        if self._struct_kind(result) is None:
            return None
        returns = [n for n in walk(fn) if n.type == "return_statement" and own(self.scope_of(n), fn)]
        if len(returns) != 1:
            return f"what {name}() returns: it returns at {len(returns)} places (not followed)"
        value = _returned(returns[0])
        var = text(value) if value is not None and value.type == "identifier" else None
        items = self.decls.get(fn.id, {}).get(var, []) if var is not None else []
        made = _literal(items[0][1]) if len(items) == 1 else _literal(value) if var is None and value else None
        kind = self._struct_kind(made.child_by_field_name("type")) if made is not None else None
        if made is None or kind is None:
            what = f"`{var}`, not given one keyed struct literal" if var else shape(value) if value else "nothing"
            return f"what {name}() returns: {what} (not followed)"
        why = self._handed_on(fn, var, returns[0], items[0][1]) if var is not None else ""
        if why:
            return f"what {name}() returns: `{var}` {why} (not followed)"
        fields = self._filled(fn, var or "", made, depth)
        return ir.Record(kind[1], tuple(fields), tuple(fields.values())), kind[0]

    def loader_symbols(self) -> dict[str, ir.Expr]:
        """What other files read of a loader: `loadConfig()`, the record it returns as a function of its parameters
        (or why it is not read), and `loadConfig().F`, each field's value (see `foreign`)."""
        out: dict[str, ir.Expr] = {}
        for name, fn in self.functions.items():
            found = self.loader(fn, 0) if fn.type == "function_declaration" else None
            if isinstance(found, str):
                out[f"{name}()"] = ir.Unknown(found)
            elif found is not None:
                params = self.params(fn)
                out[f"{name}()"] = ir.Function(params, found[0])
                for key, value in zip(found[0].keys, found[0].values, strict=True):
                    out[f"{name}().{key}"] = ir.Function(params, value)
        return out

    def foreign(self, call: Node, field: str, scope: Node | None, depth: int) -> ir.Expr | None:
        """`loadConfig(ctx).F` of a function of another file of the package, or `settings.Load(ctx).F` of another
        package of the module: the field its file exports as `loadConfig().F`, applied to the call's arguments
        (the linker finds the file, as for any name of the package; None: not such a call)."""
        func = call.child_by_field_name("function")
        module: ir.Module | None = None
        if func is not None and func.type == "identifier" and self._package_function(text(func), call, depth):
            module, name = ir.Module(ir.ModuleKind.DIR, self.package_dir), text(func)
        elif func is not None and func.type == "selector_expression":
            operand, member = func.child_by_field_name("operand"), func.child_by_field_name("field")
            if operand is not None and member is not None and text(operand) in self.modules:
                module, name = self.modules[text(operand)], text(member)
        if module is None:
            return None
        args_node = call.child_by_field_name("arguments")
        args = [self.lower(a, scope, line(call), depth) for a in (args_node.named_children if args_node else [])]
        return ir.Apply(ir.Import(module, f"{name}().{field}"), tuple(args))

    def _package_function(self, name: str, call: Node, depth: int) -> bool:
        """Whether `name` called at `call` is a function of another file of the package (not of this file, not a
        builtin, a local or a package-level variable of this file)."""
        if name in self.functions or name in GO_BUILTINS or name in self.decls.get(0, {}):
            return False
        if any(held == name for _, held in self.zeroed):
            return False
        found = self.lookup(name, self.scope_of(call), line(call), depth)
        return found == ir.Import(ir.Module(ir.ModuleKind.DIR, self.package_dir), name)

    def changed(self, var: str, value: Node) -> dict[str, ir.Expr]:
        """Each field of `var` the code sets after it is given `value` (`cfg.Net = "x"`, also `&cfg.Net`,
        `cfg.N++`, anywhere in the variable's scope), unknown, naming where."""
        changed: dict[str, ir.Expr] = {}
        for node in walk(self.scope_of(value) or self.root):
            field = _field_of(node, var)
            outer = node.parent
            if field is None or field in changed or outer is None:
                continue
            if (
                _assigned(node) is not None
                or outer.type in ("inc_statement", "dec_statement")
                or (outer.type == "unary_expression" and text(outer).startswith("&"))
            ):
                changed[field] = ir.Unknown(f"`{var}.{field}` set at {self.file}:{line(node)} after it is made")
        return changed

    def read_whole(self, name: Node, value: ir.Expr, scope: Node | None) -> ir.Expr:
        """The struct a variable holds read whole (`deployNet(ctx, s)`), with each field the code sets after it is
        made unknown (`changed`), as where its fields are read (`value`: what the variable is given)."""
        if isinstance(value, ir.Apply) and _package_call(value):  # `cfg := loadConfig(ctx)` of another file
            return self._changed_foreign(text(name), value, scope)
        held = self.single_value(text(name), scope) if isinstance(value, ir.Record) else None
        if held is None or not isinstance(value, ir.Record):
            return value
        found = self.overwritten((value, ir.Module(ir.ModuleKind.DIR, self.package_dir)), text(name), held)
        return found[0]

    def _changed_foreign(self, var: str, value: ir.Apply, scope: Node | None) -> ir.Expr:
        """The struct a function of another file returns, read whole: itself (a helper reads its fields as that
        file exports them), or unknown when the code sets one of its fields (they are not tracked one by one)."""
        held = self.single_value(var, scope)
        changed = self.changed(var, held) if held is not None and held.type == "call_expression" else {}
        first = next(iter(changed.values()), None)
        if not isinstance(first, ir.Unknown):
            return value
        name = value.callee.name if isinstance(value.callee, ir.Import) else "?"
        where = first.why.removesuffix(" after it is made")
        return ir.Unknown(
            f"{where}, in the function that hands `{var}` on: the struct {name}() of another file returns is not "
            "followed then"
        )

    def overwritten(self, found: Loaded, var: str, value: Node) -> Loaded:
        """The record a variable holds, with each field the code sets after it is made unknown (`changed`)."""
        changed = self.changed(var, value)
        if not changed:
            return found
        record, module = found
        keys = tuple(dict.fromkeys([*record.keys, *changed]))
        values = tuple(changed.get(k) or record.values[record.keys.index(k)] for k in keys)
        return ir.Record(record.kind, keys, values), module

    def _struct_kind(self, node: Node | None) -> tuple[ir.Module, str] | None:
        raise NotImplementedError  # GoObjects._struct

    def _handed_on(self, fn: Node, var: str, ret: Node, value: Node) -> str:
        """How `var` may change other than by setting its fields ("" when it does not)."""
        for node in walk(fn):
            if node.type != "identifier" or text(node) != var or _is_key(node) or node.start_byte < value.start_byte:
                continue
            up = node.parent
            if up is not None and up.type == "expression_list" and up.parent is not None:
                if up.parent.id == ret.id:
                    continue
                if up.parent.type == "short_var_declaration" and up.parent.child_by_field_name("left") == up:
                    continue
            if up is not None and up.id == ret.id:
                continue
            if up is not None and up.type == "selector_expression" and up.child_by_field_name("operand") == node:
                outer = up.parent
                if (
                    outer is not None
                    and outer.type == "call_expression"
                    and outer.child_by_field_name("function") == up
                ):
                    return f"has a method called on it at {self.file}:{line(node)}"
                continue
            return f"handed on at {self.file}:{line(node)}"
        return ""

    def _filled(self, fn: Node, var: str, made: Node, depth: int) -> dict[str, ir.Expr]:
        """The fields of the struct `var` holds when the function returns (see the module's docstring)."""
        fields: dict[str, ir.Expr] = {}
        body = made.child_by_field_name("body")
        for element in body.named_children if body is not None else []:
            key, value = element.child_by_field_name("key"), element.child_by_field_name("value")
            if key is not None and value is not None:
                inner = value.named_children[0] if value.type == "literal_element" and value.named_children else value
                fields[text(key)] = self.lower(inner, fn, line(element), depth + 1)
        changed: set[str] = set()
        for node in walk(fn):
            field = _field_of(node, var)
            if field is None or node.start_byte < made.end_byte:
                continue
            where = f"`{var}.{field}` set at {self.file}:{line(node)}"
            outer = node.parent
            if outer is not None and outer.type == "unary_expression" and text(outer).startswith("&"):
                fields[field] = ir.Unknown(f"{where}, through its address (not followed)")
            elif outer is not None and outer.type in ("inc_statement", "dec_statement"):
                fields[field] = ir.Unknown(f"{where} (not followed)")
            elif (assign := _assigned(node)) is not None:
                fields[field] = self._set(fn, var, field, assign, fields.get(field), changed, where, depth)
            else:
                continue
            changed.add(field)
        return fields

    def _set(
        self, fn: Node, var: str, field: str, assign: Node, before: ir.Expr | None, changed: set[str], where: str,
        depth: int,
    ) -> ir.Expr:  # fmt: skip
        """The value `c.F = v` leaves in the field."""
        op = assign.child_by_field_name("operator")
        right = assign.child_by_field_name("right")
        left = assign.child_by_field_name("left")
        if op is None or text(op) != "=" or right is None or left is None or len(left.named_children) != 1:
            return ir.Unknown(f"{where} (not followed)")
        value = right.named_children[0] if len(right.named_children) == 1 else None
        read = next((f for n in walk(value) if (f := _field_of(n, var)) in changed), None) if value else None
        if value is None or read is not None:
            return ir.Unknown(f"{where} from `{var}.{read}`, set before it (not followed)")
        lowered = self.lower(value, fn, line(assign), depth + 1)
        if _top(assign, fn):
            return lowered
        branch = _default_if(assign, var, field)
        if branch is not None and _top(branch, fn):
            found = ir.with_default(before, lowered, "text") if before is not None else None  # `if f == ""`
            return found or ir.Unknown(f"{where} (not followed)")
        return ir.Unknown(f"{where}, under a condition or in a loop (not followed)")


def _returned(ret: Node) -> Node | None:
    """`return c` or `return c, nil` -> `c`."""
    values = ret.named_children[0] if ret.named_children else None
    return values.named_children[0] if values is not None and values.type == "expression_list" else values


def _literal(node: Node) -> Node | None:
    """The keyed struct literal a variable is given (`&Config{K: v}`, `Config{K: v}`), else None."""
    if node.type == "unary_expression" and text(node).startswith("&"):
        node = node.child_by_field_name("operand") or node
    body = node.child_by_field_name("body") if node.type == "composite_literal" else None
    if body is None or any(e.type != "keyed_element" for e in body.named_children):
        return None
    return node


def _is_key(node: Node) -> bool:
    """Whether `node` is the key of a keyed element (`Env:` in `Config{Env: x}`), not a variable."""
    up = node.parent
    if up is not None and up.type == "literal_element":
        up, node = up.parent, up
    return up is not None and up.type == "keyed_element" and up.child_by_field_name("key") == node


def _field_of(node: Node, var: str) -> str | None:
    """`c.F` -> "F" when `node` is a selector on the variable `var`."""
    if node.type != "selector_expression":
        return None
    operand, field = node.child_by_field_name("operand"), node.child_by_field_name("field")
    if operand is None or field is None or operand.type != "identifier" or text(operand) != var:
        return None
    return text(field)


def _assigned(selector: Node) -> Node | None:
    """The assignment statement whose left side holds `selector` (None: it is read)."""
    up = selector.parent
    if up is None or up.type != "expression_list" or up.parent is None:
        return None
    statement = up.parent
    if statement.type == "assignment_statement" and statement.child_by_field_name("left") == up:
        return statement
    return None


def _top(statement: Node, fn: Node) -> bool:
    """Whether `statement` is a statement of the function's own block (not under an `if`, a loop, a closure)."""
    up = statement.parent
    while up is not None and up.type in CONTAINERS:
        up = up.parent
    return up is not None and up.type == "block" and up.parent is not None and up.parent.id == fn.id


def _default_if(assign: Node, var: str, field: str) -> Node | None:
    """The `if c.F == "" { c.F = v }` (no `else`, that one statement) `assign` is the body of, else None."""
    up = assign.parent
    while up is not None and up.type in CONTAINERS:
        up = up.parent
    branch = up.parent if up is not None and up.type == "block" else None
    if branch is None or branch.type != "if_statement" or branch.child_by_field_name("alternative") is not None:
        return None
    cond, then = branch.child_by_field_name("condition"), branch.child_by_field_name("consequence")
    statements = [s for s in walk(then) if s.parent is not None and s.parent.type in ("block", "statement_list")]
    statements = [s for s in statements if s.is_named and s.type not in CONTAINERS]
    if cond is None or "".join(text(cond).split()) != f'{var}.{field}==""' or len(statements) != 1:
        return None
    return branch


def _package_call(value: ir.Apply) -> bool:
    """`loadConfig(ctx)` of another file of the package, `settings.Load(ctx)` of another package of the module (a
    helper reads the fields of what it returns through made.made_member)."""
    callee = value.callee
    go = (ir.ModuleKind.DIR, ir.ModuleKind.GO)
    return isinstance(callee, ir.Import) and callee.module.kind in go and "()" not in callee.name
