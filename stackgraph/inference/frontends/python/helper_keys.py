"""Helpers of a Python file that read a key on a StackReference they are given: `def out(ref, name): return
ref.require_output(name)`, called `out(net, "vpcId")`. Each call that passes a reference and a literal key (or a
constant the front-end lowers to one, or the parameter's literal default) reads that key on it, and any key the
helper reads by a literal on it (`ref.get_output("zone")`), at the call.

A function is such a reader of its parameter `ref` when it is defined once at module level, undecorated, and its body
uses `ref` only to read keys (`ref.<read>(k)`, `ref.outputs[k]`, `k` a literal or one of its parameters) or harmlessly
(`ref.name`, `if ref`, `ref is None`), never assigns `ref` nor a key parameter, nor declares either again in a
nested function. Anything else (the reference passed on, recursion included, `ref` or the key reassigned) and any call
with a key that is not a literal or with unpacked arguments keeps the reads open: the call is shown with why.

A reference passed to a function of another module (`vpc_of(net)` after `from lib.net import vpc_of`, `net_lib.vpc_of(
net)`), the name bound once in the module, is recorded as `ir.Handed` while a site's reads are collected (`handed`),
and each such reader of the file as `ir.Reader` (`readers`): the linker matches them (inference/handed.py).
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from stackgraph.inference import ir
from stackgraph.inference.frontends.handing_reads import Reader, Readers
from stackgraph.inference.frontends.python.syntax import OUTPUT_READS, FuncNode, defaults_of, keyword, params_of

Key = Callable[[ast.expr, ast.Call], str | None]
"""The string a key argument is (a literal, a constant of the file), None when it is not one."""
MethodOf = Callable[[ast.AST], "tuple[FuncNode, int] | None"]
"""The method of a class of the file a callee (`Refs.out`) runs, or a definition is, when its calls are followed
(methods.py), with how many of its parameters a call does not give (`cls`, `self`); None otherwise."""
HARMLESS = ast.Expr | ast.Compare | ast.Assert | ast.Delete
Imported = Callable[[ast.Call], "ir.Import | None"]
"""The function of another module a call calls (`vpc_of(..)` imported, `lib.vpc_of(..)`), None when it is not one."""


class HelperKeys(Readers[FuncNode]):
    """The helpers of one file that read keys on a reference passed to them, and what each call of them reads."""

    def __init__(
        self,
        tree: ast.Module,
        parent: dict[ast.AST, ast.AST],
        file: str,
        quoted: Callable[[ast.expr | ast.stmt, int], str],
        key: Key,
        method: MethodOf | None = None,
        imported: Imported | None = None,
    ) -> None:
        self.parent, self.file, self.quoted, self.key, self.method = parent, file, quoted, key, method
        self.tree, self.imported = tree, imported
        self.handed: list[ir.Handed] | None = None  # while a site's reads are collected: calls of imported functions
        self._once: set[str] | None = None  # the names the module binds once
        defined: dict[str, list[ast.stmt]] = {}
        helpers = {s.name for s in tree.body if isinstance(s, FuncNode) and not s.decorator_list}
        for stmt in tree.body if helpers else ():  # no module function: none to index (a walk of each statement)
            for name in _bound(stmt):
                defined.setdefault(name, []).append(stmt)
        self.functions = {
            name: stmts[0]
            for name, stmts in defined.items()
            if len(stmts) == 1 and isinstance(stmts[0], FuncNode) and not stmts[0].decorator_list
        }
        super().__init__()

    def own(self, node: ast.AST, base: str) -> bool:
        """Whether `node` (a read on the name `base`) is in a helper that reads keys on its parameter `base`: a
        read of the parameter, bound by each call, not of a module name of the same spelling."""
        cur = self.parent.get(node)
        while cur is not None and not isinstance(cur, ast.Module):
            method = self.method(cur) if isinstance(cur, FuncNode) and self.method is not None else None
            if isinstance(cur, FuncNode) and (self.functions.get(cur.name) is cur or method is not None):
                skip = method[1] if method is not None else 0
                return base in params_of(cur)[skip:] and not self.reader(cur, base).why
            cur = self.parent.get(cur)
        return False

    def bound(self, node: ast.Name) -> tuple[dict[str, int], str] | None:
        """What passing the reference `node` holds to a helper of the file reads: each key with its line, and why
        they may not be all ("" when they are); None when `node` is no argument of a call of a function of the file."""
        up = self.parent.get(node)
        call = self.parent.get(up) if isinstance(up, ast.keyword) else up
        if not isinstance(call, ast.Call) or call.func is node:
            return None
        if isinstance(call.func, ast.Name):
            fn, skip = self.functions.get(call.func.id), 0
        else:  # `Refs.out(net, "k")`: a method of a class of the file
            fn, skip = (self.method(call.func) if self.method is not None else None) or (None, 0)
        if fn is None:
            return self._handed(node, call)
        shown = f"`{self.quoted(call, 50)}` at {self.file}:{call.lineno}"
        values = _arguments(call, fn, skip)
        if values is None:
            return {}, f"{shown} (arguments {fn.name}() is given are not all known: unpacked)"
        param = next((p for p, value in values.items() if value is node), None)
        if param is None:  # to `*args` or `**kwargs`
            return {}, f"{shown} (handed to {fn.name}()'s `*` parameters: not followed)"
        reader = self.reader(fn, param)
        if reader.why:
            return {}, f"{shown} ({fn.name}() {reader.why})"
        keys = dict.fromkeys(reader.fixed, call.lineno)
        for name in sorted(reader.params):
            value = values.get(name)
            key = self.key(value, call) if value is not None else None
            if key is None:
                return {}, f"{shown} (the key {fn.name}() reads is not a literal: `{name}`)"
            given = value is not None and any(value is a for a in (*call.args, *(k.value for k in call.keywords)))
            at = value.lineno if given and value is not None else 0
            at = at or call.lineno  # a default: the call's line
            keys[key] = min(keys.get(key, at), at)
        return keys, ""

    def _handed(self, node: ast.Name, call: ast.Call) -> tuple[dict[str, int], str] | None:
        """A reference passed to a function of another module while a site's reads are collected: recorded in
        `handed` for the linker, no key here; None (not followed here) otherwise, or with unpacked arguments."""
        if self.handed is None or self.imported is None or not self._once_bound(call.func):
            return None
        callee = self.imported(call)
        unpacked = any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords)
        if callee is None or unpacked:
            return None
        given = [(str(i), a) for i, a in enumerate(call.args)] + [(k.arg, k.value) for k in call.keywords if k.arg]
        slot = next((s for s, a in given if a is node), None)
        if slot is None:
            return None
        args = tuple((s, self.key(a, call)) for s, a in given)
        why = f"`{self.quoted(call, 50)}` at {self.file}:{call.lineno}"
        self.handed.append(ir.Handed(callee, slot, args, call.lineno, why))
        return {}, ""

    def _once_bound(self, func: ast.expr) -> bool:
        """Whether the name a callee starts with (`vpc_of`, `lib` of `lib.vpc_of`) is bound once in the module."""
        while isinstance(func, ast.Attribute):
            func = func.value
        if self._once is None:
            counts: dict[str, int] = {}
            for stmt in self.tree.body:
                for name in _bound(stmt):
                    counts[name] = counts.get(name, 0) + 1
            self._once = {name for name, n in counts.items() if n == 1}
        return isinstance(func, ast.Name) and func.id in self._once

    def readers(self) -> tuple[ir.Reader, ...]:
        """Each module function of the file that reads keys on a parameter and does nothing else with it, by name and
        parameter (other modules' calls of it: inference/handed.py)."""
        out = []
        for name, fn in sorted(self.functions.items()):
            positions = tuple(p.arg for p in (*fn.args.posonlyargs, *fn.args.args))
            defaults = defaults_of(fn)
            for param in params_of(fn):
                reader = self.reader(fn, param)
                if reader.why:
                    continue
                literal = {p: d.value for p in reader.params if isinstance(d := defaults.get(p), ast.Constant)}
                given = tuple(sorted((p, v) for p, v in literal.items() if isinstance(v, str)))
                keys = tuple(sorted(reader.lines))
                out.append(ir.Reader(name, param, positions, keys, tuple(sorted(reader.params)), given))
        return tuple(out)

    def _ident(self, fn: FuncNode) -> int:
        return id(fn)

    def _line(self, fn: FuncNode) -> int:
        return fn.lineno

    def _read(self, fn: FuncNode, ref: str) -> Reader:
        params = params_of(fn)
        fixed: set[str] = set()
        lines: dict[str, int] = {}
        keys: set[str] = set()
        for node in ast.walk(fn):
            if isinstance(node, ast.arg) and node.arg == ref and self.parent.get(node) is not fn.args:
                return Reader(why=f"declares `{ref}` again at {self.file}:{node.lineno}")
            if not isinstance(node, ast.Name) or node.id != ref:
                continue
            if not isinstance(node.ctx, ast.Load):
                return Reader(why=f"assigns `{ref}` at {self.file}:{node.lineno}")
            read = self._key_read(node, params)
            chained = self._chained(node, params) if read is None else None
            if chained is not None:  # passed on to another reader of the file
                fixed.update(chained[0])
                keys.update(chained[1])
                for key, at in chained[0].items():
                    lines[key] = min(at, lines.get(key, at))
                continue
            if read is None:
                shown = self._shown(node)
                return Reader(why=f"uses the reference otherwise: `{self.quoted(shown, 40)}` at {self.file}:"
                              f"{shown.lineno}")  # fmt: skip
            (fixed if read[0] == "k" else keys).update(read[1:])
            if read[0] == "k" and len(read) > 1:
                lines[read[1]] = min(node.lineno, lines.get(read[1], node.lineno))
        for name in keys:
            why = _settled(fn, name, self.parent, self.file)
            if why:
                return Reader(why=why)
        return Reader(frozenset(fixed), frozenset(keys), lines=tuple(lines.items()))

    def _chained(self, node: ast.Name, params: tuple[str, ...]) -> tuple[dict[str, int], set[str]] | None:
        """For the parameter `node` passed to another module function of the file that only reads keys on it (`out(
        ref, "vpc_id")`, `out(ref, name)`): the keys it reads, each with a line, and the parameters of the caller
        (`params`) whose values are keys it reads; None when it is no such call or a key it reads is neither."""
        up = self.parent.get(node)
        call = self.parent.get(up) if isinstance(up, ast.keyword) else up
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
            return None
        fn = self.functions.get(call.func.id)
        values = _arguments(call, fn, 0) if fn is not None else None
        param = next((p for p, value in (values or {}).items() if value is node), None)
        reader = self.reader(fn, param) if fn is not None and param is not None else Reader(why="-")
        if reader.why or values is None:
            return None
        fixed, keys = dict.fromkeys(reader.fixed, call.lineno), set()
        for name in reader.params:
            value = values.get(name)
            given = any(value is a for a in (*call.args, *(k.value for k in call.keywords)))
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                fixed[value.value] = value.lineno if given else call.lineno
            elif given and isinstance(value, ast.Name) and value.id in params:
                keys.add(value.id)
            else:
                return None
        return fixed, keys

    def _key_read(self, node: ast.Name, params: tuple[str, ...]) -> tuple[str, ...] | None:
        """What a use of the parameter reads: ("k", key) for a literal key, ("p", name) for a parameter holding
        it, ("k",) for a harmless use (`ref.name`, `ref is None`); None for any other use."""
        up = self.parent.get(node)
        if isinstance(up, HARMLESS) or (isinstance(up, ast.If | ast.While | ast.IfExp) and up.test is node):
            return ("k",)
        if not isinstance(up, ast.Attribute) or up.value is not node:
            return None
        above = self.parent.get(up)
        if up.attr in OUTPUT_READS:
            arg = (above.args[0] if above.args else keyword(above, "name")) if isinstance(above, ast.Call) else None
            ok = isinstance(above, ast.Call) and above.func is up and len(above.args) <= 1
        elif up.attr == "outputs":
            arg = above.slice if isinstance(above, ast.Subscript) else None
            ok = isinstance(above, ast.Subscript) and isinstance(above.ctx, ast.Load)
        else:
            return ("k",)
        if ok and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
            return "k", arg.value
        return ("p", arg.id) if ok and isinstance(arg, ast.Name) and arg.id in params else None

    def _shown(self, node: ast.Name) -> ast.expr | ast.stmt:
        up = self.parent.get(node)
        while isinstance(up, ast.Attribute | ast.keyword | ast.Starred):
            up = self.parent.get(up)
        return up if isinstance(up, ast.expr | ast.stmt) else node


def _bound(stmt: ast.stmt) -> list[str]:
    """The module names a statement binds: a function, a class, an assignment's plain names, an import's."""
    if isinstance(stmt, FuncNode | ast.ClassDef):
        return [stmt.name]
    if isinstance(stmt, ast.Import | ast.ImportFrom):
        return [a.asname or a.name.split(".")[0] for a in stmt.names]
    return [n.id for n in ast.walk(stmt) if isinstance(n, ast.Name) and not isinstance(n.ctx, ast.Load)]


def _settled(fn: FuncNode, name: str, parent: dict[ast.AST, ast.AST], file: str) -> str:
    """Why the key parameter `name` may not hold what the call gives ("" when it does): assigned, or declared again."""
    for node in ast.walk(fn):
        if isinstance(node, ast.Name) and node.id == name and not isinstance(node.ctx, ast.Load):
            return f"assigns `{name}` at {file}:{node.lineno}"
        if isinstance(node, ast.arg) and node.arg == name and parent.get(node) is not fn.args:
            return f"declares `{name}` again at {file}:{node.lineno}"
        if isinstance(node, ast.Global | ast.Nonlocal) and name in node.names:
            return f"declares `{name}` {type(node).__name__.lower()} at {file}:{node.lineno}"
    return ""


def _arguments(call: ast.Call, fn: FuncNode, skip: int) -> dict[str, ast.expr] | None:
    """The value of each parameter of `fn` a call gives (its defaults for the others); None when arguments are
    unpacked (`*args`, `**kw`). An argument beyond the positional parameters is in none; the first `skip` (`cls`,
    `self` of a method) are given none."""
    if any(isinstance(a, ast.Starred) for a in call.args) or any(k.arg is None for k in call.keywords):
        return None
    a = fn.args
    positional = [p.arg for p in (*a.posonlyargs, *a.args)][skip:]
    values: dict[str, ast.expr] = dict(defaults_of(fn))
    values.update(zip(positional, call.args, strict=False))
    values.update({k.arg: k.value for k in call.keywords if k.arg is not None})
    return values
