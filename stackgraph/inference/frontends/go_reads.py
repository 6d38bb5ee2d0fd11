"""A Go StackReference passed on, which makes the reads of its site (or of a helper call) open.

golang.py records the keys read on a variable holding a reference (`net.GetStringOutput(pulumi.String("k"))`,
`net.Outputs.MapIndex(..)`) and opens the reads on `net.Outputs` used otherwise. Here: the reference itself
handed on, where what is read on it is not followed: an argument (`lookup(net)`, `ctx.Export("n", net)`),
another variable (`other := net`), an element or field of a literal (`[]*pulumi.StackReference{net}`),
`&net`, a value sent or returned (unless the callers' reads are followed: a helper whose calls bind the site).
Not a use that hands it on: its declaration or an assignment to it, a member (`net.Name`, read by golang.py),
a parameter of the same name, a value given to `_` only (`_ = net`, `_ = []interface{}{net, db}`), and a
comparison (`net != nil`).

Uses are looked for in the function that declares the variable, closures in it included (the file for a
package-level one); a nested function's own variable of the same name counts too, which opens reads that may
be complete: never the reverse.
"""

from __future__ import annotations

import dataclasses
import functools
import posixpath

from stackgraph.inference import ir
from stackgraph.inference.frontends import go_fields, site_value
from stackgraph.inference.frontends.go_readers import GoReaders, key_node, positions
from stackgraph.inference.frontends.go_std import GO_BUILTINS
from stackgraph.inference.frontends.go_syntax import last_name, string_value
from stackgraph.inference.frontends.handed_on import first_handed_on
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.shadowing import binder
from stackgraph.inference.frontends.treesitter import Node, TSFinder, line, text, walk

DECLARATIONS = frozenset({"short_var_declaration", "assignment_statement", "var_spec"})
SHOWN_THROUGH = frozenset(
    {"expression_list", "argument_list", "literal_element", "keyed_element", "literal_value", "unary_expression",
     "parenthesized_expression"}
)  # fmt: skip
"""Nodes between a use and what shows it: `use(net)` rather than `net`, `other := net` rather than `net`."""
CONST = "const "
"""Prefix of the symbol a package-level string constant is also given, which a key named by it in another file of
the package is looked up by (a name with a space: never a Go name; a variable has none, it may be set anywhere)."""


