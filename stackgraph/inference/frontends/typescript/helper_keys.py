"""Functions of a TypeScript/JavaScript file that read a key on a StackReference they are given: `function
stackOutput(ref: pulumi.StackReference, key: string) { return ref.requireOutput(key); }` (or `const out = (ref, key)
=> ..`), called `stackOutput(net, "vpcId")`. Each call that passes a reference and a literal key (or a constant the
front-end lowers to one, or the parameter's literal default) reads that key on it, and any key the function reads by
a literal on it (`ref.getOutput("zone")`, `ref.outputs.zone`), at the call (Python's: python/helper_keys.py).

A function is such a reader of its parameter `ref` when it is declared once at the top of the module (a `function`
or a `const` arrow or function expression) and its body uses `ref` only to read keys (`ref.<read>(k)`,
`ref.outputs[k]`, `ref.outputs.k`; `k` a literal or one of its parameters) or harmlessly (`ref.name`, `if (ref)`),
never assigns `ref` nor a key parameter nor declares either again, and does not use `arguments`. Anything else (the
reference passed on, recursion included) and a call with a key that is not a literal or with a spread argument keeps
the reads open: the call is shown with why.

A reference passed to a function another module gives (`vpcOf(net)` imported, `lib.vpcOf(net)`) is recorded as
`ir.Handed` while a site's reads are collected (`handed`), and each such reader of the file as `ir.Reader`
(`readers`): the linker matches them (handed.py).
"""

from __future__ import annotations

from collections.abc import Callable

from stackgraph.inference import ir
from stackgraph.inference.frontends.handing_reads import Reader, Readers
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text, walk
from stackgraph.inference.frontends.typescript.syntax import OUTPUT_READS, string_value, unwrap

Key = Callable[[Node, Node], str | None]
"""The string a key argument is (a literal, a constant of the file) at a call, None when it is not one."""
Escape = Callable[[Node], str]
"""Why a use of a variable holding a reference hands it on ("" when it does not): TypeScriptReads.escape."""
Imported = Callable[[Node], ir.Import | None]
"""The function of another module a callee is (`vpcOf` imported, `lib.vpcOf`), None when it is not one."""
MEMBERS_OF_OUTPUT = frozenset({"apply", "get", "isKnown", "isSecret", "promise", "resources", "allResources",
                               "toString", "toJSON", "__pulumiOutput"})  # fmt: skip
SETS = frozenset(
    {("assignment_expression", "left"), ("augmented_assignment_expression", "left"), ("update_expression", "argument"),
     ("variable_declarator", "name"), ("for_in_statement", "left"), ("required_parameter", "pattern"),
     ("optional_parameter", "pattern"), ("arrow_function", "parameter"), ("function_declaration", "name"),
     ("function_expression", "name"), ("class_declaration", "name"), ("catch_clause", "parameter"),
     ("assignment_pattern", "left"), ("pair_pattern", "value")}
)  # fmt: skip
DECLARES = frozenset({"array_pattern", "object_pattern", "rest_pattern", "formal_parameters"})
"""(parent, field) of an identifier, and parents of any, that give the name a value or declare it again."""


NAMES = frozenset({"identifier", "shorthand_property_identifier", "shorthand_property_identifier_pattern"})


