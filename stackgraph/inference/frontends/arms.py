"""Which assignments can reach a read, beyond the line they are on (tree-sitter languages: TS/JS, C#, Java, Go).

The lookup picks the last assignment before the read in program order (by position on the read's own line:
`x = "a"; f(x); x = "b"` reads "a"); one after it in a loop around both makes it unknown. One made in another
arm of the `if` whose arm holds the read never runs before it: `if (c) { x = "a" } else { f(x) }` reads x as it
was before the if, not "a" (a wrong edge). The same holds for another `case` of a switch (one that cannot fall
through to the read's), and for a `catch` seen from another `catch` or from the `try` body. Inside a loop the
other arm may have run in an earlier turn: the read is then unknown. A read after the if is in no arm of it: it
sees every arm as before. A case that may fall through into the read's (JS/TS, Java's `case x:` without a jump;
Go's `fallthrough`) may have run before it or not (the read's case may be entered directly): the read is
unknown. An assignment in a case, a try body or a catch that does not hold the read may not have run: not
certain (`parted`).
"""

from __future__ import annotations

from typing import Any

from stackgraph.inference import ir

Node = Any  # tree_sitter.Node (as in treesitter.py, which imports this module)

IFS = frozenset({"if_statement"})
TRIES = frozenset({"try_statement", "try_with_resources_statement"})
GO_CASES = frozenset({"expression_case", "type_case", "default_case", "communication_case"})
"""Go's cases (of a switch, a type switch, a select): each ends its switch unless it ends in `fallthrough`."""
CASES = GO_CASES | {"switch_case", "switch_default", "switch_section", "switch_block_statement_group", "switch_rule"}
FALLS = frozenset({"switch_case", "switch_default", "switch_block_statement_group"})
"""Cases whose end runs on into the next one unless it jumps (JS/TS, Java's `case x:`); C# forbids it, Java's
`case x ->` has none, a Go case only when it ends with `fallthrough`."""
JUMPS = frozenset({"break_statement", "return_statement", "throw_statement", "continue_statement", "yield_statement"})
BLOCKS = frozenset({"statement_block", "block", "statement_list"})
TRY_PARTS = BLOCKS | {"catch_clause", "finally_clause"}
HOISTED = frozenset({"function_declaration", "generator_function_declaration", "local_function_statement",
                     "method_declaration", "constructor_declaration"})  # fmt: skip
"""Functions callable before (or regardless of) where they are written: JS declarations, C# local functions, methods."""
DECLARED = frozenset({"function_declaration", "generator_function_declaration", "local_function_statement"})
"""Hoisted functions whose calls `_called_after` reads (a method is called from anywhere)."""
FUNCTIONS = DECLARED | {"function_expression", "function", "arrow_function", "method_definition", "generator_function",
                        "lambda_expression", "anonymous_method_expression", "method_declaration"}  # fmt: skip
LOOPS = frozenset({"for_statement", "for_in_statement", "foreach_statement", "enhanced_for_statement",
                   "while_statement", "do_statement"})  # fmt: skip
UPDATES = ("increment", "update")
"""The fields of a `for` (Go: of its `for_clause`) holding its update clause, which runs after each turn's body."""


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
    items: list[tuple[int, Node]], at: int, read: Node | None, scope: Node | None, name: str, *,
    own: bool | None, called: Node | None = None,
) -> list[tuple[int, Node]] | ir.Unknown:  # fmt: skip
    """The assignments of `items` (of `name`, in `scope`) that may run before the read `read` at line `at`.

    In program order: on the read's own line by position (`x = "a"; f(x); x = "b"` reads "a"), else by line.
    None before it: in the read's own function (`own`, and not a parameter of it) unknown (not declared yet, or
    the value an earlier call left); in an enclosing function (False) all of them (a closure, called later); in
    the file (None) none (the name may be an import's). Unknown too when one made after the read in a loop
    around both may have run in an earlier turn, or one held apart from it by an if in a loop (within `scope`),
    when one is in a case that may fall through into the read's (`fallen`), and when the read is in a function
    defined in `scope` (`called`) that may be called while the name holds another value (`_called_between`)."""
    unknown = _called_between(items, called, name) if called is not None else None
    if unknown is not None:
        return unknown
    kept = preceding(items, at, read)
    if read is not None:
        kept = [item for item in kept if not _updated(item[1], read, scope)]
        unknown = _carried([item for item in items if item not in kept], read, scope, name)
        if unknown is not None:
            return unknown
    if not kept and items and own is not None:
        if own:
            return ir.Unknown(f"'{name}', read before its function assigns it at line {items[0][0]}")
        kept = items
    if read is None:
        return kept
    out = []
    for ln, value in kept:
        split = apart(value, read)
        case = fallen(value, read) if split is None else None
        if case is not None:
            return ir.Unknown(
                f"'{name}', assigned in the case at line {case.start_point[0] + 1}, which may fall through into the "
                f"one read at line {read.start_point[0] + 1} (or not: it may be entered directly)"
            )
        if split is None:
            out.append((ln, value))
        elif _looped(split, scope):
            where = f"the {_kind(split)} at line {split.start_point[0] + 1}"
            return ir.Unknown(
                f"'{name}', assigned in another arm of {where}, in a loop (it may have run in an earlier turn)"
            )
    return out


def preceding(items: list[tuple[int, Node]], at: int, read: Node | None) -> list[tuple[int, Node]]:
    """The assignments of `items` made before `read` at line `at`: those on its line by position (all of them
    when `read` is not on line `at`: seen from that line), those on earlier lines."""
    cut = place(read, at)
    return [(ln, v) for ln, v in items if ln < at or (ln == at and (cut < 0 or v.end_byte <= cut))]


