"""Whether a loop of a tree-sitter language surely runs a site once per item (irloops.py), as its front-end says
through a `LoopSyntax`: no `break` (nor `goto`, nor `continue outer`) of the loop, the variable not assigned in the
body, no test of the variable (or of a name the body assigns) around the site, nor around a `continue`/`return`/
`throw` before it. A jump that belongs to a `switch`, a loop or a function in the body is none of the loop's."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from stackgraph.inference import ir, irloops
from stackgraph.inference.frontends.treesitter import Node, line, text, walk

Decider = Callable[[Node, Node], "Node | None"]
"""What decides whether `child` of `node` runs (the condition of an `if` around it), else None."""


MEMOS = ("_lookups", "_settles")
"""The memos of lowered values: a site's name lowered with its loop variables kept must not share them."""
LOOPED = "bound by a loop, a pattern or a catch clause (a run-time value)"
"""The end of why a name bound by a loop is unknown (treesitter.py, golang.py)."""


def loop_field(
    finder: Any, obj: Node, field: str, scope: Node | None, at: int, depth: int, use: Node | None = None
) -> ir.Expr | None:
    """`p.name` (Go: `p.Name`; `use`: the whole expression, else `obj`) of a loop variable `p`: a value the loop
    binds (its items' field), kept as `ir.LoopVar` in `finder.looped`; of a name a loop binds but whose values are
    not followed, why; else None."""
    found = finder.lookup(text(obj), scope, at, depth, obj)
    if isinstance(found, ir.LoopVar):
        var, _, place = found.key.partition("@")
        key = f"{var}.{field}@{place}"
        finder.looped[key] = finder.looped[found.key]
        return ir.LoopVar(key)
    if irloops.unknown_why(found, lambda why: why.endswith(LOOPED)) and finder._loop_of(use or obj, text(obj)):
        return ir.Unknown(f"'{text(obj)}.{field}', {LOOPED}")
    return None


def relowered(finder: Any, site: Node, lower: Callable[[], ir.Expr]) -> tuple[ir.Expr, dict[str, Node]]:
    """`lower()` with `finder.looping` set to `site` (its `_lookup` then gives the variables of the loops around the
    site as `ir.LoopVar`, each kept in `finder.looped`), on memos of its own; and those loops by key."""
    saved = {k: finder.__dict__.pop(k) for k in MEMOS if k in finder.__dict__}
    finder.looping, finder.looped = site, {}
    try:
        return lower(), finder.looped
    finally:
        finder.looping = None
        for k in MEMOS:
            finder.__dict__.pop(k, None)
        finder.__dict__.update(saved)


def read_within(body: Node, use: Node | None, at: int) -> bool:
    """Whether the read `use` (None: one on line `at`) is in `body`: a read before the loop is not of its variable."""
    if use is not None:
        return bool(body.start_byte <= use.start_byte and use.end_byte <= body.end_byte)
    return bool(line(body) <= at <= body.end_point[0] + 1)


@dataclass(frozen=True)
class LoopSyntax:
    functions: frozenset[str]  # code there runs later, not in the run of the loop
    breaks: frozenset[str]
    exits: frozenset[str]  # `continue`, `return`, `throw`
    skips: frozenset[str]  # those of `exits` that only skip the rest of a run (`continue`)
    assigns: tuple[tuple[str, str], ...]  # (node type, field holding the names it assigns; "" the whole node)
    decider: Decider


def body_why(loop: Node, body: Node, site: Node, names: set[str], syntax: LoopSyntax) -> str:
    """Why the body `body` of `loop` may not run `site` once with each item bound to `names`, else ""."""
    inner = list(walk(body))
    why = _break_why(inner, loop, syntax)
    if why:
        return why
    fields = dict(syntax.assigns)
    assigned: dict[str, int] = {}
    for n in inner:
        if n.type in fields:
            target = n.child_by_field_name(fields[n.type]) if fields[n.type] else n
            for ident in _bound(target) if target is not None else ():
                assigned.setdefault(text(ident), line(n))
    again = sorted(names & set(assigned))
    if again:
        return f"whose variable '{again[0]}' is assigned in its body at line {assigned[again[0]]}"
    tainted = names | set(assigned)
    skips = syntax.skips if loop.type not in syntax.functions else syntax.exits  # a callback's `return` is a skip
    ends = [
        n
        for n in inner
        if n.type in syntax.exits
        and (n.type not in skips or n.start_byte < site.start_byte)
        and _own_jump(n, loop, syntax)
    ]
    for n in [site, *ends]:  # a skip (`continue`) before the site; an end (`return`) anywhere: it ends the loop
        tests = _tests(n, loop, syntax.decider)
        if n is not site and n.type not in skips and not tests:
            return f"which ends at line {line(n)} in its first run"
        if any(reads(t, tainted) and not (n is not site and _failed(t)) for t in tests):
            return f"whose {'site' if n is site else 'exit'} at line {line(n)} depends on the loop variable"
    return ""


