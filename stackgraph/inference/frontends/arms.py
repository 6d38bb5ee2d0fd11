"""Which assignments can reach a read, beyond the line they are on (tree-sitter languages: TS/JS, C#, Java, Go).

The lookup picks the last assignment before the read's line. One made in another arm of the `if` whose arm
holds the read never runs before it: `if (c) { x = "a" } else { f(x) }` reads x as it was before the if, not
"a" (a wrong edge). The same holds for another `case` of a switch (one that cannot fall through to the read's),
and for a `catch` seen from another `catch` or from the `try` body. Inside a loop the other arm may have run in
an earlier turn: the read is then unknown. A read after the if is in no arm of it: it sees every arm as before.
A case that may fall through into the read's (JS/TS, Java's `case x:` without a jump; Go's `fallthrough`) may
have run before it or not (the read's case may be entered directly): the read is unknown.
"""

from __future__ import annotations

from typing import Any

from stackgraph.inference import ir

Node = Any  # tree_sitter.Node (as in treesitter.py, which imports this module)

IFS = frozenset({"if_statement"})
TRIES = frozenset({"try_statement", "try_with_resources_statement"})
CASES = frozenset({"switch_case", "switch_default", "switch_section", "switch_block_statement_group", "switch_rule",
                   "expression_case", "default_case", "type_case", "communication_case"})  # fmt: skip
FALLS = frozenset({"switch_case", "switch_default", "switch_block_statement_group"})
"""Cases whose end runs on into the next one unless it jumps (JS/TS, Java's `case x:`); C# forbids it, Java's
`case x ->` has none, a Go case only when it ends with `fallthrough`."""
JUMPS = frozenset({"break_statement", "return_statement", "throw_statement", "continue_statement", "yield_statement"})
BLOCKS = frozenset({"statement_block", "block", "statement_list"})
LOOPS = frozenset({"for_statement", "for_in_statement", "foreach_statement", "enhanced_for_statement",
                   "while_statement", "do_statement"})  # fmt: skip


def apart(value: Node, read: Node) -> Node | None:
    """The if, switch or try whose arms hold `value` and `read` apart, so that `value` never runs before `read`
    (None: it may)."""
    found = _holders(value, read)
    if found is None:
        return None
    up, child, holder = found
    if up.type in IFS:
        arms = [up.child_by_field_name(f) for f in ("consequence", "alternative")]
        return up if child in arms and holder in arms else None
    if child.type in CASES and holder.type in CASES:
        return None if _falls_into(child, holder) else up
    if up.type in TRIES and child.type == "catch_clause":
        return up if holder.type == "catch_clause" or holder == up.child_by_field_name("body") else None
    return None


def fallen(value: Node, read: Node) -> Node | None:
    """The case holding `value` when it is an earlier case of `read`'s switch that may fall through into `read`'s
    case: `value` may have run before `read`, or not (None: no such case)."""
    found = _holders(value, read)
    if found is None or found[1].type not in CASES or found[2].type not in CASES:
        return None
    return found[1] if _falls_into(found[1], found[2]) else None


def _holders(value: Node, read: Node) -> tuple[Node, Node, Node] | None:
    """The innermost node holding both, with its children holding `value` and `read` (None: one holds both)."""
    child, up = value, value.parent
    while up is not None and not within(read, up):
        child, up = up, up.parent
    if up is None or child.id == up.id:
        return None
    holder = read  # climbed to, not looked for among `up`'s children: a function body may have thousands
    while holder.parent is not None and holder.parent.id != up.id:
        holder = holder.parent
    return None if holder.parent is None or holder.id == child.id else (up, child, holder)


def reaching(
    items: list[tuple[int, Node]], read: Node | None, scope: Node | None, name: str
) -> list[tuple[int, Node]] | ir.Unknown:
    """The assignments of `items` (of `name`) that may run before `read` (all of them for None); unknown when one
    held apart from it by an if in a loop (within `scope`) may have run in an earlier turn, or when one is in a
    case that may fall through into the read's."""
    if read is None:
        return items
    kept = []
    for ln, value in items:
        split = apart(value, read)
        case = fallen(value, read) if split is None else None
        if case is not None:
            return ir.Unknown(
                f"'{name}', assigned in the case at line {case.start_point[0] + 1}, which may fall through into the "
                f"one read at line {read.start_point[0] + 1} (or not: it may be entered directly)"
            )
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


def _falls_into(case: Node, later: Node) -> bool:
    """Whether `case` may run on into the `later` case of its switch, through each case between."""
    cur = case
    while cur is not None and cur.id != later.id:
        if cur.type != "comment" and (cur.type not in CASES or not _falls(cur)):
            return False
        cur = cur.next_named_sibling
    return cur is not None


def _falls(case: Node) -> bool:
    """Whether a case may run on into the next one: Go's ends with `fallthrough`, one of FALLS does not jump out
    with its last statement (or that of the block it ends with)."""
    last = case.named_children[-1] if case.named_children else None
    while last is not None and last.type in BLOCKS:
        last = last.named_children[-1] if last.named_children else None
    if last is not None and last.type == "fallthrough_statement":
        return True
    return case.type in FALLS and (last is None or last.type not in JUMPS)


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
