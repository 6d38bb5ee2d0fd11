"""The names a binding node of a tree-sitter tree introduces (a destructuring pattern, a loop variable)."""

from __future__ import annotations

from typing import Any

Node = Any  # tree_sitter.Node (see treesitter.py)

BINDING_NAMES = frozenset({"identifier", "shorthand_property_identifier_pattern"})
DEFAULTS = frozenset({"object_assignment_pattern", "assignment_pattern"})


def bound_names(node: Node) -> set[str]:
    """The names a binding node introduces (not those read by its default values)."""
    if node.type in BINDING_NAMES:
        return {node.text.decode("utf-8", errors="replace")}
    out: set[str] = set()
    for i, child in enumerate(node.children):
        if node.type in DEFAULTS and node.field_name_for_child(i) == "right":
            continue
        if node.type == "pair_pattern" and node.field_name_for_child(i) == "key":
            continue
        out |= bound_names(child)
    return out
