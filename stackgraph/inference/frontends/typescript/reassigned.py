"""The reads of a StackReference held in a TS/JS variable assigned more than once (`let net = new
StackReference(a)`, `net.getOutput("x")`, `net = new StackReference(b)`, `net.getOutput("y")`): a read is charged
to each reference the variable may hold at that point, found by following the statements in order (reaching
assignments). After an `if` that assigns it in one arm or both, a read may see either: it is charged to each.
When the order cannot be known (an assignment in a loop, a `try`, a `switch` or inside an expression, a read or an
assignment in a nested function, the name bound otherwise), the reads are open rather than charged to a guess."""

from __future__ import annotations

from collections.abc import Callable

from stackgraph.inference.frontends.treesitter import Node, line, text, walk
from stackgraph.inference.frontends.typescript.reads import TypeScriptReads
from stackgraph.inference.frontends.typescript.syntax import WRAPPERS

Scope = Callable[[Node], Node | None]
Reach = frozenset[int]
ENTRY = -1
"""The value before the variable's first assignment in its block: none of its references."""
ENDS = frozenset({"return_statement", "throw_statement", "break_statement", "continue_statement"})
LOOPS = frozenset({"for_statement", "for_in_statement", "while_statement", "do_statement"})
KINDS = {"try_statement": "a `try`", "switch_statement": "a `switch`", "labeled_statement": "a labeled statement"}
NAMES = frozenset({"identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern"})
BINDINGS = frozenset(
    {("for_in_statement", "left"), ("catch_clause", "parameter"), ("augmented_assignment_expression", "left"),
     ("update_expression", "argument"), ("function_declaration", "name"), ("class_declaration", "name"),
     ("generator_function_declaration", "name"), ("arrow_function", "parameter")}
)  # fmt: skip
"""(parent, field) of an identifier that binds the name otherwise than by `=` or a declaration."""
PATTERNS = frozenset(
    {"required_parameter", "optional_parameter", "array_pattern", "pair_pattern", "rest_pattern",
     "assignment_pattern", "object_assignment_pattern", "import_specifier", "namespace_import", "import_clause"}
)  # fmt: skip


class Unordered(Exception):
    """The assignments of the variable cannot be put in order: why, shown to the user."""


class Flow:
    """Which assignments of `var` (in `stores`, by position) may reach each read of it in `region`: the block
    that holds its `let` declaration, or the function (or file) that holds its `var`."""

    def __init__(self, reads: TypeScriptReads, var: str, scope: Node | None, scope_of: Scope, region: Node) -> None:
        self.reads, self.var, self.scope, self.scope_of = reads, var, scope, scope_of
        self.stores: list[Node] = []  # the declarator's name and the left of each `var = ..`, in order
        self.loads: list[Node] = []
        self.declared = 0
        self.bound: list[Node] = []  # bound otherwise, or assigned in a nested function
        for node in walk(region):
            if node.type in NAMES and text(node) == var:
                self._sort(node)
        self.at = {n.id: i for i, n in enumerate(self.stores)}
        self.reach: dict[int, Reach] = {}  # id of a read -> the assignments it may see
        self.again = f"`{var}` is assigned more than once ({reads.file}:{{}})"

    def _sort(self, node: Node) -> None:
        up, here = node.parent, self.scope_of(node) == self.scope
        if up.type == "variable_declarator" and up.child_by_field_name("name") == node:
            self.declared += 1
            (self.stores if here else self.bound).append(node)
        elif up.type == "assignment_expression" and up.child_by_field_name("left") == node:
            (self.stores if here else self.bound).append(node)
        elif node.type == "shorthand_property_identifier_pattern" or up.type in PATTERNS or _binding(up, node):
            if here:
                self.bound.append(node)
        else:
            self.loads.append(node)

    def run(self, region: Node) -> None:
        """Follow the statements of the region. Raises Unordered."""
        if self.bound:
            where = f"{self.reads.file}:{line(self.bound[0])}"
            raise Unordered(f"{self.again.format(line(self.stores[-1]))}; `{self.var}` is also bound or assigned at "
                            f"{where}: which reference a read uses is not known")  # fmt: skip
        self.block(region.named_children, frozenset({ENTRY}))

    def block(self, body: list[Node], reach: Reach) -> Reach:
        for stmt in body:
            reach = self.stmt(stmt, reach)
        return reach

    def stmt(self, stmt: Node, reach: Reach) -> Reach:
        """The assignments the variable may hold after `stmt`, given those before it; the reads in it are noted."""
        assigned = self._assigns(stmt, reach)
        if assigned is not None:
            return assigned
        inner = next((n for n in self.stores if _within(n, stmt)), None)
        if inner is None:  # no assignment of the variable in it: every read sees the same
            self.note(stmt, reach)
            return frozenset() if stmt.type in ENDS else reach
        if stmt.type == "if_statement":
            self.note(stmt.child_by_field_name("condition"), reach)
            out = self.stmt(stmt.child_by_field_name("consequence"), reach)
            other = stmt.child_by_field_name("alternative")
            return out | (self.stmt(other, reach) if other is not None else reach)
        if stmt.type in ("statement_block", "else_clause"):
            return self.block(stmt.named_children, reach)
        kind = "a loop" if stmt.type in LOOPS else KINDS.get(stmt.type, "an expression")
        raise Unordered(f"{self.again.format(line(inner))} in {kind}: which reference a read uses is not known")

    def _assigns(self, stmt: Node, reach: Reach) -> Reach | None:
        """After `let net = v;` (among other declarations) or `net = v;`: the assignment; None for another statement."""
        if stmt.type in ("lexical_declaration", "variable_declaration") and self._holds(stmt):
            for decl in stmt.named_children:
                value, name = decl.child_by_field_name("value"), decl.child_by_field_name("name")
                if value is not None:
                    self.note(value, reach)
                if name is not None and name.id in self.at:
                    reach = frozenset({self.at[name.id]})
            return reach
        expr = stmt.named_children[0] if stmt.type == "expression_statement" and stmt.named_children else None
        left = expr.child_by_field_name("left") if expr is not None and expr.type == "assignment_expression" else None
        right = expr.child_by_field_name("right") if expr is not None and left is not None else None
        if left is None or right is None or left.id not in self.at or any(_within(n, right) for n in self.stores):
            return None
        self.note(right, reach)
        return frozenset({self.at[left.id]})

    def _holds(self, stmt: Node) -> bool:
        """Whether the declaration `stmt` declares the variable, which it assigns nowhere else in it."""
        inner = [n for n in self.stores if _within(n, stmt)]
        return bool(inner) and all(n.parent.parent == stmt for n in inner)

    def note(self, node: Node | None, reach: Reach) -> None:
        """The reads of the variable in `node` (in this scope) see `reach`."""
        if node is None:
            return
        for n in self.loads:
            if _within(n, node) and self.scope_of(n) == self.scope:
                self.reach[n.id] = reach


