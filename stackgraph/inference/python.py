"""Find StackReferences in Python programs with the standard `ast` parser (nothing is executed).

Sites: `pulumi.StackReference(name)`, `StackReference(name)`, `StackReference("logical",
stack_name=...)`. Names are lowered to the IR: literals, f-strings, `+`, `%`,
`.format`, `"/".join([...])`, local and module constants, `from x import NAME`,
`Config(ns).get/require(key)` with `or` / second-argument defaults, `get_stack()`,
`get_project()`, `get_organization()`, conditional expressions, helper parameters.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from stackgraph.inference import ir

CONFIG_READS = frozenset(
    {"get", "require", "get_secret", "require_secret", "get_int", "require_int", "get_float", "require_float",
     "get_bool", "require_bool", "get_object", "require_object", "get_secret_object", "require_secret_object"}
)  # fmt: skip
OUTPUT_READS = frozenset({"get_output", "require_output", "get_output_details", "require_output_value"})
CURRENT = {"get_stack": ir.CurrentStack(), "get_project": ir.CurrentProject(), "get_organization": ir.CurrentOrg()}
FuncNode = ast.FunctionDef | ast.AsyncFunctionDef
Comprehension = ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
BRANCHES = (
    ast.If,
    ast.For,
    ast.AsyncFor,
    ast.While,
    ast.Try,
    ast.Match,
    *((ast.TryStar,) if hasattr(ast, "TryStar") else ()),
)
INDEXED = frozenset(
    {ast.Assign, ast.AnnAssign, ast.AugAssign, ast.NamedExpr, ast.For, ast.AsyncFor, ast.comprehension, ast.withitem,
     ast.ExceptHandler, ast.MatchAs, ast.MatchStar, ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.Import,
     ast.ImportFrom, ast.ClassDef, ast.Call}
)  # fmt: skip
"""The node types `_index` reads."""
SYS_PATH_EDITS = frozenset({"sys.path.append", "sys.path.insert", "sys.path.extend", "site.addsitedir"})
INSTANCE = "."
"""Separates a class from an instance attribute in exported names: `Settings().env`."""
FAR = 10**9
"""A line after every other: a use from another function or module sees the module as it ends."""


class Opaque(ast.expr):
    """A name bound to a value not read here: a loop or comprehension variable, `with .. as`, `except .. as`,
    a tuple unpacking, `*args`. It hides every outer name of the same spelling."""

    _fields = ()


def find(text: str, file: str) -> ir.FileFacts:
    """Return the facts of one Python file; a syntax error gives facts with `error` set."""
    try:
        tree = ast.parse(text, filename=file)
    except (SyntaxError, ValueError) as exc:
        line = getattr(exc, "lineno", None)
        return ir.FileFacts(file, "python", error=f"cannot parse: {getattr(exc, 'msg', exc)} (line {line})")
    except (RecursionError, MemoryError):  # generated code nested deeper than the parser goes
        return ir.FileFacts(file, "python", error="cannot parse: nested too deeply")
    try:
        return _Finder(tree, file, text).facts()
    except RecursionError:
        return ir.FileFacts(file, "python", error="cannot read: nested too deeply")


class _Finder:
    def __init__(self, tree: ast.Module, file: str, text: str) -> None:
        self.tree = tree
        self.file = file
        self.text = text
        self.parent: dict[ast.AST, ast.AST] = {}
        self.assigns: dict[ast.AST | None, dict[str, list[tuple[int, ast.expr]]]] = {None: {}}
        self.imports: dict[str, ir.Import] = {}
        self.modules: dict[str, str] = {}  # local alias -> "py:dotted"
        self.functions: dict[str, FuncNode] = {}
        self.classes: set[str] = set()  # module-level classes
        self.attrs: dict[tuple[ast.ClassDef, str], list[tuple[ast.AST, int, ast.expr]]] = {}  # self.x = ...
        self.mutated: set[tuple[str, str]] = set()  # (name, attribute) set from outside: `config.env = ...`
        self.specs: list[str] = []
        self.dynamic = False
        self.local_class = False
        self.nodes: list[ast.AST] = []
        self._reads: dict[str, set[str]] | None = None
        self._lines = text.encode("utf-8").splitlines(keepends=True)
        self._index()

    # --- indexing ---

    def _index(self) -> None:
        todo: list[ast.AST] = [self.tree]
        while todo:  # one pass: every node, and the parent of each
            node = todo.pop()
            self.nodes.append(node)
            for child in ast.iter_child_nodes(node):
                self.parent[child] = node
                todo.append(child)
        self.nodes.reverse()
        for node in self.nodes:
            if type(node) not in INDEXED:  # most nodes (names, constants, attributes) need nothing here
                continue
            if isinstance(node, ast.Assign | ast.AnnAssign | ast.AugAssign) and node.value is not None:
                self._assign(node)
            elif isinstance(node, ast.NamedExpr) and isinstance(node.target, ast.Name):
                self.assigns.setdefault(self._scope(node), {}).setdefault(node.target.id, []).append(
                    (node.lineno, node.value)
                )
            elif isinstance(node, ast.For | ast.AsyncFor):
                self._opaque(node.target, self._scope(node), node.lineno)
            elif isinstance(node, ast.comprehension):
                self._opaque(node.target, self._scope(node), node.target.lineno)
            elif isinstance(node, ast.withitem) and node.optional_vars is not None:
                self._opaque(node.optional_vars, self._scope(node.optional_vars), node.optional_vars.lineno)
            elif isinstance(node, ast.ExceptHandler) and node.name:
                self._opaque(ast.Name(node.name), self._scope(node), node.lineno)
            elif isinstance(node, ast.MatchAs | ast.MatchStar) and node.name:
                self._opaque(ast.Name(node.name), self._scope(node), getattr(node, "lineno", 0))
            elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda):
                for extra in (node.args.vararg, node.args.kwarg):
                    if extra is not None:
                        self._opaque(ast.Name(extra.arg), node, node.lineno)
            elif isinstance(node, ast.Import):
                for alias in node.names:
                    self.modules[alias.asname or alias.name.split(".")[0]] = (
                        f"py:{alias.name}" if alias.asname else f"py:{alias.name.split('.')[0]}"
                    )
                    self.specs.append(f"py:{alias.name}")
            elif isinstance(node, ast.ImportFrom):
                self._import_from(node)
            elif isinstance(node, ast.ClassDef) and node.name == "StackReference":
                self.local_class = True
            elif isinstance(node, ast.Call) and _callee_name(node.func) in ("import_module", "__import__"):
                self.dynamic = True
            elif isinstance(node, ast.Call) and _dotted(node.func) in SYS_PATH_EDITS:
                self.dynamic = True  # imports then resolve against folders we do not follow
        for names in self.assigns.values():
            for items in names.values():
                items.sort(key=lambda item: item[0])  # document order: the last assignment before a use wins
        for stmt in self.tree.body:
            if isinstance(stmt, ast.FunctionDef | ast.AsyncFunctionDef):
                self.functions[stmt.name] = stmt
            elif isinstance(stmt, ast.ClassDef):
                self.classes.add(stmt.name)

    def _assign(self, node: ast.Assign | ast.AnnAssign | ast.AugAssign) -> None:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target]
        value: ast.expr = node.value  # type: ignore[assignment]
        if isinstance(node, ast.AugAssign):
            if not isinstance(node.op, ast.Add):
                value = ast.Constant(None)
            else:
                value = ast.BinOp(node.target, ast.Add(), value)
                ast.copy_location(value, node)
                value.target_line = node.lineno  # type: ignore[attr-defined]
        scope = self._scope(node)
        for target in targets:
            if isinstance(target, ast.Tuple | ast.List | ast.Starred):  # `_, _, stack = parse()`
                self._opaque(target, scope, node.lineno)
            elif isinstance(target, ast.Name):
                self.assigns.setdefault(scope, {}).setdefault(target.id, []).append((node.lineno, value))
            elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name) and target.value.id == "self":
                cls = self.parent.get(scope) if scope is not None else None
                if isinstance(cls, ast.ClassDef):
                    self.attrs.setdefault((cls, target.attr), []).append((scope, node.lineno, value))
            elif isinstance(target, ast.Attribute) and isinstance(target.value, ast.Name):
                self.mutated.add((target.value.id, target.attr))  # `config.env = ...` on an instance
            elif isinstance(target, ast.Subscript) and isinstance(target.value, ast.Name):
                self.mutated.add((target.value.id, "[]"))  # `STACKS["prod"] = ...`: the dict changes

    def _opaque(self, target: ast.AST, scope: ast.AST | None, line: int) -> None:
        for name in ast.walk(target):
            if isinstance(name, ast.Name):
                marker = Opaque()
                marker.lineno = line
                self.assigns.setdefault(scope, {}).setdefault(name.id, []).append((line, marker))

    def _import_from(self, node: ast.ImportFrom) -> None:
        base = "." * node.level + (node.module or "")
        self.specs.append(f"py:{base}")
        for alias in node.names:
            if alias.name == "*":
                continue
            local = alias.asname or alias.name
            sub = f"{base}.{alias.name}" if node.module else f"{base}{alias.name}"
            self.imports[local] = ir.Import(f"py:{base}", alias.name)
            self.modules.setdefault(local, f"py:{sub}")
            self.specs.append(f"py:{sub}")

    def _scope(self, node: ast.AST) -> ast.AST | None:
        cur = self.parent.get(node)
        while cur is not None and not isinstance(
            cur, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | Comprehension
        ):
            cur = self.parent.get(cur)
        return cur

    # --- facts ---

    def facts(self) -> ir.FileFacts:
        sites = [] if self.local_class else list(self._sites())
        helpers = {s.func for s in sites if s.func}
        calls = list(self._calls(helpers))
        symbols = self._symbols()
        return ir.FileFacts(
            self.file,
            "python",
            sites=tuple(sites),
            symbols=tuple(sorted(symbols.items())),
            calls=tuple(calls),
            imports=tuple(sorted(set(self.specs))),
            dynamic_import=self.dynamic,
        )

    def _symbols(self) -> dict[str, ir.Expr]:
        out: dict[str, ir.Expr] = {}
        for stmt in self.tree.body:  # `Settings().env`: what an instance of a module class holds
            if isinstance(stmt, ast.ClassDef):
                for cls, attr in list(self.attrs):
                    if cls is stmt:
                        value = self._class_attr(stmt, attr, 0)
                        if value is not None:
                            out[f"{stmt.name}(){INSTANCE}{attr}"] = value
        for name, items in self.assigns.get(None, {}).items():
            out[name] = self._settle(name, items, None, FAR, 0)
        for name, imp in self.imports.items():
            out.setdefault(name, imp)
        for name, fn in self.functions.items():
            returns = [
                n for n in ast.walk(fn) if isinstance(n, ast.Return) and n.value is not None and self._scope(n) is fn
            ]  # not those of nested functions
            if len(returns) == 1:
                body = self.lower(returns[0].value, fn, returns[0].lineno)  # type: ignore[arg-type]
                if not isinstance(body, ir.Unknown):
                    out[name] = ir.Function(_params(fn), body)
        return out

    def _sites(self) -> Iterator[ir.Site]:
        outputs = self._outputs()
        for node in self.nodes:
            if not isinstance(node, ast.Call) or not self._is_stack_reference(node.func):
                continue
            arg = _name_arg(node)
            if arg is None:
                continue
            scope = self._scope(node)
            name = self.lower(arg, scope, node.lineno)
            used = ir.params_in(name)
            while isinstance(scope, Comprehension):  # `[StackReference(f"x/{p}") for _ in y]` in a helper
                scope = self._scope(scope)
            func = scope.name if used and isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef) else None
            params = _params(scope) if func and scope is not None else ()
            defaults = self._param_defaults(scope) if func and scope is not None else ()
            cls = self._constructed(scope) if used else None
            if cls is not None:  # `class Net: def __init__(self, env)`, called as `Net("prod")`
                func, params = cls, params[1:]
            var = self._assigned_to(node)
            reads = set(outputs.get(var, set())) if var else set()
            reads |= _chained_reads(node, self.parent)
            yield ir.Site(
                self.file, node.lineno, name, _short(self._segment(arg)), "python",
                tuple(sorted(reads)), func if func in self.functions or func in self.classes else None, params,
                defaults,
            )  # fmt: skip

    def _constructed(self, fn: ast.AST | None) -> str | None:
        """The module-level class whose `__init__` is `fn` (its calls `Class(...)` bind the parameters)."""
        if not isinstance(fn, ast.FunctionDef) or fn.name != "__init__":
            return None
        cls = self.parent.get(fn)
        return cls.name if isinstance(cls, ast.ClassDef) and cls.name in self.classes else None

    def _param_defaults(self, fn: ast.AST) -> tuple[tuple[str, ir.Expr], ...]:
        """The defaults of a helper's parameters (`env=None`, `env=pulumi.get_stack()`), lowered."""
        if not isinstance(fn, ast.FunctionDef | ast.AsyncFunctionDef):
            return ()
        return tuple((name, self.lower(value, None, fn.lineno)) for name, value in _defaults(fn).items())

    def _is_stack_reference(self, func: ast.expr) -> bool:
        """`StackReference(..)`, `pulumi.StackReference(..)`, or an alias: `from pulumi import StackReference as SR`."""
        if _callee_name(func) == "StackReference":
            return True
        imported = self.imports.get(func.id) if isinstance(func, ast.Name) else None
        return imported is not None and imported.name == "StackReference" and imported.module.startswith("py:pulumi")

    def _assigned_to(self, node: ast.AST) -> str | None:
        up = self.parent.get(node)
        if isinstance(up, ast.Assign) and len(up.targets) == 1:
            return _dotted(up.targets[0])
        if isinstance(up, ast.AnnAssign):
            return _dotted(up.target)
        return None

    def _segment(self, node: ast.expr) -> str:
        """The source text of a node (ast.get_source_segment splits the whole file on every call)."""
        end = node.end_lineno or node.lineno
        chunk = b"".join(self._lines[node.lineno - 1 : end])
        stop = len(chunk) - len(self._lines[end - 1]) + (node.end_col_offset or 0)
        return chunk[node.col_offset : stop].decode("utf-8", errors="replace")

    def _outputs(self) -> dict[str, set[str]]:
        if self._reads is not None:
            return self._reads
        out: dict[str, set[str]] = {}
        self._reads = out
        for node in self.nodes:
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr in OUTPUT_READS
                and node.args
                and isinstance(node.args[0], ast.Constant)
                and isinstance(node.args[0].value, str)
            ):
                key = _dotted(node.func.value)
                if key:
                    out.setdefault(key, set()).add(node.args[0].value)
        return out

    def _calls(self, helpers: set[str]) -> Iterator[ir.Call]:
        yield from self._calls_of(ir.with_passers(set(helpers), self._passers))

    def _passers(self, helpers: set[str]) -> set[str]:
        """Module functions that call a helper with an argument naming one of their parameters (a cheap,
        generous test: a function wrongly taken makes only calls that bind nothing)."""
        out: set[str] = set()
        for node in self.nodes:
            if not isinstance(node, ast.Call) or not (node.args or node.keywords):
                continue
            scope = self._scope(node)
            if scope is None or self._callee(node.func, helpers) is None:
                continue
            func, params = self._enclosing(scope)
            if func is None or func in helpers or not params:
                continue
            names = {
                n.id
                for a in (*node.args, *(k.value for k in node.keywords))
                for n in ast.walk(a)
                if isinstance(n, ast.Name)
            }
            if names & set(params):
                out.add(func)
        return out

    def _enclosing(self, scope: ast.AST | None) -> tuple[str | None, tuple[str, ...]]:
        """The module-level function around `scope` (through nested functions) and its parameters."""
        while scope is not None:
            if isinstance(scope, ast.FunctionDef | ast.AsyncFunctionDef) and self.functions.get(scope.name) is scope:
                return scope.name, _params(scope)
            scope = self._scope(scope)
        return None, ()

    def _calls_of(self, helpers: set[str]) -> Iterator[ir.Call]:
        outputs: dict[str, set[str]] | None = None
        for node in self.nodes:
            if not isinstance(node, ast.Call):
                continue
            callee = self._callee(node.func, helpers)
            if callee is None or (isinstance(callee, ir.Import) and callee.module.startswith("py:pulumi")):
                continue
            scope = self._scope(node)
            args = tuple(self.lower(a, scope, node.lineno) for a in node.args if not isinstance(a, ast.Starred))
            kwargs = tuple((k.arg, self.lower(k.value, scope, node.lineno)) for k in node.keywords if k.arg)
            if outputs is None:
                outputs = self._outputs()
            var = self._assigned_to(node)
            reads = set(outputs.get(var, set())) if var else set()
            reads |= _chained_reads(node, self.parent)
            func, params = self._enclosing(scope)
            if func is None or not any(ir.params_in(a) for a in (*args, *(v for _, v in kwargs))):
                func, params = None, ()
            defaults = self._param_defaults(self.functions[func]) if func else ()
            yield ir.Call(callee, args, kwargs, node.lineno, tuple(sorted(reads)), func, params, defaults)

    def _callee(self, func: ast.expr, helpers: set[str]) -> ir.Expr | None:
        if isinstance(func, ast.Name):
            if func.id in helpers:
                return ir.Lit(func.id)
            return self.imports.get(func.id)
        if isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id in self.modules:
            if self.modules[func.value.id] == "py:pulumi":
                return None
            return ir.Import(self.modules[func.value.id], func.attr)
        return None

    # --- lowering ---

    def lower(self, node: ast.expr, scope: ast.AST | None, line: int, depth: int = 0) -> ir.Expr:
        """Lower a Python expression to the IR, looking names up from `scope` at `line`."""
        if depth > 30:
            return ir.Unknown("a value defined in terms of itself, or nested too deeply")
        method = getattr(self, f"_lower_{type(node).__name__}", None)
        if method is None:
            return ir.Unknown(f"a run-time value ({_short(ast.unparse(node), 40)})")
        return method(node, scope, line, depth + 1)  # type: ignore[no-any-return]

    def _lower_Constant(self, node: ast.Constant, scope: Any, line: int, depth: int) -> ir.Expr:
        if isinstance(node.value, str | int | float) and not isinstance(node.value, bool):
            return ir.Lit(str(node.value))
        if isinstance(node.value, bool):
            return ir.Lit("true" if node.value else "false")
        if node.value is None:
            return ir.Undefined()
        return ir.Unknown("a constant that is not a string")

    def _lower_JoinedStr(self, node: ast.JoinedStr, scope: Any, line: int, depth: int) -> ir.Expr:
        parts: list[ir.Expr] = []
        for v in node.values:
            if isinstance(v, ast.FormattedValue):
                parts.append(self.lower(v.value, scope, line, depth))
            else:
                parts.append(self.lower(v, scope, line, depth))
        return ir.concat(parts)

    def _lower_BinOp(self, node: ast.BinOp, scope: Any, line: int, depth: int) -> ir.Expr:
        if isinstance(node.op, ast.Add):
            if self._numeric(node.left, scope) or self._numeric(node.right, scope):
                return ir.Unknown("an arithmetic expression")  # `1 + 1` is 2, not "11"
            left_line = getattr(node, "target_line", line)
            return ir.concat(
                [self.lower(node.left, scope, left_line, depth), self.lower(node.right, scope, line, depth)]
            )
        if isinstance(node.op, ast.Mod):
            template = self.lower(node.left, scope, line, depth)
            if isinstance(template, ir.Lit):
                items = node.right.elts if isinstance(node.right, ast.Tuple) else [node.right]
                return ir.printf(template.value, [self.lower(i, scope, line, depth) for i in items])
        return ir.Unknown("an arithmetic expression")

    def _numeric(self, node: ast.expr, scope: Any, depth: int = 0, seen: set[str] | None = None) -> bool:
        """Whether a `+` operand is a number (a literal, a name given one, or a sum of them).

        Each name is followed once per question (`seen`): a name assigned many times in terms of
        itself (`total = total + x` in a loop) made this exponential, minutes for one file.
        """
        if isinstance(node, ast.Constant):
            return isinstance(node.value, int | float | complex)
        if isinstance(node, ast.UnaryOp):
            return self._numeric(node.operand, scope, depth, seen)
        if isinstance(node, ast.BinOp) and depth < 10:
            return self._numeric(node.left, scope, depth + 1, seen) or self._numeric(node.right, scope, depth + 1, seen)
        if isinstance(node, ast.Name) and depth < 10:
            seen = set() if seen is None else seen
            if node.id in seen:
                return False  # already being answered higher up, or answered False
            seen.add(node.id)
            items = [v for cur in (scope, None) for _, v in self.assigns.get(cur, {}).get(node.id, [])]
            return any(self._numeric(v, scope, depth + 1, seen) for v in items if not isinstance(v, Opaque))
        return False

    def _lower_IfExp(self, node: ast.IfExp, scope: Any, line: int, depth: int) -> ir.Expr:
        return ir.Conditional(
            self._test(node.test, scope, line, depth),
            self.lower(node.body, scope, line, depth),
            self.lower(node.orelse, scope, line, depth),
        )

    def _test(self, node: ast.expr, scope: Any, line: int, depth: int) -> ir.Expr:
        if isinstance(node, ast.Compare) and len(node.ops) == 1 and isinstance(node.ops[0], ast.Eq | ast.NotEq):
            return ir.Eq(
                self.lower(node.left, scope, line, depth),
                self.lower(node.comparators[0], scope, line, depth),
                isinstance(node.ops[0], ast.NotEq),
            )
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.Not):
            inner = self._test(node.operand, scope, line, depth)
            if isinstance(inner, ir.Truthy | ir.Eq):
                return type(inner)(*[getattr(inner, f) for f in inner.__dataclass_fields__][:-1], not inner.negate)
            return inner
        return ir.Truthy(self.lower(node, scope, line, depth))

    def _lower_BoolOp(self, node: ast.BoolOp, scope: Any, line: int, depth: int) -> ir.Expr:
        if isinstance(node.op, ast.Or) and len(node.values) == 2:
            return ir.with_default(
                self.lower(node.values[0], scope, line, depth), self.lower(node.values[1], scope, line, depth)
            )
        return ir.Unknown("a boolean expression")

    def _lower_Opaque(self, node: Opaque, scope: Any, line: int, depth: int) -> ir.Expr:
        return ir.Unknown("a value bound by a loop, a comprehension, 'with', 'except' or an unpacking")

    def _lower_Name(self, node: ast.Name, scope: Any, line: int, depth: int) -> ir.Expr:
        return self.lookup(node.id, scope, line, depth)

    def lookup(self, name: str, scope: ast.AST | None, line: int, depth: int) -> ir.Expr:
        """The value of `name` as seen from `line` in `scope`, computed once per file: a name reassigned
        in terms of itself under many ifs (`x = x + a` in turn) is looked up again by every branch, which
        made lowering exponential (minutes for one file)."""
        key = (name, id(scope), line)
        return ir.remembered(self, "_lookups", key, lambda: ir.bounded(self._lookup(name, scope, line, depth), name))

    def _lookup(self, name: str, scope: ast.AST | None, line: int, depth: int) -> ir.Expr:
        cur = scope
        while cur is not None:
            items = self.assigns.get(cur, {}).get(name, [])
            before = [(ln, v) for ln, v in items if ln < line] or items
            if before:
                return self._settle(name, before, cur, line, depth)
            if isinstance(cur, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda) and name in _params(cur):
                return ir.Param(name)
            cur = self._scope(cur)
        items = self.assigns[None].get(name, [])
        if items:
            before = [(ln, v) for ln, v in items if ln < line] if scope is None else items
            if before:
                return self._settle(name, before, None, line if scope is None else FAR, depth)
        if name in self.imports:
            return self.imports[name]
        return ir.Unknown(f"'{name}', which is not a constant")

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
        to have run: `if c: x = a` gives `a if c else <x before the if>`; anything else is unknown.
        """
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

    def _lower_Attribute(self, node: ast.Attribute, scope: Any, line: int, depth: int) -> ir.Expr:
        if isinstance(node.value, ast.Name) and node.value.id in self.modules:
            module = self.modules[node.value.id]
            if module in ("py:os", "py:sys"):
                return ir.Unknown(f"a run-time value ({node.value.id}.{node.attr})")
            return ir.Import(module, node.attr)
        if isinstance(node.value, ast.Name) and node.value.id == "self":
            found = self._self_attr(node.attr, scope, line, depth)
            if found is not None:
                return found
        if isinstance(node.value, ast.Name) and (node.value.id, node.attr) not in self.mutated:
            found = self._instance_attr(node.value.id, node.attr, scope, depth)
            if found is not None:
                return found
        return ir.Unknown(f"an attribute ({_short(ast.unparse(node), 40)})")

    def _instance_attr(self, name: str, attr: str, scope: ast.AST | None, depth: int) -> ir.Expr | None:
        """`config.env` where `config = Settings()` (assigned once) and Settings sets `self.env` once in `__init__`."""
        items = [v for cur in dict.fromkeys((scope, None)) for _, v in self.assigns.get(cur, {}).get(name, [])]
        if len(items) != 1 or not isinstance(items[0], ast.Call) or items[0].args or items[0].keywords:
            return None
        func = items[0].func
        if not isinstance(func, ast.Name):
            return None
        cls = next((s for s in self.tree.body if isinstance(s, ast.ClassDef) and s.name == func.id), None)
        if cls is not None:
            return self._class_attr(cls, attr, depth)
        imported = self.imports.get(func.id)
        if imported is not None:
            return ir.Import(imported.module, f"{imported.name}(){INSTANCE}{attr}")
        return None

    def _class_attr(self, cls: ast.ClassDef, attr: str, depth: int) -> ir.Expr | None:
        """The value a class's `__init__` gives `self.<attr>`, set nowhere else and needing no parameter."""
        items = self.attrs.get((cls, attr), [])
        if len(items) != 1 or getattr(items[0][0], "name", "") != "__init__":
            return None
        method, at, value = items[0]
        lowered = self.lower(value, method, at, depth)
        return None if ir.params_in(lowered) else lowered

    def _self_attr(self, attr: str, scope: ast.AST | None, line: int, depth: int) -> ir.Expr | None:
        """`self.env` set once, in `__init__`, to a value that needs no parameter (read after it is set)."""
        cls = self.parent.get(scope) if scope is not None else None
        if not isinstance(cls, ast.ClassDef):
            return None
        items = self.attrs.get((cls, attr), [])
        if len(items) != 1:
            return None
        method, at, value = items[0]
        if getattr(method, "name", "") != "__init__" or (method is scope and at >= line):
            return None
        if method is not scope and any(a == attr and c is not cls for c, a in self.attrs):
            return None  # another class (a subclass?) sets it too: which value a method reads is not certain
        lowered = self.lower(value, method, at, depth)
        return None if ir.params_in(lowered) else lowered

    def _lower_Subscript(self, node: ast.Subscript, scope: Any, line: int, depth: int) -> ir.Expr:
        key = node.slice
        if _dotted(node.value) == "os.environ" and isinstance(key, ast.Constant):
            return ir.Unknown(f"environment variable {key.value}, read at run time")
        if isinstance(key, ast.Constant) and isinstance(key.value, int) and not isinstance(key.value, bool):
            split = self._split(node.value, key.value, scope, line, depth)
            if split is not None:
                return split
        if (
            isinstance(key, ast.UnaryOp)
            and isinstance(key.op, ast.USub)
            and isinstance(key.operand, ast.Constant)
            and type(key.operand.value) is int  # not `x[-"a"]` (parsed, fails only when run)
        ):
            split = self._split(node.value, -key.operand.value, scope, line, depth)
            if split is not None:
                return split
        if isinstance(key, ast.Constant) and isinstance(key.value, str):  # `settings["stack"]` of require_object
            member_of = ir.config_member(self.lower(node.value, scope, line, depth), key.value)
            if member_of is not None:
                return member_of
        if isinstance(node.value, ast.Name) and not isinstance(key, ast.Constant | ast.Slice):
            table = self._dict_of(node.value.id, scope)
            if table is not None:
                return self._select(table, key, scope, line, depth)
        if isinstance(node.value, ast.Name) and isinstance(key, ast.Constant):
            found = self._dict_value(node.value.id, scope, line, key.value)
            if found is not None:
                return self.lower(found, scope, line, depth)
        return ir.Unknown(f"an item of a run-time value ({_short(ast.unparse(node), 40)})")

    def _split(self, value: ast.expr, index: Any, scope: Any, line: int, depth: int) -> ir.Expr | None:
        """`s.split("-")[1]` (also through a name assigned `s.split("-")` once)."""
        if not isinstance(index, int):
            return None
        if isinstance(value, ast.Name):
            items = [v for cur in dict.fromkeys((scope, None)) for _, v in self.assigns.get(cur, {}).get(value.id, [])]
            if len(items) != 1 or isinstance(items[0], Opaque):
                return None
            value = items[0]
        if not (
            isinstance(value, ast.Call)
            and isinstance(value.func, ast.Attribute)
            and value.func.attr == "split"
            and len(value.args) == 1
            and not value.keywords
            and isinstance(value.args[0], ast.Constant)
            and isinstance(value.args[0].value, str)
        ):
            return None
        return ir.Split(self.lower(value.func.value, scope, line, depth), value.args[0].value, index)

    def _dict_of(self, name: str, scope: ast.AST | None) -> ast.Dict | None:
        """The dict literal a name is given once (in its scope or the module), else None."""
        if (name, "[]") in self.mutated:
            return None
        for cur in (scope, None):
            items = self.assigns.get(cur, {}).get(name, [])
            if items:
                value = items[0][1]
                return value if len(items) == 1 and isinstance(value, ast.Dict) else None
        return None

    def _select(self, table: ast.Dict, key: ast.expr, scope: Any, line: int, depth: int) -> ir.Expr:
        """`STACKS[pulumi.get_stack()]` on a dict literal: the entry picked per stack."""
        keys: list[str] = []
        values: list[ir.Expr] = []
        for k, v in zip(table.keys, table.values, strict=True):
            if not (isinstance(k, ast.Constant) and isinstance(k.value, str)):
                return ir.Unknown("an item of a dict that is not written out")
            keys.append(k.value)
            values.append(self.lower(v, scope, line, depth))
        return ir.Select(tuple(keys), tuple(values), self.lower(key, scope, line, depth))

    def _dict_value(self, name: str, scope: ast.AST | None, line: int, key: object) -> ast.expr | None:
        if (name, "[]") in self.mutated:
            return None
        for cur in (scope, None):
            items = self.assigns.get(cur, {}).get(name, [])
            if items and isinstance(items[-1][1], ast.Dict):
                d = items[-1][1]
                for k, v in zip(d.keys, d.values, strict=True):
                    if isinstance(k, ast.Constant) and k.value == key:
                        return v
        return None

    def _lower_Call(self, node: ast.Call, scope: Any, line: int, depth: int) -> ir.Expr:
        func = node.func
        name = _callee_name(func)
        args = node.args
        if name in CURRENT and not args:
            return CURRENT[name]
        if name == "Config":
            ns = _kw(node, "name") or (args[0] if args else None)
            if ns is None:
                return ir.ConfigObject(None)
            lowered = self.lower(ns, scope, line, depth)
            if isinstance(lowered, ir.CurrentProject):  # `Config(get_project())`: the project's own namespace
                return ir.ConfigObject(None)
            return ir.ConfigObject(lowered.value) if isinstance(lowered, ir.Lit) else ir.Unknown("a Config namespace")
        if name in ("getenv", "get") and _dotted(func) in ("os.getenv", "os.environ.get") and args:
            return ir.Unknown(f"environment variable {_short(ast.unparse(args[0]), 40)}, read at run time")
        if name == "str" and len(args) == 1:
            return self.lower(args[0], scope, line, depth)
        if isinstance(func, ast.Name) and func.id in self.imports and func.id not in self.functions:
            return ir.Apply(self.imports[func.id], tuple(self.lower(a, scope, line, depth) for a in args))
        if isinstance(func, ast.Attribute):
            if isinstance(func.value, ast.Name) and self.modules.get(func.value.id, "py:pulumi") != "py:pulumi":
                callee = ir.Import(self.modules[func.value.id], func.attr)
                return ir.Apply(callee, tuple(self.lower(a, scope, line, depth) for a in args))
            return self._method(node, func, scope, line, depth)
        if name in self.functions and name is not None:
            return self._inline(self.functions[name], node, scope, line, depth)
        return ir.Unknown(f"the result of {_short(ast.unparse(func), 40)}()")

    def _method(self, node: ast.Call, func: ast.Attribute, scope: Any, line: int, depth: int) -> ir.Expr:
        attr = func.attr
        args = [self.lower(a, scope, line, depth) for a in node.args]
        if attr in CONFIG_READS:
            receiver = self.lower(func.value, scope, line, depth)
            key = args[0] if args else None
            default = args[1] if len(args) > 1 and attr == "get" else None
            if isinstance(key, ir.Lit):
                if isinstance(receiver, ir.ConfigObject):
                    return ir.ConfigRead(receiver.namespace, key.value, default)
                if isinstance(receiver, ir.Import):
                    return ir.ConfigVia(receiver, key.value, default)
                member_of = ir.config_member(receiver, key.value) if attr == "get" else None
                if member_of is not None:  # `settings.get("stack", "d")` on a dict from require_object
                    return ir.with_default(member_of, default) if default is not None else member_of
        if attr == "format" and isinstance(func.value, ast.Constant) and isinstance(func.value.value, str):
            kwargs = {k.arg: self.lower(k.value, scope, line, depth) for k in node.keywords if k.arg}
            return ir.brace_format(func.value.value, args, kwargs)
        if attr == "join" and isinstance(func.value, ast.Constant) and len(node.args) == 1:
            items = node.args[0]
            if isinstance(items, ast.List | ast.Tuple):
                sep = ir.Lit(str(func.value.value))
                parts: list[ir.Expr] = []
                for i, item in enumerate(items.elts):
                    parts.extend([sep] if i else [])
                    parts.append(self.lower(item, scope, line, depth))
                return ir.concat(parts)
        if attr in ("lower", "upper", "strip") and not args:
            inner = self.lower(func.value, scope, line, depth)
            if isinstance(inner, ir.Lit):
                return ir.Lit(getattr(inner.value, attr)())
        if attr in CURRENT and not args:
            return CURRENT[attr]
        if attr == "concat" and _dotted(func.value) in ("pulumi.Output", "Output"):
            return ir.concat(args)
        is_output = _dotted(func.value) in ("pulumi.Output", "Output")
        if attr == "format" and is_output and args and isinstance(args[0], ir.Lit):
            return ir.brace_format(args[0].value, args[1:])
        return ir.Unknown(f"the result of {_short(ast.unparse(func), 40)}()")

    def _inline(self, fn: FuncNode, node: ast.Call, scope: Any, line: int, depth: int) -> ir.Expr:
        """A call to a module function that returns a name: lower its `return` with the arguments bound."""
        returns = [
            n for n in ast.walk(fn) if isinstance(n, ast.Return) and n.value is not None and self._scope(n) is fn
        ]  # not those of nested functions
        if len(returns) != 1:
            return ir.Unknown(f"the result of {fn.name}()")
        body = self.lower(returns[0].value, fn, returns[0].lineno, depth)  # type: ignore[arg-type]
        params = _params(fn)
        binding = {p: self.lower(a, scope, line, depth) for p, a in zip(params, node.args, strict=False)}
        binding.update({k.arg: self.lower(k.value, scope, line, depth) for k in node.keywords if k.arg})
        for p, d in _defaults(fn).items():
            binding.setdefault(p, self.lower(d, None, line, depth))
        return ir.substitute(body, binding)