class GoReads(TSFinder):
    """The Go finder's hooks for the reads of a site: the variable holding it handed on, a struct's field
    holding it (not followed), a package-level variable (the package's other files are matched by the linker:
    `Site.shared`), and a site no variable holds (site_value.py)."""

    call_nodes: list[Node]
    functions: dict[str, Node]
    modules: dict[str, ir.Module]
    zeroed: dict[tuple[int, str], Node]  # (scope id or 0, name) -> the type of `var st StackRef` (no value)

    def __init__(self, root: Node, file: str, language: str | None = None) -> None:
        super().__init__(root, file, language)
        self._named_keys: list[tuple[str, Node, Node]] = []  # (holder, the name giving the key, the read)
        self._keyed: dict[str, list[tuple[str, int, ir.Expr]]] = {}
        self._stored: dict[str, set[int]] = {}  # variable -> its uses followed elsewhere (go_fields, go_readers)
        self._handed: dict[str, list[ir.Handed]] = {}  # variable -> the calls handing it to another file's function

    def read_key(self, holder: str, key: str | None, arg: Node, call: Node) -> None:
        """A read of output `key` on `holder`; one named by an identifier (`pulumi.String(OutputKubeconfig)`) is
        settled once the file is indexed: a string constant's value is the key, anything else opens the reads."""
        if key is None and arg.type == "identifier":
            self._named_keys.append((holder, arg, call))
        else:
            self.read(holder, key, call)

    def facts(self) -> ir.FileFacts:
        self._settle_keys()
        self._fold_fields()
        readers = GoReaders(self.functions)
        self._follow_readers(readers)
        facts = super().facts()
        return dataclasses.replace(facts, readers=readers.readers()) if "Output" in text(self.root) else facts

    def _follow_readers(self, readers: GoReaders) -> None:
        """Each variable holding a site or a helper's result passed to a function that only reads keys on it
        (go_readers.py): one of this file reads its keys here; one of another file of the package or of an imported
        package is kept for the linker (`handed`) when the variable holds sites only. Either argument is then no use
        that hands it on (the variable is told by its name and the scope declaring it, not by its name alone)."""
        made = self.site_nodes()
        sites, calls = self._held(made), self._held([n for n in self.call_nodes if n not in made])
        for call in self.call_nodes:
            args = call.child_by_field_name("arguments")
            given = [a for a in args.named_children if a.type != "comment"] if args is not None else []
            callee = self._reader_callee(call) if given and args.type == "argument_list" else None
            if callee is None or any(a.type == "variadic_argument" for a in given):
                continue
            for index, arg in enumerate(given):
                held = self._held_by(arg) if arg.type == "identifier" else None
                if isinstance(callee, str) and held in sites | calls:
                    self._read_through(readers, callee, index, given, call)
                elif isinstance(callee, ir.Import) and held in sites - calls:
                    keys = tuple((str(i), self._key_of(a, call)) for i, a in enumerate(given))
                    use = _shown(arg)
                    why = f"`{shape(use, 50)}` at {self.file}:{line(use)}"
                    self._handed.setdefault(text(arg), []).append(ir.Handed(callee, str(index), keys, line(call), why))
                    self._stored.setdefault(text(arg), set()).add(arg.id)

    def _held(self, nodes: list[Node]) -> set[tuple[str, int]]:
        """The variables holding the values of calls, as (name, the id of the scope declaring it)."""
        out = set()
        for node in nodes:
            name = holder(node)
            declared = self.declaring(self.scope_of(node), name) if name and "." not in name else None
            if name and declared is not None:
                out.add((name, declared.id))
        return out

    def _held_by(self, node: Node) -> tuple[str, int] | None:
        """The variable an identifier means, as `_held` gives it."""
        declared = self.declaring(self.scope_of(node), text(node))
        return (text(node), declared.id) if declared is not None else None

    def _read_through(self, readers: GoReaders, callee: str, index: int, given: list[Node], call: Node) -> None:
        """`vpcOf(net)`, `vpcOf` a reader of this file: its keys are read on `net` (a key it is given that is not a
        literal: nothing followed, the argument hands `net` on as before)."""
        found = readers.reading(callee, index)
        params = positions(readers.functions[callee]) or ()
        if found is None or len(given) != len(params):
            return
        keys = {key for key, _ in found.fixed}
        for param in found.params:
            key = self._key_of(given[params.index(param)], call)
            if key is None:
                return
            keys.add(key)
        name = text(given[index])
        self.reads.setdefault(name, set()).update(keys)
        self._stored.setdefault(name, set()).add(given[index].id)

    def _reader_callee(self, call: Node) -> str | ir.Import | None:
        """The function a call calls: the name of one of this file, or one of another file of the package or of an
        imported package (`lib.Vpc`) as an import; None for anything else (a local, a method, a builtin)."""
        func = call.child_by_field_name("function")
        scope = self.scope_of(call)
        if func is not None and func.type == "identifier" and binder(self, text(func), scope) is None:
            name = text(func)
            if name in self.functions:
                return name
            if name in GO_BUILTINS or name in self.decls.get(0, {}):
                return None
            return ir.Import(ir.Module(ir.ModuleKind.DIR, posixpath.dirname(self.file)), name)
        operand = (
            func.child_by_field_name("operand") if func is not None and func.type == "selector_expression" else None
        )
        if operand is None or operand.type != "identifier" or text(operand) not in self.modules:
            return None
        return (
            None
            if binder(self, text(operand), scope) is not None
            else ir.Import(self.modules[text(operand)], last_name(func))
        )

    def _key_of(self, arg: Node, call: Node) -> str | None:
        """The key an argument gives (a literal, or a constant of the file or function), None when not one."""
        node = key_node(arg)
        literal = string_value(node)
        if literal is not None or node.type != "identifier":
            return literal
        scope = self.scope_of(call)
        value, declared = self.lower(node, scope, line(call)), self.declaring(scope, text(node))
        return (
            value.value
            if declared is not None and self._is_const(declared, text(node)) and isinstance(value, ir.Lit)
            else None
        )

    def handed(self, holder: str) -> tuple[ir.Handed, ...]:
        return tuple(self._handed.get(holder, ()))

    def _fold_fields(self) -> None:
        """A site's variable stored in a local struct's field (`r := refs{net: ref}`, `r.net = ref`): the keys
        read on `r.net` are the site's when `field_open` finds nothing against it; the statement that stores it is
        then no use that hands it on (else it is, and the reads stay open)."""
        for node in self.site_nodes():
            held, scope = holder(node), self.scope_of(node)
            declared = self.declaring(scope, held) if held and "." not in held else None
            if held is None or declared is None or declared == self.root:
                continue
            for field, stores in go_fields.field_sets(declared, held):
                if self._field_why(declared, field):
                    continue
                key = ".".join(field)
                self.reads.setdefault(held, set()).update(self.reads.get(key, set()))
                if key in self.opened:
                    self.opened.setdefault(held, self.opened[key])
                self._stored.setdefault(held, set()).update(n.id for n in walk(stores) if n.type == "identifier")

    def _field_why(self, scope: Node, field: go_fields.Field) -> str:
        """Why the reads on the field `r.net` of a local of `scope` are not followed ("" when they are)."""
        given = [v for _, v in self.decls.get(scope.id, {}).get(field[0], [])]
        why = go_fields.field_open(scope, field, given, self.zeroed.get((scope.id, field[0])))
        return why or passed_on(scope, field[0], self.file, returned=False)  # `keep(&r)`, `other := r`

    def _settle_keys(self) -> None:
        """The keys named by constants: one of this file (or function) is read now; one of another file of the
        package is kept for the linker (`Site.keyed`) when only a site is held in that name, else the reads open."""
        made = self.site_nodes()
        sites = {h for n in made if (h := holder(n))}
        calls = {h for n in self.call_nodes if n not in made and (h := holder(n))}
        for held, arg, call in self._named_keys:
            name, scope = text(arg), self.scope_of(call)
            value = self.lower(arg, scope, line(call))
            declared = self.declaring(scope, name)
            if declared is not None and self._is_const(declared, name) and isinstance(value, ir.Lit):
                self.read(held, value.value, call)
            elif declared is None and isinstance(value, ir.Import) and held in sites and held not in calls:
                package = ir.Module(ir.ModuleKind.DIR, posixpath.dirname(self.file))
                self._keyed.setdefault(held, []).append((name, line(call), ir.Import(package, CONST + name)))
            else:
                self.read(held, None, call)

    def _is_const(self, scope: Node, name: str) -> bool:
        """Whether every declaration of `name` in `scope` (the root: the file) is a `const`."""
        items = self.decls.get(0 if scope == self.root else scope.id, {}).get(name, [])
        return bool(items) and all(in_const(v) for _, v in items)

    def keyed(self, holder: str) -> tuple[tuple[str, int, ir.Expr], ...]:
        return tuple(self._keyed.get(holder, ()))

    def symbols(self) -> dict[str, ir.Expr]:
        out = super().symbols()
        for name, items in self.decls.get(0, {}).items():
            if name in out and all(in_const(v) for _, v in items):
                out[CONST + name] = out[name]
        return out

    def reads_open(self, held_in: str | None, scope: Node | None, *, bound: bool) -> str:
        found = super().reads_open(held_in, scope, bound=bound)
        if found or not held_in or held_in == "_":  # `_` holds nothing
            return found
        if "." in held_in:  # `s.net, err = ..`: followed on a local struct that holds it there only (go_fields)
            field = tuple(held_in.split(".", 1))
            declared = self.declaring(scope, field[0]) if len(field) == 2 else None
            why = self._field_why(declared, (field[0], field[1])) if declared not in (None, self.root) else ""
            if declared in (None, self.root) or why:
                return f"`{held_in}` set at {self.file} (a struct field: its uses are not followed{why and ', '}{why})"
            return ""
        declared = self.declaring(scope, held_in) or self.root  # `net, err = ..` may set a variable around
        return passed_on(declared, held_in, self.file, returned=bound, stored=self._stored.get(held_in, set()))

    def shared(self, held_in: str | None, scope: Node | None) -> str:
        if not held_in or held_in == "_" or "." in held_in:
            return ""
        return held_in if self.declaring(scope, held_in) in (None, self.root) else ""  # a package-level variable

    def value_reads(self, node: Node, *, bound: bool) -> tuple[str | None, str]:
        """A helper's result read on at once (`cluster(ctx, "net").GetOutput(pulumi.String("k"))`): its keys are
        recorded under the call's text, and its other uses (`.Outputs` passed on, a key not known) open them."""
        up = node.parent
        if node.type == "call_expression" and up is not None and up.type == "selector_expression":
            return read_on(node), self.opened.get(read_on(node), "")
        return None, site_value.value_use(node, "go", self.file, bound=bound)


