"""A module-level function defined more than once (`def make` twice, in both arms of an `if`, or given another value
by an assignment or an import): which `def` each call of its name runs. Python binds the name at each `def` as it
runs: a call runs the one its name holds then, so each such `def` is a helper of its own, keyed `make#<line>` (`make`
for the one the module holds as it ends, which other modules import). Two `def`s the name may hold after an `if`
both count (as two values assigned in the arms of an `if` do); what cannot be told (a `def` in a loop or a `try`, a
call from a function the name is bound again after) binds its sites with an unknown argument saying why."""

from __future__ import annotations

import ast
import dataclasses
from collections.abc import Iterator
from typing import TYPE_CHECKING

from stackgraph.inference import ir
from stackgraph.inference.frontends.python.syntax import FAR, FuncNode, params_of

if TYPE_CHECKING:
    from stackgraph.inference.frontends.python.names import PythonNames

Held = list[ast.AST] | None
"""The bindings (a `def`, an assignment's value, an import) a read of the name may see; None: not known."""


class Redefined:
    """The module-level functions of one file whose name is bound more than once, and which `def` each read runs."""

    def __init__(self, names: PythonNames) -> None:
        self.names = names
        self.defs: dict[str, list[FuncNode]] = {}
        for name, items in names.assigns[None].items():
            fns = [d for _, v in items if isinstance(d := getattr(v, "defines", None), FuncNode)]
            if fns and (len(items) + len(names._module_imports(name)) > 1 or fns[0] not in names.tree.body):
                self.defs[name] = fns
        self.end = {name: self._held(name, FAR) for name in self.defs}
        self.reads: dict[ast.Name, Held] = {
            n: self._read(n)
            for n in names.nodes
            if isinstance(n, ast.Name) and n.id in self.defs and isinstance(n.ctx, ast.Load) and not self._local(n)
        }

    def key(self, fn: FuncNode) -> str | None:
        """The helper key of a module-level `def` (None: no `def` of a name bound more than once)."""
        if fn not in self.defs.get(fn.name, ()):
            return None
        end = self.end[fn.name]
        return fn.name if end is not None and fn in end else f"{fn.name}#{fn.lineno}"

    def helper(self, fn: FuncNode, name: ir.Expr) -> tuple[str | None, ir.Expr] | None:
        """The key of a module-level `def` holding a site named `name`, None when no other binding of its name makes it
        one of its own; a `def` no code runs: no key, and `name` with each parameter unknown saying why."""
        key = self.key(fn)
        why = self.never(fn) if key is not None else ""
        if not why:
            return None if key is None else (key, name)
        return None, ir.substitute(name, dict.fromkeys(ir.params_in(name), ir.Unknown(why)))

    def never(self, fn: FuncNode) -> str:
        """Why no code runs `fn` (its name bound again before any read of it sees it), or ""."""
        end = self.end[fn.name]
        if end is None or fn in end or any(seen is None or fn in seen for seen in self.reads.values()):
            return ""
        lines = [ln for ln, _ in self._bindings(fn.name) if ln > fn.lineno]
        return f"never called: `{fn.name}` is defined again at {self.names.file}:{lines[0]}" if lines else ""

    def split(self, node: ast.Call, call: ir.Call, helpers: set[str]) -> Iterator[ir.Call]:
        """`call` (of `node`) once for each `def` it may run, a helper of `helpers`; the others as they are."""
        seen = self.reads.get(node.func, []) if isinstance(node.func, ast.Name) else []
        if not isinstance(call.callee, ir.Lit) or not isinstance(node.func, ast.Name) or node.func not in self.reads:
            yield call
            return
        fns = self.defs[node.func.id] if seen is None else [f for f in seen if isinstance(f, FuncNode)]
        for key in dict.fromkeys(k for f in fns if (k := self.key(f)) in helpers):
            if seen is not None:
                yield dataclasses.replace(call, callee=ir.Lit(key))
                continue
            lines = ", ".join(str(f.lineno) for f in self.defs[node.func.id])
            why = ir.Unknown(
                f"which `def {node.func.id}` the call at {self.names.file}:{node.lineno} runs is not followed "
                f"(defined at lines {lines})"
            )
            args, kwargs = tuple(why for _ in call.args), tuple((k, why) for k, _ in call.kwargs)
            yield dataclasses.replace(call, callee=ir.Lit(key), args=args, kwargs=kwargs)

    def _local(self, node: ast.Name) -> bool:
        """Whether a function around `node` binds the name itself (then it reads not the module's)."""
        cur = self.names._scope(node)
        while cur is not None:
            if node.id in self.names.assigns.get(cur, {}) or (
                isinstance(cur, FuncNode | ast.Lambda) and node.id in params_of(cur)
            ):
                return True
            cur = self.names._scope(cur)
        return False

    def _read(self, node: ast.Name) -> Held:
        """What a read of the name may see: at its line in the module's code; in a function, what the module gave
        it before the function is defined (unknown when it is bound again after: it depends on when it runs)."""
        top, cur = None, self.names._scope(node)
        while cur is not None:
            top, cur = cur, self.names._scope(cur)
        if top is None:
            return self._held(node.id, node.lineno)
        start = min(n.lineno for n in (top, *getattr(top, "decorator_list", [])))
        late = any(ln >= start for ln, _ in self._bindings(node.id))
        return None if late else self._held(node.id, start)

    def _bindings(self, name: str) -> list[tuple[int, ast.AST]]:
        items = [(ln, getattr(v, "defines", None) or v) for ln, v in self.names.assigns[None][name]]
        return sorted([*items, *self.names._module_imports(name)], key=lambda item: item[0])

    def _held(self, name: str, line: int) -> Held:
        return self._reach([(ln, v) for ln, v in self._bindings(name) if ln < line], line)

    def _reach(self, items: list[tuple[int, ast.AST]], line: int) -> Held:
        """The bindings of `items` the name may hold at `line` (as names.py `_settled` finds its value)."""
        names = self.names
        while items and names._before_else(items[-1][1], None, line):
            items = items[:-1]
        if not items:
            return []
        value = items[-1][1]
        if value not in names.parent:  # a loop variable, `with .. as`: not followed
            return None
        branches = names._branches(value, None, line)
        if not branches:
            return [value]
        branch = branches[0]
        if len(branches) != 1 or not isinstance(branch, ast.If):
            return None
        if names._arm(value, branch) == "orelse":
            then = [v for _, v in items if names._arm(v, branch) == "body"]
            if then:
                return [then[-1], value] if names._branches(then[-1], None, FAR)[:1] == [branch] else None
        rest = self._reach([(ln, v) for ln, v in items if ln < branch.lineno], branch.lineno)
        return None if rest is None else [value, *rest]
