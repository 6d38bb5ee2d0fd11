"""The calls that run a module function of a Python file holding a StackReference (or a helper call): a site in
`def base_stack(): ..` runs only when a call of `base_stack` does, so it takes the tests around those calls (their
`if`s, `x if c else y` arms, `and`/`or` and `case`s, site_guards.py), joined by `or`:

    def base_stack():
        pulumi.StackReference("acme/net/base")        # runs for `base` only
    if pulumi.get_stack() == "base":
        base_stack()
    else:
        env_stack()

Before, such a site counted for every stack (dev got an edge to net/base). Another module may import the function
and call it, which this file cannot see: the test is the last guard of the site, and the functions whose calls it
reads are its `called_in`; inference drops that guard when another file the program runs mentions one of them.
Only when every use of the name in the file is a plain call `f(..)`: a decorated function, one used as a value
(`run(f)`), named by a string (`__all__`, `getattr(m, "f")`), bound again (`def f` twice, `f = ..`, an import, a
parameter), a file reading its own names at run time (`globals()`, `vars()`, `sys.modules`), a call with no test
or no call at all keeps the site for every stack. A call of the function in itself runs already; a call in another
module function takes the tests around it there and those of that function's calls.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any, Protocol

from stackgraph.inference import ir
from stackgraph.inference.frontends.guard_logic import Called, Uses, calls_test
from stackgraph.inference.frontends.python.site_guards import site_guards

FuncNode = ast.FunctionDef | ast.AsyncFunctionDef
"""The `or` of the tests of a function's calls, and the functions whose calls it reads (`Site.called_in`)."""
DYNAMIC = frozenset({"globals", "locals", "vars", "eval", "exec"})
"""Names of the builtins a file may call its own functions through by a computed name."""


class Calling(Protocol):
    parent: dict[ast.AST, ast.AST]
    functions: dict[str, FuncNode]
    nodes: list[ast.AST]

    def _scope(self, node: ast.AST) -> Any: ...

    def _test(self, node: ast.expr, scope: Any, line: int, depth: int) -> ir.Expr: ...


def guarded(finder: Calling, node: ast.AST, helper: bool = False) -> tuple[tuple[ir.Expr, ...], tuple[str, ...]]:
    """The tests around `node` (site_guards.py), innermost first, then the `or` of those of the calls of the module
    function holding it, unless it is in a `helper` (its calls are followed with their arguments: refs.py); and
    the functions that last test reads the calls of."""
    own = site_guards(finder, node)
    called = None if helper else _call_guards(finder, node)
    return ((*own, called[0]), called[1]) if called is not None else (own, ())


def held(finder: Calling, node: ast.AST) -> str:
    """The module function holding `node` when the file names it nowhere else (another module may import and call
    it, whose tests inference reads: `Site.held`); "" when it is used in this file, or may be reached another way."""
    fn = _module_function(finder, node)
    if fn is None:
        return ""
    memo: dict[ast.AST, bool] = finder.__dict__.setdefault("_held", {})
    if fn not in memo:
        memo[fn] = not any(
            _other_use(n, fn) or (isinstance(n, ast.Name) and n.id == fn.name and not _within(finder, n, fn))
            for n in finder.nodes
        )
    return fn.name if memo[fn] else ""


def value_names(text: str) -> Uses | None:
    """The names a Python module uses otherwise than as the function of a call (`run(f)`, `g = stacks.f`), with the
    name an import gives under another (`from stacks import f as g`: f); the names and members it calls, with
    their lines, its imports under another name and its strings (guard_logic.py `Uses`); None when it cannot be
    parsed."""
    try:
        tree = ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return None
    called = {id(n.func) for n in ast.walk(tree) if isinstance(n, ast.Call)}
    names: set[str] = set()
    aliases: dict[str, str] = {}
    calls: set[tuple[str, int]] = set()
    strings: set[str] = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.Name | ast.Attribute) and id(n) not in called:
            names.add(n.id if isinstance(n, ast.Name) else n.attr)
        elif isinstance(n, ast.alias) and n.asname:
            aliases[n.asname] = n.name.rpartition(".")[2]
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Name | ast.Attribute):
            calls.add((n.func.id if isinstance(n.func, ast.Name) else n.func.attr, n.lineno))
        elif isinstance(n, ast.Constant) and isinstance(n.value, str):
            strings.add(n.value)
    values = frozenset(names | {aliases[n] for n in names if n in aliases})
    renamed = frozenset((name, alias) for alias, name in aliases.items())
    return Uses(values, frozenset(calls), renamed, frozenset(strings))


def _call_guards(finder: Calling, node: ast.AST) -> Called | None:
    fn = _module_function(finder, node)
    if fn is None:
        return None
    memo: dict[ast.AST, Called | None] = finder.__dict__.setdefault("_called_under", {})
    if fn not in memo:
        memo[fn] = None  # while its calls are read: a call in a function it calls does not loop
        memo[fn] = _calls_test(finder, fn)
    return memo[fn]


def _module_function(finder: Calling, node: ast.AST) -> FuncNode | None:
    """The module-level function, not decorated, whose body holds `node` (not its defaults, annotations or
    decorators, which run where it is defined)."""
    below, cur = node, finder.parent.get(node)
    while cur is not None and not isinstance(finder.parent.get(cur), ast.Module):
        below, cur = cur, finder.parent.get(cur)
    if not isinstance(cur, FuncNode) or cur.decorator_list or finder.functions.get(cur.name) is not cur:
        return None
    return cur if any(below is stmt for stmt in cur.body) else None


def _calls_test(finder: Calling, fn: FuncNode) -> Called | None:
    """The `or` of the tests of every call of `fn` in the file; None when a use is no plain call, a call has no
    test, the name may be reached in another way, or there is no call here (another module may call it)."""
    if any(_other_use(n, fn) for n in finder.nodes):
        return None

    def calls() -> Iterator[ast.AST | None]:
        for use in finder.nodes:
            if isinstance(use, ast.Name) and use.id == fn.name:
                call = finder.parent.get(use)
                yield call if isinstance(call, ast.Call) and call.func is use else None

    return calls_test(fn.name, calls(), lambda call: _within(finder, call, fn), lambda call: guarded(finder, call))


def _other_use(node: ast.AST, fn: FuncNode) -> bool:
    """Whether `node` binds `fn`'s name again, names it in a string or as an attribute, or reads the module's names
    at run time."""
    name = fn.name
    if isinstance(node, FuncNode | ast.ClassDef):
        return node is not fn and node.name == name
    if isinstance(node, ast.Name):
        return (node.id == name and not isinstance(node.ctx, ast.Load)) or node.id in DYNAMIC
    if isinstance(node, ast.Attribute):  # `me.base_stack` (the module imported by itself), `sys.modules`
        return node.attr == name or (node.attr == "modules" and isinstance(node.value, ast.Name))
    if isinstance(node, ast.Constant):
        return node.value == name
    if isinstance(node, ast.alias):
        return (node.asname or node.name.partition(".")[0]) == name or node.name == "*"
    if isinstance(node, ast.Global | ast.Nonlocal):
        return name in node.names
    if isinstance(node, ast.MatchMapping):
        return node.rest == name
    bound = node.arg if isinstance(node, ast.arg) else getattr(node, "name", None)
    return isinstance(node, ast.arg | ast.ExceptHandler | ast.MatchAs | ast.MatchStar) and bound == name


def _within(finder: Calling, node: ast.AST, fn: FuncNode) -> bool:
    cur = finder.parent.get(node)
    while cur is not None and cur is not fn:
        cur = finder.parent.get(cur)
    return cur is fn
