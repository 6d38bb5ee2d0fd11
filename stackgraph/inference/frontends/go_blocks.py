"""Which Go variable a name means where it is read: Go's blocks each scope the names they declare.

The finder keeps the values of a function's names per function (`decls`). A name declared again in an inner
block is another variable: `name := "a"; { name := "b" }; use(name)` reads "a", and an `if` arm's
`project := "other"` leaves the package-level `project` as it was. Each value is charged to the variable it
gives a value (the declaration it is part of, or the one an assignment's name means there), and a read keeps
only the values of the variable it means: the innermost declaration around it, written before it (`x := x + "a"`
in a block reads the outer x on its right). A declaration whose value is not read here (`var s T`, a type
switch's `v := x.(type)`, `case v := <-ch`, `for _, v := range ..`) makes the read unknown, never the outer one.
So does a variable set out of the flow its values follow: by a function literal, through its address (`&x`:
`flag.StringVar(&x, ..)`, `p := &x`), or by `x++` (a loop's counter). Not `&s` given to a decoding call of
Pulumi config (`conf.RequireObject("k", &s)`): that is a value of `s` at its line (go_decoded.py).
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.arms import arm_of, place, reaching, within
from stackgraph.inference.frontends.go_sites import GoSites
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text

BINDERS = frozenset(
    {"short_var_declaration", "var_spec", "const_spec", "range_clause", "type_switch_statement", "receive_statement"}
)
"""Nodes that may declare names (a range clause or a receive only with `:=`, a type switch with its alias)."""
SETTERS = frozenset({"assignment_statement", "unary_expression", "inc_statement", "dec_statement"})
"""Nodes that may set a variable out of the flow `decls` follows: in a function literal, through `&x`, `x++`."""
TRACKED = BINDERS | SETTERS
HOW = {"assignment_statement": "assigned in a function literal", "unary_expression": "its address taken"}
Binder = tuple[Node, Node, int]  # the region the name holds in, the declaration, where it starts to hold


class GoBlocks(GoSites):
    """The Go finder's block scopes: the values a read of a name may see, of the variable it means."""

    def __init__(self, root: Node, file: str, language: str | None = None) -> None:
        super().__init__(root, file, language)
        self.tracked_nodes: list[Node] = []  # TRACKED nodes, kept by the index walk (golang.py)
        self._binders: dict[tuple[int, str], list[Binder]] | None = None
        self._setters: dict[str, list[Node]] | None = None
        self.decoding: dict[int, Node] = {}  # `&s` decoded from config (go_decoded.py): a value of `s`, its call

    def binders(self, scope: Node | None, name: str) -> list[Binder]:
        """The declarations of `name` made by the code of `scope` (its own, not of nested functions)."""
        if self._binders is None:
            self._binders = {}
            for node in self.tracked_nodes:
                found = _declared(node) if node.type in BINDERS else None
                if found is None:
                    continue
                region, names, starts = found
                scope_of = self.scope_of(node)
                for n in names:
                    key = (scope_of.id if scope_of is not None else 0, text(n))
                    self._binders.setdefault(key, []).append((region, node, starts))
        return self._binders.get((scope.id if scope is not None else 0, name), [])

    def binding(self, name: str, node: Node, scope: Node | None) -> Binder | None:
        """The declaration of `scope` that `name` at `node` means (None: none of `scope`'s: a parameter, a name
        of an enclosing function or of the package)."""
        held = [b for b in self.binders(scope, name) if within(node, b[0]) and b[2] <= node.start_byte]
        return max(held, key=lambda b: (b[0].start_byte, -b[0].end_byte, b[1].start_byte)) if held else None

    def charged(self, name: str, value: Node, scope: Node | None) -> int:
        """The id of the region of the variable a value of `name` (in `decls`) is given to (0: none of `scope`'s)."""
        up: Node | None = None if value.id in self.decoding else value  # `&s` of a decoding call: `s`'s own
        while up is not None and up.type not in ("assignment_statement", "block", "source_file"):
            if up.type in ("short_var_declaration", "var_spec", "const_spec"):
                found = _declared(up)
                return int(found[0].id) if found is not None else 0
            up = up.parent
        bound = self.binding(name, value, scope)
        return int(bound[0].id) if bound is not None else 0

    def lookup(self, name: str, scope: Node | None, at: int, depth: int, use: Node | None = None) -> ir.Expr:
        """As `TSFinder.lookup`, once per variable meant too: reads on one line may mean two of the same name."""
        inside = use is not None and scope is not None and within(use, scope)
        meant = self.meant(name, scope, use)
        key = (name, scope.id if scope is not None else 0, at, arm_of(use), place(use, at), inside, meant)
        return ir.remembered(self, "_lookups", key, lambda: ir.bounded(self._lookup(name, scope, at, depth, use), name))

    def visible(
        self, name: str, scope: Node, at: int, use: Node | None, inner: Node | None
    ) -> list[tuple[int, Node]] | ir.Unknown:
        """The values of `name` in `scope` that the read `use` on line `at` may see (arms.py `reaching`: in order,
        in its arm, not carried by a loop; `inner`: the function literal of `scope` holding the read, None for a
        read in `scope` itself), of the variable it means (all of `scope`'s values when no `use` in `scope`)."""
        items = self.decls.get(scope.id, {}).get(name, [])
        if use is not None and within(use, scope):
            bound = self.binding(name, use, scope)
            mine = int(bound[0].id) if bound is not None else 0
            items = [(ln, v) for ln, v in items if self.charged(name, v, scope) == mine]
            if bound is not None and not items:
                return ir.Unknown(f"'{name}', declared at line {line(bound[1])} with a value not read here")
            escaped = self._escaped(name, scope, mine)
            if escaped is not None:
                return escaped
        own = inner is None and name not in self.params(scope)
        return reaching(items, at, use, scope, name, own=own, called=inner)

    def args_held(self, items: list[Node], index: int, scope: Node | None) -> list[Node]:
        """As `TSFinder.args_held`, only when the one value is a local one of the variable the argument means (not
        one of a sibling block's; not a package-level variable's, which a function of the package may set)."""
        held = super().args_held(items, index, scope)
        if held is items:
            return held
        name, owner = text(items[index]), self.scope_of(held[index])
        bound = self.binding(name, items[index], owner) if owner is not None else None
        mine = int(bound[0].id) if bound is not None else 0
        return held if owner is not None and self.charged(name, held[index], owner) == mine else items

    def _escaped(self, name: str, scope: Node, mine: int) -> ir.Unknown | None:
        """Unknown when the variable `mine` of `scope` (0: a parameter) may be set out of the flow its values
        follow: by a function literal in `scope`, through its address (`&x`), or by `x++` (a loop's counter)."""
        if self._setters is None:
            self._setters = {}
            for node in self.tracked_nodes:
                for target in _set(node):
                    self._setters.setdefault(text(target), []).append(node)
        for node in self._setters.get(name, []):
            owner = self.scope_of(node)
            if (
                node.id in self.decoding
                or not within(node, scope)
                or (node.type == "assignment_statement" and owner == scope)
            ):
                continue
            while owner is not None and owner != scope and not self.binding(name, node, owner):
                owner = None if name in self.params(owner) else self.scope_of(owner)
            bound = self.binding(name, node, scope) if owner == scope else None
            if owner == scope and (int(bound[0].id) if bound is not None else 0) == mine:
                return ir.Unknown(
                    f"'{name}', {HOW.get(node.type, 'changed')} ({shape(node)}) at line {line(node)}: its value is "
                    "not known statically"
                )
        return None

    def meant(self, name: str, scope: Node | None, use: Node | None) -> int:
        """The id of the innermost declaration region `name` at `use` means, in `scope` or around it (0: none)."""
        cur = scope
        while use is not None and cur is not None:
            bound = self.binding(name, use, cur) if within(use, cur) else None
            if bound is not None:
                return int(bound[0].id)
            cur = self.scope_of(cur)
        return 0


