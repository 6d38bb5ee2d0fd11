"""What the Python front-end knows of Python syntax: the calls it reads, and small helpers on `ast` nodes."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from stackgraph.inference import ir
from stackgraph.inference.frontends.quoting import Keep, masked

CONFIG_READS = frozenset(
    {"get", "require", "get_secret", "require_secret", "get_int", "require_int", "get_float", "require_float",
     "get_bool", "require_bool", "get_object", "require_object", "get_secret_object", "require_secret_object"}
)  # fmt: skip
STRING_READS = frozenset({"get", "require", "get_secret", "require_secret"})
READ_KINDS = {
    **dict.fromkeys(STRING_READS, "text"),
    **dict.fromkeys(("get_int", "require_int", "get_float", "require_float"), "number"),
    **dict.fromkeys(("get_bool", "require_bool"), "bool"),
    **dict.fromkeys(("get_object", "require_object", "get_secret_object", "require_secret_object"), "object"),
}
"""What each read gives, for its truth (`ir.ConfigRead.kind`): a string read's "false" is true."""
OUTPUT_READS = frozenset({"get_output", "require_output", "get_output_details", "require_output_value"})
CURRENT = {"get_stack": ir.CurrentStack(), "get_project": ir.CurrentProject(), "get_organization": ir.CurrentOrg()}
FuncNode = ast.FunctionDef | ast.AsyncFunctionDef
Comprehension = ast.ListComp | ast.SetComp | ast.DictComp | ast.GeneratorExp
Looping = ast.For | ast.AsyncFor | ast.comprehension
IN_PLACE = ast.ListComp | ast.SetComp | ast.DictComp
"""Comprehensions run where they are written (a generator expression runs later, when it is iterated)."""
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
OS, SYS, PULUMI = (ir.Module(ir.ModuleKind.PY, name) for name in ("os", "sys", "pulumi"))
FAR = 10**9
"""A line after every other: a use from another function or module sees the module as it ends."""


LOOPED = "a value bound by a loop, a comprehension, 'with', 'except' or an unpacking"


class Opaque(ast.expr):
    """A name bound to a value not read here: a loop or comprehension variable, `with .. as`, `except .. as`,
    a tuple unpacking (but see `Unpacked`), `*args`; a function or a class (`defines`: the `def` or `class`
    statement binding it). It hides every outer name of the same spelling, and replaces the values its own scope gave
    the name before it (`net = ".."`, then `def net(): ..`)."""

    _fields = ()
    loop: Looping | None = None  # the loop binding it, `var` (loops.py)
    var = ""

    def __init__(
        self, defines: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | None = None, file: str = ""
    ) -> None:
        super().__init__()
        self.defines, self.why = defines, LOOPED
        if defines is not None:
            kind = "class" if isinstance(defines, ast.ClassDef) else "function"
            self.lineno, self.why = defines.lineno, f"'{defines.name}', a {kind} (defined at {file}:{defines.lineno})"


class Imported(Opaque):
    """A name an import in a function or a class body binds there (`from cfg import m`, `import m`): `value`, what it
    holds; `module`, the module it is (`import m`)."""

    def __init__(self, value: ir.Expr, module: ir.Module | None, line: int) -> None:
        super().__init__()
        self.value, self.module, self.lineno = value, module, line


class Unpacked(ast.expr):
    """A name bound by a flat unpacking (`region, env = s.split(".")`, `*_, env = ..`): item `index` of
    `source` (negative: from the end) among `targets` names, one of them `*starred`. Lowered as an item of a split
    when `source` is one, else unknown as an `Opaque`."""

    _fields = ()

    def __init__(self, source: ast.expr, index: int, targets: int, starred: bool, line: int) -> None:
        super().__init__()
        self.source, self.index, self.targets, self.starred, self.lineno = source, index, targets, starred, line


def python_module(dotted: str) -> ir.Module:
    """The module of a dotted name as written in an import (leading dots for a relative one)."""
    return ir.Module(ir.ModuleKind.PY, dotted)


