"""The outputs a file exports, read from its tree-sitter tree: Go, Java, C#, F# (TS/JS: typescript/exports.py).

A key written as a literal is an export at its line; anything else that exports (a computed key, a
spread, an export in a loop, a helper given the key) makes the project's export set open, with the
reason and line (`ir.Exported.open`). Nothing here claims a key missing: the check does that, and only
for a set with no open entry. Each language module hands its own string reader in (no import back).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from stackgraph.inference import ir
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text, walk

Strings = Callable[[Node | None], str | None]
Constants = Callable[[Node], ir.Expr | None]


class Collected:
    """The exports of one file as they are found."""

    def __init__(self) -> None:
        self.items: list[ir.Exported] = []

    def key(self, name: str, node: Node) -> None:
        self.items.append(ir.Exported(name, line(node)))

    def open(self, why: str, node: Node) -> None:
        self.items.append(ir.Exported("", line(node), why))

    def result(self) -> tuple[ir.Exported, ...]:
        return tuple(sorted(set(self.items), key=lambda e: (e.line, e.name, e.open)))


def _inside(node: Node, kinds: frozenset[str], stop: frozenset[str] = frozenset()) -> bool:
    """Whether a parent of `node` (up to the nearest `stop` node) is one of `kinds`."""
    up = node.parent
    while up is not None and up.type not in stop:
        if up.type in kinds:
            return True
        up = up.parent
    return False


# --- Go `ctx.Export("k", v)` and Java `ctx.export("k", v)` ---

GO_LOOPS = frozenset({"for_statement"})
JAVA_LOOPS = frozenset({"for_statement", "enhanced_for_statement", "while_statement", "do_statement"})
JAVA_LOOP_CALLS = frozenset({"forEach"})


def go_exports(root: Node, string: Strings) -> tuple[ir.Exported, ...]:
    """`ctx.Export("k", v)` / `ctx.Export(key, v)` (open) anywhere in a Go file."""
    out = Collected()
    for node in walk(root):
        if node.type == "selector_expression":
            _go_export_value(out, node)
        if node.type != "call_expression":
            continue
        func = node.child_by_field_name("function")
        if func is None or func.type != "selector_expression":
            continue
        field = func.child_by_field_name("field")
        args = node.child_by_field_name("arguments")
        if field is None or text(field) != "Export" or args is None or len(args.named_children) != 2:
            continue
        _call_key(out, node, args.named_children[0], string, _inside(node, GO_LOOPS), "ctx.Export")
    return out.result()


def _go_export_value(out: Collected, node: Node) -> None:
    """`exp := ctx.Export` (a method value, called under another name): its keys are not followed."""
    field = node.child_by_field_name("field")
    up = node.parent
    called = up is not None and up.type == "call_expression" and up.child_by_field_name("function") == node
    if field is not None and text(field) == "Export" and not called:
        out.open("ctx.Export passed on as a value (its keys are not followed)", node)


def java_exports(root: Node, string: Strings) -> tuple[ir.Exported, ...]:
    """`ctx.export("k", v)` / `ctx.export(key, v)` (open) anywhere in a Java file."""
    out = Collected()
    for node in walk(root):
        if node.type == "field_declaration":
            _java_stack_field(out, node, string)
        if node.type == "method_reference" and node.named_children and text(node.named_children[-1]) == "export":
            out.open("ctx::export passed on as a value (its keys are not followed)", node)  # `forEach(ctx::export)`
        if node.type != "method_invocation":
            continue
        name = node.child_by_field_name("name")
        args = node.child_by_field_name("arguments")
        if name is None or text(name) != "export" or args is None or len(args.named_children) != 2:
            continue
        looped = _inside(node, JAVA_LOOPS) or _in_foreach(node)
        _call_key(out, node, args.named_children[0], string, looped, "ctx.export")
    return out.result()


def _java_stack_field(out: Collected, node: Node, string: Strings) -> None:
    """`@Export(name = "k") Output<T> f;` in a class that extends Stack (the older Java model); `@Export`
    alone exports under the field's name."""
    owner = node.parent.parent if node.parent is not None else None
    base = owner.child_by_field_name("superclass") if owner is not None else None
    if base is None or text(base).split()[-1].rsplit(".", 1)[-1] != "Stack":
        return
    modifiers = next((c for c in node.named_children if c.type == "modifiers"), None)
    for note in modifiers.named_children if modifiers is not None else []:
        name = note.child_by_field_name("name")
        if note.type not in ("annotation", "marker_annotation") or name is None or text(name) != "Export":
            continue
        pairs = [p for p in walk(note) if p.type == "element_value_pair"]
        given = next((p for p in pairs if text(p.child_by_field_name("key") or p) == "name"), None)
        field = node.child_by_field_name("declarator")
        field_name = field.child_by_field_name("name") if field is not None else None
        if given is not None:
            key = string(given.child_by_field_name("value"))
            if key is None:
                out.open(f"an @Export name built at run time ({shape(given)})", given)
            else:
                out.key(key, given)
        elif field_name is not None:
            out.key(text(field_name), field_name)


