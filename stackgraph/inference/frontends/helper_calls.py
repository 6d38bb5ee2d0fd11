"""C# and Java helpers of a file that read a key on a StackReference they are given: `static Output<object>
StackOutput(StackReference r, string k) => r.RequireOutput(k);` (Java: `static Output<String>
stringOutput(StackReference ref, String key) { return ref.requireOutput(key).applyValue(String::valueOf); }`),
called `StackOutput(net, "ResourceGroupName")`. Each call that passes a reference held in a variable or field and
a literal key (or a constant the front-end lowers to one, or a C# parameter's default) reads that key on it, and
any key the helper reads by a literal on it (`r.RequireOutput("zone")`), at the call.

The call names the helper alone (`StackOutput(..)`, no receiver); the helper is a method (C#: or a local function)
of the call's class. Several of that name are followed only when exactly one takes as many arguments as the call
gives. The helper uses its reference parameter only to read keys (`r.RequireOutput(k)`, `k` a literal or one of its
parameters) and each key parameter only as such a read's argument: never assigned, passed on (recursion
included) nor declared again. Anything else, C# named arguments, or a key that is not a literal keeps the reads
open: the call is shown with why. The uses followed here are not uses that hand the reference on (handed_on.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from stackgraph.inference.frontends.handing_reads import Reader, Readers
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.treesitter import Node, line, text, walk


@dataclass(frozen=True)
class Param:
    name: str
    default: Node | None = None
    variadic: bool = False


@dataclass(frozen=True)
class Syntax:
    """What differs between C# and Java."""

    call: str  # the call node type
    methods: frozenset[str]  # the node types of the helpers
    reads: frozenset[str]  # the methods of a StackReference reading a key
    callee: Callable[[Node], str | None]  # the name a call calls with no receiver (None: another call)
    args: Callable[[Node], list[Node] | None]  # the arguments, in order (None: named, not followed)
    params: Callable[[Node], list[Param]]  # a helper's parameters
    read: Callable[[Node], tuple[Node, list[Node]] | None]  # `r.<read>(args)` around the identifier `r`: the call
    literal: Callable[[Node], str | None]  # a string literal's value
    owner: Callable[[Node], str | None]  # the class around a node


Record = Callable[[Node, Node, set[str], str], None]
"""Record, for a call and its argument naming a reference, the keys the call reads on it and why not all."""


