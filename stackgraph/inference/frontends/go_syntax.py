"""Go syntax every part of the Go finder reads: string literals, the name a callee ends with, the reads of a
StackReference's outputs."""

from __future__ import annotations

import contextlib

from stackgraph.inference.frontends.treesitter import Node, text

OUTPUT_READS = frozenset(
    {"GetOutput", "GetStringOutput", "GetIDOutput", "GetFloat64Output", "GetIntOutput", "GetOutputDetails",
     "GetStringOutputDetails"}
)  # fmt: skip
OPENING = OUTPUT_READS | {"Outputs"}
"""Members of a StackReference whose other uses hide what it reads (`net.Outputs` passed on)."""


def string_value(node: Node | None) -> str | None:
    """The value of a Go string literal (None: not one)."""
    if node is None:
        return None
    if node.type == "raw_string_literal":
        return "".join(text(c) for c in node.named_children)
    if node.type != "interpreted_string_literal":
        return None
    out = []
    for c in node.named_children:
        raw = text(c)
        if c.type == "escape_sequence":
            with contextlib.suppress(UnicodeDecodeError):
                raw = raw.encode("utf-8").decode("unicode_escape")
        out.append(raw)
    return "".join(out)


def last_name(func: Node) -> str:
    """The name a callee or selector ends with (`f`, `pkg.F`, `net.Outputs`); "" for anything else."""
    if func.type == "selector_expression":
        field = func.child_by_field_name("field")
        return text(field) if field is not None else ""
    return text(func) if func.type == "identifier" else ""


def pulumi_string(node: Node) -> Node:
    """`pulumi.String("k")` -> the literal inside; anything else unchanged."""
    if node.type == "call_expression":
        args = node.child_by_field_name("arguments")
        if args is not None and len(args.named_children) == 1:
            return args.named_children[0]
    return node