ITERATING = frozenset(
    {
        "for_statement",
        "for_in_statement",
        "while_statement",
        "do_statement",
        "enhanced_for_statement",
        "foreach_statement",
    }
)
"""The loops: an unlabeled `continue` inside goes on with the innermost (a `switch` is no loop: Java, TS, C#)."""
BREAKABLE = ITERATING | {
    "switch_statement",
    "expression_switch_statement",
    "type_switch_statement",
    "select_statement",
    "switch_expression",
}
"""The statements an unlabeled `break` inside leaves (TS/JS, Go, C#, Java): a loop or a `switch` (Go `select`)."""


def _own_jump(jump: Node, loop: Node, syntax: LoopSyntax) -> bool:
    """Whether `jump` (a `break`, `continue`, `return`, ..) in the body of `loop` leaves a run of it: not one in a
    function declared there, nor a `break` of a loop or `switch` there (`switch (s) { case "a": break; }`), nor a
    `continue` of a loop there, nor either to a label set there."""
    label = _label(jump) if jump.type in ("break_statement", "continue_statement") else None
    inner = BREAKABLE if jump.type == "break_statement" else ITERATING if jump.type == "continue_statement" else None
    cur = jump.parent
    while cur is not None and cur.id != loop.id:
        if cur.type in syntax.functions:
            return False
        if label is not None and cur.type == "labeled_statement" and _label(cur) == label:
            return False
        if label is None and inner is not None and cur.type in inner:
            return False
        cur = cur.parent
    return True


def _continues_outer(jump: Node, loop: Node) -> bool:
    """Whether `jump` is a `continue L` whose label `L` is not that of `loop` (it may be an outer loop's)."""
    label = _label(jump) if jump.type == "continue_statement" else None
    parent = loop.parent
    own = parent is not None and parent.type == "labeled_statement" and _label(parent) == label
    return label is not None and not own


def _label(node: Node) -> str | None:
    """The label of a `break L` / `continue L` or of a labeled statement `L: ..` (None: none)."""
    found = next((c for c in node.named_children if c.type != "comment"), None)
    if found is None or found.type not in ("statement_identifier", "label_name", "identifier"):
        return None
    return text(found)


def _break_why(inner: list[Node], loop: Node, syntax: LoopSyntax) -> str:
    """Which `break` (`goto`, `continue outer`) among the nodes `inner` of the body of `loop` leaves it, else ""."""
    for n in inner:
        if n.type in syntax.breaks and _own_jump(n, loop, syntax):
            word = text(n).split()[0].rstrip(";")
            return f"which has a `{word}` at line {line(n)}"
        if _continues_outer(n, loop) and _own_jump(n, loop, syntax):  # `continue outer;` ends this loop
            return f"which has a `{' '.join(text(n).split())}` at line {line(n)}"
    return ""


def _tests(node: Node, loop: Node, decider: Decider) -> list[Node]:
    """What decides whether `node` runs, from it out to `loop`."""
    out, child, cur = [], node, node.parent
    while cur is not None and cur.id != loop.id:
        decides = decider(cur, child)
        if decides is not None:
            out.append(decides)
        child, cur = cur, cur.parent
    return out


def _failed(test: Node) -> bool:
    """`err != nil`: an exit under it is the program failing (Go's `if err != nil { return err }`), not a skip."""
    return "".join(text(test).split()).endswith("!=nil")


PLACES = frozenset(
    {
        "subscript_expression",
        "member_expression",
        "index_expression",
        "selector_expression",
        "element_access_expression",
        "member_access_expression",
        "array_access",
        "field_access",
    }
)
"""An item or a member of a value (TS, Go, C#, Java): assigning it changes the value, not the name it is read through
(`refs[p] = ..`)."""


def _bound(target: Node) -> list[Node]:
    """The names an assignment to `target` binds (a name, the names of a pattern; not those in an item's index)."""
    if target.type == "identifier":
        return [target]
    if target.type in PLACES:
        return []
    return [n for c in target.named_children for n in _bound(c)]


def reads(node: Node, names: set[str]) -> bool:
    return any(n.type == "identifier" and text(n) in names for n in walk(node))


def changed(root: Node, name: str, allowed: Callable[[Node], bool]) -> bool:
    """Whether the list `name` may change: an identifier so spelled anywhere in the file that `allowed` does not
    allow (a loop over it, an item read, its declaration)."""
    return any(n.type == "identifier" and text(n) == name and not allowed(n) for n in walk(root))


def condition(node: Node, child: Node, fields: tuple[str, ...], whole: frozenset[str]) -> Node | None:
    """The condition (field among `fields`) of `node` deciding `child` (not the condition itself); all of `node` for
    a type in `whole` (a `try`: an exception may depend on the variable)."""
    if node.type in whole:
        return node
    for f in fields:
        found = node.child_by_field_name(f)
        if found is not None:
            return None if found.id == child.id else found
    return None