def _in_foreach(node: Node) -> bool:
    """Inside a lambda given to `.forEach(...)` (an export per item)."""
    up = node.parent
    while up is not None:
        if up.type == "method_invocation":
            name = up.child_by_field_name("name")
            if name is not None and text(name) in JAVA_LOOP_CALLS:
                return True
        up = up.parent
    return False


def _call_key(out: Collected, call: Node, arg: Node, string: Strings, looped: bool, what: str) -> None:
    key = string(arg)
    if looped:
        out.open(f"{what} in a loop", call)
    elif key is None:
        out.open(f"{what} with a key computed at run time ({shape(arg)})", call)
    else:
        out.key(key, arg)


def own_return(node: Node, fn: Node, scopes: frozenset[str]) -> bool:
    """Whether a `return` belongs to `fn` itself, not to a function nested in it."""
    up = node.parent
    while up is not None and up.id != fn.id:
        if up.type in scopes:
            return False
        up = up.parent
    return True


# --- C#: `[Output]` properties and the dictionary a `Deployment.RunAsync` lambda returns ---

CS_FUNCTIONS = frozenset({"lambda_expression", "anonymous_method_expression", "local_function_statement"})
CS_METHODS = CS_FUNCTIONS | frozenset({"method_declaration"})


def csharp_exports(root: Node, string: Strings, constant: Constants | None = None) -> tuple[ir.Exported, ...]:
    """`constant` names the constant an `[Output(Names.Url)]` argument reads, for the linker to find."""
    out = Collected()
    methods: dict[str, list[Node]] = {}
    runs: list[Node] = []
    for node in walk(root):
        if node.type == "property_declaration" and not _in_component(node):
            _output_property(out, node, string, constant)
        elif node.type in ("method_declaration", "local_function_statement"):
            name = node.child_by_field_name("name")
            if name is not None:
                methods.setdefault(text(name), []).append(node)
        elif node.type == "invocation_expression":
            func = node.child_by_field_name("function")
            if func is not None and text(func).split("<")[0].rsplit(".", 1)[-1].startswith("RunAsync"):
                runs.append(node)
    for run in runs:
        _run_async(out, run, methods, string)
    return out.result()


def _in_component(node: Node) -> bool:
    """Whether a property belongs to a component or custom resource (its [Output]s are no stack outputs)."""
    up = node.parent
    while up is not None and up.type != "class_declaration":
        up = up.parent
    bases = next((c for c in up.named_children if c.type == "base_list"), None) if up is not None else None
    return bases is not None and any(text(b).rsplit(".", 1)[-1] in RESOURCE_BASES for b in bases.named_children)


RESOURCE_BASES = frozenset({"ComponentResource", "CustomResource", "ProviderResource"})


