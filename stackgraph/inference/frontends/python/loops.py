"""The loops over a literal collection around a Python site (`for p in ["net", "data"]:`, a list, set or dict
comprehension): the loop variable its name reads kept as `ir.LoopVar`, the site given each loop's items (irloops.py).

A loop is followed only when it surely binds the variable to each item in turn at the site: the iterable a literal
list, tuple or set, or a literal dict with distinct constant keys (itself, its `.keys()`, `.values()` or `.items()`),
or a name bound once to one in the scopes around, never changed (no method called on it but a dict's views and `.get`,
not passed to a call but of a builtin that only reads it, `len`, `enumerate`, `zip`, `sorted`.., no item set), or
`enumerate`/`zip` of such (iterables.py), no `*starred` item nor `**spread`, the site in the body (not in a function,
lambda or generator expression defined there, nor in an `else`), no `break` in the loop, no `if`, `while`, `match` or
conditional around the site nor any `continue`/`return`/`raise` before it under one whose test reads the variable (or
a name the body assigns), the variable not assigned in the body, and (a comprehension) no `if` clause reading a
variable. An item of a loop variable with a constant key (`p["name"]`, items that are literal dicts) is a value the
loop binds too, kept as `ir.LoopVar` of `p["name"]`, when the body reads `p` only so and the collection, if named, is
named nowhere else. Otherwise the variable is unknown, saying why and where.
"""

from __future__ import annotations

import ast
from typing import Any

from stackgraph.inference import ir, irloops
from stackgraph.inference.frontends.python import iterables
from stackgraph.inference.frontends.python.lower import PythonLowering
from stackgraph.inference.frontends.python.syntax import IN_PLACE, LOOPED, Looping, Opaque

MEMOS = ("_lookups", "_settles", "_bodies", "_ctors")
"""The memos of lowered values: a site's name lowered with its loop variables kept must not share them."""
BOUNDARY = ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef | ast.GeneratorExp
"""Code there runs later (or not at all): a loop variable read there is not the item of the run around it."""
TESTS = ast.If | ast.While | ast.IfExp | ast.Match | ast.BoolOp | ast.Try | ast.ExceptHandler
EXITS = ast.Continue | ast.Return | ast.Raise
SCOPES = (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)  # a jump there is not of the loop's run
CHANGES = "a list, set or dict changed or passed on"
LITERALS = ast.List | ast.Tuple | ast.Set | ast.Dict
VIEWS = frozenset({"items", "keys", "values"})
"""The views of a dict a loop may run over (`for k, v in d.items()`): each entry in turn, as the dict itself."""
READ_ONLY = VIEWS | {"get", "copy"}
READERS = frozenset({*iterables.SPREADERS, "len", "sorted", "reversed", "list", "tuple", "set", "frozenset"})
"""The builtins that only read a collection given them (the list, tuple or set they make is a new one)."""
Rows = tuple[tuple[ir.Expr, ...], ...]