class TsHelperKeys(Readers[Node]):
    """The functions of one file that read keys on a reference passed to them, and what each call of them reads."""

    def __init__(self, root: Node, file: str, key: Key, escape: Escape, imported: Imported | None = None) -> None:
        self.file, self.key, self.escape, self.imported = file, key, escape, imported
        self.handed: list[ir.Handed] | None = None  # while a site's reads are collected: calls of imported functions
        declared: dict[str, list[Node | None]] = {}
        for statement in root.named_children:
            for name, fn in _declared(statement):
                declared.setdefault(name, []).append(fn)
        self.functions = {name: fns[0] for name, fns in declared.items() if len(fns) == 1 and fns[0] is not None}
        super().__init__()
        self._any = "Output" in text(root) or "outputs" in text(root)  # the file reads a key somewhere

    def own(self, node: Node, base: str) -> bool:
        """Whether `node` (a read on the variable `base`) is in a function that reads keys on its parameter `base`:
        a read of the parameter, bound by each call, not of a module variable of the same spelling."""
        cur = node.parent
        while cur is not None:
            if any(fn == cur for fn in self.functions.values()):
                return base in _params(cur) and not self.reader(cur, base).why
            cur = cur.parent
        return False

    def bound(self, node: Node) -> tuple[dict[str, int], str] | None:
        """What passing the reference `node` holds to a function of the file reads: each key with its line, and why
        they may not be all ("" when they are); None when `node` is no argument of a call of such a function."""
        args = node.parent
        call = args.parent if args is not None and args.type == "arguments" else None
        func = call.child_by_field_name("function") if call is not None else None
        fn = self.functions.get(text(func)) if func is not None and func.type == "identifier" else None
        if call is None or args is None or func is None:
            return None
        given = [a for a in args.named_children if a.type != "comment"]
        if fn is None:
            return self._handed(node, call, given, func)
        shown = f"`{shape(call, 50)}` at {self.file}:{line(call)}"
        if any(a.type == "spread_element" for a in given):
            return {}, f"{shown} (arguments {text(func)}() is given are not all known: spread)"
        params = _params(fn)
        at = next(i for i, a in enumerate(given) if a == node)
        if at >= len(params) or not params[at]:
            return {}, f"{shown} (handed to a parameter of {text(func)}() that is not a name: not followed)"
        reader = self.reader(fn, params[at])
        if reader.why:
            return {}, f"{shown} ({text(func)}() {reader.why})"
        keys = dict.fromkeys(reader.fixed, line(call))
        for name in sorted(reader.params):
            i = params.index(name)
            if i < len(given):
                key, here = self.key(given[i], call), line(given[i])
            else:  # its default, a literal
                default = _default(fn, i)
                key, here = (string_value(default) if default is not None else None), line(call)
            if key is None:
                return {}, f"{shown} (the key {text(func)}() reads is not a literal: `{name}`)"
            keys[key] = min(keys.get(key, here), here)
        return keys, ""

    def _handed(self, node: Node, call: Node, given: list[Node], func: Node) -> tuple[dict[str, int], str] | None:
        """A reference passed to a function of another module while a site's reads are collected: recorded in
        `handed` for the linker, no key here; None (not followed here) otherwise, or with a spread argument."""
        callee = self.imported(func) if self.imported is not None and self.handed is not None else None
        if callee is None or self.handed is None or any(a.type == "spread_element" for a in given):
            return None
        args = tuple((str(i), self.key(a, call)) for i, a in enumerate(given))
        at = next(i for i, a in enumerate(given) if a == node)
        self.handed.append(ir.Handed(callee, str(at), args, line(call), self.escape(node)))
        return {}, ""

    def readers(self) -> tuple[ir.Reader, ...]:
        """Each module-level function of the file that reads keys on a parameter and does nothing else with it, by
        name and parameter (other modules' calls of it: handed.py)."""
        out = []
        for name, fn in sorted(self.functions.items()):
            params = _params(fn)
            if not self._any:
                break  # reads no key: a reference passed to its functions stays open (the common case, not walked)
            for param in params:
                reader = self.reader(fn, param) if param else Reader(why="-")
                if reader.why:
                    continue
                defaults = tuple((p, d) for p in sorted(reader.params) if (d := _literal_default(fn, params, p)))
                keys = tuple(sorted(reader.lines))
                out.append(ir.Reader(name, param, params, keys, tuple(sorted(reader.params)), defaults))
        return tuple(out)

    def _ident(self, fn: Node) -> int:
        return int(fn.id)

    def _line(self, fn: Node) -> int:
        return line(fn)

    def _read(self, fn: Node, ref: str) -> Reader:
        params = _params(fn)
        fixed: set[str] = set()
        lines: dict[str, int] = {}
        keys: set[str] = set()
        body = fn.child_by_field_name("body")
        for node in walk(body) if body is not None else ():
            if node.type == "identifier" and text(node) == "arguments" and fn.type != "arrow_function":
                return Reader(why=f"uses `arguments` at {self.file}:{line(node)}")
            if node.type not in NAMES or text(node) != ref:
                continue
            why = _rebinds(node, ref, self.file)
            if why:
                return Reader(why=why)
            read = _key_read(node, params)
            chained = self._chained(node, params) if read is None else None
            if chained is not None:  # passed on to another reader of the file
                fixed.update(chained[0])
                keys.update(chained[1])
                for key, at in chained[0].items():
                    lines.setdefault(key, at)
                continue
            why = self.escape(node) if read is None else ""
            if why or read == ():
                read_at = node.parent.parent if node.parent is not None and node.parent.parent is not None else node
                shown = why or f"`{shape(read_at, 40)}` at {self.file}:{line(node)}"
                return Reader(why=f"uses the reference otherwise: {shown}")
            (fixed if read and read[0] == "k" else keys).update(read[1:] if read else ())
            if read and read[0] == "k" and len(read) > 1:
                lines.setdefault(read[1], line(node))
        why = _reassigned(body, keys, self.file)
        return Reader(why=why) if why else Reader(frozenset(fixed), frozenset(keys), lines=tuple(lines.items()))

    def _chained(self, node: Node, params: tuple[str, ...]) -> tuple[dict[str, int], set[str]] | None:
        """For the parameter `node` passed to another function of the file that only reads keys on it (`out(ref,
        "vpcId")`, `out(ref, key)`): the keys it reads, each with a line, and the parameters of the caller (`params`)
        whose values are keys it reads; None when it is no such call or a key it reads is neither (a spread, an
        expression)."""
        found = self._called(node)
        if found is None:
            return None
        fn, call, given = found
        theirs = _params(fn)
        at = next(i for i, a in enumerate(given) if a == node)
        reader = self.reader(fn, theirs[at]) if at < len(theirs) and theirs[at] else Reader(why="-")
        if reader.why:
            return None
        fixed, keys = {key: line(call) for key in reader.fixed}, set()
        for name in reader.params:
            i = theirs.index(name)
            arg = unwrap(given[i]) if i < len(given) else _default(fn, i)
            literal = string_value(arg) if arg is not None else None
            if literal is not None:
                fixed[literal] = line(arg) if arg is not None else line(call)
            elif arg is not None and arg.type == "identifier" and text(arg) in params and i < len(given):
                keys.add(text(arg))
            else:
                return None
        return fixed, keys

    def _called(self, node: Node) -> tuple[Node, Node, list[Node]] | None:
        """The function of the file, the call and its arguments, for `node` an argument of a call of a function of
        the file (no spread argument); None otherwise."""
        args = node.parent
        call = args.parent if args is not None and args.type == "arguments" else None
        func = call.child_by_field_name("function") if call is not None else None
        fn = self.functions.get(text(func)) if func is not None and func.type == "identifier" else None
        given = [a for a in args.named_children if a.type != "comment"] if fn is not None and args is not None else []
        if fn is None or call is None or any(a.type == "spread_element" for a in given):
            return None
        return fn, call, given


