"""The names a binding node of a tree-sitter tree introduces (a destructuring pattern, a loop variable), and whether a
value given to a name declares it."""

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


SETS = frozenset(
    {"assignment_statement", "assignment_expression", "augmented_assignment_expression", "update_expression"}
)


def declares(values: list[tuple[int, Node]]) -> bool:
    """Whether a value a scope gives a name declares it there (`var net = ..`, `net := ..`), not only assigns it."""
    ups = [v.parent.parent if v.parent.type == "expression_list" else v.parent for _, v in values if v.type not in SETS]
    return any(up is None or up.type not in SETS for up in ups)