def _output_property(out: Collected, node: Node, string: Strings, constant: Constants | None) -> None:
    for attrs in node.named_children:
        if attrs.type != "attribute_list":
            continue
        for attr in attrs.named_children:
            name = attr.child_by_field_name("name")
            if name is None or text(name).rsplit(".", 1)[-1] not in ("Output", "OutputAttribute"):
                continue
            given = next((c for c in walk(attr) if c.type == "attribute_argument"), None)
            prop = node.child_by_field_name("name")
            if given is not None:
                key = string(given.named_children[-1] if given.named_children else None)
                named = constant(given.named_children[-1]) if constant is not None and given.named_children else None
                if key is None:
                    why = f"an [Output] name built at run time ({shape(given)})"
                    out.items.append(ir.Exported("", line(given), why, named))
                else:
                    out.key(key, given)
            elif prop is not None:
                out.key(text(prop), prop)


STACK_CLASS = ir.Module(ir.ModuleKind.GLOBAL, "Pulumi.Stack")
"""The module of `Exported.key` for `Deployment.RunAsync<T>()` of a class T this file does not declare: the set is
open unless a program file declares T (inference/exports.py), whose [Output] properties are then read."""


def _run_async(out: Collected, run: Node, methods: dict[str, list[Node]], string: Strings) -> None:
    args = run.child_by_field_name("arguments")
    items = [a.named_children[-1] for a in args.named_children if a.named_children] if args is not None else []
    if not items:  # `RunAsync<MyStack>()`: the stack class's [Output] properties
        _stack_class(out, run)
        return
    fn = items[0]
    bodies = [fn] if fn.type in CS_FUNCTIONS else methods.get(text(fn).rsplit(".", 1)[-1], [])
    if not bodies:
        out.open(f"Deployment.RunAsync of a function not in this file ({shape(fn)})", run)
    for body in bodies:
        for value in _cs_returns(body):
            _dictionary(out, value, string)


def _stack_class(out: Collected, run: Node) -> None:
    """`RunAsync<T>()`: open, with T for the linker, unless this file declares a class T."""
    func = run.child_by_field_name("function")
    types = next((n for n in walk(func) if n.type == "type_argument_list"), None) if func is not None else None
    name = text(types.named_children[0]).split("<")[0].rsplit(".", 1)[-1].strip() if types is not None else ""
    root = run
    while root.parent is not None:
        root = root.parent
    if any(n.type == "class_declaration" and text(n.child_by_field_name("name") or n) == name for n in walk(root)):
        return
    why = f"Deployment.RunAsync<{name or '?'}> of a stack class no program file declares (a package's?)"
    out.items.append(ir.Exported("", line(run), why, ir.Import(STACK_CLASS, name)))


def _cs_returns(fn: Node) -> Iterator[Node]:
    body = fn.child_by_field_name("body")
    if body is None:
        return
    if body.type not in ("block", "arrow_expression_clause"):
        yield body
        return
    if body.type == "arrow_expression_clause":
        yield from body.named_children[:1]
        return
    for node in walk(body):
        if node.type == "return_statement" and node.named_children and own_return(node, fn, CS_METHODS):
            yield node.named_children[0]


def _dictionary(out: Collected, value: Node, string: Strings) -> None:
    while value.type in ("await_expression", "parenthesized_expression", "cast_expression") and value.named_children:
        value = value.named_children[-1]
    init = None
    if value.type == "object_creation_expression":
        init = value.child_by_field_name("initializer")
    elif value.type == "implicit_object_creation_expression":  # `new() { ["k"] = v }`
        init = next((c for c in value.named_children if c.type == "initializer_expression"), None)
    if init is None:
        out.open(f"the program returns a value built at run time ({shape(value)})", value)
        return
    _copied(out, value)
    for item in init.named_children:
        if item.type == "comment":
            continue
        key_node, shown = None, shape(item)
        if item.type == "assignment_expression":
            left = item.child_by_field_name("left")
            arg = left.named_children[0] if left is not None and left.named_children else None
            key_node = arg.named_children[-1] if arg is not None and arg.named_children else None
            shown = f"{shape(left)} = ..." if left is not None else shown  # the key, never the value
        elif item.type == "initializer_expression" and item.named_children:
            key_node = item.named_children[0]
            shown = f"{{ {shape(key_node)}, ... }}"
        key = string(key_node)
        if key is None:
            out.open(f"an output with a key computed at run time ({shown})", item)
        else:
            out.key(key, item)


