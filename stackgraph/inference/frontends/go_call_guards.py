"""The calls that run a function of a Go file holding a StackReference (or a helper call): a site in
`func baseStack(ctx *pulumi.Context) error {..}` runs only when a call of `baseStack` does, so it takes the tests
around those calls (their `if`s, `&&`/`||` and `switch` clauses, site_guards.py), joined by `or`:

    pulumi.Run(func(ctx *pulumi.Context) error {
        switch ctx.Stack() {
        case "base":
            return baseStack(ctx)    // the StackReference in baseStack runs for `base` only
        default:
            return envStack(ctx)
        }
    })

Before, such a site counted for every stack (dev got an edge to net/base). Another file of the package (or, for an
exported name, another package) may call the function, which this file cannot see: the test is the last guard of
the site, and the functions whose calls it reads are its `called_in`; inference drops that guard when another file
the program runs mentions one of them. Only when every use of the name in the file is a plain call `f(..)` (also
under `go` or `defer`): a function used as a value (`run(baseStack)`, `f := baseStack`), a name bound again in a
scope of the file (a variable or parameter `baseStack`), a call with no test or no call at all keeps the site for
every stack. Methods are not followed. A call of the function in itself runs already; a call in another function
takes the tests around it there and those of that function's calls.
"""

from __future__ import annotations

from collections.abc import Container, Iterator
from typing import Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.guard_logic import Called, calls_test
from stackgraph.inference.frontends.site_guards import site_guards
from stackgraph.inference.frontends.treesitter import Node, text, walk

"""The `or` of the tests of a function's calls, and the functions whose calls it reads (`Site.called_in`)."""


class Calling(Protocol):
    root: Node

    def scope_of(self, node: Node) -> Node | None: ...

    def lower(self, node: Node | None, scope: Node | None, at: int, depth: int = 0) -> ir.Expr: ...

    def _test(self, node: Node | None, scope: Node | None, at: int, depth: int) -> ir.Expr: ...


def go_guarded(finder: Calling, node: Node, helper: bool = False) -> tuple[tuple[ir.Expr, ...], tuple[str, ...]]:
    """The tests around `node` (site_guards.py), innermost first, then the `or` of those of the calls of the
    function holding it, unless it is in a `helper` (its calls are followed with their arguments: refs.py); and the
    functions that last test reads the calls of."""
    own = site_guards(finder, node)
    called = None if helper else _call_guards(finder, node)
    return ((*own, called[0]), called[1]) if called is not None else (own, ())


def go_held(finder: Calling, node: Node, helper: bool = False) -> str:
    """The package function holding `node` (not `main` or `init`, nor in a `helper`) when the file names it nowhere
    else: its calls are all in other files (or it is never called), whose tests inference reads (`Site.held`)."""
    found = None if helper else _package_function(node)
    if found is None or text(found[1]) in ("main", "init"):
        return ""
    function, own = found
    name = text(own)
    memo: dict[int, bool] = finder.__dict__.setdefault("_held", {})
    if function.id not in memo:
        memo[function.id] = not any(
            use.type == "identifier" and use.id != own.id and text(use) == name and not _inside(use, function)
            for use in walk(finder.root)
        )
    return name if memo[function.id] else ""


def go_valued(identifiers: list[Node], selectors: list[Node], packages: Container[str]) -> tuple[str, ...]:
    """The names a Go file uses otherwise than as the function of a call (`run(deploy)`, `f := lib.Deploy`, or a
    variable of that name): a function of another file so named may run any way, not only where it is called. With
    a dot import (`import . "app/lib"`), also every name it calls: `Deploy(ctx)` may be `lib.Deploy`."""
    dotted = "." in packages
    names = {text(n) for n in identifiers if (dotted or not _called(n)) and n.parent is not None}
    for node in selectors:
        operand, field = node.child_by_field_name("operand"), node.child_by_field_name("field")
        if operand is not None and field is not None and text(operand) in packages and not _called(node):
            names.add(text(field))
    return tuple(sorted(names))


def _called(node: Node) -> bool:
    """Whether `node` is the function of a call, or the name a function declaration gives."""
    parent = node.parent
    if parent is None or parent.type not in ("call_expression", "function_declaration"):
        return False
    field = parent.child_by_field_name("function" if parent.type == "call_expression" else "name")
    return field is not None and field.id == node.id


def _call_guards(finder: Calling, node: Node) -> Called | None:
    found = _package_function(node)
    if found is None:
        return None
    function, name = found
    memo: dict[int, Called | None] = finder.__dict__.setdefault("_called_under", {})
    if function.id not in memo:
        memo[function.id] = None  # while its calls are read: a call in a function it calls does not loop
        memo[function.id] = _calls_test(finder, function, name)
    return memo[function.id]


def _package_function(node: Node) -> tuple[Node, Node] | None:
    """The function declaration (not a method) whose body holds `node`, and its name."""
    child, cur = node, node.parent
    while cur is not None and cur.type != "source_file":
        child, cur = cur, cur.parent
    if cur is None or child.type != "function_declaration":
        return None
    name, body = child.child_by_field_name("name"), child.child_by_field_name("body")
    if name is None or body is None or not _inside(node, body):
        return None
    return child, name


def _inside(node: Node, outer: Node) -> bool:
    return bool(outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte)


def _calls_test(finder: Calling, function: Node, own: Node) -> Called | None:
    """The `or` of the tests of every call of the function in the file; None when a use of its name is no plain
    call or a call has no test (or there is none: `main`, `init`, or calls from another file, left as they were)."""
    name = text(own)

    def calls() -> Iterator[Node | None]:
        for use in walk(finder.root):
            if use.type != "identifier" or use.id == own.id or text(use) != name:
                continue
            call = use.parent
            callee = call.child_by_field_name("function") if call is not None else None
            plain = call is not None and call.type == "call_expression" and callee is not None and callee.id == use.id
            yield call if plain else None

    return calls_test(name, calls(), lambda call: _inside(call, function), lambda call: go_guarded(finder, call))