def parted(up: Node, read: Node | None, at: int) -> bool:
    """Whether `up` is a part of a switch or try that may not run (in full) before a read it does not hold (the
    node `read`, else line `at`): a case, which the read's case may be entered without (a fall-through from it
    is not certain), a try body that may have thrown, a catch not taken."""
    parent = up.parent
    part = up.type in CASES or (parent is not None and parent.type in TRIES and up.type in TRY_PARTS)
    return part and not holds(up, read, at)


def holds(node: Node, read: Node | None, at: int) -> bool:
    """Whether `node` holds the read `read` on line `at` (by position), else line `at` (a read seen from a line)."""
    if place(read, at) >= 0:
        return within(read, node)
    return bool(node.start_point[0] + 1 <= at <= node.end_point[0] + 1)


def place(read: Node | None, at: int) -> int:
    """Where the read `read` starts when it is on line `at` (-1: none, or seen from line `at`, not from it)."""
    return int(read.start_byte) if read is not None and read.start_point[0] + 1 == at else -1


def arm_of(read: Node | None) -> int:
    """The innermost arm holding `read` (0: none): reads in the same arm see the same assignments."""
    cur = read
    while cur is not None:
        up = cur.parent
        if up is not None and (up.type in IFS or up.type in TRIES or cur.type in CASES):
            return int(cur.id)
        cur = up
    return 0


def _called_between(items: list[tuple[int, Node]], fn: Node, name: str) -> ir.Unknown | None:
    """Unknown when the function `fn` reads `name`, given several values (`items`) where `fn` is defined, and may be
    called before the last of them: one is made after `fn` starts, or `fn` is a declaration (hoisted, or a method:
    called from anywhere). It reads the value the name has when it is called (`f(); n = ".."`)."""
    if len(items) < 2 or (fn.type not in HOISTED and all(v.end_byte <= fn.start_byte for _, v in items)):
        return None
    if fn.type in DECLARED and _called_after(fn, max(v.end_byte for _, v in items), [v for _, v in items]):
        return None
    where = fn.start_point[0] + 1
    return ir.Unknown(
        f"'{name}', reassigned (line {items[-1][0]}) and read in the function at line {where} when called"
    )


def _called_after(fn: Node, last: int, values: list[Node]) -> bool:
    """Whether the declared function `fn` runs only after byte `last` of its scope: every assignment (`values`) and
    every use of its name there (a hoisted `function ref() {..}` with `ref("net")` below the `if` setting what it
    reads) is outside any function, and each use is a call made after `last`. Exported, it is called by modules
    that run once this one has (then the name holds its last value too)."""
    named, scope = fn.child_by_field_name("name"), fn.parent
    if named is None or scope is None or (scope.type == "export_statement" and (scope := scope.parent) is None):
        return False
    if any(_in_function(v, scope) for v in values):
        return False
    word, cursor = named.text, scope.walk()
    while True:
        node = cursor.node
        if node.type == "identifier" and node.text == word and node.id != named.id:
            call = node.parent
            if call is None or call.type not in ("call_expression", "invocation_expression"):
                return False  # handed on (a callback, a value): called when, nobody here says
            if call.child_by_field_name("function") != node or node.start_byte < last or _in_function(node, scope):
                return False
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent() or cursor.node.id == scope.id:
                return True


def _in_function(node: Node, scope: Node) -> bool:
    """Whether a function within `scope` holds `node` (its code runs when called, not in order)."""
    up = node.parent
    while up is not None and up.id != scope.id:
        if up.type in FUNCTIONS:
            return True
        up = up.parent
    return False


def _falls_into(case: Node, later: Node) -> bool:
    """Whether `case` may run on into the `later` case of its switch, through each case between."""
    cur = case
    while cur is not None and cur.id != later.id:
        if cur.type != "comment" and (cur.type not in CASES or not _falls(cur)):
            return False
        cur = cur.next_named_sibling
    return cur is not None


def _falls(case: Node) -> bool:
    """Whether the end of a case runs on into the next one: JS/TS and Java's `case x:` unless its last statement
    (or that of the block it ends with) jumps out; Go's only by `fallthrough`; C#'s and Java's `case x ->` never."""
    last = case.named_children[-1] if case.named_children else None
    while last is not None and last.type in BLOCKS:
        last = last.named_children[-1] if last.named_children else None
    if case.type in GO_CASES:
        return last is not None and last.type == "fallthrough_statement"
    return case.type in FALLS and not (last is not None and last.type in JUMPS)


def _carried(later: list[tuple[int, Node]], read: Node, scope: Node | None, name: str) -> ir.Unknown | None:
    """Unknown when one of the assignments `later` (made after `read`) is in a loop (within `scope`) around both:
    an earlier turn made it before the read (`for (..) { f(x); x = "b" }`)."""
    for ln, value in later:
        up = value.parent
        while up is not None and (scope is None or up.id != scope.id):
            if up.type in LOOPS and within(read, up):
                where = up.start_point[0] + 1
                return ir.Unknown(f"'{name}', assigned at line {ln} after the read in the loop at line {where}")
            up = up.parent
    return None


def _updated(value: Node, read: Node, scope: Node | None) -> bool:
    """Whether `value` is in the update clause of a `for` (within `scope`) whose body holds `read`: written before
    the body, it runs after each turn of it (`for (..; x = "b") { f(x) }`), so it is after the read in the loop."""
    child, up = value, value.parent
    while up is not None and (scope is None or up.id != scope.id):
        if up.type in ("for_statement", "for_clause") and any(
            part.id == child.id for field in UPDATES for part in up.children_by_field_name(field)
        ):
            loop = up.parent if up.type == "for_clause" else up
            body = loop.child_by_field_name("body") if loop is not None else None
            if body is not None and within(read, body):
                return True
        child, up = up, up.parent
    return False


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
