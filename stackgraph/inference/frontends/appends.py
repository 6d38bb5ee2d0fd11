"""A name given a value in terms of the value it had: `name += x` (TS/JS, C#, Java) and `name = name + x` (also
`name = \\`${name}-eu\\``, `var x = x + ..`). The name on the right is the value the name had as the statement
starts: its earlier assignments in the same scope (in source order, through the `if`s around them as any read
does), a parameter of the function, else unknown. Read as the value the statement gives, it was a value
defined in terms of itself ('<?>devdevdev..'); a `+=` not read at all left the name its earlier value: a wrong
stack name (`let n = "org/net/dev"; n += "-eu"` named org/net/dev)."""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.treesitter import Node, TSFinder, line, text

ASSIGNS = frozenset({"assignment_expression", "augmented_assignment_expression"})
"""Nodes with a `left`, an `operator` and a `right`: `=` and the compound assignments (one node in C# and Java)."""
NUMBERS = frozenset(
    {"number", "integer_literal", "real_literal", "decimal_integer_literal", "hex_integer_literal",
     "decimal_floating_point_literal", "octal_integer_literal", "binary_integer_literal"}
)  # fmt: skip
LOOPS = frozenset({"for_statement", "for_in_statement", "foreach_statement", "enhanced_for_statement",
                   "while_statement", "do_statement", "for_expression", "while_expression"})  # fmt: skip
FS_BRANCHES = LOOPS | {"if_expression", "match_expression", "try_expression", "lambda_expression"}
"""F# expressions around a `name <- ..` that may not run it, or run it again: the name after them is unknown."""
STOPS = frozenset({"expression_statement", "statement_block", "block", "program", "compilation_unit"})


def compound(node: Node) -> bool:
    """Whether `node` is `name op= x` (`+=`, `??=`, `-=` ..) on a plain name: declared as the statement itself."""
    op, left = node.child_by_field_name("operator"), node.child_by_field_name("left")
    return (
        node.type in ASSIGNS and op is not None and text(op) != "=" and left is not None and left.type == "identifier"
    )


def assigning(node: Node, functions: frozenset[str]) -> Node | None:
    """The statement that gives the name `node` (an identifier) a value computed from `node`: an assignment or
    a declarator of the same name whose right side holds it (None: another use)."""
    name, child, up = text(node), node, node.parent
    while up is not None and up.type not in functions and up.type not in STOPS:
        if up.type in ASSIGNS and up.child_by_field_name("right") == child:
            left = up.child_by_field_name("left")
            return up if left is not None and left.type == "identifier" and text(left) == name else None
        if up.type == "variable_declarator":  # `var x = x + ..` (a redeclaration), not `const [x] = ..`
            named = up.child_by_field_name("name")
            return up if named is not None and child != named and text(named) == name else None
        child, up = up, up.parent
    return None


def previous(finder: TSFinder, name: str, stmt: Node, depth: int) -> ir.Expr:
    """The value `name` has as `stmt` (which gives it another) starts: its assignments before it in its scope,
    followed as any read of it; a parameter; else unknown (a variable of an enclosing function, or none yet).

    Once per statement, and unknown past `ir.MAX_NODES` as any lookup: `x = x + ".."` under 40 `if`s makes an
    expression of 2**40 nodes written out (tests/inference/test_robustness.py)."""
    key = (name, stmt.id)
    return ir.remembered(finder, "_previous", key, lambda: ir.bounded(_previous(finder, name, stmt, depth), name))


def _previous(finder: TSFinder, name: str, stmt: Node, depth: int) -> ir.Expr:
    scope = finder.scope_of(stmt)
    items = finder.decls.get(scope.id if scope is not None else 0, {}).get(name, [])
    earlier = [(ln, v) for ln, v in items if v.end_byte <= stmt.start_byte and not _other_arm(v, stmt)]
    loop = next((up for up in _ups(stmt, scope) if up.type in LOOPS), None)
    if loop is not None and (not earlier or not all(_within(v, loop) for _, v in earlier)):
        return ir.Unknown(f"'{name}', given a value in terms of itself in a loop (it changes at each turn)")
    if earlier:
        return finder.settle(name, earlier, scope, line(stmt), depth, stmt)
    if scope is not None and ir.is_param(finder.params(scope), name):
        return ir.Param(name)
    return ir.Unknown(f"'{name}', given a value in terms of itself with no value before it in its function")


