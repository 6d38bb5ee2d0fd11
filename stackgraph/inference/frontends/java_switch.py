"""Java switch expressions (`switch (ctx.stackName()) { case "prod", "live" -> "prod"; default -> "dev"; }`).

An arm is read when its labels are string constants (or `default`) and its value one expression: `-> v;`,
`-> { yield v; }` or `case "a": yield v;`. The arms are tried in order, as Java does: a stack no arm takes (the switch
throws) is unknown, and so are the arms from one that cannot be read (another label, a statement, a pattern) on.
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, TSFinder

ARMS = frozenset({"switch_rule", "switch_block_statement_group"})


def _label_values(labels: list[Node]) -> list[Node] | None:
    """The string constants of `case "a", "b"` labels ([] for `default`); None for any other label."""
    out: list[Node] = []
    for label in labels:
        values = label.named_children
        if not values and label.text is not None and label.text.decode().strip() == "default":
            continue
        if not values or any(v.type != "string_literal" for v in values):
            return None
        out += values
    return out


def _arm_value(body: list[Node]) -> Node | None:
    """The one expression an arm gives: `-> v;`, `-> { yield v; }`, `: yield v;` (None: anything else)."""
    if len(body) == 1 and body[0].type == "block":
        body = body[0].named_children
    if len(body) != 1 or body[0].type not in ("expression_statement", "yield_statement"):
        return None
    inner = body[0].named_children
    return inner[0] if len(inner) == 1 else None


class JavaSwitch(TSFinder):
    """The part of the Java finder that lowers switch expressions."""

    def _lower_switch_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        block = node.child_by_field_name("body")
        subject = self.lower(node.child_by_field_name("condition"), scope, at, depth)
        out: ir.Expr = ir.Unknown("a switch expression that no case matches (it throws)")
        arms = [c for c in block.named_children if c.type in ARMS] if block is not None else []
        for arm in reversed(arms):
            parts = arm.named_children
            labels = [p for p in parts if p.type == "switch_label"]
            pieces = _label_values(labels)
            value = _arm_value([p for p in parts if p.type != "switch_label"])
            if pieces is None or value is None:
                out = ir.Unknown(f"a switch case that is not read ({shape(node)})")
            elif pieces:
                lits = tuple(self.lower(p, scope, at, depth) for p in pieces)
                out = ir.Conditional(ir.Has("equal", subject, lits), self.lower(value, scope, at, depth), out)
            else:
                out = self.lower(value, scope, at, depth)
        return out