def callee_name(func: ast.expr) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None


RUNS_CODE = frozenset({"run_path", "run_module", "exec", "execfile"})


def runs_code(node: ast.Call) -> bool:
    """Whether `node` runs code the scan cannot follow: `runpy.run_path(p)`, `runpy.run_module(m)`,
    `exec(open(p).read())` (not `exec` of a string literal)."""
    name = callee_name(node.func)
    literal = name == "exec" and bool(node.args) and isinstance(node.args[0], ast.Constant)
    return name in RUNS_CODE and not literal


def equality(node: ast.Compare) -> bool:
    """`a == b`, `a != b`, or `x is None` / `x is not None` (None is one object: `is` compares it as `==`)."""
    if len(node.ops) != 1:
        return False
    if isinstance(node.ops[0], ast.Is | ast.IsNot):
        return any(isinstance(n, ast.Constant) and n.value is None for n in (node.left, node.comparators[0]))
    return isinstance(node.ops[0], ast.Eq | ast.NotEq)


def dotted(node: ast.expr) -> str | None:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        base = dotted(node.value)
        return f"{base}.{node.attr}" if base else None
    return None


def keyword(node: ast.Call, name: str) -> ast.expr | None:
    for k in node.keywords:
        if k.arg == name:
            return k.value
    return None


def name_arg(node: ast.Call) -> ast.expr | None:
    """The stack name: `stack_name=` or the second positional argument, else the first (`name`)."""
    explicit = keyword(node, "stack_name")
    if explicit is not None and not is_none(explicit):
        return explicit
    if len(node.args) >= 2 and not isinstance(node.args[1], ast.Starred) and not is_none(node.args[1]):
        return node.args[1]
    if node.args and not isinstance(node.args[0], ast.Starred):
        return node.args[0]
    return keyword(node, "name") or keyword(node, "resource_name")


def is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def params_of(fn: ast.AST) -> tuple[str, ...]:
    a: ast.arguments = fn.args  # type: ignore[attr-defined]  # fn: a function or lambda (scopes are typed AST)
    return tuple(p.arg for p in (*a.posonlyargs, *a.args, *a.kwonlyargs))


def defaults_of(fn: FuncNode) -> dict[str, ast.expr]:
    a = fn.args
    positional = [*a.posonlyargs, *a.args]
    out = {p.arg: d for p, d in zip(positional[len(positional) - len(a.defaults) :], a.defaults, strict=True)}
    out.update({p.arg: d for p, d in zip(a.kwonlyargs, a.kw_defaults, strict=True) if d is not None})
    return out


def shape(node: ast.expr | ast.stmt, lines: list[bytes] | None, limit: int = 40, keep: Keep | None = None) -> str:
    """The text of `node` (in a file of `lines`) with every literal in it (but those `keep` keeps, whole) written
    `...` (quoting.py). Without `lines`, or for a node the front-end made (no place in the file), its text is
    `ast.unparse`'s (none that parses alone: `...`)."""
    if lines is None or getattr(node, "end_lineno", None) is None:
        text = ast.unparse(node)
        try:
            parsed = ast.parse(text).body
        except (SyntaxError, ValueError, RecursionError):
            return "..."
        if len(parsed) != 1:
            return "..."
        node = parsed[0].value if isinstance(parsed[0], ast.Expr) and isinstance(node, ast.expr) else parsed[0]
        lines = text.encode("utf-8").splitlines(keepends=True)
    first, last = node.lineno, node.end_lineno or node.lineno
    at = {first: 0}
    for number in range(first, last):
        at[number + 1] = at[number] + len(lines[number - 1])
    base = node.col_offset
    spans = sorted(
        (at[n.lineno] + n.col_offset - base, at[n.end_lineno or n.lineno] + (n.end_col_offset or 0) - base)
        for n in _literals(node)
        if keep is None or not keep(n)
    )
    return masked(b"".join(lines[first - 1 : last])[base : at[last] + (node.end_col_offset or 0)], spans, limit)