def appended(finder: TSFinder, node: Node, depth: int, *, numeric: bool) -> ir.Expr:
    """`name += x`: the value `name` had, then `x` (`numeric`: the name holds a number: unknown); `name ??= x`:
    `x` when it had none; any other operator (`-=`, `*=`, `&&=` ..) is arithmetic or logic: unknown."""
    left, op, right = (node.child_by_field_name(f) for f in ("left", "operator", "right"))
    name, op_text = text(left), text(op)
    if op_text == "+=" and not numeric:
        scope = finder.scope_of(node)
        return ir.concat([previous(finder, name, node, depth), finder.lower(right, scope, line(node), depth)])
    if op_text == "??=":
        scope = finder.scope_of(node)
        return ir.with_default(previous(finder, name, node, depth), finder.lower(right, scope, line(node), depth))
    return ir.Unknown(f"'{name}', changed by {name} {op_text} .. (arithmetic)")


def number_before(finder: TSFinder, name: str, stmt: Node) -> bool:
    """Whether an earlier value of `name` in the scope of `stmt` is a number literal (C#, Java: `k += 1` adds)."""
    scope = finder.scope_of(stmt)
    items = finder.decls.get(scope.id if scope is not None else 0, {}).get(name, [])
    return any(v.type in NUMBERS for _, v in items if v.end_byte <= stmt.start_byte)


def _ups(node: Node, scope: Node | None) -> list[Node]:
    """The nodes around `node` up to its scope (the file for None)."""
    out, up = [], node.parent
    while up is not None and (scope is None or up.id != scope.id):
        out.append(up)
        up = up.parent
    return out


def _other_arm(value: Node, stmt: Node) -> bool:
    """Whether `value` is in one arm of an `if` and `stmt` in the other: it never runs before `stmt`."""
    child, up = value, value.parent
    while up is not None and not _within(stmt, up):
        child, up = up, up.parent
    if up is None or up.type not in ("if_statement", "if_expression"):
        return False
    holder = next((c for c in up.children if _within(stmt, c)), None)
    arms = tuple(up.child_by_field_name(f) for f in ("consequence", "alternative", "then", "else"))
    return holder is not None and holder.id != child.id and child in arms and holder in arms


def _within(node: Node, outer: Node) -> bool:
    return bool(outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte)


def set_in_function(finder: TSFinder, name: str, scope: Node | None) -> ir.Expr | None:
    """Unknown when a function nested where `name` is declared assigns it (`const add = () => { g += "-eu" }`,
    a lambda, a local function) and the read in `scope` is not in that function: when it runs is not followed."""
    table: dict[str, list[Node]] | None = finder.__dict__.get("_set_in_functions")
    if table is None:
        table = finder.__dict__["_set_in_functions"] = {}
        for key, names in finder.decls.items():
            for var, items in names.items():
                fn = finder.scope_of(items[0][1]) if key else None
                if fn is not None and finder.declaring(fn, var) is not fn:
                    table.setdefault(var, []).extend(v for _, v in items)
    setters = table.get(name)
    if not setters:
        return None
    home = finder.declaring(scope, name)
    for value in setters:
        fn = finder.scope_of(value)
        if fn is not None and (scope is None or fn.id != scope.id) and finder.declaring(fn, name) == home:
            return ir.Unknown(
                f"'{name}', assigned in a function at {finder.file}:{line(value)} (when it runs is not followed)"
            )
    return None


def fsharp_assigning(node: Node) -> Node | None:
    """F#: the `let name = ..` (shadowing) or `name <- ..` whose value holds the plain name `node`, of that name."""
    name, child, up = text(node), node, node.parent
    while up is not None and up.type not in ("lambda_expression", "sequential_expression", "file"):
        first = up.named_children[0] if up.named_children else None
        if up.type == "mutate_expression":
            return up if child == up.named_children[-1] and first is not None and text(first) == name else None
        if up.type == "function_or_value_defn":
            held = first is not None and first.type == "value_declaration_left" and child != first
            ident = next((n for n in _names(first) if n.type == "identifier"), None) if held else None
            return up if ident is not None and text(ident) == name else None
        child, up = up, up.parent
    return None


def _names(node: Node | None) -> list[Node]:
    out, todo = [], [node] if node is not None else []
    while todo:
        cur = todo.pop()
        out.append(cur)
        todo.extend(reversed(cur.named_children))
    return out
