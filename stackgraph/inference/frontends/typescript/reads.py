"""The output keys a TypeScript/JavaScript file reads on its StackReferences, and the uses it cannot read.

A key is read by `X.getOutput("k")` (any of OUTPUT_READS), `X.outputs["k"]` or `X.outputs.k` (an
Output lifts property access), on the variable or `this.x` member `X` that holds the reference or
chained on `new StackReference(..)`. Any other use of its outputs (`X.outputs` passed on or
`.apply`d, a key computed at run time, `X.getOutput` taken as a value), or the reference itself
passed on (an argument, `{ net }`, an element, another variable, an export, a value returned where the
callers' reads are not followed) makes the site's reads open: `check` counts it as not checked.
"""

from __future__ import annotations

import re

from stackgraph.inference.frontends.handing_reads import HandingReads
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text, walk
from stackgraph.inference.frontends.typescript.helper_keys import TsHelperKeys
from stackgraph.inference.frontends.typescript.syntax import (
    OUTPUT_READS,
    WRAPPERS,
    ref_key,
    string_value,
    unwrap,
    wrapped,
)

THIS_MEMBER = re.compile(r"this\.[\w$]+|exports\.[\w$]+|module\.exports\.[\w$]+")
"""`this.net`: a member whose uses are followed in the file (not `this.refs.net`); `exports.net`: said by `held`."""

OUTPUT_MEMBERS = frozenset(
    {"apply", "get", "isKnown", "isSecret", "promise", "resources", "allResources", "toString", "toJSON",
     "__pulumiOutput"}
)  # fmt: skip
"""Members of an Output itself: `X.outputs.apply` is no key."""
COMPARISONS = frozenset({"===", "!==", "==", "!="})
HARMLESS = frozenset({"expression_statement", "if_statement", "while_statement", "do_statement", "unary_expression"})
"""Parents of a reference that neither read its outputs nor pass it on (a bare statement, `if (net)`, `!net`)."""
DECLARING = frozenset(
    {"required_parameter", "optional_parameter", "formal_parameters", "type_query", "import_specifier",
     "namespace_import", "import_clause", "nested_type_identifier"}
)  # fmt: skip
"""Parents of an identifier that declare a name (or only name its type), not use its value."""
REBINDS = frozenset(
    {("assignment_expression", "left"), ("augmented_assignment_expression", "left"), ("update_expression", "argument"),
     ("variable_declarator", "name"), ("for_in_statement", "left")}
)  # fmt: skip
PATTERNS = frozenset({"array_pattern", "object_pattern", "pair_pattern", "rest_pattern", "assignment_pattern"})
"""(parent, field) of an identifier, and the patterns, that give a variable another value."""