def _literals(node: ast.AST) -> Iterator[ast.expr]:
    """The outermost literals in `node`: strings (f-strings whole), bytes and numbers."""
    if isinstance(node, ast.JoinedStr) or (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str | bytes | int | float | complex)
        and not isinstance(node.value, bool)
    ):
        yield node
        return
    for child in ast.iter_child_nodes(node):
        yield from _literals(child)


def short(text: str, limit: int = 80) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


def children(node: ast.AST) -> list[ast.AST]:
    """The child nodes of `node`, in `ast.iter_child_nodes`' order, without its two generators (a third of the
    front-end's time went to them)."""
    out: list[ast.AST] = []
    for name in node._fields:
        value = getattr(node, name, None)
        if isinstance(value, ast.AST):
            out.append(value)
        elif isinstance(value, list):
            out.extend(item for item in value if isinstance(item, ast.AST))
    return out


def split_call(node: ast.expr) -> tuple[ast.expr, str | None, int, bool] | None:
    """`s.split(".")`, `s.split(".", 1)`, `s.rsplit(sep=".", maxsplit=1)`, `s.split()` with literal arguments (by
    position or keyword): (s, sep, maxsplit, right), else None (`sep` None: runs of whitespace; `maxsplit` -1: no
    limit; `right`: rsplit)."""
    if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr in SPLITS):
        return None
    if len(node.args) > 2 or any(k.arg not in ("sep", "maxsplit") for k in node.keywords):
        return None
    given = dict(zip(("sep", "maxsplit"), node.args, strict=False)) | {str(k.arg): k.value for k in node.keywords}
    if len(given) != len(node.args) + len(node.keywords):
        return None  # an argument given twice: a TypeError when it runs
    sep, limit = given.get("sep"), given.get("maxsplit")
    count = -1 if limit is None else literal_int(limit)
    if count is None or not (sep is None or (isinstance(sep, ast.Constant) and isinstance(sep.value, str | None))):
        return None
    text = sep.value if isinstance(sep, ast.Constant) and isinstance(sep.value, str) else None
    return node.func.value, text, count, node.func.attr == "rsplit"


SPLITS = ("split", "rsplit")


def literal_int(node: ast.expr | None) -> int | None:
    """The value of a literal integer (`3`, `-1`), else None."""
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        inner = literal_int(node.operand)
        return -inner if inner is not None and isinstance(node.operand, ast.Constant) else None
    return node.value if isinstance(node, ast.Constant) and type(node.value) is int else None


def ends_before(line: int, value: ast.AST, start: tuple[int, int]) -> bool:
    """Whether the assignment at `line` of `value` is made before the position `start` (same line: by column when
    known; a binding without one, such as a loop variable, on an earlier line only)."""
    end = getattr(value, "end_lineno", None), getattr(value, "end_col_offset", None)
    if end[0] is None or end[1] is None:
        return line < start[0]
    return (end[0], end[1]) <= start


def literal_module(call: ast.Call) -> str | None:
    """The absolute module `importlib.import_module("a.b")` or `__import__("a.b")` names with one literal (None:
    a computed or relative name, or more arguments, which may change what is imported)."""
    if len(call.args) != 1 or call.keywords or not isinstance(call.args[0], ast.Constant):
        return None
    name = call.args[0].value
    return name if isinstance(name, str) and name and not name.startswith(".") else None


def flat_unpacking(target: ast.Tuple | ast.List) -> bool:
    """Whether an unpacking binds plain names only, at most one of them `*starred`."""
    starred = [e for e in target.elts if isinstance(e, ast.Starred)]
    plain = all(
        isinstance(e, ast.Name) or (isinstance(e, ast.Starred) and isinstance(e.value, ast.Name)) for e in target.elts
    )
    return plain and len(starred) <= 1 and bool(target.elts)
