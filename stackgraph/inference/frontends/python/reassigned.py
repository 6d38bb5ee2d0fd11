"""The reads of a StackReference held in a name assigned more than once in its scope (`net = StackReference(a)`,
`net.get_output("x")`, `net = StackReference(b)`, `net.get_output("y")`): a read is charged to each reference the
name may hold at that point, found by following the statements of the scope in order (reaching assignments). After
an `if` that assigns the name in one arm or both, a read may see either: it is charged to each (both producers must
export the key). When the order cannot be known (an assignment in a loop or a `try`, a read in a nested function,
the name bound otherwise than by `=`), the reads are open rather than charged to a guess."""

from __future__ import annotations

import ast
from collections.abc import Callable

from stackgraph.inference.frontends.python.reads import HARMLESS, READ_ATTRS, PythonReads
from stackgraph.inference.frontends.python.syntax import IN_PLACE

Scope = Callable[[ast.AST], ast.AST | None]
Reach = frozenset[int]
ENTRY = -1
"""The value the name has when the scope starts (unbound, a parameter, a global): no assignment of the scope."""
ENDS = ast.Return | ast.Raise | ast.Break | ast.Continue
OTHER_BINDINGS = ast.ExceptHandler | ast.MatchAs | ast.MatchStar | ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef


class Unordered(Exception):
    """The assignments of the name cannot be put in order: why, shown to the user."""


class Flow:
    """Which assignments of `var` (in `stores`, by position) may reach each read of it in one scope."""

    def __init__(self, uses: PythonReads, var: str, scope: ast.AST | None, scope_of: Scope) -> None:
        self.uses, self.var, self.scope, self.scope_of = uses, var, scope, scope_of
        names = uses.named(var)
        self.stores = sorted(
            (n for n in names if isinstance(n.ctx, ast.Store) and self.here(n)), key=lambda n: (n.lineno, n.col_offset)
        )
        self.loads = sorted((n for n in names if isinstance(n.ctx, ast.Load)), key=lambda n: (n.lineno, n.col_offset))
        self.at = {id(uses.parent[n]): i for i, n in enumerate(self.stores)}  # the statement of each
        self.reach: dict[int, Reach] = {}  # id of a read in the scope -> the assignments it may see
        self.again = f"`{var}` is assigned more than once ({uses.file}:{{}})"

    def here(self, node: ast.AST) -> bool:
        """Whether `node` is in the scope itself (or a comprehension of it run in place)."""
        scope = self.scope_of(node)
        while isinstance(scope, IN_PLACE):
            scope = self.scope_of(scope)
        return scope is self.scope

    def run(self, body: list[ast.stmt]) -> Reach:
        """Follow the scope's statements; the assignments the name may hold at its end. Raises Unordered."""
        self._check()
        return self.block(body, frozenset({ENTRY}))

    def _check(self) -> None:
        """Every binding of the name in the scope is a plain `name = value` (not `for name in`, `with .. as
        name`, `(name := ..)`, `except E as name`, a pattern, `def name`, `import .. as name`, `global name`)."""
        for n in self.stores:
            owner = self.uses.parent[n]
            if not (
                (isinstance(owner, ast.Assign) and owner.targets == [n])
                or (isinstance(owner, ast.AnnAssign) and owner.target is n)
            ):
                raise Unordered(
                    f"{self.again.format(n.lineno)}, not only by `=`: which reference a read uses is not known"
                )
        for node in self.uses.nodes:
            if _binds(node, self.var) and (isinstance(node, ast.Global | ast.Nonlocal) or self.here(node)):
                line = getattr(node, "lineno", 0)
                raise Unordered(f"{self.again.format(self.stores[-1].lineno)}; `{self.var}` is also bound at "
                                f"{self.uses.file}:{line}: which reference a read uses is not known")  # fmt: skip

    def block(self, body: list[ast.stmt], reach: Reach) -> Reach:
        for stmt in body:
            reach = self.stmt(stmt, reach)
        return reach

    def stmt(self, stmt: ast.stmt, reach: Reach) -> Reach:
        """The assignments the name may hold after `stmt`, given those before it; the reads in it are noted."""
        if id(stmt) in self.at:  # `net = value`: the value's reads see the name before
            value = stmt.value if isinstance(stmt, ast.Assign | ast.AnnAssign) else None
            if value is None:  # `net: T` declares, assigns nothing
                return reach
            self.note(value, reach)
            return frozenset({self.at[id(stmt)]})
        inner = next((n for n in self.stores if _within(n, stmt, self.uses.parent)), None)
        if inner is None:  # no assignment of the name in it: every read sees the same
            self.note(stmt, reach)
            return frozenset() if isinstance(stmt, ENDS) else reach
        if isinstance(stmt, ast.If):
            self.note(stmt.test, reach)
            return self.block(stmt.body, reach) | self.block(stmt.orelse, reach)
        if isinstance(stmt, ast.With | ast.AsyncWith):  # a context manager may swallow an error before the assignment
            for item in stmt.items:
                self.note(item, reach)
            return self.block(stmt.body, reach) | reach
        if isinstance(stmt, ast.Match):  # no case may match
            self.note(stmt.subject, reach)
            out = reach
            for case in stmt.cases:
                if case.guard is not None:
                    self.note(case.guard, reach)
                out |= self.block(case.body, reach)
            return out
        kind = "a loop" if isinstance(stmt, ast.For | ast.AsyncFor | ast.While) else f"a `{_keyword(stmt)}`"
        raise Unordered(f"{self.again.format(inner.lineno)} in {kind}: which reference a read uses is not known")

    def note(self, node: ast.AST, reach: Reach) -> None:
        """The reads of the name in `node` (in this scope) see `reach`."""
        for n in ast.walk(node):
            if isinstance(n, ast.Name) and n.id == self.var and isinstance(n.ctx, ast.Load) and self.here(n):
                self.reach[id(n)] = reach