def read_on(operand: Node) -> str:
    """What the reads on `operand` are recorded under: a variable's name, or a call with its place (two calls
    written alike are two values, each with its own reads)."""
    return f"{text(operand)}@{operand.start_byte}" if operand.type == "call_expression" else text(operand)


def in_const(value: Node) -> bool:
    """Whether a declared value is that of a `const` (`const K = "k"`, `const (A, B = "a", "b")`)."""
    up = value.parent
    up = up.parent if up is not None and up.type == "expression_list" else up
    return up is not None and up.type == "const_spec"


def holder(node: Node) -> str | None:
    """The variable a call's value is stored in (`net, err := pulumi.NewStackReference(..)`), or None."""
    up = node.parent
    if up is not None and up.type == "expression_list":
        decl = up.parent
        if decl is not None and decl.type in DECLARATIONS:
            left = decl.child_by_field_name("left") or decl.child_by_field_name("name")
            if left is not None:
                first = left.named_children[0] if left.named_children else left
                return text(first) if first.type in ("identifier", "selector_expression") else None
    return None


def passed_on(scope: Node, name: str, file: str, *, returned: bool, stored: set[int] | None = None) -> str:
    """Why the reads on the variable `name` are open: the first use in `scope` that hands the reference on, as
    "`<the call or statement>` at file:line" ("" when there is none); `returned`: a `return` of it is followed;
    `stored`: the ids of uses that store it in a struct field whose reads are followed (go_fields.py)."""
    hands_on = functools.partial(_hands_on, returned=returned, stored=stored or set())
    return first_handed_on(scope, "identifier", name, file, hands_on, _shown)


