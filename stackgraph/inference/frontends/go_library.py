"""The Go standard library and Pulumi SDK calls the Go finder lowers: `fmt.Sprintf`, `strings.Join`, the string
functions of `strings` (strmethods.py), `os.Getenv`, and the Pulumi config package."""

from __future__ import annotations

import contextlib

from stackgraph.inference import ir, templates
from stackgraph.inference.frontends import strmethods
from stackgraph.inference.frontends.engine_env import environment_variable
from stackgraph.inference.frontends.go_objects import GoObjects
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, text

CONFIG_READS = frozenset({"Get", "Require", "GetSecret", "RequireSecret"})
PULUMI_CONFIG = "github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"


class GoLibrary(GoObjects):
    """The part of the Go finder that reads calls of the standard library and the Pulumi config package."""

    pulumi_config: set[str]  # the names the file imports them by
    strings_package: set[str]

    def library_call(
        self, owner: str, name: str, args: list[ir.Expr], arg_nodes: list[Node], func: Node, scope: Node | None,
        at: int, depth: int,
    ) -> ir.Expr | None:  # fmt: skip
        """`fmt.Sprintf`, `strings.Join`, `strings.ToLower` ..., `os.Getenv`, the Pulumi config package (None: another
        call)."""
        if name == "Sprintf" and owner in ("fmt", "pulumi") and args and isinstance(args[0], ir.Lit):
            return templates.printf(args[0].value, args[1:])
        if name == "Join" and owner == "strings" and len(arg_nodes) == 2:
            return self._join(arg_nodes[0], args[1], scope, at, depth)
        if owner in self.strings_package:
            count = _literal_int(arg_nodes[3]) if len(arg_nodes) == 4 else None
            found = strmethods.go_strings(name, args, count, shape(func.parent or func))
            if found is not None:
                return found
        if owner == "os" and name in ("Getenv", "LookupEnv") and args:
            return environment_variable(args[0])
        if owner in self.pulumi_config:
            return self._config_package(name, args)
        return None

    def _lower_index_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """`strings.Split(s, ".")[1]`, `strings.SplitN(s, ".", 2)[1]`, also through a name given it once
        (`parts := strings.Split(..)`, then `parts[1]`): an item of the split (a literal index, or one counted
        from the end, `parts[len(parts)-1]`)."""
        operand, index = node.child_by_field_name("operand"), node.child_by_field_name("index")
        position = _literal_int(index) if index is not None else None
        if position is None and index is not None and operand is not None:
            position = _from_end(index, operand)
        if operand is not None and operand.type == "identifier":
            operand = self.single_value(text(operand), scope) or operand
        split = self._split_of(operand) if operand is not None and position is not None else None
        if split is None or position is None:
            return ir.Unknown(f"a run-time value ({shape(node)})")
        value, sep, limit = split
        if limit == 0:
            return ir.Unknown(f"strings.SplitN with n 0 (no parts: an index panics) ({shape(node)})")
        return ir.Split(self.lower(value, scope, at, depth), sep, position, max(limit - 1, -1))

    def _split_of(self, call: Node) -> tuple[Node, str, int] | None:
        """`strings.Split(s, sep)` / `strings.SplitN(s, sep, n)` with a literal `sep` (and `n`): (s, sep, n or -1)."""
        func, args = call.child_by_field_name("function"), call.child_by_field_name("arguments")
        if call.type != "call_expression" or func is None or func.type != "selector_expression" or args is None:
            return None
        operand, field, items = (
            func.child_by_field_name("operand"),
            func.child_by_field_name("field"),
            args.named_children,
        )
        if operand is None or field is None or text(operand) not in self.strings_package:
            return None
        wanted = {"Split": 2, "SplitN": 3}.get(text(field))
        literal = wanted == len(items) and items[1].type in ("interpreted_string_literal", "raw_string_literal")
        sep = self.lower(items[1], None, 0) if literal else None
        limit = _literal_int(items[2]) if len(items) == 3 else -1
        if not isinstance(sep, ir.Lit) or limit is None:
            return None
        return items[0], sep.value, limit

    def _config_package(self, name: str, args: list[ir.Expr]) -> ir.Expr:
        if name == "New" and len(args) == 2:
            ns = args[1]
            if isinstance(ns, ir.Lit):
                return ir.ConfigObject(ns.value or None)
            if isinstance(ns, ir.CurrentProject):  # `config.New(ctx, ctx.Project())`: the project's own
                return ir.ConfigObject(None)
            return ir.Unknown("a Config namespace")
        if name in CONFIG_READS and len(args) == 2 and isinstance(args[1], ir.Lit):
            return ir.ConfigRead(None, args[1].value)
        return ir.Unknown(f"config.{name}()")

    def _join(self, items: Node, sep: ir.Expr, scope: Node | None, at: int, depth: int) -> ir.Expr:
        if items.type != "composite_literal":
            return ir.Unknown("strings.Join of a run-time list")
        body = items.child_by_field_name("body")
        elements = [e.named_children[0] if e.named_children else e for e in (body.named_children if body else [])]
        parts: list[ir.Expr] = []
        for i, element in enumerate(elements):
            parts.extend([sep] if i else [])
            parts.append(self.lower(element, scope, at, depth))
        return ir.concat(parts)


def _literal_int(node: Node) -> int | None:
    """The value of a literal integer (`2`, `-1`, `0x10`, `1_000`), else None."""
    negative = node.type == "unary_expression" and text(node.child_by_field_name("operator")) == "-"
    number = node.child_by_field_name("operand") if negative else node
    if number is None or number.type != "int_literal":
        return None
    with contextlib.suppress(ValueError):
        return -int(text(number), 0) if negative else int(text(number), 0)
    return None


def _from_end(index: Node, operand: Node) -> int | None:
    """`len(parts)-2` indexing `parts` (the same name or expression): -2, the second part from the end (None: another
    index). Go has no negative index; this is how a program takes the last parts."""
    left, op, right = (index.child_by_field_name(f) for f in ("left", "operator", "right"))
    if index.type != "binary_expression" or op is None or text(op) != "-" or left is None or right is None:
        return None
    func, args = left.child_by_field_name("function"), left.child_by_field_name("arguments")
    if left.type != "call_expression" or func is None or text(func) != "len" or args is None:
        return None
    back = _literal_int(right)
    same = len(args.named_children) == 1 and text(args.named_children[0]) == text(operand)
    return -back if same and back is not None and back > 0 else None