class TypeScriptReads(HandingReads[TsHelperKeys]):
    """The keys read on each variable of one file and why a variable's reads are open; `member` is given
    every `member_expression` of the file (by the index walk), `held` is asked about the variables."""

    def __init__(self, root: Node, file: str) -> None:
        self.root = root
        self.file = file
        self.keys: dict[str, set[str]] = {}
        self.opened: dict[str, str] = {}
        self.lines: dict[tuple[str, str], int] = {}  # (variable, key) -> the line of its first read
        self._uses: dict[str, list[Node]] | None = None  # variable or `this.x` -> the nodes that read it
        self._module_vars: dict[str, Node] | None = None  # see `_declared`
        self._exports: set[str] = set()
        self.helpers: TsHelperKeys | None = None  # the functions of the file reading a key on a reference given them

    def add(self, node: Node) -> None:
        """Record what a member expression `X.outputs..` / `X.getOutput..` reads on the variable `X`."""
        prop = node.child_by_field_name("property")
        if prop is None or (text(prop) not in OUTPUT_READS and text(prop) != "outputs"):
            return
        obj = unwrap(node.child_by_field_name("object"))
        if obj is None or obj.type not in ("identifier", "member_expression", "this"):
            return
        key, why = self.member(node)
        base = ref_key(obj)
        if self.helpers is not None and obj.type == "identifier" and self.helpers.own(node, base):
            return  # a read in a function on its parameter: each call's (helper_keys.py)
        if key is not None:
            self.keys.setdefault(base, set()).add(key)
            self.lines.setdefault((base, key), line(prop))
        elif why and base not in self.opened:  # the index walks in document order: the first use
            self.opened[base] = why

    def member(self, node: Node) -> tuple[str | None, str]:
        """What a member access on a reference reads: (key, "") for a key, (None, why) for a use of its
        outputs that cannot be read, (None, "") for anything else (`ref.name`, `ref.id`)."""
        prop = node.child_by_field_name("property")
        name = text(prop) if prop is not None else ""
        up = _up(node)
        if name in OUTPUT_READS:
            if up is not None and up.type == "call_expression" and _is(up.child_by_field_name("function"), node):
                args = up.child_by_field_name("arguments")
                first = args.named_children[0] if args is not None and args.named_children else None
                key = string_value(first) if first is not None else None
                return (key, "") if key is not None else (None, self._why(up))
            return None, self._why(up or node)
        if name != "outputs":
            return None, ""
        if up is not None and up.type == "subscript_expression" and _is(up.child_by_field_name("object"), node):
            key = string_value(up.child_by_field_name("index"))
            if key is not None:
                return key, ""
        if up is not None and up.type == "member_expression" and _is(up.child_by_field_name("object"), node):
            member = up.child_by_field_name("property")
            if member is not None and member.type == "property_identifier" and text(member) not in OUTPUT_MEMBERS:
                return text(member), ""
        return None, self._why(self._shown(up) if up is not None else node)

    def on_value(self, node: Node) -> tuple[set[str], str]:
        """The keys read on the value of `node` itself (`new StackReference(..).getOutput("k")`) and why its
        reads are open when the value is passed on; a value stored, returned or discarded is neither."""
        up = _up(node)
        if up is None or up.type in ("return_statement", "expression_statement"):
            return set(), ""
        if up.type == "member_expression" and _is(up.child_by_field_name("object"), node):
            key, why = self.member(up)
            return ({key} if key is not None else set()), why
        stored = up.child_by_field_name("name" if up.type == "variable_declarator" else "left")
        if up.type == "variable_declarator" or (
            up.type == "assignment_expression" and _is(up.child_by_field_name("right"), node)
        ):  # followed through the variable or `this.x` it is stored in; not `{ outputs } =` or `refs["k"] =`
            plain = stored is not None and (stored.type == "identifier" or THIS_MEMBER.fullmatch(ref_key(stored)))
            return set(), "" if plain else self._why(up)
        if up.type == "arrow_function" and _is(up.child_by_field_name("body"), node):
            return set(), ""
        return set(), self._why(up)

    def held(self, name: str, *, returned: bool) -> tuple[set[str], str]:
        """The keys read on the variable `name` (`net`, `this.net`) holding a reference, and why its reads
        are open; `returned`: `return net` hands it to callers whose reads are followed."""
        keys = set(self.keys.get(name, set()))
        if name.startswith(("exports.", "module.exports")):
            return keys, f"`{name}` exported at {self.file} (its reads in other modules are not followed)"
        why = self.opened.get(name, "")
        if why:
            return keys, why
        for node in self.uses_of(name):
            passed = self.passed(node, name)
            keys |= passed[0] if passed is not None else set()
            why = passed[1] if passed is not None else self.escape(node, returned=returned)
            if why:
                return keys, why
        if name.startswith("this."):  # a property read on another object (`app.net`) is not followed
            for node in self.uses_of("*." + name[5:]):
                return keys, f"{self._why(_up(node) or node)} (a property read on another object: not followed)"
        return keys, ""

    def use(self, node: Node, *, returned: bool) -> tuple[str | None, str]:
        """What one use of a variable holding a reference reads: (key, ""), (None, why) when it cannot be read
        or passes the reference on, (None, "") for anything else (`net.name`, `if (net)`)."""
        up = _up(node)
        if up is not None and up.type == "member_expression" and _is(up.child_by_field_name("object"), node):
            prop = up.child_by_field_name("property")
            return self.member(up) if prop is not None and text(prop) in {*OUTPUT_READS, "outputs"} else (None, "")
        return None, self.escape(node, returned=returned)

    def charged(self, node: Node, name: str, *, returned: bool) -> tuple[set[str], str]:
        """The keys one use of the variable `name` reads (`use`, or a function of the file it is passed to that reads
        keys on it: `passed`) and why they may not be all."""
        passed = self.passed(node, name)
        if passed is not None:
            return passed
        key, why = self.use(node, returned=returned)
        return ({key} if key else set()), why

    def escape(self, node: Node, *, returned: bool) -> str:
        """Why this use of a variable holding a reference passes it on ("" when it does not)."""
        up = _up(node)
        if node.type == "shorthand_property_identifier":
            return self._why(up or node)
        if up is None or up.type in DECLARING or up.type in HARMLESS:
            return ""
        kind = up.type
        field = _field(up, node)
        if (kind, field) in {("member_expression", "object"), ("assignment_expression", "left")}:
            return ""
        if (kind, field) == ("ternary_expression", "condition"):
            return ""
        if kind == "variable_declarator" and field == "name":
            return self._exported(up)
        if kind == "export_specifier":
            return self._clause(up, node)
        if kind == "binary_expression" and text(up.child_by_field_name("operator") or up) in COMPARISONS:
            return ""
        if (kind == "return_statement" or (kind == "arrow_function" and field == "body")) and returned:
            return ""
        return self._why(up)

    def _exported(self, declarator: Node) -> str:
        """`export const net = new StackReference(..)`: other modules may read it, followed by the linker when
        it is `shared_name` (shared.py); not followed otherwise (a `let` assigned again, a destructuring)."""
        decl = declarator.parent
        if decl is None or decl.parent is None or decl.parent.type != "export_statement" or self._sharable(declarator):
            return ""
        kind = text(decl.children[0]) if decl.children else "const"
        return f"`export {kind} {text(declarator.child_by_field_name('name') or declarator)}` at " + (
            f"{self.file}:{line(declarator)} (its reads in other modules are not followed)"
        )

    def _clause(self, spec: Node, node: Node) -> str:
        """`export { net }` (`export { net as n }`) of a module-level variable of the file: other modules may read
        it, followed by the linker when it is `shared_name`; not followed otherwise (a `let` assigned again, a name
        this file imports and passes on, the alias side `export { x as net }` is no use of `net`)."""
        if _field(spec, node) == "alias":
            return ""
        declarator = self._declared().get(text(node)) if _local_clause(spec) else None
        if declarator is None:
            return self._why(spec)
        if self._sharable(declarator):
            return ""
        return f"`export {{ {text(spec)} }}` at {self.file}:{line(spec)} (its reads in other modules are not followed)"

    def _declared(self) -> dict[str, Node]:
        """The module-level variables of the file (`const net = ..`, not exported by the statement itself) by name,
        with the names a local `export { .. }` clause exports (`_exports`), each indexed once."""
        if self._module_vars is None:
            self._module_vars, self._exports = {}, set()
            for statement in self.root.named_children:
                if statement.type in ("lexical_declaration", "variable_declaration"):
                    for d in statement.named_children:
                        name = d.child_by_field_name("name") if d.type == "variable_declarator" else None
                        if name is not None and name.type == "identifier":
                            self._module_vars.setdefault(text(name), d)
                clause = _local_clause_of(statement)
                for spec in clause.named_children if clause is not None else ():
                    name = spec.child_by_field_name("name")
                    if spec.type == "export_specifier" and name is not None:
                        self._exports.add(text(name))
        return self._module_vars

    def shared_name(self, node: Node) -> str:
        """The name other modules import the value of `node` by (`Site.shared`): `net` for `export const net =
        <node>` at module level (`let` and `var` too when the file never gives the name another value); ""
        for anything else."""
        up = _up(node)
        if up is None or up.type != "variable_declarator" or not _is(up.child_by_field_name("value"), node):
            return ""
        return self._sharable(up)

    def _sharable(self, declarator: Node) -> str:
        name, decl = declarator.child_by_field_name("name"), declarator.parent
        statement = decl.parent if decl is not None else None
        if name is None or name.type != "identifier" or statement is None:
            return ""
        if statement.type == "program":  # `const net = ..` then `export { net }`
            self._declared()
            if text(name) not in self._exports:
                return ""
        elif statement.type != "export_statement" or statement.parent is None or statement.parent.type != "program":
            return ""
        if decl is not None and decl.children and text(decl.children[0]) == "const":
            return text(name)
        for node in walk(self.root):  # `let` / `var`: assigned again anywhere (a name shadowing it too) is open
            if node.type not in ("identifier", "shorthand_property_identifier_pattern") or text(node) != text(name):
                continue
            up = _up(node)
            if node == name or up is None:
                continue
            if node.type != "identifier" or up.type in PATTERNS or (up.type, _field(up, node)) in REBINDS:
                return ""
        return text(name)

    def uses_of(self, name: str) -> list[Node]:
        """The identifiers (`net`, `{ net }`) and `this.net` members of the file, by name (indexed once)."""
        if self._uses is None:
            self._uses = {}
            for node in walk(self.root):
                if node.type in ("identifier", "shorthand_property_identifier"):
                    self._uses.setdefault(text(node), []).append(node)
                elif node.type == "member_expression" and node.child_by_field_name("object") is not None:
                    obj = node.child_by_field_name("object")
                    prop = node.child_by_field_name("property")
                    if obj.type == "this":
                        self._uses.setdefault(ref_key(node), []).append(node)
                    elif prop is not None:  # `app.net`: see `held`
                        self._uses.setdefault("*." + text(prop), []).append(node)
        return self._uses.get(name, [])

    def _shown(self, up: Node) -> Node:
        """The expression that shows how `X.outputs` is used: the call a method of it makes, else `up`."""
        call = _up(up)
        if up.type == "member_expression" and call is not None and call.type == "call_expression":
            return call
        return up

    def _why(self, node: Node) -> str:
        """`<the expression>` at file:line; for an argument, the call."""
        if node.type == "arguments" and node.parent is not None:
            node = node.parent
        return f"`{shape(node, 50)}` at {self.file}:{line(node)}"


