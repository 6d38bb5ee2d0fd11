"""Functions of a Go package that only read keys on a StackReference they are given: `func vpcOf(ref
*pulumi.StackReference) pulumi.AnyOutput { return ref.GetOutput(pulumi.String("vpcId")) }`, or with the key a
parameter (`func out(ref *pulumi.StackReference, key string) .. ref.GetStringOutput(pulumi.String(key))`).

A package-level function (no method) is such a reader of its parameter `ref` when its body uses `ref` only to read
keys (`ref.<read>(k)` of OUTPUT_READS, `ref.Outputs.MapIndex(k)`; `k` a literal, in `pulumi.String(..)` or not, or
one of its parameters) or to compare it (`ref != nil`), and never assigns, declares again or takes the address of a
key parameter. Anything else (the reference passed on, stored, a closure's parameter of that name, a key of any other
kind) makes it no reader, and a variadic parameter makes the function none: its calls stay open as before.
go_reads.py follows the calls: one of a function of the file reads its keys at once; one of another file of the
package or of an imported package is recorded as `ir.Handed`, and each reader of a file as `ir.Reader`, which the
linker matches (inference/handed.py).
"""

from __future__ import annotations

from dataclasses import dataclass

from stackgraph.inference import ir
from stackgraph.inference.frontends.go_syntax import OUTPUT_READS, last_name, string_value
from stackgraph.inference.frontends.treesitter import Node, line, text, walk

REBINDS = frozenset(
    {"var_spec", "const_spec", "parameter_declaration", "variadic_parameter_declaration", "range_clause",
     "inc_statement", "dec_statement", "unary_expression"}
)  # fmt: skip
"""Parents of a key parameter's identifier that give it another value or declare it again (`&key`: may be set)."""


@dataclass(frozen=True)
class Reading:
    """What a function reads on one parameter: keys written as literals (each with its first line) and the
    parameters whose values are keys."""

    fixed: tuple[tuple[str, int], ...]
    params: frozenset[str]


class GoReaders:
    """The readers among the package-level functions of one file (`functions`, by name), made once each."""

    def __init__(self, functions: dict[str, Node]) -> None:
        self.functions = {n: fn for n, fn in functions.items() if fn.type == "function_declaration"}
        self._made: dict[tuple[str, int], Reading | None] = {}

    def reading(self, name: str, index: int) -> Reading | None:
        """What the function `name` reads on its `index`-th parameter; None when it is no reader of it."""
        key = (name, index)
        if key not in self._made:
            fn = self.functions.get(name)
            params = positions(fn) if fn is not None else None
            param = params[index] if params is not None and index < len(params) else ""
            self._made[key] = _reading(fn, param, params or ()) if fn is not None and param else None
        return self._made[key]

    def readers(self) -> tuple[ir.Reader, ...]:
        """Each function of the file reading keys on a parameter and doing nothing else with it (inference/handed.py
        matches the calls other files make)."""
        out = []
        for name, fn in sorted(self.functions.items()):
            params = positions(fn) or ()
            for index, param in enumerate(params):
                found = self.reading(name, index)
                if found is not None:
                    out.append(ir.Reader(name, param, params, found.fixed, tuple(sorted(found.params))))
        return tuple(out)


def positions(fn: Node) -> tuple[str, ...] | None:
    """The parameters of a function in order ("" for one unnamed or `_`); None when one is variadic."""
    node = fn.child_by_field_name("parameters")
    out: list[str] = []
    for p in node.named_children if node is not None else ():
        if p.type == "variadic_parameter_declaration":
            return None
        if p.type == "parameter_declaration":
            names = [text(n) for n in p.children_by_field_name("name")]
            out += [n if n != "_" else "" for n in names] or [""]
    return tuple(out)


def key_node(node: Node) -> Node:
    """`pulumi.String(k)` -> `k`; anything else unchanged."""
    func = node.child_by_field_name("function") if node.type == "call_expression" else None
    args = node.child_by_field_name("arguments")
    if func is None or args is None or text(func) != "pulumi.String" or len(args.named_children) != 1:
        return node
    return args.named_children[0]


def _reading(fn: Node, ref: str, params: tuple[str, ...]) -> Reading | None:
    body = fn.child_by_field_name("body")
    fixed: dict[str, int] = {}
    keys: set[str] = set()
    for node in walk(body) if body is not None else ():
        if node.type != "identifier" or text(node) != ref:
            continue
        read = _key_read(node, params)
        if read is None:
            return None
        kind, value = read
        if kind == "k":
            fixed.setdefault(value, line(node))
        elif kind == "p":
            keys.add(value)
    if any(n.type == "identifier" and text(n) in keys and _rebinds(n) for n in walk(body)):
        return None
    return Reading(tuple(sorted(fixed.items())), frozenset(keys))


def _key_read(node: Node, params: tuple[str, ...]) -> tuple[str, str] | None:
    """A use of the reference: ("k", key) for a literal key read, ("p", name) for a key its parameter `name` holds,
    ("", "") for a comparison; None for any other use."""
    up = node.parent
    if up is not None and up.type == "binary_expression":
        operator = up.child_by_field_name("operator")
        return ("", "") if operator is not None and text(operator) in ("==", "!=") else None
    if up is None or up.type != "selector_expression" or up.child_by_field_name("operand") != node:
        return None
    member = up
    if last_name(up) == "Outputs":  # `ref.Outputs.MapIndex(k)`
        member = up.parent
        if member is None or member.type != "selector_expression" or last_name(member) != "MapIndex":
            return None
    elif last_name(up) not in OUTPUT_READS:
        return None
    call = member.parent
    args = call.child_by_field_name("arguments") if call is not None and call.type == "call_expression" else None
    if args is None or call.child_by_field_name("function") != member or len(args.named_children) != 1:
        return None
    arg = key_node(args.named_children[0])
    literal = string_value(arg)
    if literal is not None:
        return "k", literal
    return ("p", text(arg)) if arg.type == "identifier" and text(arg) in params and text(arg) else None


def _rebinds(node: Node) -> bool:
    """Whether an identifier gives its name another value or declares it again."""
    up = node.parent
    if up is not None and up.type in REBINDS:
        return True
    statement = up.parent if up is not None and up.type == "expression_list" else None
    return statement is not None and statement.child_by_field_name("left") == up
