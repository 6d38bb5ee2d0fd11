"""Whether a module of a Python program extends a class of another: `cls.name()` in a method of it may then run an
override (frontends/python/methods.py takes such a call as the class's own method when no class of its own file
extends it, and says so in `Site.closed` / `Call.closed`; what the site or call gets from it is unknown here when
some file of the program does).

Only a subclass that may give the method another body counts: one defining or binding `name` in its body, setting
`<x>.name` or calling `setattr` / `delattr` in it, decorated or given keywords (`metaclass=..`), one a file mentioning
it sets `Sub.name = ..` in or calls `setattr` / `delattr`, any made by `type(..)`; through a subclass that does not, any
class extending it that does (`class Leaf(Sub)`, in turn). A subclass that only adds other methods keeps the name.

A class `Refs` is extended by a class statement naming it among its bases (`Refs`, `refs.Refs`, `getattr(m, "Refs")`,
inside a call or a subscript too) or a name bound to it (`from refs import Refs as R`, `R = refs.Refs`, in any file of
the program), and by `type(name, (Refs,), ns)`. By its name only: a class of that name from anywhere counts (never a
guess that it is another). Deterministic: files are read in sorted order.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
from collections.abc import Callable, Iterator

from stackgraph.inference import ir

TYPE_ARGS = 3  # type(name, bases, namespace): a class made at run time
Found = tuple[str, int, str]  # (file, line, what extends it: `class Other` or `type(..)`)


class Subclassed:
    """The first class of the program's Python files (`files`, listed on the first question) that extends a class of
    a given name (texts read by `text`, each parsed once, and only when it mentions one of that class's names)."""

    def __init__(self, files: Callable[[], list[str]], text: Callable[[str], str | None]) -> None:
        self.files = functools.cache(lambda: sorted(set(files())))
        self.text = text
        self._trees: dict[str, ast.Module | None] = {}
        self._found: dict[tuple[str, str], Found | None] = {}

    def site(self, site: ir.Site) -> ir.Site:
        """`site`, with its name unknown (saying why) when a class its name was read with as closed is extended."""
        why = self._why(site.closed)
        return dataclasses.replace(site, name=ir.Unknown(why)) if why else site

    def call(self, call: ir.Call) -> ir.Call:
        """`call`, with each argument unknown (saying why) when the method it runs, or one its arguments ran, may be
        an override in a subclass of another module."""
        why = self._why(call.closed)
        if not why:
            return call
        unknown = ir.Unknown(why)
        return dataclasses.replace(
            call, args=tuple(unknown for _ in call.args), kwargs=tuple((k, unknown) for k, _ in call.kwargs)
        )

    def _why(self, closed: ir.Closed) -> str:
        for cls, shown, receiver, attr in closed:
            found = self.first(cls, attr)
            if found is not None:
                file, line, sub = found
                return (
                    f"the result of {shown}: {cls} has a subclass {sub} ({file}:{line}), so `{receiver}` may be one "
                    f"of it, whose '{attr}' may be another (not followed)"
                )
        return ""

    def first(self, cls: str, attr: str) -> Found | None:
        """The first class statement or `type(..)` call of the files that extends a class named `cls`, directly or
        through other classes, and may give it another `attr` (see `_may_set`); None when none does."""
        if (cls, attr) not in self._found:
            self._found[cls, attr] = self._overriding(cls, attr, set())
        return self._found[cls, attr]

    def _overriding(self, cls: str, attr: str, seen: set[str], by: Found | None = None) -> Found | None:
        """`by` (what made the subclass `cls`) when a file mentioning `cls` may set its `attr`, else the first
        subclass of `cls` that may have its own `attr`, or may get one from a class extending it in turn."""
        seen.add(cls)
        names = self._names(cls)
        files = self._mentioning(names)
        if by is not None and any(_sets(node, attr, names) for f in files for node in _walk(self._tree(f))):
            return by
        for file in files:
            for found, node in self._in(file, names):
                if node is None or _may_set(node, attr):
                    return found
                deeper = None if node.name in seen else self._overriding(node.name, attr, seen, found)
                if deeper is not None:
                    return deeper
        return None

    def _names(self, cls: str) -> set[str]:
        """`cls` and the names bound to it in the files (to a fixpoint: an alias of an alias)."""
        names = {cls}
        while True:
            more = {a for file in self._mentioning(names) for a in _aliases(self._tree(file), names)} - names
            if not more:
                return names
            names |= more

    def _mentioning(self, names: set[str]) -> list[str]:
        return [f for f in self.files() if any(n in (self.text(f) or "") for n in names)]

    def _tree(self, file: str) -> ast.Module | None:
        if file not in self._trees:
            try:
                self._trees[file] = ast.parse(self.text(file) or "", filename=file)
            except (SyntaxError, ValueError, RecursionError, MemoryError):  # its own facts say it is unparsed
                self._trees[file] = None
        return self._trees[file]

    def _in(self, file: str, names: set[str]) -> list[tuple[Found, ast.ClassDef | None]]:
        """The classes of `file` extending one of `names` (None for one `type(..)` makes), by line."""
        tree = self._tree(file)
        out: list[tuple[Found, ast.ClassDef | None]] = []
        for node in ast.walk(tree) if tree is not None else ():
            if isinstance(node, ast.ClassDef) and any(_names_one(b, names) for b in node.bases):
                out.append(((file, node.lineno, node.name), node))
            elif isinstance(node, ast.Call) and _is_type(node) and _names_one(node.args[1], names):
                out.append(((file, node.lineno, "made by type(..)"), None))
        return sorted(out, key=lambda f: f[0][1])


def _may_set(cls: ast.ClassDef, attr: str) -> bool:
    """Whether the subclass `cls` may have an `attr` of its own: decorated, given keywords (`metaclass=..`), `attr`
    bound in its body (`def attr`, `attr = ..`, an import), or `<x>.attr = ..`, `setattr` or `delattr` in it."""
    if cls.decorator_list or cls.keywords:
        return True
    body: list[ast.AST] = list(cls.body)
    while body:
        node = body.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef):
            if node.name == attr:
                return True
            continue  # the names it binds are its own (but `self.attr = ..`: below)
        if isinstance(node, ast.Name) and node.id == attr and not isinstance(node.ctx, ast.Load):
            return True
        if isinstance(node, ast.alias) and (node.asname or node.name).partition(".")[0] == attr:
            return True
        body.extend(ast.iter_child_nodes(node))
    return any(_sets(node, attr, None) for node in ast.walk(cls))


