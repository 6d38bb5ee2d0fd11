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
function with more than one `return`, leave every field unknown, saying so.
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.go_vars import GoVars
from stackgraph.inference.frontends.treesitter import Node, line, own, text, walk

Loaded = tuple[ir.Record, ir.Module]
CONTAINERS = frozenset({"statement_list", "expression_statement"})


class GoLoaded(GoVars):
    """The part of the Go finder that reads a struct a function of the file fills and returns."""

    package_dir: str
    functions: dict[str, Node]

    def loaded(self, call: Node, scope: Node | None, depth: int) -> Loaded | str | None:
        """`loadConfig(ctx)`: the record it returns, or why it is not read (None: not such a call)."""
        func = call.child_by_field_name("function")
        fn = self.functions.get(text(func)) if func is not None and func.type == "identifier" else None
        if fn is None or fn.type != "function_declaration":
            return None
        name = text(func) if func is not None else ""
        returns = [n for n in walk(fn) if n.type == "return_statement" and own(self.scope_of(n), fn)]
        if len(returns) != 1:
            return f"what {name}() returns: it returns at {len(returns)} places (not followed)"
        var = _returned_name(returns[0])
        items = self.decls.get(fn.id, {}).get(var, []) if var is not None else []
        made = _literal(items[0][1]) if len(items) == 1 else None
        kind = self._struct_kind(made.child_by_field_name("type")) if made is not None else None
        if var is None or made is None or kind is None:
            return None
        why = self._handed_on(fn, var, returns[0], items[0][1])
        if why:
            return f"what {name}() returns: `{var}` {why} (not followed)"
        fields = self._filled(fn, var, made, depth)
        args_node = call.child_by_field_name("arguments")
        args = [self.lower(a, scope, line(call), depth) for a in (args_node.named_children if args_node else [])]
        binding = dict(zip(self.params(fn), args, strict=False))
        record = ir.Record(kind[1], tuple(fields), tuple(ir.substitute(v, binding) for v in fields.values()))
        return record, kind[0]

    def overwritten(self, found: Loaded, var: str, value: Node) -> Loaded:
        """The record a variable holds, with each field the code sets after it is made (`cfg.Net = "x"`, also
        `&cfg.Net`, `cfg.N++`, anywhere in the variable's scope) unknown, naming where."""
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
            return ir.with_default(before, lowered) if before is not None else ir.Unknown(f"{where} (not followed)")
        return ir.Unknown(f"{where}, under a condition or in a loop (not followed)")


def _returned_name(ret: Node) -> str | None:
    """`return c` or `return c, nil` -> "c"."""
    values = ret.named_children[0] if ret.named_children else None
    first = values.named_children[0] if values is not None and values.type == "expression_list" else values
    return text(first) if first is not None and first.type == "identifier" else None


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