class PythonLoops(PythonLowering):
    """Lowers a site's name with the loop variables around it kept (see the module docstring)."""

    looping: ast.AST | None = None  # the site whose name is being lowered with its loop variables kept
    looped: dict[str, Looping]  # the key of each loop variable read then, and its loop

    def site_name(self, node: ast.Call, arg: ast.expr, scope: ast.AST | None) -> tuple[ir.Expr, tuple[ir.Loop, ...]]:
        """The name of the site `node` (its argument `arg`), and the loops over literal items around it."""
        name = self.lower(arg, scope, node.lineno)
        if not irloops.unknown_why(name, lambda why: why == LOOPED) or not any(
            isinstance(a, Looping | IN_PLACE) for a in self._above(node)
        ):
            return name, ()
        saved = {k: self.__dict__.pop(k) for k in MEMOS if k in self.__dict__}
        self.looping, self.looped = node, {}
        try:
            name = self.lower(arg, scope, node.lineno)
        finally:
            self.looping = None
            for k in MEMOS:
                self.__dict__.pop(k, None)
            self.__dict__.update(saved)
        loops: dict[tuple[int, int], ir.Loop] = {}  # by the place of the loop's target: outermost first (written)
        unknown: dict[str, ir.Expr] = {}
        read: dict[int, list[str]] = {}  # the keys read of each loop
        for key in sorted(irloops.keys_in(name)):
            read.setdefault(id(self.looped[key]), []).append(key)
        for keys in read.values():
            loop = self.looped[keys[0]]
            found = self._loop(loop, node, tuple(irloops.var_of(k) for k in keys))
            if isinstance(found, str):
                where = f"bound by a loop at {self.file}:{found}"
                unknown.update((k, ir.Unknown(f"'{irloops.var_of(k)}', {where}")) for k in keys)
            else:
                loops[(loop.target.lineno, loop.target.col_offset)] = found
        return irloops.unbind(name, unknown) if unknown else name, tuple(loops[k] for k in sorted(loops))

    def _lower_Subscript(self, node: ast.Subscript, scope: Any, line: int, depth: int) -> ir.Expr:
        """`p["name"]` of a loop variable `p`: a value the loop binds (an item of its items), kept as `ir.LoopVar`."""
        key, value = node.slice, node.value
        if isinstance(value, ast.Name) and isinstance(key, ast.Constant) and str(key.value).isidentifier():
            found = self.lower(value, scope, line, depth)
            if isinstance(found, ir.LoopVar) and isinstance(key.value, str):
                var, _, place = found.key.partition("@")
                member = f'{var}["{key.value}"]@{place}'
                self.looped[member] = self.looped[found.key]
                return ir.LoopVar(member)
            if isinstance(found, ir.Unknown) and found.why == LOOPED and self._in_loop_of(node, value.id):
                return found
        return super()._lower_Subscript(node, scope, line, depth)

    def _in_loop_of(self, node: ast.AST, name: str) -> bool:
        """Whether `node` is in a loop or comprehension binding `name`."""
        for cur in self._above(node):
            loops = getattr(cur, "generators", [cur])
            if any(isinstance(g, Looping) and name in (_targets(g.target) or ()) for g in loops):
                return True
        return False

    def _lower_Opaque(self, node: Opaque, scope: Any, line: int, depth: int) -> ir.Expr:
        loop, site = node.loop, self.looping
        if loop is None or site is None or not self._runs_in(site, loop):
            return super()._lower_Opaque(node, scope, line, depth)
        key = irloops.key(node.var, loop.target.lineno, loop.target.col_offset)
        self.looped[key] = loop
        return ir.LoopVar(key)

    def _above(self, node: ast.AST) -> Any:
        cur = self.parent.get(node)
        while cur is not None:
            yield cur
            cur = self.parent.get(cur)

    def _runs_in(self, site: ast.AST, loop: Looping) -> bool:
        """Whether the code at `site` runs in each run of the body of `loop`, when it runs (no function between)."""
        holder = self.parent.get(loop) if isinstance(loop, ast.comprehension) else loop
        child = site
        for cur in self._above(site):
            if cur is holder:
                if isinstance(loop, ast.comprehension):
                    return isinstance(cur, IN_PLACE) and child in (
                        getattr(cur, f, None) for f in ("elt", "key", "value")
                    )
                return any(child is s for s in loop.body)
            if isinstance(cur, BOUNDARY):
                return False
            child = cur
        return False

    def _loop(self, loop: Looping, site: ast.Call, read: tuple[str, ...]) -> ir.Loop | str:
        """The loop `loop` around `site` with the values of the names `read` (`p`, `p["name"]`) in each run, else
        `<line>, <why it is not followed>`."""
        where = f"{loop.target.lineno}, "
        targets = _targets(loop.target)
        if targets is None:
            return where + "whose target is not a name nor a flat tuple of names"
        if isinstance(loop, ast.AsyncFor) or getattr(loop, "is_async", False):
            return where + "an async loop"
        read = tuple(sorted(read, key=lambda n: (targets.index(_item_of(n)[0]), n)))  # as the target is written
        why = self._body_why(loop, site, set(targets)) or self._member_why(loop, read)
        if why:
            return where + why
        rows = self._rows(loop, targets, read)
        if isinstance(rows, str):
            return where + rows
        keys = tuple(irloops.key(t, loop.target.lineno, loop.target.col_offset) for t in read)
        return ir.Loop(keys, rows, loop.target.lineno)

    def _body_why(self, loop: Looping, site: ast.Call, names: set[str]) -> str:
        """Why the body of `loop` may not reach `site` with each item (a `break`, a test of the variable), or ""."""
        if isinstance(loop, ast.comprehension):
            return self._filter_why(loop)
        inner = [n for s in loop.body for n in ast.walk(s)]
        for n in inner:
            if isinstance(n, ast.Break) and self._own_jump(n, loop):
                return f"which has a `break` at line {n.lineno}"
            if isinstance(n, ast.Name) and n.id in names and isinstance(n.ctx, ast.Store | ast.Del):
                return f"whose variable '{n.id}' is assigned in its body at line {n.lineno}"
        tainted = names | {n.id for n in inner if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store)}
        return self._exit_why(loop, site, inner, tainted)

    def _exit_why(self, loop: Looping, site: ast.Call, inner: list[ast.AST], tainted: set[str]) -> str:
        """Why the site or an exit of the loop (a `continue` before it, a `return`/`raise` anywhere) depends on the
        loop variable, or ends the loop in its first run; else ""."""
        at = (site.lineno, site.col_offset)
        ends = [
            n
            for n in inner
            if isinstance(n, EXITS)
            and (not isinstance(n, ast.Continue) or (n.lineno, n.col_offset) < at)
            and self._own_jump(n, loop)
        ]
        for n in [site, *ends]:  # a `continue` before the site; a `return` or `raise` anywhere: it ends the loop
            tests = [cur for cur in self._until(n, loop) if isinstance(cur, TESTS)]
            if n is not site and not isinstance(n, ast.Continue) and not tests:
                return f"which ends at line {n.lineno} in its first run"
            if any(
                _reads(_test_of(cur), tainted) or (n is not site and isinstance(cur, ast.Try | ast.ExceptHandler))
                for cur in tests
            ):
                return f"whose {'site' if n is site else 'exit'} at line {n.lineno} depends on the loop variable"
        return ""

    def _own_jump(self, jump: ast.AST, loop: ast.AST) -> bool:
        """Whether `jump` in the body of `loop` leaves a run of it: not one in a function or class defined there,
        nor a `break`/`continue` of a loop there."""
        inner = (ast.For, ast.AsyncFor, ast.While) if isinstance(jump, ast.Break | ast.Continue) else ()
        return not any(isinstance(cur, (*SCOPES, *inner)) for cur in self._until(jump, loop))

    def _until(self, node: ast.AST, loop: ast.AST) -> list[ast.AST]:
        """The nodes above `node` below `loop`."""
        out = []
        for cur in self._above(node):
            if cur is loop:
                break
            out.append(cur)
        return out

    def _filter_why(self, loop: ast.comprehension) -> str:
        """Why a comprehension may skip an item: an `if` clause reading one of its variables, else ""."""
        comp = self.parent[loop]
        generators = comp.generators if isinstance(comp, IN_PLACE) else [loop]
        bound = {n.id for g in generators for n in ast.walk(g.target) if isinstance(n, ast.Name)}
        tests = [t for g in generators for t in g.ifs if _reads(t, bound)]
        return f"whose `if` at line {tests[0].lineno} reads a loop variable" if tests else ""

    def _rows(self, loop: Looping, targets: list[str], read: tuple[str, ...]) -> Rows | str:
        """The values of the names `read` in each run of `loop` over a literal collection (or `enumerate` or `zip`
        of them: iterables.py), else why not."""
        members = any(_item_of(n)[1] for n in read)
        spread = iterables.spread(loop.iter, targets, {_item_of(n)[0] for n in read}, self._builtin)
        if isinstance(spread, str):
            return spread
        columns: list[tuple[list[tuple[ast.expr, ...]] | None, ast.expr | None]] = []
        for box, width, ordered in spread or [(loop.iter, len(targets), False)]:
            found = self._column(box, loop, width, members, ordered) if box is not None else (None, None)
            if isinstance(found, str):
                return found
            columns.append(found)
        at: dict[
            str, tuple[Any, int]
        ] = {}  # where each target's values are lowered: in the scope of the collection they are written in
        for (_, box), names in zip(columns, _widths(targets, spread), strict=True):
            at.update((t, (self._scope(box), box.lineno)) for t in names if box is not None)
        runs = min(len(cells) for cells, _ in columns if cells is not None)  # `zip` stops at the shortest
        fill = (ast.Constant(None),)  # the index of `enumerate`, never read (iterables.py)
        out = []
        for run in range(runs):
            flat = [c for cells, _ in columns for c in (cells[run] if cells is not None else fill)]
            picked = self._picked(dict(zip(targets, flat, strict=True)), read, at)
            if isinstance(picked, str):
                return picked
            out.append(picked)
        return tuple(out)

    def _column(
        self, iterable: ast.expr, loop: Looping, width: int, members: bool, ordered: bool
    ) -> tuple[list[tuple[ast.expr, ...]], ast.expr] | str:
        """The values each item of the literal collection `iterable` (or the name given it once) binds to `width`
        names, and that collection; else why not. `ordered`: a set (in no known order) is not one."""
        box, view = _view_of(iterable)
        named = box.id if isinstance(box, ast.Name) else None
        if isinstance(box, ast.Name):
            items = self._seen_assigns(box.id, self._scope(loop))
            if len(items) != 1 or not isinstance(items[0][1], LITERALS):
                return f"over '{box.id}', which is not a literal list, tuple, set or dict given once"
            if items[0][0] > loop.target.lineno or self._changed(box.id, items[0][1]):
                return f"over '{box.id}', {CHANGES} (or given after the loop)"
            box = items[0][1]
        if named is not None and members and self._written_times(named) > 2:
            return f"over '{named}', read elsewhere: the items of its items may change"
        if ordered and isinstance(box, ast.Set):
            return "over a set zipped with another collection (a set's order is not known)"
        if isinstance(box, ast.Dict):
            cells = _dict_cells(box, view or "keys", width)
        elif view or not isinstance(box, ast.List | ast.Tuple | ast.Set):
            return "over a value that is not a literal list, tuple, set or dict"
        else:
            cells = _cells(box, width)
        return cells if isinstance(cells, str) else (cells, box)

    def _picked(
        self, row: dict[str, ast.expr], read: tuple[str, ...], at: dict[str, tuple[Any, int]]
    ) -> tuple[ir.Expr, ...] | str:
        """The value of each name of `read` in one run binding `row`: a name's value, or an item of it
        (`p["name"]`), which must be written in the literal dict it is."""
        out = []
        for name in read:
            var, member = _item_of(name)
            cell = row[var]
            if member:
                entries = _dict_cells(cell, "items", 2) if isinstance(cell, ast.Dict) else None
                found = (
                    {k.value: v for k, v in entries if isinstance(k, ast.Constant)} if isinstance(entries, list) else {}
                )
                if member not in found:
                    return entries if isinstance(entries, str) else f"whose items are not each a dict with '{member}'"
                cell = found[member]
            out.append(self.lower(cell, *at[var]))
        return tuple(out)

    def _member_why(self, loop: Looping, read: tuple[str, ...]) -> str:
        """Why the items (`p["name"]`) of the dicts a loop binds may not be as written when read in its body: a use of
        `p` there but to read an item with a constant key; else ""."""
        bases = {_item_of(n)[0] for n in read if _item_of(n)[1]}
        comp = self.parent[loop] if isinstance(loop, ast.comprehension) else None
        if isinstance(comp, IN_PLACE):
            body: list[ast.AST] = [getattr(comp, f) for f in ("elt", "key", "value") if hasattr(comp, f)]
            body += [t for g in comp.generators for t in g.ifs]
        else:
            body = list(loop.body) if isinstance(loop, ast.For | ast.AsyncFor) else []
        for n in (n for part in body for n in ast.walk(part)):
            if isinstance(n, ast.Name) and n.id in bases:
                up = self.parent.get(n)
                loaded = isinstance(up, ast.Subscript) and up.value is n and isinstance(up.ctx, ast.Load)
                if not (loaded and isinstance(getattr(up, "slice", None), ast.Constant)):
                    return f"whose variable '{n.id}' is used at line {n.lineno} but to read an item"
        return ""

    def _written_times(self, name: str) -> int:
        """How often the name `name` is written in the file."""
        return sum(1 for n in self.nodes if isinstance(n, ast.Name) and n.id == name)

    def _changed(self, name: str, box: ast.expr) -> bool:
        """Whether the list, set or dict `name` may change: read anywhere (any scope) but as what a loop runs over,
        to read an item or (a dict) through a method that does not change it (a method called on it, given to a
        call, held in another name, an item set)."""
        if isinstance(box, ast.Tuple):
            return False
        for n in self.nodes:
            if isinstance(n, ast.Name) and n.id == name and isinstance(n.ctx, ast.Load):
                up = self.parent.get(n)
                looped = isinstance(up, ast.For | ast.comprehension) and up.iter is n
                read = isinstance(up, ast.Subscript) and up.value is n and isinstance(up.ctx, ast.Load)
                read = read or isinstance(up, ast.Compare) or self._read_by_builtin(up, n)  # `x in NAMES`, `len(..)`
                if not (looped or read or (isinstance(box, ast.Dict) and self._reads_only(up))):
                    return True
        return False

    def _read_by_builtin(self, up: ast.AST | None, arg: ast.expr) -> bool:
        """Whether `up` (above a collection's name `arg`) gives it to a builtin that only reads it (`len(NAMES)`,
        `enumerate(NAMES)`, `zip(A, B)`, `sorted(NAMES)`: a new list)."""
        if not isinstance(up, ast.Call) or not isinstance(up.func, ast.Name) or up.func.id not in READERS:
            return False
        return any(a is arg for a in up.args) and self._builtin(up.func.id)

    def _builtin(self, name: str) -> bool:
        """Whether `name` is the builtin so named: the file never binds it (nor imports all of a module)."""
        return name not in self.functions and name not in self.imports and not any(_binds(n, name) for n in self.nodes)

    def _reads_only(self, up: ast.AST | None) -> bool:
        """Whether `up` (above a dict's name) calls a method of it that leaves it as it is (`.items()`, `.get(..)`)."""
        call = self.parent.get(up) if isinstance(up, ast.Attribute) and up.attr in READ_ONLY else None
        return isinstance(call, ast.Call) and call.func is up


