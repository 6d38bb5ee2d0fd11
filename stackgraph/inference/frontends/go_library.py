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