def reassigned_reads(
    reads: TypeScriptReads, site: Node, var: str, scope_of: Scope, *, returned: bool
) -> tuple[set[str], str] | None:
    """The keys read on the variable `var` while it may hold `site`, and why they may not be all; None when the
    variable is assigned once, declared more than once or exported (`TypeScriptReads.held` answers then)."""
    up = site.parent
    while up is not None and up.type in WRAPPERS | {"await_expression"}:
        up = up.parent
    if up is None or "." in var or up.type not in ("variable_declarator", "assignment_expression"):
        return None
    declaration = up.parent if up.type == "variable_declarator" else None
    if declaration is not None and declaration.type == "lexical_declaration" and text(declaration).startswith("const"):
        return None  # a `const` is never assigned again: `held` answers (most programs; no walk of the file)
    scope = scope_of(site)
    region = _region(var, scope, scope_of, reads.root)
    if region is None:
        return None
    flow = Flow(reads, var, scope, scope_of, region)
    mine = next((i for i, n in enumerate(flow.stores) if n.parent == up), None)
    if len(flow.stores) + len(flow.bound) < 2 or flow.declared != 1 or mine is None:
        return None
    try:
        flow.run(region)
    except Unordered as exc:
        return set(), str(exc)
    keys: set[str] = set()
    why = ""
    for load in flow.loads:
        reach = flow.reach.get(load.id)
        if reach is None or reach == {ENTRY}:  # in a nested function, or before any assignment
            last = flow.again.format(line(flow.stores[-1]))
            why = why or f"{last}; `{var}` read at {reads.file}:{line(load)} (not followed)"
        elif mine in reach:
            read, read_why = reads.charged(load, var, returned=returned)
            keys |= read
            why = why or read_why
    return keys, why


def _region(var: str, scope: Node | None, scope_of: Scope, root: Node) -> Node | None:
    """The block a `let`/`const` declaration of `var` in `scope` is in, or the function body (or file) for a
    `var`; None when there is none, or it is exported or in a `for` (left to `held`)."""
    body = root if scope is None else scope.child_by_field_name("body")
    if body is None or body.type not in ("program", "statement_block"):
        return None
    for node in walk(body):
        if node.type != "variable_declarator" or scope_of(node) != scope:
            continue
        name = node.child_by_field_name("name")
        if name is None or name.type != "identifier" or text(name) != var:
            continue
        decl = node.parent
        holder = decl.parent if decl is not None else None
        if holder is None or holder.type not in ("program", "statement_block"):
            return None
        return body if decl.type == "variable_declaration" else holder
    return None


def _binding(up: Node, node: Node) -> bool:
    return any(up.type == kind and up.child_by_field_name(field) == node for kind, field in BINDINGS)


def _within(node: Node, outer: Node) -> bool:
    return bool(outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte)