def _reassigned(body: Node | None, names: set[str], file: str) -> str:
    """Why a key parameter may not hold what the call gives: assigned or declared again ("" when it does)."""
    for node in walk(body) if body is not None and names else ():
        why = _rebinds(node, text(node), file) if node.type in NAMES and text(node) in names else ""
        if why:
            return why
    return ""


def _rebinds(node: Node, name: str, file: str) -> str:
    """Why an identifier gives the name another value or declares it again ("" when it does not)."""
    up = node.parent
    if node.type == "shorthand_property_identifier_pattern":
        return f"assigns or declares `{name}` at {file}:{line(node)}"
    if up is None:
        return ""
    field = next((up.field_name_for_child(i) for i in range(up.child_count) if up.children[i] == node), None)
    if (up.type, field) in SETS or up.type in DECLARES:
        return f"assigns or declares `{name}` at {file}:{line(node)}"
    return ""


def _key_read(node: Node, params: tuple[str, ...]) -> tuple[str, ...] | None:
    """What a use of the parameter reads: ("k", key) for a literal key, ("p", name) for a parameter holding it,
    ("k",) for another member (`ref.name`); () for a read whose key is neither; None for a use that is no member
    (harmless or not: see `_read`)."""
    up = node.parent
    while up is not None and up.type in ("parenthesized_expression", "non_null_expression", "as_expression"):
        up = up.parent
    if up is None or up.type != "member_expression" or unwrap(up.child_by_field_name("object")) != node:
        return None
    prop = text(up.child_by_field_name("property") or up)
    above = up.parent
    if prop not in OUTPUT_READS and prop != "outputs":
        return ("k",)
    arg = _key_arg(above, read=prop in OUTPUT_READS)
    if isinstance(arg, str):
        return "k", arg
    key = string_value(arg) if arg is not None else None
    if key is not None:
        return "k", key
    arg = unwrap(arg)
    return ("p", text(arg)) if arg is not None and arg.type == "identifier" and text(arg) in params else ()


