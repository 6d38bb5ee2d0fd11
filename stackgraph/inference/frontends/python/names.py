"""The names of one Python file: one pass over the tree indexes assignments per scope, imports and classes;
`lookup` answers what a name holds at a line (the last assignment before it, through ifs). A function (lambda,
generator expression) reads a name of an enclosing scope when it is called: the values given before its `def`, or
unknown when the name is given another after it (`_called_late`) or set by a function (`global`, `nonlocal`).

`PythonNames` is the base of `PythonFinder`; lowering an expression (`lower`, `_test`) is its subclass's.
"""

from __future__ import annotations

import ast
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING

from stackgraph.inference import ir
from stackgraph.inference.frontends.python.optional import guards, optional
from stackgraph.inference.frontends.python.paths import bound_once, read_edits
from stackgraph.inference.frontends.python.scopes import DEFINES, Bindings, class_of
from stackgraph.inference.frontends.python.syntax import (
    BRANCHES,
    FAR,
    IN_PLACE,
    INDEXED,
    SYS_PATH_EDITS,
    Comprehension,
    FuncNode,
    Imported,
    Looping,
    Opaque,
    Unpacked,
    callee_name,
    children,
    dotted,
    ends_before,
    flat_unpacking,
    literal_module,
    params_of,
    python_module,
    runs_code,
    shape,
)

if TYPE_CHECKING:
    from stackgraph.inference.frontends.python.reads import PythonReads