def _widths(targets: list[str], spread: list[iterables.Column] | None) -> list[list[str]]:
    """The names of `targets` each column binds (one column of them all outside `enumerate`/`zip`)."""
    out, at = [], 0
    for _, width, _ in spread or [(None, len(targets), False)]:
        out.append(targets[at : at + width])
        at += width
    return out


def _binds(node: ast.AST, name: str) -> bool:
    """Whether `node` binds `name` (or may: `from m import *`)."""
    if isinstance(node, ast.alias):
        return node.name == "*" or (node.asname or node.name.partition(".")[0]) == name
    if isinstance(node, ast.Name):
        return node.id == name and not isinstance(node.ctx, ast.Load)
    if isinstance(node, ast.arg):
        return node.arg == name
    named = ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | ast.ExceptHandler | ast.MatchAs | ast.MatchStar
    return isinstance(node, named) and node.name == name


def _item_of(name: str) -> tuple[str, str]:
    """The variable and the key of an item read of a loop variable (`p["name"]`: `p`, `name`; `p`: `p`, "")."""
    var, _, rest = name.partition("[")
    return var, rest[1:-2]


def _cells(box: ast.List | ast.Tuple | ast.Set, width: int) -> list[tuple[ast.expr, ...]] | str:
    """The values each item of a literal list binds to `width` names (itself, or its parts), else why not."""
    if any(isinstance(e, ast.Starred) for e in box.elts):
        return "over a value that is not a literal list, tuple, set or dict"
    out = []
    for elt in box.elts:
        parts = [elt] if width == 1 else getattr(elt, "elts", None)
        if (not isinstance(elt, ast.Tuple | ast.List) and width > 1) or parts is None or len(parts) != width:
            return f"whose items are not each {width} values"
        out.append(tuple(parts))
    return out