def reassigned_reads(
    uses: PythonReads, site: ast.Call, var: str, scope_of: Scope, *, returned: bool
) -> tuple[set[str], str] | None:
    """The keys read on `var` while it may hold `site`, and why they may not be all; None when `var` is
    assigned once in the site's scope (or is an attribute): every read of the name is the site's (`held`)."""
    stmt = uses.parent.get(site)
    if "." in var or not isinstance(stmt, ast.Assign | ast.AnnAssign):
        return None
    flow = Flow(uses, var, scope_of(site), scope_of)
    if len(flow.stores) < 2 or id(stmt) not in flow.at:
        return None
    try:
        flow.run(_body(flow.scope, site, uses.parent))
    except Unordered as exc:
        return set(), str(exc)
    mine = flow.at[id(stmt)]
    keys: set[str] = set()
    why = ""
    for load in flow.loads:
        reach = flow.reach.get(id(load)) if flow.here(load) else None
        if reach is None or reach == {ENTRY}:  # in a nested function, or before any assignment
            last = flow.again.format(flow.stores[-1].lineno)
            why = why or f"{last}; `{var}` read at {uses.file}:{load.lineno} (not followed)"
        elif mine in reach:
            passed = uses.passed(load, var)  # to a helper reading a key on it
            key, key_why = (None, "") if passed is not None else _read(uses, load, returned=returned)
            keys |= ({key} if key else set()) | (passed[0] if passed is not None else set())
            why = why or key_why or (passed[1] if passed is not None else "")
    return keys, why


def held_at_end(uses: PythonReads, site: ast.Call, var: str, scope_of: Scope) -> bool:
    """Whether the module-level name `var` may still hold `site` once the module's code has run, which is what
    `from refs import net` (or `refs.net`) gets: the last assignment in order, each arm's after a final `if`; True
    when the name is assigned once or the order is not known (then every reference it is given may be the one)."""
    stmt = uses.parent.get(site)
    flow = Flow(uses, var, None, scope_of)
    if len(flow.stores) < 2 or id(stmt) not in flow.at:
        return True
    try:
        end = flow.run(_body(None, site, uses.parent))
    except Unordered:
        return True
    return flow.at[id(stmt)] in end


def _body(scope: ast.AST | None, node: ast.AST, parent: dict[ast.AST, ast.AST]) -> list[ast.stmt]:
    """The statements of a function, or of the module around `node`."""
    if scope is not None:
        body = getattr(scope, "body", [])
        return body if isinstance(body, list) else []  # a lambda assigns no name by `=`
    while node in parent:
        node = parent[node]
    return node.body if isinstance(node, ast.Module) else []


def _binds(node: ast.AST, var: str) -> bool:
    """Whether `node` binds `var` otherwise than by `=` (an `ast.Name` store is the caller's)."""
    if isinstance(node, ast.Global | ast.Nonlocal):
        return var in node.names
    if isinstance(node, ast.NamedExpr):
        return isinstance(node.target, ast.Name) and node.target.id == var
    if isinstance(node, ast.Import | ast.ImportFrom):
        return any((a.asname or a.name.split(".")[0]) == var for a in node.names)
    if isinstance(node, ast.MatchMapping):
        return node.rest == var
    return isinstance(node, OTHER_BINDINGS) and node.name == var


def _within(node: ast.AST, outer: ast.AST, parent: dict[ast.AST, ast.AST]) -> bool:
    cur: ast.AST | None = node
    while cur is not None and cur is not outer:
        cur = parent.get(cur)
    return cur is outer


def _keyword(stmt: ast.stmt) -> str:
    return {"Try": "try", "TryStar": "try", "ClassDef": "class"}.get(type(stmt).__name__, type(stmt).__name__.lower())


def _read(uses: PythonReads, load: ast.Name, *, returned: bool) -> tuple[str | None, str]:
    """What the use of the name at `load` reads: (key, ""), (None, why) when it cannot be read, (None, "")."""
    up = uses.parent.get(load)
    if isinstance(up, ast.Attribute) and up.value is load:
        return uses.member(up) if up.attr in READ_ATTRS else (None, "")
    if isinstance(up, HARMLESS) or (isinstance(up, ast.Return) and returned):
        return None, ""
    if isinstance(up, ast.If | ast.While | ast.IfExp) and up.test is load:
        return None, ""
    if isinstance(up, ast.keyword | ast.Starred):
        up = uses.parent.get(up)
    shown = up if isinstance(up, ast.expr | ast.stmt) else load
    return None, f"`{uses.quoted(shown, 50)}` at {uses.file}:{shown.lineno}"
