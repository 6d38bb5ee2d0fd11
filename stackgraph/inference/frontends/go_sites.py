"""The StackReferences of a Go file and the keys read on them, as its index walk meets them.

Sites: `pulumi.NewStackReference(ctx, name, args)`, named by `args.Name` when the third argument is written out
(`&pulumi.StackReferenceArgs{Name: x}`). Reads: `net.GetOutput(pulumi.String("k"))` (any of OUTPUT_READS) and
`net.Outputs.MapIndex(pulumi.String("k"))` on a variable or a call's result (`read_on`); `net.Outputs` used
otherwise, or `net.GetOutput` not called, opens them. What hands the reference itself on: go_reads.py.
"""

from __future__ import annotations

from stackgraph.inference.frontends import go_reads
from stackgraph.inference.frontends.go_reads import GoReads
from stackgraph.inference.frontends.go_syntax import OUTPUT_READS, last_name, pulumi_string, string_value
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, text


class GoSites(GoReads):
    """The Go finder's sites and the reads on them, recorded by `site_call` and `site_selector` while indexing."""

    def __init__(self, root: Node, file: str, language: str | None = None) -> None:
        super().__init__(root, file, language)
        self.sites_nodes: list[Node] = []
        self.call_nodes: list[Node] = []

    def site_call(self, node: Node, func: Node) -> None:
        """A call: a site, or a read of a key (`net.GetOutput(pulumi.String("k"))`, `net.Outputs.MapIndex(..)`)."""
        name = last_name(func)
        if name == "NewStackReference":
            self.sites_nodes.append(node)
        self.call_nodes.append(node)
        operand = func.child_by_field_name("operand") if func.type == "selector_expression" else None
        if name == "MapIndex" and operand is not None and last_name(operand) == "Outputs":  # net.Outputs.MapIndex(..)
            operand = operand.child_by_field_name("operand")
        elif name not in OUTPUT_READS:
            return
        args = node.child_by_field_name("arguments")
        if operand is not None and args is not None and args.named_children:
            key = pulumi_string(args.named_children[0])
            self.read_key(go_reads.read_on(operand), string_value(key), key, node)

    def site_selector(self, node: Node) -> None:
        """`net.Outputs` other than `net.Outputs.MapIndex(..)`, `net.GetOutput` not called: reads not read."""
        operand, up = node.child_by_field_name("operand"), node.parent
        if operand is None or up is None:
            return
        if last_name(node) != "Outputs":
            if up.type != "call_expression":
                self.open_use(go_reads.read_on(operand), up)
            return
        call = up.parent if up.type == "selector_expression" and last_name(up) == "MapIndex" else None
        if call is None or call.type != "call_expression":
            self.open_use(go_reads.read_on(operand), up)

    def site_nodes(self) -> list[Node]:
        return self.sites_nodes

    def name_argument(self, node: Node, scope: Node | None) -> tuple[Node | None, str]:
        args = node.child_by_field_name("arguments")
        items = args.named_children if args is not None else []
        if len(items) < 2:
            return None, ""
        return _name_arg(self.args_held(items, 2, scope))

    def holder(self, node: Node) -> str | None:
        return go_reads.holder(node)


def _name_arg(items: list[Node]) -> tuple[Node, str]:
    """`NewStackReference(ctx, name, args)`: `args.Name` when set (`&pulumi.StackReferenceArgs{Name: x}`), else name.

    Args that cannot be read here (a variable, a call) leave the stack name unknown: the reason is returned.
    """
    if len(items) < 3 or items[2].type == "nil":
        return items[1], ""
    node = items[2]
    if node.type == "unary_expression":
        operand = node.child_by_field_name("operand")
        node = operand if operand is not None else node
    if node.type != "composite_literal":
        return items[1], f"StackReferenceArgs that are not written out here ({shape(items[2])})"
    body = node.child_by_field_name("body")
    for element in body.named_children if body is not None else []:
        key = element.child_by_field_name("key")
        value = element.child_by_field_name("value")
        if key is not None and text(key) == "Name" and value is not None:
            return (value.named_children[0] if value.type == "literal_element" and value.named_children else value), ""
    return items[1], ""