def _dict_cells(box: ast.Dict, view: str, width: int) -> list[tuple[ast.expr, ...]] | str:
    """The values a loop over the literal dict `box` (its keys, `.values()` or `.items()`) binds to `width` names,
    else why not: its keys must be distinct constants (`{x: .., y: ..}` is one entry when x == y), no `**spread`."""
    keys = [k.value if isinstance(k, ast.Constant) else box for k in box.keys]
    if any(k is box for k in keys) or len(set(keys)) != len(keys):
        return "over a dict whose keys are not distinct constants (or with a `**spread`)"
    if width != (2 if view == "items" else 1):
        return f"whose items are not each {width} values"
    pairs = [(k, v) for k, v in zip(box.keys, box.values, strict=True) if k is not None]
    return [pair if view == "items" else (pair[view == "values"],) for pair in pairs]


def _view_of(box: ast.expr) -> tuple[ast.expr, str]:
    """What a loop over `box` runs over, and the view of a dict it takes (`d.items()`: `d`, "items"; else "")."""
    call = box if isinstance(box, ast.Call) and not box.args and not box.keywords else None
    if call is not None and isinstance(call.func, ast.Attribute) and call.func.attr in VIEWS:
        return call.func.value, call.func.attr
    return box, ""


def _targets(target: ast.expr) -> list[str] | None:
    if isinstance(target, ast.Name):
        return [target.id]
    if isinstance(target, ast.Tuple | ast.List) and all(isinstance(e, ast.Name) for e in target.elts):
        return [e.id for e in target.elts if isinstance(e, ast.Name)]
    return None


def _test_of(node: ast.AST) -> ast.AST:
    """What decides whether code under `node` runs (a `try` or an `except`: all of it, conservatively)."""
    if isinstance(node, ast.Match):
        return node.subject
    return node.test if isinstance(node, ast.If | ast.While | ast.IfExp) else node


def _reads(node: ast.AST, names: set[str]) -> bool:
    return any(isinstance(n, ast.Name) and n.id in names for n in ast.walk(node))