def _local_clause_of(statement: Node) -> Node | None:
    """The clause of `export { a, b as c }` with no `from` (names of this module), None for any other statement."""
    if statement.type != "export_statement" or statement.child_by_field_name("source") is not None:
        return None
    return next((c for c in statement.named_children if c.type == "export_clause"), None)


def _local_clause(spec: Node) -> bool:
    """Whether an export specifier is in a local `export { .. }` statement of the module (not in a namespace)."""
    statement = spec.parent.parent if spec.parent is not None else None
    return (
        statement is not None
        and statement.parent is not None
        and statement.parent.type == "program"
        and (_local_clause_of(statement) is not None)
    )


def _up(node: Node) -> Node | None:
    """The parent of `node` through parentheses, `as`, `!` and `await`."""
    up = node.parent
    while up is not None and (up.type in WRAPPERS or up.type == "await_expression"):
        up = up.parent
    return up


def _is(child: Node | None, node: Node) -> bool:
    """Whether `child` is `node`, through parentheses and `as`."""
    while child is not None and child.type in WRAPPERS and child != node:
        child = wrapped(child)
    return child is not None and child == node


def _field(parent: Node, node: Node) -> str | None:
    """The field of `parent` that holds `node` (through wrappers)."""
    for i in range(parent.child_count):
        if _is(parent.children[i], node) or _contains(parent.children[i], node):
            name: str | None = parent.field_name_for_child(i)
            return name
    return None


def _contains(outer: Node, node: Node) -> bool:
    return outer.type in WRAPPERS and outer.start_byte <= node.start_byte and node.end_byte <= outer.end_byte