class HelperKeys(Readers[Node]):
    """The helpers of one file that read keys on a reference passed to them, and what each call of them reads."""

    def __init__(self, syntax: Syntax, file: str, key: Callable[[Node, Node], str | None]) -> None:
        super().__init__()
        self.syntax, self.file, self.key = syntax, file, key  # key: the string a key argument of a call is

    def follow(self, root: Node, nodes: list[Node], record: Record) -> frozenset[int]:
        """Record what each call among `nodes` (of the file `root`) reads on the references it is given; the
        arguments followed (so not handed on, whatever they read)."""
        methods: dict[tuple[str | None, str], list[Node]] = {}
        for node in walk(root):
            name = node.child_by_field_name("name") if node.type in self.syntax.methods else None
            if name is not None:
                methods.setdefault((self.syntax.owner(node), text(name)), []).append(node)
        kept: set[int] = set()
        for call in nodes:
            name = self.syntax.callee(call) if call.type == self.syntax.call else None
            found = methods.get((self.syntax.owner(call), name)) if name else None
            if not found or name is None:
                continue
            args = self.syntax.args(call)
            for arg in _identifiers(call) if args is None else [a for a in args if a.type == "identifier"]:
                keys, why = self._call(call, name, found, args, arg)
                if keys or why:
                    kept.add(arg.id)
                    record(call, arg, keys, why)
        return frozenset(kept)

    def own(self, node: Node, name: str) -> bool:
        """Whether `node` (a use of the name `name`) is in a helper reading keys on its parameter `name`: a read of
        the parameter, which each call binds."""
        up = node.parent
        while up is not None and up.type not in self.syntax.methods:
            up = up.parent
        params = self.syntax.params(up) if up is not None else []
        return up is not None and any(p.name == name for p in params) and not self.reader(up, name).why

    def _call(
        self, call: Node, name: str, found: list[Node], args: list[Node] | None, arg: Node
    ) -> tuple[set[str], str]:
        shown = f"`{shape(call, 50)}` at {self.file}:{line(call)}"
        if args is None:
            return set(), f"{shown} (named arguments given {name}(): not followed)"
        fitting = [m for m in found if _fits(self.syntax.params(m), len(args))]
        if len(fitting) != 1:
            return set(), f"{shown} ({len(fitting)} of the {len(found)} methods {name}() take {len(args)} arguments)"
        params = self.syntax.params(fitting[0])
        at = next(i for i, a in enumerate(args) if a.id == arg.id)
        if at >= len(params) or params[at].variadic:
            return set(), f"{shown} (handed to {name}()'s variable-length parameter: not followed)"
        reader = self.reader(fitting[0], params[at].name)
        if reader.why:
            return set(), f"{shown} ({name}() {reader.why})"
        keys = set(reader.fixed)
        for i, param in enumerate(params):
            if param.name not in reader.params:
                continue
            value = args[i] if i < len(args) else param.default
            key = self.key(value, call) if value is not None else None
            if key is None:
                return set(), f"{shown} (the key {name}() reads is not a literal: `{param.name}`)"
            keys.add(key)
        return keys, ""

    def _ident(self, fn: Node) -> int:
        return int(fn.id)

    def _line(self, fn: Node) -> int:
        return line(fn)

    def _read(self, fn: Node, ref: str) -> Reader:
        params = {p.name: p for p in self.syntax.params(fn)}
        fixed: set[str] = set()
        keys: set[str] = set()
        key_args: set[int] = set()
        for node in walk(fn):
            if node.type != "identifier" or text(node) != ref or self._declares(fn, node):
                continue
            read = self.syntax.read(node)
            arg = read[1][0] if read is not None and len(read[1]) == 1 else None
            literal = self.syntax.literal(arg) if arg is not None else None
            if literal is not None:
                fixed.add(literal)
            elif arg is not None and arg.type == "identifier" and text(arg) in params and text(arg) != ref:
                keys.add(text(arg))
                key_args.add(arg.id)
            else:
                return Reader(why=f"uses the reference otherwise: {self._shown(node)}")
        for node in walk(fn):
            if node.type != "identifier" or text(node) not in keys or node.id in key_args:
                continue
            if not self._declares(fn, node):
                return Reader(why=f"uses the key `{text(node)}` otherwise: {self._shown(node)}")
        return Reader(frozenset(fixed), frozenset(keys))

    def _declares(self, fn: Node, node: Node) -> bool:
        """Whether `node` is the name of one of `fn`'s own parameters (a nested lambda's is a use: not followed)."""
        up = node.parent
        if up is None or up.child_by_field_name("name") != node:
            return False
        up = up.parent.parent if up.type == "variable_declarator" and up.parent is not None else up  # `String... r`
        return up is not None and up.parent is not None and up.parent.parent == fn

    def _shown(self, node: Node) -> str:
        up = node.parent
        while up is not None and up.type in ("argument", "argument_list", "member_access_expression", "field_access"):
            node, up = up, up.parent
        use = up if up is not None and up.type not in ("block", "expression_statement") else node
        return f"`{shape(use, 40)}` at {self.file}:{line(use)}"


def _fits(params: list[Param], count: int) -> bool:
    """Whether a method with these parameters takes `count` arguments."""
    if any(p.variadic for p in params):
        return count >= len(params) - 1
    return sum(p.default is None for p in params) <= count <= len(params)


def _identifiers(call: Node) -> list[Node]:
    """The arguments of a call that are names (C#: named or not)."""
    args = call.child_by_field_name("arguments")
    found = [a.named_children[-1] for a in args.named_children if a.named_children] if args is not None else []
    return [a for a in found if a.type == "identifier"]
