"""Shared machinery of the finders built on tree-sitter grammars (TS/JS, Go, C#, Java, F#).

A grammar is loaded the first time a file of its language is parsed. `TSFinder` walks a tree once, indexing
declarations per scope (the nearest enclosing function, else the file), and lowers expressions through
`_lower_<node type>` methods that each language defines. Name lookup: the scope chain (the last declaration
before the use), then the helper's parameters (`ir.Param`), then the file, then imports.
"""

from __future__ import annotations

import dataclasses
import importlib
from collections.abc import Iterator
from functools import cache
from typing import Any

from stackgraph.inference import ir, irloops
from stackgraph.inference.frontends import site_hooks
from stackgraph.inference.frontends.arms import arm_of, holds, parted, place, reaching, within
from stackgraph.inference.frontends.bindings import bound_names, declares
from stackgraph.inference.frontends.quoting import as_written, shape
from stackgraph.inference.frontends.site_hooks import SiteHooks
from stackgraph.inference.frontends.subclasses import with_unread_subclasses

GRAMMARS = {
    "typescript": ("tree_sitter_typescript", "language_typescript"),
    "tsx": ("tree_sitter_typescript", "language_tsx"),
    "javascript": ("tree_sitter_javascript", "language"),
    "go": ("tree_sitter_go", "language"),
    "csharp": ("tree_sitter_c_sharp", "language"),
    "java": ("tree_sitter_java", "language"),
    "fsharp": ("tree_sitter_fsharp", "language"),
}

Node = site_hooks.Node  # tree_sitter.Node, kept loose (site_hooks.py): every finder's


@cache
def parser(language: str) -> Any:
    """Return a parser for `language` (thread-confined: one per process)."""
    import tree_sitter  # noqa: PLC0415 - only when a file of a tree-sitter language is parsed

    module, func = GRAMMARS[language]
    grammar = tree_sitter.Language(getattr(importlib.import_module(module), func)())
    return tree_sitter.Parser(grammar)


def parse(language: str, text: str) -> Node:
    return parser(language).parse(text.encode("utf-8")).root_node


WALKED: dict[Node, tuple[Node, ...]] = {}
"""The named nodes of the last few whole trees walked: a front-end walks a file's tree two or three times (its
index, its exports, its first error). A kept root keeps its tree alive, so no new tree can reuse its address."""
WALKED_MAX = 8


def walk(root: Node) -> Iterator[Node]:
    """Every named node below `root`, in document order."""
    if root.parent is not None:
        return _walk(root)
    found = WALKED.get(root)
    if found is None:
        found = tuple(_walk(root))
        if len(WALKED) >= WALKED_MAX:
            del WALKED[next(iter(WALKED))]
        WALKED[root] = found
    return iter(found)


def _walk(root: Node) -> Iterator[Node]:
    cursor = root.walk()
    while True:
        node = cursor.node
        if node.is_named:
            yield node
        if cursor.goto_first_child():
            continue
        while not cursor.goto_next_sibling():
            if not cursor.goto_parent():
                return


def text(node: Node) -> str:
    value: str = node.text.decode("utf-8", errors="replace")
    return value


def line(node: Node) -> int:
    return int(node.start_point[0]) + 1


def short(value: str, limit: int = 80) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 3] + "..."


def own(scope: Node | None, fn: Node) -> bool:
    """Whether a node whose scope is `scope` belongs to `fn` itself (not to a function nested in it)."""
    return scope is not None and scope.id == fn.id


def first_error(root: Node) -> int | None:
    """The line of the first syntax error, or None (a tree with errors is still read)."""
    if not root.has_error:
        return None
    for node in walk(root):
        if node.type == "ERROR" or node.is_missing:
            return line(node)
    return line(root)