def _sets(node: ast.AST, attr: str, names: set[str] | None) -> bool:
    """Whether `node` calls `setattr` / `delattr`, or sets or deletes an attribute `attr` (`x.attr = ..`) of a name
    among `names` (any receiver when None)."""
    if isinstance(node, ast.Call):
        return isinstance(node.func, ast.Name) and node.func.id in ("setattr", "delattr")
    if not isinstance(node, ast.Attribute) or node.attr != attr or isinstance(node.ctx, ast.Load):
        return False
    return names is None or _names_one(node.value, names)


def _walk(tree: ast.Module | None) -> Iterator[ast.AST]:
    return ast.walk(tree) if tree is not None else iter(())


def _names_one(expr: ast.expr, names: set[str]) -> bool:
    """Whether `expr` mentions one of `names`: as a name, an attribute or a string."""
    for node in ast.walk(expr):
        word = node.id if isinstance(node, ast.Name) else node.attr if isinstance(node, ast.Attribute) else None
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            word = node.value
        if word in names:
            return True
    return False


def _is_type(call: ast.Call) -> bool:
    """Whether `call` makes a class: `type(name, bases, namespace)`."""
    return isinstance(call.func, ast.Name) and call.func.id == "type" and len(call.args) == TYPE_ARGS


def _aliases(tree: ast.Module | None, names: set[str]) -> set[str]:
    """The names `tree` binds to one of `names`: `import .. as A`, `A = refs.Refs`, `A: type = Refs`."""
    out: set[str] = set()
    for node in ast.walk(tree) if tree is not None else ():
        if isinstance(node, ast.Import | ast.ImportFrom):
            out |= {a.asname for a in node.names if a.asname and a.name.rpartition(".")[2] in names}
        elif isinstance(node, ast.Assign | ast.AnnAssign | ast.NamedExpr) and node.value is not None:
            value = node.value
            last = value.id if isinstance(value, ast.Name) else value.attr if isinstance(value, ast.Attribute) else ""
            if last in names:
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                out |= {t.id for t in targets if isinstance(t, ast.Name)}
    return out