def _copied(out: Collected, value: Node) -> None:
    """`new Dictionary<string, object?>(d) { .. }`: the entries of `d` too (open); a capacity adds none."""
    args = value.child_by_field_name("arguments") or next(
        (c for c in value.named_children if c.type == "argument_list"), None
    )
    for arg in args.named_children if args is not None else []:
        given = arg.named_children[-1] if arg.named_children else arg
        if given.type != "integer_literal":
            out.open(f"a dictionary built from another ({shape(given)})", arg)


# --- F#: `dict [ ("k", v :> obj); ... ]` ---


FS_RUNS = frozenset({"Deployment.run", "Deployment.runAsync", "Pulumi.FSharp.Deployment.run"})


def fsharp_exports(root: Node, string: Strings) -> tuple[ir.Exported, ...]:
    """`dict [ ("k", v :> obj); ... ]` anywhere in the file (also `dict ([..])`, `[..] |> dict` and lists joined by
    `@`: an operand that is no list literal makes the set open); and for `Deployment.run f`: when `f` (a function
    of this file) builds no `dict [...]` (a Map, a dictionary built elsewhere), the set is open."""
    out = Collected()
    functions: dict[str, Node] = {}
    for node in walk(root):
        if node.type == "function_or_value_defn" and node.named_children:
            ident = next((n for n in walk(node.named_children[0]) if n.type == "identifier"), None)
            if ident is not None:
                functions.setdefault(text(ident), node)
    for node in walk(root):
        given = _fs_dict_of(node)
        if given is not None:
            _fs_entries(out, given, node, string)
            continue
        if node.type != "application_expression" or len(node.named_children) != 2:
            continue
        func, arg = node.named_children
        if "".join(text(func).split()) in FS_RUNS:
            _fsharp_run(out, node, functions.get(text(arg)))
    return out.result()


def _fs_dict_of(node: Node) -> Node | None:
    """What `dict` is applied to at `node`: `dict x` or `x |> dict`; None when `node` is neither."""
    kids = node.named_children
    if node.type == "application_expression" and len(kids) == 2 and text(kids[0]) == "dict":
        return kids[1]
    if node.type == "infix_expression" and len(kids) == 3 and text(kids[1]) == "|>" and text(kids[2]) == "dict":
        return kids[0]
    return None


def _fs_entries(out: Collected, given: Node, at: Node, string: Strings) -> None:
    """The keys of the list `given` to `dict` at `at`: a list literal's, each side's of `a @ b`; open otherwise."""
    kids = given.named_children
    if given.type == "paren_expression" and len(kids) == 1:
        _fs_entries(out, kids[0], at, string)
        return
    if given.type == "infix_expression" and len(kids) == 3 and text(kids[1]) == "@":
        _fs_entries(out, kids[0], at, string)
        _fs_entries(out, kids[2], at, string)
        return
    if given.type != "list_expression":
        out.open(f"dict of a value built at run time ({shape(given)})", at)
        return
    for item in kids:
        pair = item.named_children[0] if item.type == "paren_expression" and item.named_children else item
        first = pair.named_children[0] if pair.type == "tuple_expression" and pair.named_children else None
        key = string(first) if first is not None else None
        if key is None:
            shown = f"({shape(first)}, ...)" if first is not None else shape(item)  # never the value
            out.open(f"an output with a key computed at run time ({shown})", item)
        else:
            out.key(key, item)


def _fsharp_run(out: Collected, run: Node, fn: Node | None) -> None:
    """`Deployment.run infra`: open unless `infra`, defined in this file, builds its outputs with `dict [...]`."""
    if fn is None:
        out.open(f"Deployment.run of a function not defined in this file ({shape(run)})", run)
        return
    built = any(_fs_dict_of(n) is not None for n in walk(fn))
    if not built:
        out.open("the function given to Deployment.run returns outputs that are no dict [...] literal", fn)
