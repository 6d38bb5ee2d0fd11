"""The reads of a StackReference held in a name assigned more than once in its scope (`net = StackReference(a)`,
`net.get_output("x")`, `net = StackReference(b)`, `net.get_output("y")`): a read is the reference's that the name
holds at that point, by source order within one block; when the order cannot be known (an assignment in a branch
or a loop, a read in another function), the reads are open rather than charged to a guess."""

from __future__ import annotations

import ast
from collections.abc import Callable

from stackgraph.inference.frontends.python.reads import HARMLESS, READ_ATTRS, PythonReads

Scope = Callable[[ast.AST], ast.AST | None]


def reassigned_reads(
    uses: PythonReads, site: ast.Call, var: str, scope_of: Scope, *, returned: bool
) -> tuple[set[str], str] | None:
    """The keys read on `var` while it holds `site`, and why they may not be all; None when `var` is assigned
    once in the site's scope (or is an attribute): every read of the name is the site's (`PythonReads.held`)."""
    stmt, parent = uses.parent.get(site), uses.parent
    if "." in var or not isinstance(stmt, ast.Assign | ast.AnnAssign):
        return None
    scope = scope_of(site)
    stores = [n for n in _names(uses, var, ast.Store) if scope_of(n) is scope]
    if len(stores) < 2:
        return None
    block = _block(stmt, parent)
    at = {id(s): i for i, s in enumerate(block)}
    again = f"`{var}` is assigned more than once ({uses.file}:{{}})"
    starts = []
    for n in stores:
        owner = parent.get(n)
        if not isinstance(owner, ast.Assign | ast.AnnAssign) or id(owner) not in at or _in_loop(stmt, scope, parent):
            return set(), f"{again.format(n.lineno)} in a branch or a loop: which reference a read uses is not known"
        starts.append(at[id(owner)])
    mine = at[id(stmt)]
    end = min((s for s in starts if s > mine), default=len(block) - 1)
    keys: set[str] = set()
    for load in sorted(_names(uses, var, ast.Load), key=lambda n: (n.lineno, n.col_offset)):
        top = _top(load, at, parent)
        if scope_of(load) is not scope or top is None or at[id(top)] <= min(starts):
            return keys, f"{again.format(stores[-1].lineno)}; `{var}` read at {uses.file}:{load.lineno} (not followed)"
        if not mine < at[id(top)] <= end:
            continue  # the name holds another reference there
        key, why = _read(uses, load, returned=returned)
        if why:
            return keys, why
        keys |= {key} if key else set()
    return keys, ""


def _names(uses: PythonReads, var: str, ctx: type) -> list[ast.Name]:
    """The names `var` of the file stored (`ast.Store`) or read (`ast.Load`)."""
    return [n for n in uses.nodes if isinstance(n, ast.Name) and n.id == var and isinstance(n.ctx, ctx)]


def _block(stmt: ast.stmt, parent: dict[ast.AST, ast.AST]) -> list[ast.stmt]:
    """The statement list that holds `stmt` (a body, an `orelse`, a module's)."""
    up = parent.get(stmt)
    for field in ("body", "orelse", "finalbody", "handlers"):
        items = getattr(up, field, None)
        if isinstance(items, list) and any(s is stmt for s in items):
            return items
    return [stmt]


def _in_loop(stmt: ast.stmt, scope: ast.AST | None, parent: dict[ast.AST, ast.AST]) -> bool:
    """Whether `stmt` runs in a loop of its scope (a read before an assignment may see the one of the last turn)."""
    up = parent.get(stmt)
    while up is not None and up is not scope:
        if isinstance(up, ast.For | ast.AsyncFor | ast.While):
            return True
        up = parent.get(up)
    return False


def _top(node: ast.AST, at: dict[int, int], parent: dict[ast.AST, ast.AST]) -> ast.AST | None:
    """The statement of the block (`at`) that holds `node`, if any."""
    cur: ast.AST | None = node
    while cur is not None and id(cur) not in at:
        cur = parent.get(cur)
    return cur


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
