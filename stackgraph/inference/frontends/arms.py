"""Which assignments can reach a read, beyond the line they are on (tree-sitter languages: TS/JS, C#, Java, Go).

The lookup picks the last assignment before the read's line. One made in another arm of the `if` whose arm
holds the read never runs before it: `if (c) { x = "a" } else { f(x) }` reads x as it was before the if, not
"a" (a wrong edge). The same holds for another `case` of a switch (one that cannot fall through to the read's),
and for a `catch` seen from another `catch` or from the `try` body. Inside a loop the other arm may have run in
an earlier turn: the read is then unknown. A read after the if is in no arm of it: it sees every arm as before.
"""

from __future__ import annotations

from typing import Any

from stackgraph.inference import ir

Node = Any  # tree_sitter.Node (as in treesitter.py, which imports this module)

IFS = frozenset({"if_statement"})
TRIES = frozenset({"try_statement", "try_with_resources_statement"})
CASES = frozenset({"switch_case", "switch_default", "switch_section", "switch_block_statement_group", "switch_rule"})
FALLS = frozenset({"switch_case", "switch_default", "switch_block_statement_group"})
"""Cases whose end runs on into the next one unless it jumps (JS/TS, Java's `case x:`); C# forbids it, Java's
`case x ->` has none."""
JUMPS = frozenset({"break_statement", "return_statement", "throw_statement", "continue_statement", "yield_statement"})
BLOCKS = frozenset({"statement_block", "block"})
LOOPS = frozenset({"for_statement", "for_in_statement", "foreach_statement", "enhanced_for_statement",
                   "while_statement", "do_statement"})  # fmt: skip


def apart(value: Node, read: Node) -> Node | None:
    """The if, switch or try whose arms hold `value` and `read` apart, so that `value` never runs before `read`
    (None: it may)."""
    child, up = value, value.parent
    while up is not None and not within(read, up):
        child, up = up, up.parent
    if up is None or child.id == up.id:
        return None
    holder = next((c for c in up.children if within(read, c)), None)
    if holder is None or holder.id == child.id:
        return None
    if up.type in IFS:
        arms = [up.child_by_field_name(f) for f in ("consequence", "alternative")]
        return up if child in arms and holder in arms else None
    if child.type in CASES and holder.type in CASES:
        stops = child.start_byte > holder.start_byte or child.type not in FALLS or _jumps(child)
        return up if stops else None
    if up.type in TRIES and child.type == "catch_clause":
        return up if holder.type == "catch_clause" or holder == up.child_by_field_name("body") else None
    return None


def reaching(
    items: list[tuple[int, Node]], read: Node | None, scope: Node | None, name: str
) -> list[tuple[int, Node]] | ir.Unknown:
    """The assignments of `items` (of `name`) that may run before `read` (all of them for None); unknown when one
    held apart from it by an if in a loop (within `scope`) may have run in an earlier turn."""
    if read is None:
        return items
    kept = []
    for ln, value in items:
        split = apart(value, read)
        if split is None:
            kept.append((ln, value))
        elif _looped(split, scope):
            where = f"the {_kind(split)} at line {split.start_point[0] + 1}"
            return ir.Unknown(
                f"'{name}', assigned in another arm of {where}, in a loop (it may have run in an earlier turn)"
            )
    return kept


def arm_of(read: Node | None) -> int:
    """The innermost arm holding `read` (0: none): reads in the same arm see the same assignments."""
    cur = read
    while cur is not None:
        up = cur.parent
        if up is not None and (up.type in IFS or up.type in TRIES or cur.type in CASES):
            return int(cur.id)
        cur = up
    return 0


def _jumps(case: Node) -> bool:
    """Whether the last statement of a case (or of the block it ends with) jumps out: it cannot fall through."""
    last = case.named_children[-1] if case.named_children else None
    while last is not None and last.type in BLOCKS:
        last = last.named_children[-1] if last.named_children else None
    return last is not None and last.type in JUMPS


def _looped(node: Node, scope: Node | None) -> bool:
    up = node.parent
    while up is not None and (scope is None or up.id != scope.id):
        if up.type in LOOPS:
            return True
        up = up.parent
    return False


def _kind(node: Node) -> str:
    return "if" if node.type in IFS else "try" if node.type in TRIES else "switch"


def within(node: Node, outer: Node) -> bool:
    return bool(outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte)