def _callee_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


def _dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = _dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def _kw(node: ast.Call, name: str) -> ast.expr | None:
    for k in node.keywords:
        if k.arg == name:
            return k.value
    return None


def _name_arg(node: ast.Call) -> ast.expr | None:
    """The stack name: `stack_name=` or the second positional argument, else the first (`name`)."""
    explicit = _kw(node, "stack_name")
    if explicit is not None and not _is_none(explicit):
        return explicit
    if len(node.args) >= 2 and not isinstance(node.args[1], ast.Starred) and not _is_none(node.args[1]):
        return node.args[1]
    if node.args and not isinstance(node.args[0], ast.Starred):
        return node.args[0]
    return _kw(node, "name") or _kw(node, "resource_name")


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _params(fn: ast.AST) -> tuple[str, ...]:
    a: ast.arguments = fn.args  # type: ignore[attr-defined]
    return tuple(p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs))


def _defaults(fn: FuncNode) -> dict[str, ast.expr]:
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    out = {p.arg: d for p, d in zip(positional[len(positional) - len(a.defaults) :], a.defaults, strict=True)}
    out.update({p.arg: d for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True) if d is not None})
    return out


def _chained_reads(node: ast.AST, parent: dict[ast.AST, ast.AST]) -> set[str]:
    """`StackReference(...).get_output("k")`: the key read on the call itself."""
    up = parent.get(node)
    if isinstance(up, ast.Attribute) and up.attr in OUTPUT_READS:
        call = parent.get(up)
        if isinstance(call, ast.Call) and call.args and isinstance(call.args[0], ast.Constant):
            return {str(call.args[0].value)}
    return set()


def _short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."