def _hands_on(node: Node, *, returned: bool, stored: set[int]) -> bool:
    up = node.parent
    if up is None or node.id in stored:
        return False
    kind = up.type
    if kind in ("selector_expression", "call_expression"):  # `net.X` (a field is a field_identifier); `f(..)`
        return False
    if kind in ("parameter_declaration", "variadic_parameter_declaration", "var_spec"):
        return False  # a parameter, or `var net = ..` (a value given is under an expression_list)
    if kind == "binary_expression":
        operator = up.child_by_field_name("operator")
        return operator is None or text(operator) not in ("==", "!=")
    if kind == "expression_list" and up.parent is not None:
        statement = up.parent
        if statement.type in DECLARATIONS:
            left = statement.child_by_field_name("left")
            if left is not None and left == up:
                return False  # `net, err := ..`, `net = ..`: the variable itself
        if statement.type == "return_statement":
            return not returned
    return not _discarded(node)


def _discarded(node: Node) -> bool:
    """Whether the value `node` is part of goes to `_` only (`_ = []interface{}{net, db}`: the idiom that keeps
    a variable used)."""
    up = node.parent
    while up is not None and (up.type in SHOWN_THROUGH or up.type == "composite_literal"):
        node, up = up, up.parent
    if up is None or up.type != "assignment_statement" or up.child_by_field_name("right") != node:
        return False
    left = up.child_by_field_name("left")
    return left is not None and all(text(n) == "_" for n in left.named_children)


def _shown(node: Node) -> Node:
    """The call, literal or statement a use is part of (`use(net)`, `x := []*pulumi.StackReference{net}`)."""
    up = node.parent
    while up is not None and up.type in SHOWN_THROUGH:
        node, up = up, up.parent
    return up if up is not None and up.type not in ("block", "source_file") else node
