"""Where a Go, C# or Java StackReference goes when no local variable holds it, and fields that hold one.

A variable holding a reference is followed by the finders (the keys read on it, handed_on.py and go_reads.py
for the uses that pass it on). Anything else is looked at here, so that no site's reads are silently taken
as complete:

- the value itself (`new StackReference(..)` in C# and Java, `pulumi.NewStackReference(..)` in Go): a member
  read on it (`new StackReference("x").GetOutput("k")`, recorded by the finder under the expression's text),
  a bare statement, or a `return` in a helper whose calls bind the site keep it where its reads are known;
  anything else (an argument, an element of a collection, a `return` whose callers' reads are not followed, a
  cast) makes its reads open;
- a field or property (`this.net = ..`, a Go struct's `s.net`, `static StackReference Net = ..`): its uses
  are followed only as a plain name in its own file (see the finders), so a use through a qualifier
  (`this.Net`, `Refs.Net`, `s.net`) makes the reads open, and a field another file may name is matched
  there by the linker (`Site.shared`, shared.py).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from stackgraph.inference.frontends import handed_on
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text, walk

if TYPE_CHECKING:
    from stackgraph.inference.frontends.treesitter import TSFinder

READ_ON = {
    "csharp": frozenset({("member_access_expression", "expression")}),  # not `?.`: the key is not read there
    "java": frozenset({("method_invocation", "object"), ("field_access", "object")}),
    "go": frozenset({("selector_expression", "operand")}),
}
"""(parent, field) of a member used on the value: its reads are recorded under the expression's text."""
RETURNS = frozenset({"return_statement", "arrow_expression_clause", "lambda_expression"})
HARMLESS = frozenset({"expression_statement"})
ARGUMENTS = frozenset({"argument", "argument_list", "arguments"})
QUALIFIED = {"csharp": ("member_access_expression", "name"), "java": ("field_access", "field")}
"""The node and field naming a member through a qualifier (`this.Net`, `Refs.Net`)."""
DECLARATIONS = frozenset({"variable_declarator", "property_declaration", "assignment_expression"})
MEMBER_DECLARATIONS = frozenset({"field_declaration", "property_declaration"})


def value_use(node: Node, language: str, file: str, *, bound: bool) -> str:
    """Why the reads of a site no variable holds may not all be known ("" when they are); `bound`: the calls
    of the helper holding it bind it, so a `return` of it hands it to callers whose reads are followed."""
    child, up = node, node.parent
    while up is not None and up.type in ("parenthesized_expression", "expression_list"):  # Go: `return x, nil`
        child, up = up, up.parent
    if up is None or up.type in HARMLESS:
        return ""
    if (up.type, _field(up, child)) in READ_ON[language]:
        return ""
    if up.type in RETURNS and (up.type != "lambda_expression" or _field(up, child) == "body"):
        return "" if bound else f"`return {shape(node)}` at {file}:{line(node)} (not followed)"
    while up.type in ARGUMENTS and up.parent is not None:  # `Use(new StackReference(..))`: show the call
        up = up.parent
    return f"`{shape(up, 50)}` at {file}:{line(up)}"


def field_name(finder: TSFinder, held_in: str | None, scope: Node | None) -> str:
    """The field or property (C#, Java) holding a site or a call's result, by its own name (`Net` for `this.Net`,
    `<class>/Net` or a static field); "" for a local variable (or a C# top-level one)."""
    name = (held_in or "").rpartition("/")[2]
    if not name:
        return ""
    declared = finder.declaring(scope, name) if "." not in name else None
    if declared is None or (declared is finder.root and _in_class_body(finder.decls.get(0, {}).get(name, []))):
        return name.rpartition(".")[2]
    return ""


def held_open(
    finder: TSFinder, language: str, held_in: str | None, scope: Node | None, *, bound: bool, kept: frozenset[int]
) -> str:
    """Why the reads on what `held_in` holds (C#: `<scope>/<name>`; Java: the name) are open: a field's uses
    (`field_open`), or a local variable handed on in the scope declaring it (handed_on.py); "" for none. `kept`: the
    uses followed into a helper of the file (helper_calls.py)."""
    name = (held_in or "").rpartition("/")[2]
    if not name:
        return ""
    field = field_name(finder, held_in, scope)
    if field:
        return field_open(finder.root, language, field, finder.file, kept)
    declared = finder.declaring(scope, name)
    return handed_on.passed_on(language, declared, name, finder.file, returned=bound, kept=kept) if declared else ""


def field_open(root: Node, language: str, name: str, file: str, kept: frozenset[int] = frozenset()) -> str:
    """Why the reads of a reference held in the field `name` are open: a plain use of the name anywhere in the
    file that hands it on (handed_on.py), or a use through a qualifier (`this.Net`); "" for none."""
    handed = handed_on.passed_on(language, root, name, file, returned=False, kept=kept)
    return handed or field_use(root, language, name, file)


def field_use(root: Node, language: str, name: str, file: str) -> str:
    """Why the reads of a reference held in the field `name` may not all be known: the first use of the field
    through a qualifier (`this.Net`, `Refs.Net`) other than setting it, which the finders do not follow ("" for
    none)."""
    kind, field = QUALIFIED[language]
    for node in walk(root):
        if node.type != kind or _named(node, field) != name:
            continue
        up = node.parent
        if up is not None and up.type in DECLARATIONS and _field(up, node) in ("left", "name"):
            continue  # `this.Net = new StackReference(..)`: sets it
        shown = up if up is not None else node
        while shown.type in ARGUMENTS and shown.parent is not None:
            shown = shown.parent
        return f"`{shape(shown, 50)}` at {file}:{line(shown)} (a field used through a qualifier: not followed)"
    return ""


def _in_class_body(values: list[tuple[int, Node]]) -> bool:
    """Whether a name declared at the top of a file is a class's field or property (not a top-level variable)."""
    for _, value in values:
        up = value.parent
        while up is not None and up.type not in ("global_statement", "local_declaration_statement"):
            if up.type in MEMBER_DECLARATIONS:
                return True
            up = up.parent
    return False


def _named(node: Node, field: str) -> str | None:
    child = node.child_by_field_name(field)
    return text(child) if child is not None else None


def _field(parent: Node, child: Node) -> str | None:
    for i, c in enumerate(parent.children):
        if c.id == child.id:
            return parent.field_name_for_child(i)  # type: ignore[no-any-return]  # tree-sitter is untyped
    return None
