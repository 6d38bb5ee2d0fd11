"""A Go StackReference passed on, which makes the reads of its site (or of a helper call) open.

golang.py records the keys read on a variable holding a reference (`net.GetStringOutput(pulumi.String("k"))`,
`net.Outputs.MapIndex(..)`) and opens the reads on `net.Outputs` used otherwise. Here: the reference itself
handed on, where what is read on it is not followed: an argument (`lookup(net)`, `ctx.Export("n", net)`),
another variable (`other := net`), an element or field of a literal (`[]*pulumi.StackReference{net}`),
`&net`, a value sent or returned (unless the callers' reads are followed: a helper whose calls bind the site).
Not a use that hands it on: its declaration or an assignment to it, a member (`net.Name`, read by golang.py),
a parameter of the same name, a value given to `_` only (`_ = net`, `_ = []interface{}{net, db}`), and a
comparison (`net != nil`).

Uses are looked for in the function that declares the variable, closures in it included (the file for a
package-level one); a nested function's own variable of the same name counts too, which opens reads that may
be complete: never the reverse.
"""

from __future__ import annotations

import functools

from stackgraph.inference.frontends import site_value
from stackgraph.inference.frontends.handed_on import first_handed_on
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, TSFinder, line, text

DECLARATIONS = frozenset({"short_var_declaration", "assignment_statement", "var_spec"})
SHOWN_THROUGH = frozenset(
    {"expression_list", "argument_list", "literal_element", "keyed_element", "literal_value", "unary_expression",
     "parenthesized_expression"}
)  # fmt: skip
"""Nodes between a use and what shows it: `use(net)` rather than `net`, `other := net` rather than `net`."""


class GoReads(TSFinder):
    """The Go finder's hooks for the reads of a site: the variable holding it handed on, a struct's field
    holding it (not followed), a package-level variable (the package's other files are matched by the linker:
    `Site.shared`), and a site no variable holds (site_value.py)."""

    def reads_open(self, held_in: str | None, scope: Node | None, *, bound: bool) -> str:
        found = super().reads_open(held_in, scope, bound=bound)
        if found or not held_in or held_in == "_":  # `_` holds nothing
            return found
        if "." in held_in:  # `s.net, err = ..`
            return f"`{held_in}` set at {self.file} (a struct field: its uses are not followed)"
        declared = self.declaring(scope, held_in) or self.root  # `net, err = ..` may set a variable around
        return passed_on(declared, held_in, self.file, returned=bound)

    def shared(self, held_in: str | None, scope: Node | None) -> str:
        if not held_in or held_in == "_" or "." in held_in:
            return ""
        return held_in if self.declaring(scope, held_in) in (None, self.root) else ""  # a package-level variable

    def value_reads(self, node: Node, *, bound: bool) -> tuple[str | None, str]:
        up = node.parent
        if node.type == "call_expression" and up is not None and up.type == "selector_expression":
            return None, f"`{shape(up.parent or up, 50)}` at {self.file}:{line(node)} (read on a call's result)"
        return None, site_value.value_use(node, "go", self.file, bound=bound)


def holder(node: Node) -> str | None:
    """The variable a call's value is stored in (`net, err := pulumi.NewStackReference(..)`), or None."""
    up = node.parent
    if up is not None and up.type == "expression_list":
        decl = up.parent
        if decl is not None and decl.type in DECLARATIONS:
            left = decl.child_by_field_name("left") or decl.child_by_field_name("name")
            if left is not None:
                first = left.named_children[0] if left.named_children else left
                return text(first) if first.type in ("identifier", "selector_expression") else None
    return None


def passed_on(scope: Node, name: str, file: str, *, returned: bool) -> str:
    """Why the reads on the variable `name` are open: the first use in `scope` that hands the reference on, as
    "`<the call or statement>` at file:line" ("" when there is none); `returned`: a `return` of it is followed."""
    return first_handed_on(scope, "identifier", name, file, functools.partial(_hands_on, returned=returned), _shown)


def _hands_on(node: Node, *, returned: bool) -> bool:
    up = node.parent
    if up is None:
        return False
    kind = up.type
    if kind in ("selector_expression", "call_expression"):  # `net.X` (a field is a field_identifier); `f(..)`
        return False
    if kind in ("parameter_declaration", "variadic_parameter_declaration", "var_spec"):
        return False  # a parameter, or `var net = ..` (a value given is under an expression_list)
    if kind == "binary_expression":
        operator = up.child_by_field_name("operator")
        return operator is None or text(operator) not in ("==", "!=")
    if kind == "expression_list" and up.parent is not None:
        statement = up.parent
        if statement.type in DECLARATIONS:
            left = statement.child_by_field_name("left")
            if left is not None and left == up:
                return False  # `net, err := ..`, `net = ..`: the variable itself
        if statement.type == "return_statement":
            return not returned
    return not _discarded(node)


def _discarded(node: Node) -> bool:
    """Whether the value `node` is part of goes to `_` only (`_ = []interface{}{net, db}`: the idiom that keeps
    a variable used)."""
    up = node.parent
    while up is not None and (up.type in SHOWN_THROUGH or up.type == "composite_literal"):
        node, up = up, up.parent
    if up is None or up.type != "assignment_statement" or up.child_by_field_name("right") != node:
        return False
    left = up.child_by_field_name("left")
    return left is not None and all(text(n) == "_" for n in left.named_children)


def _shown(node: Node) -> Node:
    """The call, literal or statement a use is part of (`use(net)`, `x := []*pulumi.StackReference{net}`)."""
    up = node.parent
    while up is not None and up.type in SHOWN_THROUGH:
        node, up = up, up.parent
    return up if up is not None and up.type not in ("block", "source_file") else node