def _set(node: Node) -> list[Node]:
    """The names a SETTERS node may set: `x = ..` (not `x.f = ..`), `&x`, `x++`."""
    if node.type == "assignment_statement":
        left = node.child_by_field_name("left")
        return [t for t in left.named_children if t.type == "identifier"] if left is not None else []
    if node.type == "unary_expression" and not text(node).startswith("&"):
        return []
    found = node.child_by_field_name("operand") if node.type == "unary_expression" else node.named_children[0]
    return [found] if found is not None and found.type == "identifier" else []


def declared_region(name: Node) -> Node | None:
    """The region of the variable a name declares where it is written (`s` of `s := ..`, `var s T`, `for _, s :=
    range ..`; None: `name` declares nothing there)."""
    up = name.parent
    if up is not None and up.type == "expression_list":
        up = up.parent
    found = _declared(up) if up is not None and up.type in BINDERS else None
    return found[0] if found is not None and any(n.id == name.id for n in found[1]) else None


def _declared(node: Node) -> tuple[Node, list[Node], int] | None:
    """The region a declaration's names hold in, the names, and where they start to hold (None: declares none)."""
    kind, up = node.type, node.parent
    if up is None:
        return None
    if kind == "type_switch_statement":
        alias, value = node.child_by_field_name("alias"), node.child_by_field_name("value")
        names = alias.named_children if alias is not None else []
        return (node, names, value.end_byte if value is not None else node.start_byte) if names else None
    if kind in ("var_spec", "const_spec"):
        names = [n for n in node.children_by_field_name("name") if n.is_named]
        while up.parent is not None and up.type not in ("var_declaration", "const_declaration"):
            up = up.parent
        return (up.parent or up, names, node.end_byte)
    if kind in ("range_clause", "receive_statement") and not any(c.type == ":=" for c in node.children):
        return None
    left = node.child_by_field_name("left")
    names = [n for n in left.named_children if n.type == "identifier"] if left is not None else []
    region = up.parent if up.type == "for_clause" and up.parent is not None else up
    return region, names, node.end_byte