class TSFinder(SiteHooks):
    """Base of the tree-sitter finders (subclasses fill `SCOPES`, `index`, `_lower_*`; `find` parses and indexes);
    `_sites` reads `site_nodes` through `name_argument`, `holder`, `owner_of`, `site_name` (C#, Java, Go)."""

    LANGUAGE = ""
    SCOPES: frozenset[str] = frozenset()
    BRANCHES: frozenset[str] = frozenset()
    """Statements that may run their body not at all or more than once (if, switch, loops, try)."""
    OPAQUE: tuple[tuple[str, str | None], ...] = ()
    """Nodes that bind names to values not read here (a loop variable, a catch clause, a pattern): (node
    type, the field holding the names or None for the node itself). Such a name hides every outer one."""
    FIELDS_OF_THIS = False
    """Whether a helper's name may read fields of its object (`this.x`): see `helper_of`."""

    @classmethod
    def find(cls, source: str, file: str, language: str | None = None) -> ir.FileFacts:
        """Return the facts of one file (a tree with syntax errors is read as far as it goes; a file that
        mentions a StackReference and yields no site is reported with the line of the first error, as is one
        that does not mention it: its values, as far as they were read, stay with the error)."""
        grammar = language or cls.LANGUAGE
        root = parse(grammar, source)
        finder = cls(root, file, cls.facts_language(grammar))
        finder.index()
        facts = with_unread_subclasses(finder.facts(), source)  # C#, Java, F#: said, not read
        finder.__dict__.clear()  # its memos hold bound methods: a cycle, which kept the tree till the collector ran
        bad = first_error(root)
        if bad is not None and "StackReference" not in source:
            return dataclasses.replace(facts, error=f"cannot parse (syntax error at line {bad})")
        if bad is not None and not facts.sites:
            return ir.FileFacts(file, grammar, error=f"cannot parse (syntax error at line {bad})")
        exports = cls.exported(root)
        return dataclasses.replace(facts, exports=exports) if exports else facts

    @classmethod
    def exported(cls, root: Node) -> tuple[ir.Exported, ...]:
        """The outputs the file exports (frontends/exports.py); none unless the language says how."""
        return ()

    @classmethod
    def facts_language(cls, grammar: str) -> str:
        """The language the facts name, for a file parsed with `grammar`."""
        return cls.LANGUAGE

    def __init__(self, root: Node, file: str, language: str | None = None) -> None:
        self.root = root
        self.file = file
        self.language = language or self.LANGUAGE
        self.reads: dict[str, set[str]] = {}  # variable holding a StackReference -> output keys read on it
        self.opened: dict[str, str] = {}  # variable -> the first use of its outputs that cannot be read, and where
        self.decls: dict[int, dict[str, list[tuple[int, Node]]]] = {}
        self.imports: dict[str, ir.Expr] = {}  # local name -> Import (or ConfigObject, ...)
        self.modules: dict[str, ir.Module] = {}  # local alias of a whole module -> the module
        self.functions: dict[str, Node] = {}  # file-level functions (inlined when they return a name)
        self.specs: list[ir.Module] = []
        self.dynamic = False
        self._opaque: dict[int, set[str]] | None = None
        self.opaque_nodes: list[Node] = []  # OPAQUE nodes, kept by the language's index walk (no second walk)
        self._opaque_kinds: dict[str, str | None] = dict(self.OPAQUE)
        self.bound: dict[int, set[str]] = {}  # opaque names a finder finds while indexing (scope id or 0)
        self._scopes: dict[int, Node | None] = {}  # node id -> scope_of(node): one tree, alive with the finder

    # --- scopes ---

    def scope_of(self, node: Node) -> Node | None:
        if node.id in self._scopes:
            return self._scopes[node.id]
        cur = node.parent
        while cur is not None and cur.type not in self.SCOPES:
            cur = cur.parent
        self._scopes[node.id] = cur
        return cur

    def declare(self, scope: Node | None, name: str, at: int, value: Node) -> None:
        key = scope.id if scope is not None else 0
        self.decls.setdefault(key, {}).setdefault(name, []).append((at, value))

    def params(self, scope: Node) -> tuple[str, ...]:
        return ()

    def opaque_binding(self, node: Node) -> bool:
        """Whether an OPAQUE node binds names here (a language may read some patterns itself)."""
        return True

    def opaque(self) -> dict[int, set[str]]:
        """Names bound by OPAQUE nodes, per scope (0: the file)."""
        if self._opaque is None:
            self._opaque = {k: set(v) for k, v in self.bound.items()}
            if self.OPAQUE:
                kinds = self._opaque_kinds
                for node in self.opaque_nodes:
                    field = kinds.get(node.type, "")
                    if field == "" or not self.opaque_binding(node):
                        continue
                    target = node.child_by_field_name(field) if field else node
                    if target is None:
                        continue
                    scope = self.scope_of(node)
                    self._opaque.setdefault(scope.id if scope is not None else 0, set()).update(bound_names(target))
        return self._opaque

    def lookup(self, name: str, scope: Node | None, at: int, depth: int, use: Node | None = None) -> ir.Expr:
        """The value of `name` seen from line `at` in `scope` by `use` (arms.py), once per file and arm: a name
        reassigned in terms of itself under many branches made lowering exponential. Languages override `_lookup`."""
        key = (name, scope.id if scope is not None else 0, at, arm_of(use), place(use, at))
        return ir.remembered(self, "_lookups", key, lambda: ir.bounded(self._lookup(name, scope, at, depth, use), name))

    def _lookup(self, name: str, scope: Node | None, at: int, depth: int, use: Node | None = None) -> ir.Expr:
        opaque = self.opaque()
        cur, inner = scope, None  # the function holding the read that is defined in `cur`
        while cur is not None:
            if name in opaque.get(cur.id, ()):
                return ir.Unknown(f"'{name}', bound by a loop, a pattern or a catch clause (a run-time value)")
            items = self.decls.get(cur.id, {}).get(name, [])
            own = inner is None and not ir.is_param(self.params(cur), name)
            before = reaching(items, at, use, cur, name, own=own, called=inner)
            if isinstance(before, ir.Unknown):
                return before
            if before:
                return self.settle(name, before, cur, at, depth, use)
            if ir.is_param(self.params(cur), name):
                return ir.Param(name)
            inner, cur = cur, self.scope_of(cur)
        if name in opaque.get(0, ()):
            return ir.Unknown(f"'{name}', bound by a loop, a pattern or a catch clause (a run-time value)")
        items = self.decls.get(0, {}).get(name, [])
        if items:  # from a function: the file as it ends
            before = reaching(items, at if scope is None else FAR, use, None, name, own=None, called=inner)
            if isinstance(before, ir.Unknown):
                return before
            if before:
                return self.settle(name, before, None, *((at, depth, use) if scope is None else (FAR, depth)))
        if name in self.imports:
            return self.imports[name]
        return self.missing_name(name)

    def single_value(self, name: str, scope: Node | None) -> Node | None:
        """The value node of a name given exactly one value (None: reassigned, a parameter, a loop variable)."""
        cur = scope
        opaque = self.opaque()
        while True:
            key = cur.id if cur is not None else 0
            if name in opaque.get(key, ()):
                return None
            items = self.single_items(name, self.decls.get(key, {}).get(name, []), cur)
            if items:
                return items[0][1] if len(items) == 1 else None
            if cur is None or ir.is_param(self.params(cur), name):
                return None
            cur = self.scope_of(cur)

    def single_items(self, name: str, items: list[tuple[int, Node]], scope: Node | None) -> list[tuple[int, Node]]:
        """The values of `name` in `scope` that `single_value` counts (a language may leave some out)."""
        return items

    def args_held(self, items: list[Node], index: int, scope: Node | None) -> list[Node]:
        """`new StackReference("x", args)`: the arguments with `args` replaced by the one value it holds."""
        if len(items) > index and items[index].type == "identifier":
            held = self.single_value(text(items[index]), scope)
            if held is not None:
                return [*items[:index], held, *items[index + 1 :]]
        return items

    def missing_name(self, name: str) -> ir.Expr:
        return ir.Unknown(f"'{name}', which is not a constant")

    def settle(
        self, name: str, items: list[tuple[int, Node]], scope: Node | None, at: int, depth: int, use: Node | None = None
    ) -> ir.Expr:
        """`settled`, once per file for the same assignments seen from the same line and place (see `lookup`)."""
        key = (name, scope.id if scope is not None else 0, at, len(items), items[-1][1].id, place(use, at))
        return ir.remembered(self, "_settles", key, lambda: self.settled(name, items, scope, at, depth, use))

    def settled(
        self, name: str, items: list[tuple[int, Node]], scope: Node | None, at: int, depth: int, use: Node | None = None
    ) -> ir.Expr:
        """The value of the last assignment in `items` as seen from `use` at line `at` (from line `at` for None).

        An assignment inside a branch or a loop that does not hold the use is not certain to have
        run: `if (c) { x = a }` gives `c ? a : <x before the if>`; anything else is unknown.
        """
        ln, value = items[-1]
        branches = self.branches_around(value, scope, at, use)
        if not branches:
            return self.lower(value, scope, ln, depth)
        found = self.branch_value(name, branches, items, scope, depth)
        if found is not None:
            return found
        return ir.Unknown(f"'{name}', assigned in a branch or a loop")

    def branches_around(self, node: Node, scope: Node | None, at: int, use: Node | None = None) -> list[Node]:
        """The BRANCHES between `node` and its scope that do not hold the read `use` at line `at` (innermost
        first), and the cases, try bodies and catches that do not (arms.py `parted`)."""
        out = []
        up = node.parent
        while up is not None and (scope is None or up.id != scope.id):
            if (up.type in self.BRANCHES and not holds(up, use, at)) or parted(up, use, at):
                out.append(up)
            up = up.parent
        return out

    def branch_value(
        self, name: str, branches: list[Node], items: list[tuple[int, Node]], scope: Node | None, depth: int
    ) -> ir.Expr | None:
        """The value of an assignment made in a branch (None: unknown); see `if_value`."""
        return None

    def if_value(
        self, name: str, branch: Node, test: ir.Expr, arms: tuple[Node | None, Node | None],
        items: list[tuple[int, Node]], scope: Node | None, depth: int,
    ) -> ir.Expr | None:  # fmt: skip
        """`if (test) { x = a } [else { x = b }]`: the conditional of the two values (the one before the if
        for an arm that does not assign). Only when the if is the one branch around the assignment."""
        ln, value = items[-1]
        earlier = [(ln2, v) for ln2, v in items if v.end_byte <= branch.start_byte]
        before = self.before_if(name, earlier, branch, scope, depth) if earlier else None
        then, orelse = arms
        if then is not None and within(value, then):
            if before is None:
                return None
            return ir.Conditional(test, self.lower(value, scope, ln, depth), before)
        if orelse is not None and within(value, orelse):
            in_then = [(ln2, v) for ln2, v in items if then is not None and within(v, then)]
            if in_then and self.branches_around(in_then[-1][1], scope, FAR)[:1] != [branch]:
                return None  # the then-arm's assignment is nested deeper
            first = self.lower(in_then[-1][1], scope, in_then[-1][0], depth) if in_then else before
            if first is None:
                return None
            return ir.Conditional(test, first, self.lower(value, scope, ln, depth))
        return None

    def before_if(
        self, name: str, earlier: list[tuple[int, Node]], branch: Node, scope: Node | None, depth: int
    ) -> ir.Expr:
        """The value of `name` as the `if` at `branch` starts, given its assignments before it (`earlier`)."""
        return self.settle(name, earlier, scope, line(branch), depth, branch)

    # --- lowering ---

    def lower(self, node: Node | None, scope: Node | None, at: int, depth: int = 0) -> ir.Expr:
        if node is None:
            return ir.Unknown("a missing value")
        if depth > 30:
            return ir.Unknown("a value defined in terms of itself, or nested too deeply")
        method = getattr(self, f"_lower_{node.type}", None)
        if method is None:
            return ir.Unknown(f"a run-time value ({shape(node)})")
        lowered: ir.Expr = method(node, scope, at, depth + 1)
        return lowered

    def symbols(self) -> dict[str, ir.Expr]:
        """File-level declarations, lowered (what other files may import)."""
        out: dict[str, ir.Expr] = {}
        for name, items in self.decls.get(0, {}).items():
            out[name] = self.settle(name, items, None, FAR, 0)
        for name, imp in self.imports.items():
            out.setdefault(name, imp)
        return out

    # --- what a file says ---

    def facts(self) -> ir.FileFacts:
        """The file's sites, its file-level symbols and the calls of its helpers."""
        sites = list(self._sites())
        helpers: set[str] = {s.func for s in sites if s.func}
        symbols = self.symbols()
        for name, value in self.member_values().items():
            symbols[name] = self.lower(value, None, line(value))
        return ir.FileFacts(
            self.file,
            self.language,
            sites=tuple(sites),
            symbols=tuple(sorted(symbols.items())),
            calls=tuple(self._helper_calls(helpers)),
            imports=self.imported_specs(),
        )

    def index(self) -> None:
        """Walk the tree once, filling the declarations, imports and the nodes `facts` reads."""
        raise NotImplementedError

    def _sites(self) -> Iterator[ir.Site]:
        """One site per node of `site_nodes`, the name read from the argument `name_argument` picks."""
        for node in self.site_nodes():
            scope = self.scope_of(node)
            arg, unknown = self.name_argument(node, scope)
            if arg is None:
                continue
            name, loops = (ir.Unknown(unknown), ()) if unknown else self.site_name(node, arg, scope)
            func, params = self.helper_of(scope, ir.Concat((name, *irloops.items_of(loops))))  # items: in the helper
            held_in = self.holder(node)
            value, opened = (None, "") if held_in else self.value_reads(node, bound=func is not None)
            reads = self.reads.get(held_in or value or "", set())
            owner = self.owner_of(scope) if func and scope is not None else None
            defaults = self.site_defaults(name, scope) if func else ()
            signature, overloads = self.signatures(scope) if func and scope is not None else (None, ())
            why = self.reads_open(held_in, scope, bound=func is not None) or opened
            guards, called = self.guarded(node, bool(func))
            yield ir.Site(
                self.file, line(node), name, as_written(arg, name, self, scope, line(node)), self.language,
                tuple(sorted(reads)), func, params, defaults, owner, why, signature, overloads,
                self.shared(held_in, scope), keyed=self.keyed(held_in or value or ""), loops=loops,
                handed=self.handed(held_in or value or ""), guards=guards, called_in=called,
                held=self.held(node, bool(func)),
            )  # fmt: skip

    def guarded(self, node: Node, helper: bool) -> tuple[tuple[ir.Expr, ...], tuple[str, ...]]:
        """The tests around a site (`site_guards`; and Go's, those of the calls of the function holding it unless
        it is a `helper`: go_call_guards.py), and the functions whose calls the last one reads (`Site.called_in`)."""
        return self.site_guards(node), ()

    def held(self, node: Node, helper: bool) -> str:
        """Go: the package function holding a site or call whose calls are all in other files (`Site.held`)."""
        return ""

    def site_guards(self, node: Node) -> tuple[ir.Expr, ...]:
        """The tests of the `if`s, `?:` arms and `&&`/`||` around a site (C#, Java: site_guards.py); none here: the
        site counts for every stack."""
        return ()

    def site_name(self, node: Node, arg: Node, scope: Node | None) -> tuple[ir.Expr, tuple[ir.Loop, ...]]:
        """A site's name, and the loops over literal items around it (none here; Go's: go_loops.py)."""
        return self.lower(arg, scope, line(node)), ()

    def declaring(self, scope: Node | None, name: str) -> Node | None:
        """The innermost scope from `scope` outwards declaring (not only assigning) the variable or parameter `name`;
        the root for one of the file (C# top-level statements, a Go package variable); None for a field."""
        cur = scope
        while cur is not None:
            if ir.is_param(self.params(cur), name) or declares(self.decls.get(cur.id, {}).get(name, [])):
                return cur
            cur = self.scope_of(cur)
        return self.root if declares(self.decls.get(0, {}).get(name, [])) else None

    def read(self, holder: str, key: str | None, node: Node) -> None:
        """Record a read of output `key` on the variable `holder`; a key that is not a literal (None) is a read
        that cannot be read at `node` (the variable's reads are then open)."""
        if key is not None:
            self.reads.setdefault(holder, set()).add(key)
        else:
            self.open_use(holder, node)

    def open_use(self, holder: str, node: Node) -> None:
        """A use of the outputs of `holder` that cannot be read (`net.Outputs` passed on): the first one is kept,
        shown as the call it is an argument of."""
        while node.type in ("argument_list", "arguments", "argument") and node.parent is not None:
            node = node.parent
        self.opened.setdefault(holder, f"`{shape(node, 50)}` at {self.file}:{line(node)}")

    def site_nodes(self) -> list[Node]:
        """The constructor calls that may be StackReferences (found by `index`)."""
        raise NotImplementedError

    def name_argument(self, node: Node, scope: Node | None) -> tuple[Node | None, str]:
        """The argument that names the stack (None: no site) and why it cannot be read ("" when it can)."""
        raise NotImplementedError

    def holder(self, node: Node) -> str | None:
        """The variable a site is stored in (its `getOutput` reads are the site's outputs)."""
        return None

    def _helper_calls(self, helpers: set[str]) -> Iterator[ir.Call]:
        raise NotImplementedError

    def helper_of(self, scope: Node | None, name: ir.Expr) -> tuple[str | None, tuple[str, ...]]:
        """(function name, parameters) when a site's name uses the parameters of its function; with
        FIELDS_OF_THIS, the fields of its object (receiver) the name reads (`this.x`) follow the parameters."""
        if scope is None or not ir.params_in(name):
            return None, ()
        fname = self.function_name(scope)
        if not fname:
            return None, ()
        params = self.params(scope)
        if not self.FIELDS_OF_THIS:
            return fname, params
        fields = sorted(p for p in ir.params_in(name) if p.startswith("this.") and p not in params)
        return fname, (*params, *fields)

    def function_name(self, scope: Node) -> str | None:
        return None


FAR = 10**9
"""A line after every other: a use from another function or module sees the file as it ends."""
