"""The output keys a Python file reads on its StackReferences, and the uses of them it cannot read.

A key is read by `X.get_output("k")` (any of OUTPUT_READS, also with `name="k"`) or `X.outputs["k"]`,
on the name or attribute `X` that holds the reference or chained on the constructor call. Any other
use of its outputs (`X.outputs` passed on or `.apply`d, a key computed at run time, `X.get_output`
taken as a value), or the reference itself passed on (an argument, an element of a list, another name,
a value returned where the callers' reads are not followed), makes the site's reads open: the keys
recorded may not be all it reads, and `check` counts it as not checked instead of staying silent.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

from stackgraph.inference import ir
from stackgraph.inference.frontends.handing_reads import HandingReads
from stackgraph.inference.frontends.name_reads import NameReads
from stackgraph.inference.frontends.python.helper_keys import HelperKeys
from stackgraph.inference.frontends.python.syntax import OUTPUT_READS, dotted, keyword

READ_ATTRS = OUTPUT_READS | {"outputs"}
HARMLESS = ast.Expr | ast.Compare | ast.Assert | ast.Delete
"""Parents of a reference that neither read its outputs nor pass it on (a bare statement, `is None`)."""


class PythonReads(HandingReads[HelperKeys]):
    """The keys read on each name of one file and, for each name, the first use that cannot be read."""

    _names: dict[str, list[ast.Name]] | None

    def named(self, name: str) -> list[ast.Name]:
        """Every `ast.Name` of the file spelled `name`, in walk order (indexed once per file, not per question)."""
        if self._names is None:
            found: dict[str, list[ast.Name]] = {}
            for node in self.nodes:
                if isinstance(node, ast.Name):
                    found.setdefault(node.id, []).append(node)
            self._names = found
        return self._names.get(name, [])

    def __init__(
        self,
        nodes: list[ast.AST],
        parent: dict[ast.AST, ast.AST],
        file: str,
        quoted: Callable[[ast.expr | ast.stmt, int], str],
        helpers: HelperKeys | None = None,
    ) -> None:
        self.parent = parent
        self.helpers = helpers  # the helpers of the file reading a key on a reference given them
        self.nodes = nodes
        self.file = file
        self.quoted = quoted
        self.keys: dict[str, set[str]] = {}
        self.lines: dict[tuple[str, str], int] = {}  # (name, key) -> the line of its first read
        self.opened: dict[str, str] = {}
        self.each: dict[str, list[tuple[ast.Attribute, str | None, str]]] = {}  # name -> (node, key, why) of its uses
        self._loads: dict[str, list[ast.expr]] | None = None  # name or last attribute -> where it is read
        self._names = None  # every `ast.Name` of the file, by its name
        for node in nodes:
            if isinstance(node, ast.Attribute) and node.attr in READ_ATTRS and isinstance(node.ctx, ast.Load):
                base = dotted(node.value)
                if base is None or (helpers is not None and helpers.own(node, base)):
                    continue  # a read in a helper on its parameter: each call's (helper_keys.py)
                key, why = self.member(node)
                self.each.setdefault(base, []).append((node, key, why))
                if key is not None:
                    self.keys.setdefault(base, set()).add(key)
                    self.lines[(base, key)] = min(node.lineno, self.lines.get((base, key), node.lineno))
                elif why and (base not in self.opened or _line(why) < _line(self.opened[base])):
                    self.opened[base] = why  # the first such use in the file

    def member(self, node: ast.Attribute) -> tuple[str | None, str]:
        """What a member access on a reference reads: (key, "") for a key, (None, why) for a use of its
        outputs that cannot be read, (None, "") for anything else (`ref.name`, `ref.id`)."""
        up = self.parent.get(node)
        if node.attr in OUTPUT_READS:
            if isinstance(up, ast.Call) and up.func is node:
                arg = up.args[0] if up.args else keyword(up, "name")
                key = _text(arg)
                return (key, "") if key is not None else (None, self._why(up))
            return None, self._why(up if isinstance(up, ast.expr) else node)
        if node.attr == "outputs":
            if isinstance(up, ast.Subscript) and up.value is node and isinstance(up.ctx, ast.Load):
                key = _text(up.slice)
                if key is not None:
                    return key, ""
            return None, self._why(self._shown(node))
        return None, ""

    def on_value(self, node: ast.expr) -> tuple[set[str], str]:
        """The keys read on the value of `node` itself (`StackReference(..).get_output("k")`) and why its
        reads are open when the value is passed on; a value assigned, returned or discarded is neither."""
        up = self.parent.get(node)
        if isinstance(up, ast.Attribute) and up.value is node:
            key, why = self.member(up)
            return ({key} if key is not None else set()), why
        if isinstance(up, ast.Assign | ast.AnnAssign):  # followed through a name it is stored in, not `d["k"] =`
            targets = up.targets if isinstance(up, ast.Assign) else [up.target]
            return set(), "" if len(targets) == 1 and dotted(targets[0]) is not None else self._why(up)
        if isinstance(up, ast.Return | HARMLESS):
            return set(), ""
        if isinstance(up, ast.keyword | ast.Starred):  # `f(ref=StackReference(..))`: show the call
            up = self.parent.get(up)
        return set(), self._why(up if isinstance(up, ast.expr | ast.stmt) else node)

    def held(self, name: str, *, returned: bool, same: Callable[[ast.AST], bool] | None = None) -> tuple[set[str], str]:
        """The keys read on the name `name` (`net`, `self.net`) holding a reference, and why its reads
        are open; `returned`: a `return name` hands the value to callers whose reads are followed; `same`:
        whether a use of the name is of the same binding (a local of one function is not another's, scopes.py)."""
        keys, why = self._scoped(name, same)
        if why:
            return keys, why
        last = name.rsplit(".", 1)[-1]
        for node in sorted(self._read_at(last), key=lambda n: (n.lineno, n.col_offset)):
            if (dotted(node) != name) if "." in name else not isinstance(node, ast.Name):
                continue
            if same is not None and not same(node):
                continue
            up = self.parent.get(node)
            if (isinstance(up, ast.Attribute) and up.value is node) or isinstance(up, HARMLESS):
                continue
            if (isinstance(up, ast.Return) and returned) or (
                isinstance(up, ast.If | ast.While | ast.IfExp) and up.test is node
            ):
                continue
            passed = self.passed(node, name)
            if passed is not None and not passed[1]:
                keys |= passed[0]
                continue
            if passed is not None:
                return keys, passed[1]
            if isinstance(up, ast.keyword | ast.Starred):  # `f(opts=net)`: show the call
                up = self.parent.get(up)
            return keys, self._why(up if isinstance(up, ast.expr | ast.stmt) else node)
        if name.startswith("self."):  # an attribute: read on another object (`app.net`), it is not followed
            for node in self._read_at(last):
                if isinstance(node, ast.Attribute) and dotted(node.value) != "self":
                    why = self._why(self._shown(node))
                    return keys, f"{why} (an attribute read on another object: not followed)"
        return keys, ""

    def _scoped(self, name: str, same: Callable[[ast.AST], bool] | None) -> tuple[set[str], str]:
        """The keys read on `name` and the first use of it that cannot be read, of the binding `same` keeps."""
        if same is None:
            return set(self.keys.get(name, set())), self.opened.get(name, "")
        mine = [(key, why) for node, key, why in self.each.get(name, []) if same(node)]
        whys = sorted((why for key, why in mine if key is None and why), key=_line)
        return {key for key, _ in mine if key is not None}, whys[0] if whys else ""

    def passed(self, node: ast.expr, name: str) -> tuple[set[str], str] | None:
        """`HandingReads.passed`, for a name only (`refs.net` passed on is no binding of a helper's parameter)."""
        return super().passed(node, name) if isinstance(node, ast.Name) else None

    def _read_at(self, last: str) -> list[ast.expr]:
        """The names `last` and the attributes `.last` the file reads (indexed on the first call)."""
        if self._loads is None:
            self._loads = {}
            for node in self.nodes:
                if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Load):
                    self._loads.setdefault(node.id, []).append(node)
                elif isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
                    self._loads.setdefault(node.attr, []).append(node)
        return self._loads.get(last, [])

    def _shown(self, node: ast.expr) -> ast.expr:
        """The expression that shows how `node` is used: the call a method of it makes, else its parent."""
        up = self.parent.get(node)
        if isinstance(up, ast.Attribute) and isinstance(self.parent.get(up), ast.Call):
            return self.parent[up]  # type: ignore[return-value]  # a Call is an expr
        return up if isinstance(up, ast.expr) else node

    def _why(self, node: ast.expr | ast.stmt) -> str:
        return f"`{self.quoted(node, 50)}` at {self.file}:{node.lineno}"


