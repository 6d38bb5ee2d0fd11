"""An item of a split name in F#: .NET's String.Split, read as for C# (splits.py).

`s.Split(sep[, count][, StringSplitOptions.None]).[i]`, also `(s.Split sep).[i]` and F# 6's `s.Split(sep)[i]`
(the index written right after the call, no space between), with `sep` a char, a string or a one-element array
of either (`[|'.'|]`): every split, or (`count` > 0) at most `count` parts, the rest in the last. Also through a
name given the split once and only indexed (`let parts = stack.Split('.') in parts.[1]`: an array written to
(`parts.[0] <- ..`) or handed on is not read). Unresolved, with why, as for C#: `count` 0 or below, an empty or
several separators, other options, named arguments (`count = 2`), an index below 0, `.[^1]` (not parsed).
"""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.fsharp_objects import FSharpObjects
from stackgraph.inference.frontends.quoting import shape
from stackgraph.inference.frontends.splits import OPTIONS_NONE, Found, Splits, csharp_limit, literal_int
from stackgraph.inference.frontends.treesitter import Node, text, walk


def _flat(node: Node) -> list[Node]:
    """The arguments of a method call: `(a, b, c)` (a tuple nested to the right), `(a)`, `a`."""
    while node.type == "paren_expression" and len(node.named_children) == 1:
        node = node.named_children[0]
    if node.type != "tuple_expression":
        return [node]
    return [item for child in node.named_children for item in _flat(child)]


def _named(node: Node) -> bool:
    """`count = 2`: a named argument."""
    return node.type == "infix_expression" and any(text(c) == "=" for c in node.children if c.type == "infix_op")


def _index(node: Node | None) -> int | None:
    """The literal integer of an index (`1`, `-1`), else None."""
    return literal_int(node) if node is not None and node.type == "const" else None


class FSharpSplits(Splits, FSharpObjects):
    """`_lower_index_expression` (`x.[i]`) and `adjacent_item` (F# 6's `x[i]`): an item of a split."""

    def _lower_index_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        items = node.named_children
        position = _index(items[1]) if len(items) == 2 else None
        if position is not None and position < 0:
            return ir.Unknown(f"an index below 0 (an IndexOutOfRangeException when it runs) ({shape(node)})")
        return self._item(node, items[0] if items else None, position, (scope, at, depth))

    def _lower_declaration_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        """`let held = stack.Split('.') in held.[1]`: the value of its body (`held` is declared by the finder's
        index, as every `let`)."""
        body = node.named_children[-1] if node.named_children else None
        if body is None or body.type == "function_or_value_defn":
            return ir.Unknown(f"a run-time value ({shape(node)})")
        return self.lower(body, scope, at, depth)

    def adjacent_item(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr | None:
        """`stack.Split('.')[1]`, `parts[1]`: an item of a split (None: not an index written right after a
        split, or a name holding one, which is then lowered as an application). The grammar reads
        `"a/" + s.Split('.')[1]` as `("a/" + s.Split('.'))[1]`; F# indexes the operand right before `[`."""
        items = node.named_children
        if len(items) != 2 or items[1].type != "list_expression" or items[1].start_byte != items[0].end_byte:
            return None
        obj, left = items[0], None
        parts = obj.named_children if obj.type == "infix_expression" else []
        if len(parts) == 3 and text(parts[1]) == "+":
            left, obj = parts[0], parts[2]
        inside = items[1].named_children
        position = _index(inside[0]) if len(inside) == 1 else None
        if position is None or self._split_of(obj, (scope, at, depth)) is None:
            return None
        if position < 0:
            return ir.Unknown(f"an index below 0 (an IndexOutOfRangeException when it runs) ({shape(node)})")
        item = self._item(node, obj, position, (scope, at, depth))
        return item if left is None else ir.concat([self.lower(left, scope, at, depth), item])

    def _only_indexed(self, name: str, scope: Node | None) -> bool:
        """Whether every use of `name` in `scope` reads an item of it (`parts.[1]`, `parts[1]`): none writes
        one (`parts.[0] <- ..`) or hands the array on."""
        for node in walk(scope if scope is not None else self.root):
            if node.type != "long_identifier_or_op" or text(node) != name or node.parent is None:
                continue
            up = node.parent
            if up.type == "identifier_pattern":
                continue  # its declaration
            named = up.named_children
            adjacent = up.type == "application_expression" and len(named) == 2 and named[1].type == "list_expression"
            read = (up.type == "index_expression" or adjacent) and named[0].id == node.id
            written = up.parent is not None and up.parent.type == "mutate_expression"
            if not read or (written and up.parent is not None and up.parent.named_children[0].id == up.id):
                return False
        return True

    def _split_call(self, call: Node, scope: Node | None, at: int, depth: int) -> Found:
        while call.type == "paren_expression" and len(call.named_children) == 1:
            call = call.named_children[0]
        items = call.named_children if call.type == "application_expression" else []
        if len(items) != 2:
            return None
        receiver = self._receiver(items[0], scope, at, depth)
        if receiver is None:
            return None
        values = _flat(items[1])
        if any(_named(v) for v in values) or (len(values) == 1 and text(values[0]) == "()"):
            return ir.Unknown(f"String.Split without a separator or with named arguments ({shape(call)})")
        option = "".join(text(values[-1]).split())
        if "StringSplitOptions." in option and option not in OPTIONS_NONE:
            return ir.Unknown(f"String.Split with {option.removeprefix('System.')}, not computed ({shape(call)})")
        values = values[:-1] if option in OPTIONS_NONE else values
        sep = self._separator(values[0], scope, at, depth) if values else None
        count = literal_int(values[1]) if len(values) == 2 and values[1].type == "const" else None
        if sep is None or len(values) > 2 or (len(values) == 2 and count is None):
            why = "not one separator (a char, a string or an array of one) and a literal count"
            return ir.Unknown(f"String.Split with {why} ({shape(call)})")
        limit = csharp_limit(count)
        if isinstance(limit, str):
            return ir.Unknown(f"{limit} ({shape(call)})")
        return receiver, sep, limit

    def _receiver(self, func: Node, scope: Node | None, at: int, depth: int) -> ir.Expr | None:
        """The string `.Split` is called on: a local value, a member chain (`Deployment.Instance.StackName`) or
        an expression (`(f x).Split`), never a function of a module (`Names.Split`). None: not a split."""
        base, field = func.child_by_field_name("base"), func.child_by_field_name("field")
        if func.type == "dot_expression" and (base is None or base.type != "long_identifier_or_op"):
            split = base is not None and field is not None and text(field) == "Split"
            return self.lower(base, scope, at, depth) if base is not None and split else None
        if func.type not in ("long_identifier_or_op", "dot_expression"):
            return None
        head, _, name = "".join(text(func).split()).rpartition(".")
        if name != "Split" or not head or ("." not in head and not self._local(head, scope)):
            return None
        return self.dotted_value(head, scope, at, depth)

    def _separator(self, node: Node, scope: Node | None, at: int, depth: int) -> str | None:
        """A char, a string or a one-element array of either, not empty (None: another separator)."""
        if node.type == "array_expression":
            inside = [c for c in node.named_children if c.type != "comment"]
            return self._separator(inside[0], scope, at, depth) if len(inside) == 1 else None
        lowered = self.lower(node, scope, at, depth)
        return (lowered.value or None) if isinstance(lowered, ir.Lit) else None