class PythonNames:
    """The names of one file, indexed on construction."""

    def __init__(self, tree: ast.Module, file: str, text: str) -> None:
        self.tree = tree
        self.file = file
        self.text = text
        self.parent: dict[ast.AST, ast.AST] = {}
        self.assigns: dict[ast.AST | None, dict[str, list[tuple[int, ast.expr]]]] = {None: {}}
        self.imports: dict[str, ir.Import] = {}
        self.modules: dict[str, ir.Module] = {}  # local alias -> the module
        self.functions: dict[str, FuncNode] = {}
        self.classes: set[str] = set()  # module-level classes
        self.attrs: dict[tuple[ast.ClassDef, str], list[tuple[ast.AST, int, ast.expr]]] = {}  # self.x = ...
        self.mutated: set[tuple[str, str]] = set()  # (name, attribute) set from outside: `config.env = ...`
        self.specs: list[ir.Module] = []
        self.guards: dict[ir.Module, list[list[tuple[ast.If, bool]]]] = {}  # module -> the `if`s around each import
        self.dynamic = False
        self.paths: list[str] = []  # folders the file adds to sys.path (see paths.py)
        self.path_edits: list[tuple[int, str]] = []  # (line, folder) of each, outside the repository too
        self._path_calls: list[ast.Call] = []  # the sys.path edits, read after the assignments are indexed
        self.spec_lines: dict[ir.Module, int] = {}  # the first line importing each module
        self.needed: dict[ir.Module, int] = {}  # the modules an import needs to find (optional.py), first line
        self.submodules: set[str] = set()  # `a.b` of `import a.b.c` (and `a.b.c`): read as `a.b.name`
        self.stars: list[tuple[ir.Module, int]] = []  # `from refs import *`: the module and the line
        self.local_class = False
        self.classy = False  # whether the file defines a class (class_of: what a class body binds and reads)
        self._subs: dict[str, ast.ClassDef] | None = None  # the classes extending StackReference (finder.py)
        self.nodes: list[ast.AST] = []
        self._reads: PythonReads | None = None  # made by the finder when it needs them
        self._bindings: Bindings | None = None  # the scope each name is bound in (scopes.py), made when needed
        self._lines = text.encode("utf-8").splitlines(keepends=True)
        self._index()

    def quoted(self, node: ast.expr | ast.stmt, limit: int = 40) -> str:
        """The text of `node`, its literals written `...` (one may be a secret: quoting.py)."""
        return shape(node, self._lines, limit)

    # --- indexing ---

    def _index(self) -> None:
        todo: list[ast.AST] = [self.tree]
        while todo:  # one pass: every node, and the parent of each
            node = todo.pop()
            self.nodes.append(node)
            for child in children(node):
                self.parent[child] = node
                todo.append(child)
        self.nodes.reverse()
        self.classy = any(type(node) is ast.ClassDef for node in self.nodes)
        for node in self.nodes:
            if type(node) not in INDEXED:  # most nodes (names, constants, attributes) need nothing here
                continue
            if isinstance(node, DEFINES):  # `def net(): ..` binds `net` as `net = ..` does
                self.assigns.setdefault(self._binder(node), {}).setdefault(node.name, []).append(
                    (node.lineno, Opaque(node, self.file))
                )
            if not self._index_binding(node):
                self._index_import(node)
        for names in self.assigns.values():
            for items in names.values():
                items.sort(key=lambda item: item[0])  # document order: the last assignment before a use wins
        for stmt in self.tree.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                self.functions[stmt.name] = stmt
            elif isinstance(stmt, ast.ClassDef):
                self.classes.add(stmt.name)
        bound = functools.partial(bound_once, self.assigns, self._binder, self._declarations())  # names a folder?
        self.path_edits, self.paths, dynamic = read_edits(self._path_calls, self.file, bound)
        self.dynamic = self.dynamic or dynamic  # a folder we cannot know or read: every file counts

    def _index_binding(self, node: ast.AST) -> bool:
        """Record what `node` binds (an assignment, or a name bound to a value not read here); whether it is one."""
        if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign):
            if node.value is not None:
                self._assign(node)
        elif isinstance(node, ast.NamedExpr):
            if isinstance(node.target, ast.Name):
                self.assigns.setdefault(self._binder(node), {}).setdefault(node.target.id, []).append(
                    (node.lineno, node.value)
                )
        elif isinstance(node, ast.For | ast.AsyncFor):
            self._opaque(node.target, self._binder(node), node.lineno, node)
        elif isinstance(node, ast.comprehension):
            self._opaque(node.target, self._scope(node), node.target.lineno, node)
        elif isinstance(node, ast.withitem):
            if node.optional_vars is not None:
                self._opaque(node.optional_vars, self._binder(node.optional_vars), node.optional_vars.lineno)
        elif isinstance(node, ast.ExceptHandler):
            if node.name:
                self._opaque(ast.Name(node.name), self._binder(node), node.lineno)
        elif isinstance(node, ast.MatchAs | ast.MatchStar):
            if node.name:
                self._opaque(ast.Name(node.name), self._binder(node), getattr(node, "lineno", 0))
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
            for extra in (node.args.vararg, node.args.kwarg):
                if extra is not None:
                    self._opaque(ast.Name(extra.arg), node, node.lineno)
        else:
            return False
        return True

    def _index_import(self, node: ast.AST) -> None:
        """Record an import, a local `StackReference` class, or an import we cannot follow."""
        if isinstance(node, ast.Import):
            for alias in node.names:
                local = alias.asname or alias.name.split(".")[0]
                module = python_module(alias.name if alias.asname else alias.name.split(".")[0])
                held = ir.Unknown(f"'{local}', a module imported at line {node.lineno}")
                if not self._local_import(node, local, held, module) or local not in self.modules:
                    self.modules[local] = module  # the module's own import wins: it is what other scopes read
                self._spec(python_module(alias.name), node)
                self._guard(node, python_module(alias.name))
                self._need(python_module(alias.name), node)
                parts = alias.name.split(".") if not alias.asname else []
                self.submodules.update(".".join(parts[:end]) for end in range(2, len(parts) + 1))
        elif isinstance(node, ast.ImportFrom):
            self._import_from(node)
        elif isinstance(node, ast.ClassDef) and node.name == "StackReference":
            self.local_class = True
        elif isinstance(node, ast.Call) and callee_name(node.func) in ("import_module", "__import__"):
            literal = literal_module(node)
            if literal is None:
                self.dynamic = True  # a computed name (`"stacks." + stack`): every file counts
            else:
                self._spec(python_module(literal), node)
                self._guard(node, python_module(literal))
                self._need(python_module(literal), node)
        elif isinstance(node, ast.Call) and runs_code(node):
            self.dynamic = True  # `runpy.run_path(p)`, `exec(open(p).read())`: any file may run
        elif isinstance(node, ast.Call) and dotted(node.func) in SYS_PATH_EDITS:
            self._path_calls.append(node)  # read once every assignment is indexed (a name may hold the folder)

    def _assign(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value: ast.expr = node.value  # type: ignore[assignment]  # not None: the caller checks
        if isinstance(node, ast.AugAssign):
            if not isinstance(node.op, ast.Add):
                value = ast.Constant(None)
            else:
                value = ast.BinOp(node.target, ast.Add(), value)
                ast.copy_location(value, node)
                value.target_line = node.lineno  # type: ignore[attr-defined]  # a mark _lower_BinOp reads (getattr)
            self.parent[value] = node  # in the ifs, loops and trys around the statement (was: taken as always run)
        scope = self._binder(node)
        for target in targets:
            if isinstance(target, ast.Tuple | ast.List) and flat_unpacking(target):  # `region, env = s.split(".")`
                self._unpacked(target, value, scope, node.lineno)
            elif isinstance(target, ast.Tuple | ast.List | ast.Starred):  # `_, _, stack = parse()`
                self._opaque(target, scope, node.lineno)
            elif isinstance(target, ast.Name):
                self.assigns.setdefault(scope, {}).setdefault(target.id, []).append((node.lineno, value))
            elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                cls = self.parent.get(scope) if scope is not None else None
                if isinstance(cls, ast.ClassDef) and scope is not None:
                    self.attrs.setdefault((cls, target.attr), []).append((scope, node.lineno, value))
            elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                self.mutated.add((target.value.id, target.attr))  # `config.env = ...` on an instance
            elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                self.mutated.add((target.value.id, "[]"))  # `STACKS["prod"] = ...`: the dict changes

    def _unpacked(self, target: ast.Tuple | ast.List, value: ast.expr, scope: ast.AST | None, line: int) -> None:
        """Each name of a flat unpacking bound to its item (`Unpacked`); the `*starred` one (a list) to `Opaque`."""
        names, star = target.elts, [isinstance(e, ast.Starred) for e in target.elts]
        for i, name in enumerate(names):
            if isinstance(name, ast.Starred):
                self._opaque(name, scope, line)
            elif isinstance(name, ast.Name):
                index = i if not any(star[:i]) else i - len(names)  # after `*rest`: counted from the end
                marker = Unpacked(value, index, len(names), any(star), line)
                self.assigns.setdefault(scope, {}).setdefault(name.id, []).append((line, marker))

    def _opaque(self, target: ast.AST, scope: ast.AST | None, line: int, loop: Looping | None = None) -> None:
        for name in ast.walk(target):
            if isinstance(name, ast.Name):
                marker = Opaque()
                marker.lineno, marker.loop, marker.var = line, loop, name.id
                self.assigns.setdefault(scope, {}).setdefault(name.id, []).append((line, marker))

    def _import_from(self, node: ast.ImportFrom) -> None:
        base = "." * node.level + (node.module or "")
        self._spec(python_module(base), node)
        self._guard(node, python_module(base))
        self._need(python_module(base), node)  # not `base.name`: a name may be the module's, not a submodule
        for alias in node.names:
            if alias.name == "*":
                self.stars.append((python_module(base), node.lineno))
                continue
            local = alias.asname or alias.name
            sub = f"{base}.{alias.name}" if node.module else f"{base}{alias.name}"
            value = ir.Import(python_module(base), alias.name)
            if not self._local_import(node, local, value) or local not in self.imports:
                self.imports[local] = value  # the module's own import wins: it is what other scopes read
            self.modules.setdefault(local, python_module(sub))
            self._spec(python_module(sub), node)
            self._guard(node, python_module(sub))

    def _local_import(self, node: ast.stmt, local: str, value: ir.Expr, module: ir.Module | None = None) -> bool:
        """Whether `node` is an import in a function (or a class body), binding `local` there (as `Imported`): it
        hides the module's name so spelled from the reads in that scope."""
        scope = self._binder(node)
        if scope is not None:
            marker = Imported(value, module, node.lineno)
            self.assigns.setdefault(scope, {}).setdefault(local, []).append((node.lineno, marker))
        return scope is not None

    def _spec(self, spec: ir.Module, node: ast.stmt | ast.expr) -> None:
        self.specs.append(spec)
        self.spec_lines.setdefault(spec, node.lineno)

    def _need(self, spec: ir.Module, node: ast.stmt | ast.expr) -> None:
        if not optional(node, self.parent):
            self.needed.setdefault(spec, node.lineno)

    def _guard(self, node: ast.AST, spec: ir.Module) -> None:
        self.guards.setdefault(spec, []).append(guards(node, self.parent))

    def _binder(self, node: ast.AST) -> ast.AST | None:
        """The scope a binding at `node` binds in: `_scope`'s, or the class whose body binds it itself."""
        return (class_of(node, self.parent) if self.classy else None) or self._scope(node)

    def _scope(self, node: ast.AST) -> ast.AST | None:
        cur = self.parent.get(node)
        while cur is not None and not isinstance(
            cur, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | Comprehension
        ):
            cur = self.parent.get(cur)
        return cur

    # --- facts ---

    def lookup(self, name: str, scope: ast.AST | None, line: int, depth: int) -> ir.Expr:
        """The value of `name` as seen from `line` in `scope`, computed once per file: a name reassigned
        in terms of itself under many ifs (`x = x + a` in turn) is looked up again by every branch, which
        made lowering exponential (minutes for one file)."""
        key = (name, id(scope), line)
        find = self._class_name if isinstance(scope, ast.ClassDef) else self._lookup  # read in a class body itself
        return ir.remembered(self, "_lookups", key, lambda: ir.bounded(find(name, scope, line, depth), name))

    def _lookup(self, name: str, scope: ast.AST | None, line: int, depth: int) -> ir.Expr:
        cur, inner = scope, None  # inner: the function (lambda, generator) nested in `cur` that holds the read
        while cur is not None:
            items = self.assigns.get(cur, {}).get(name, [])
            param = isinstance(cur, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and name in params_of(cur)
            before = [(ln, v) for ln, v in items if ln < line]
            late = self._set_elsewhere(name, cur, inner, not before) if items or param else None
            late = late or self._called_late(name, items, inner, param)
            if late is not None:
                return late
            before = before or ([] if param and inner is None else items)
            if before:
                return self._settle(name, before, cur, line, depth)
            if param:  # read before its function assigns it again (`def f(env): use(env); env = ..`)
                return ir.Param(name)
            inner = inner if isinstance(cur, IN_PLACE) else cur
            cur = self._scope(cur)
        items = self.assigns[None].get(name, [])
        if items and (setter := self._global_in_function(name)) is not None:
            return ir.Unknown(
                f"'{name}', a module variable a function sets (`global {name}` at {self.file}:{setter}): when it runs "
                "is not followed"
            )
        late = self._called_late(name, [*items, *self._module_imports(name)], inner, False)
        if late is not None:
            return late
        if items:
            before = [(ln, v) for ln, v in items if ln < line] if inner is None else items
            if before:
                return self._settle(name, before, None, line if inner is None else FAR, depth)
        if name in self.imports:
            return self.imports[name]
        return ir.Unknown(f"'{name}', which is not a constant")

    def _class_name(self, name: str, cls: ast.AST | None, line: int, depth: int) -> ir.Expr:
        """`name` read in the body of the class `cls` at `line`: the class's value when the class gives it one before;
        else the scope's around (the module's or a function's; unknown when the class gives it one after only, in a
        class of a function: Python then reads the module's name, not the function's)."""
        items = self.assigns.get(cls, {}).get(name, [])
        before = [(ln, v) for ln, v in items if ln < line]
        if before:
            return self._settle(name, before, cls, line, depth)
        around = self._scope(cls) if cls is not None else None
        if items and around is not None:
            where = f"{self.file}:{items[0][0]}"
            return ir.Unknown(f"'{name}', read in a class body before the class assigns it ({where}): not followed")
        return self._lookup(name, around, line, depth)

    def _seen_assigns(self, name: str, scope: ast.AST | None) -> list[tuple[int, ast.expr]]:
        """The assignments of `name` in the scope a read in `scope` sees (the innermost that binds it, not just
        `scope` or the module's: a name of the function around a closure hides the module's); none when that scope
        also binds it otherwise (a parameter, an import): it does not hold one of its assignments alone."""
        cur = scope
        while cur is not None:
            if isinstance(cur, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and name in params_of(cur):
                return []
            items = self.assigns.get(cur, {}).get(name, [])
            if items:
                return items
            cur = self._scope(cur)
        return [] if name in self.imports else self.assigns[None].get(name, [])

    def _called_late(
        self, name: str, items: Sequence[tuple[int, ast.AST]], fn: ast.AST | None, bound: bool
    ) -> ir.Unknown | None:
        """Unknown when `fn` (the function, lambda or generator expression holding a read of `name`, defined in the
        scope that assigns it `items`) reads it when called, and may be called while the name holds another of its
        values: it is given more than one there (`bound`: also as a parameter; `items` may hold imports) and one after
        `fn` is defined (`def f(): use(m)`, `f()`, `m = ..`). Python has no hoisting: assigned before, it is kept."""
        if fn is None or not items or len(items) + bound < 2:
            return None
        starts = [fn, *getattr(fn, "decorator_list", [])]  # a decorator runs before the function is defined
        start = min((n.lineno, n.col_offset) for n in starts)
        later = [ln for ln, value in items if not ends_before(ln, value, start)]
        if not later:
            return None
        kind = {ast.Lambda: "lambda", ast.GeneratorExp: "generator expression"}.get(type(fn), "function")
        return ir.Unknown(
            f"'{name}', reassigned at {self.file}:{later[-1]} after the {kind} at line {start[0]} is defined: it reads "
            "the value the name has when called"
        )

    def _module_imports(self, name: str) -> list[tuple[int, ast.AST]]:
        """The imports of the module's own code (not a function's) that bind `name`, with their lines."""
        table: dict[str, list[tuple[int, ast.AST]]] | None = self.__dict__.get("_module_imported")
        if table is None:
            table = self.__dict__["_module_imported"] = {}
            for node in self.nodes:
                if isinstance(node, ast.Import | ast.ImportFrom) and self._binder(node) is None:
                    for alias in node.names:
                        bound = alias.asname or alias.name.split(".")[0]
                        table.setdefault(bound, []).append((node.lineno, node))
        return table.get(name, [])

    def _global_in_function(self, name: str) -> int | None:
        """The line of the first `global name` of a function of this file (it may set the module's `name` when it
        runs, which is not followed: a read of the module's value is unknown), else None."""
        lines = [ln for ln, _, is_global in self._declarations().get(name, []) if is_global]
        return min(lines) if lines else None

    def _set_elsewhere(self, name: str, scope: ast.AST, inner: ast.AST | None, unread: bool) -> ir.Unknown | None:
        """Unknown when a function sets the `name` of another scope that `scope` assigns (`nonlocal name` in a
        function within it, or `global name`/`nonlocal name` in `scope` itself, read before `scope` assigns it
        (`unread`) or by a function within it): when that function runs is not followed."""
        for ln, where, is_global in self._declarations().get(name, []):
            nested = where is not scope and not is_global and self._nested_in(where, scope)
            if nested or (where is scope and (unread or inner is not None)):
                word = "global" if is_global else "nonlocal"
                return ir.Unknown(
                    f"'{name}', a variable a function sets (`{word} {name}` at {self.file}:{ln}): when it runs is "
                    "not followed"
                )
        return None

    def _nested_in(self, node: ast.AST | None, scope: ast.AST) -> bool:
        """Whether the scope `node` is within `scope` (None, the module, is within none)."""
        cur = self._scope(node) if node is not None else None
        while cur is not None and cur is not scope:
            cur = self._scope(cur)
        return cur is scope

    def _declarations(self) -> dict[str, list[tuple[int, ast.AST | None, bool]]]:
        """Each `global` or `nonlocal` name of the file: (line, the function declaring it, whether `global`)."""
        table: dict[str, list[tuple[int, ast.AST | None, bool]]] | None = self.__dict__.get("_declared_names")
        if table is None:
            table = self.__dict__["_declared_names"] = {}
            written = "global" in self.text or "nonlocal" in self.text
            for node in ast.walk(self.tree) if written else ():  # a walk of the file: only if written
                if isinstance(node, ast.Global | ast.Nonlocal):
                    for declared in node.names:
                        table.setdefault(declared, []).append(
                            (node.lineno, self._scope(node), isinstance(node, ast.Global))
                        )
        return table

    def _settle(
        self, name: str, items: list[tuple[int, ast.expr]], scope: ast.AST | None, line: int, depth: int
    ) -> ir.Expr:
        """`_settled`, once per file for the same assignments seen from the same line (see `lookup`)."""
        key = (name, id(scope), line, len(items), id(items[-1][1]))
        return ir.remembered(self, "_settles", key, lambda: self._settled(name, items, scope, line, depth))

    def _settled(
        self, name: str, items: list[tuple[int, ast.expr]], scope: ast.AST | None, line: int, depth: int
    ) -> ir.Expr:
        """The value of the last assignment in `items` as seen from `line`.

        An assignment inside an if, a loop, a try or a match that does not hold the use is not certain
        to have run: `if c: x = a` gives `a if c else <x before the if>`; anything else is unknown. One in the
        body of an if whose else holds `line` never ran before it (`else: x += "-eu"` reads x before the if).
        """
        while items and self._before_else(items[-1][1], scope, line):
            items = items[:-1]
        if not items:
            return ir.Unknown(f"'{name}', read in an else before it is given a value")
        ln, value = items[-1]
        branches = self._branches(value, scope, line)
        if not branches:
            return self.lower(value, scope, getattr(value, "lineno", ln), depth)
        branch = branches[0]
        if len(branches) == 1 and isinstance(branch, ast.If):
            test = self._test(branch.test, scope, branch.lineno, depth)
            earlier = [(ln2, v) for ln2, v in items if ln2 < branch.lineno]
            before = self._settle(name, earlier, scope, branch.lineno, depth) if earlier else None
            arm = self._arm(value, branch)
            if arm == "body" and before is not None:
                return ir.Conditional(test, self.lower(value, scope, ln, depth), before)
            if arm == "orelse":
                in_then = [(ln2, v) for ln2, v in items if self._arm(v, branch) == "body"]
                if in_then and self._branches(in_then[-1][1], scope, FAR)[:1] != [branch]:
                    in_then = []  # nested deeper in the then-arm: not one value
                    before = None
                first = self.lower(in_then[-1][1], scope, in_then[-1][0], depth) if in_then else before
                if first is not None:
                    return ir.Conditional(test, first, self.lower(value, scope, ln, depth))
        return ir.Unknown(f"'{name}', assigned in a branch or a loop")

    def _branches(self, node: ast.AST, scope: ast.AST | None, line: int) -> list[ast.AST]:
        """The ifs, loops, trys and matches between `node` and its scope that do not hold `line` (innermost first)."""
        out = []
        up = self.parent.get(node)
        while up is not None and up is not scope:
            if isinstance(up, BRANCHES) and not up.lineno <= line <= (up.end_lineno or up.lineno):
                out.append(up)
            up = self.parent.get(up)
        return out

    def _before_else(self, node: ast.AST, scope: ast.AST | None, line: int) -> bool:
        """Whether `node` is in the body of an if whose else holds `line`."""
        up = self.parent.get(node)
        while up is not None and up is not scope:
            if isinstance(up, ast.If) and up.orelse and up.orelse[0].lineno <= line <= (up.end_lineno or line):
                return self._arm(node, up) == "body"
            up = self.parent.get(up)
        return False

    def _arm(self, node: ast.AST, branch: ast.If) -> str:
        """Which part of an if holds `node`: "body", "orelse" or ""."""
        cur: ast.AST | None = node
        while cur is not None and self.parent.get(cur) is not branch:
            cur = self.parent.get(cur)
        if cur is None:
            return ""
        if any(cur is stmt for stmt in branch.body):
            return "body"
        return "orelse" if any(cur is stmt for stmt in branch.orelse) else ""

    def lower(self, node: ast.expr, scope: ast.AST | None, line: int, depth: int = 0) -> ir.Expr:
        raise NotImplementedError

    def _test(self, node: ast.expr, scope: ast.AST | None, line: int, depth: int) -> ir.Expr:
        raise NotImplementedError