def imported_reads(
    uses: PythonReads,
    imports: dict[str, ir.Import],
    modules: dict[str, ir.Module],
    stars: list[tuple[ir.Module, int]],
) -> tuple[ir.NameRead, ...]:
    """The reads of one file on the names it imports from other modules (`from refs import net` then
    `net.get_output("k")`, or `refs.net.get_output("k")` after `import refs`), and why they may not be all
    (the name passed on). The linker adds them to a site held in that name (`net = StackReference(..)` in
    refs.py); a name holding anything else is never matched. `from refs import *` opens every such site of
    refs.py: the names it brings in are not followed. Names of Pulumi's own packages are left out."""
    found = NameReads(uses.lines)

    def add(imp: ir.Import, name: str) -> None:
        found.add(imp, *uses.held(name, returned=False), name)

    for local, imp in imports.items():
        if not imp.module.under(ir.ModuleKind.PY, "pulumi"):
            add(imp, local)
    ours = {alias for alias, module in modules.items() if not module.under(ir.ModuleKind.PY, "pulumi")}
    for node in uses.nodes if ours else ():  # `refs.net` (`pkg.refs.net`) used as a value, not on the way
        if not (isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load)) or node.attr in READ_ATTRS:
            continue  # `refs.net.get_output`: a read on `refs.net`, which is its own node
        up = uses.parent.get(node)
        if (isinstance(up, ast.Attribute) and up.value is node and up.attr not in READ_ATTRS) or (
            isinstance(up, ast.Call) and up.func is node
        ):
            continue
        name = dotted(node)
        parts = name.split(".") if name else []
        if name and parts[0] in ours:
            path = ".".join([modules[parts[0]].path, *parts[1:-1]])
            add(ir.Import(ir.Module(ir.ModuleKind.PY, path), parts[-1]), name)
    stars_read = [
        ir.NameRead(ir.Import(module, "*"), (), f"`from {module.path} import *` at {uses.file}:{line} (the names it "
                    "brings in are not followed)")
        for module, line in stars
        if not module.under(ir.ModuleKind.PY, "pulumi")
    ]  # fmt: skip
    return found.reads([*stars_read, *_assigned(uses, modules, ours)])


def _assigned(uses: PythonReads, modules: dict[str, ir.Module], ours: set[str]) -> list[ir.NameRead]:
    """The names of other modules the file sets (`refs.net = ..` after `import refs`), the first time each: a read
    of `refs.net` in any module may get that value, in an order of the modules that is not followed."""
    out: dict[ir.Import, ir.NameRead] = {}
    for node in uses.nodes if ours else ():
        if not isinstance(node, ast.Attribute) or not isinstance(node.ctx, ast.Store):
            continue
        name = dotted(node)
        parts = name.split(".") if name else []
        if name and parts[0] in ours:
            imp = ir.Import(ir.Module(ir.ModuleKind.PY, ".".join([modules[parts[0]].path, *parts[1:-1]])), parts[-1])
            why = f"`{name}` assigned at {uses.file}:{node.lineno} (a name of another module set here: which"
            why += " StackReference a read of it gets depends on the order the modules run in, not followed)"
            if imp not in out or node.lineno < out[imp].assigned:
                out[imp] = ir.NameRead(imp, (), why, (), node.lineno)
    return list(out.values())


def _text(node: ast.expr | None) -> str | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, str) else None


def _line(why: str) -> int:
    return int(why.rsplit(":", 1)[1])