def _key_arg(above: Node | None, *, read: bool) -> Node | str | None:
    """The key of `ref.getOutput(k)` (`read`) or `ref.outputs[k]` given the node above the member: its node, the
    name of `ref.outputs.k`; None when there is none."""
    if above is None:
        return None
    if read:
        args = above.child_by_field_name("arguments") if above.type == "call_expression" else None
        given = [a for a in args.named_children if a.type != "comment"] if args is not None else []
        return given[0] if len(given) == 1 else None
    if above.type == "subscript_expression":
        return above.child_by_field_name("index")
    member = above.child_by_field_name("property") if above.type == "member_expression" else None
    if member is not None and member.type == "property_identifier" and text(member) not in MEMBERS_OF_OUTPUT:
        return text(member)
    return None


def _declared(statement: Node) -> list[tuple[str, Node | None]]:
    """The names a top-level statement declares, each with its function when it is one (`function f`, `const f =
    (..) => ..`), else None."""
    if statement.type == "export_statement":
        inner = statement.child_by_field_name("declaration")
        return _declared(inner) if inner is not None else []
    name = statement.child_by_field_name("name")
    if statement.type == "function_declaration" and name is not None:
        return [(text(name), statement)]
    if statement.type in ("class_declaration", "generator_function_declaration") and name is not None:
        return [(text(name), None)]
    if statement.type not in ("lexical_declaration", "variable_declaration"):
        return []
    const = bool(statement.children) and text(statement.children[0]) == "const"
    out: list[tuple[str, Node | None]] = []
    for d in statement.named_children:
        target, value = d.child_by_field_name("name"), unwrap(d.child_by_field_name("value"))
        if d.type != "variable_declarator" or target is None or target.type != "identifier":
            continue
        fn = value if const and value is not None and value.type in ("arrow_function", "function_expression") else None
        out.append((text(target), fn))
    return out


def _param_nodes(fn: Node) -> list[Node]:
    """Each parameter of a function: its identifier (or pattern), in order; a rest parameter ends the list."""
    params = fn.child_by_field_name("parameters") or fn.child_by_field_name("parameter")
    if params is None:
        return []
    if params.type == "identifier":
        return [params]
    out = []
    for p in params.named_children:
        if p.type == "comment":
            continue
        if p.type == "rest_pattern":
            break
        out.append(p.child_by_field_name("pattern") or p.child_by_field_name("left") or p)
    return out


def _params(fn: Node) -> tuple[str, ...]:
    return tuple(text(p) if p.type == "identifier" else "" for p in _param_nodes(fn))


def _literal_default(fn: Node, params: tuple[str, ...], name: str) -> str:
    """The literal default of the parameter `name` ("" when it has none)."""
    default = _default(fn, params.index(name))
    return (string_value(default) or "") if default is not None else ""


def _default(fn: Node, index: int) -> Node | None:
    """The default of the `index`-th parameter (`key = "vpcId"`, `key: string = "vpcId"`), None when it has none."""
    params = fn.child_by_field_name("parameters")
    given = [p for p in params.named_children if p.type != "comment"] if params is not None else []
    if index >= len(given):
        return None
    return given[index].child_by_field_name("value") or given[index].child_by_field_name("right")
