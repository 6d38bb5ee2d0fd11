"""An item of a split name in C# and Java, lowered to `ir.Split` only where Python's split computes what the
language does (the front-end decides the literal separator; the IR holds no regular expression).

C#: `s.Split(sep[, count][, StringSplitOptions.None])[i]` with `sep` a char, a string or a one-element array of
either: every split, or (`count` > 0) at most `count` parts, the rest in the last (Python's maxsplit `count - 1`);
`parts[^n]` counts from the end. Unresolved, with why: `count` 0 (an empty array) or below 0 (an exception), an
empty or several separators (whitespace, or any of them), other options (RemoveEmptyEntries, TrimEntries), a
negative index (an exception). Java: `s.split(regex[, limit])[i]` where `regex` is a fixed string (characters
other than `.$|()[]{}^?*+\\`, or a backslash before punctuation: `"-"`, `"\\\\."`) or `Pattern.quote(literal)`:
`limit` > 0 as C#'s count, below 0 every split, 0 (or none) every split with the trailing empty parts dropped
(textops.JAVA_ALL; the text itself when the separator is not in it). Also through a name given the split once
and only indexed (`var parts = s.Split('.'); parts[1]`: an array written to or handed on is not read).
"""

from __future__ import annotations

import string

from stackgraph.inference import ir, textops
from stackgraph.inference.frontends.csharp_syntax import char_of, string_of
from stackgraph.inference.frontends.quoting import cut, shape
from stackgraph.inference.frontends.treesitter import Node, TSFinder, line, text, walk

_JAVA_META = frozenset(".$|()[]{}^?*+\\")
_JAVA_PLAIN = frozenset(c for c in string.printable if c not in _JAVA_META and c not in "\t\n\r\x0b\x0c")
OPTIONS_NONE = frozenset({"StringSplitOptions.None", "System.StringSplitOptions.None"})
_QUOTE = frozenset({"Pattern.quote", "java.util.regex.Pattern.quote"})

Found = tuple[ir.Expr, str, int] | ir.Unknown | None
"""A split call: (the value split, lowered, the separator, Python's maxsplit or textops.JAVA_ALL), why it is not
read, or None (not a split)."""


def java_separator(regex: str) -> str | None:
    """The fixed string a Java regular expression matches (None: it is not one)."""
    out, i = [], 0
    while i < len(regex):
        if regex[i] == "\\" and regex[i + 1 : i + 2] in tuple(string.punctuation):
            out.append(regex[i + 1])
            i += 2
        elif regex[i] in _JAVA_PLAIN:
            out.append(regex[i])
            i += 1
        else:
            return None
    return "".join(out) or None


def java_limit(limit: int | None) -> int:
    """Python's maxsplit for Java's `split(regex, limit)` (None: no limit, as 0)."""
    if limit is None or limit == 0:
        return textops.JAVA_ALL
    return limit - 1 if limit > 0 else -1


def csharp_limit(count: int | None) -> int | str:
    """Python's maxsplit for C#'s `Split(sep, count)` (None: no count), or why it is not read."""
    if count is None:
        return -1
    if count <= 0:
        return f"String.Split with count {count} ({'an empty array' if count == 0 else 'an exception'})"
    return count - 1


def literal_int(node: Node) -> int | None:
    """A literal integer (`2`, `-1`), else None."""
    negative = node.type in ("prefix_unary_expression", "unary_expression", "const") and text(node)[:1] == "-"
    digits = text(node)[1:].strip() if negative else text(node)
    if not digits.isdigit():
        return None
    return -int(digits) if negative else int(digits)


class Splits(TSFinder):
    """`_lower_element_access_expression` (C#) and `_lower_array_access` (Java): an item of a split."""

    def _lower_element_access_expression(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        sub = node.child_by_field_name("subscript")
        items = [a.named_children[-1] for a in (sub.named_children if sub is not None else []) if a.named_children]
        index = items[0] if len(items) == 1 else None
        position = literal_int(index) if index is not None else None
        if index is not None and index.type == "prefix_unary_expression" and text(index)[:1] == "^":
            position = literal_int(index.named_children[-1]) if index.named_children else None
            position = -position if position else None  # `^0`: beyond the end, an exception
        elif position is not None and position < 0:
            return ir.Unknown(f"an index below 0 (an IndexOutOfRangeException when it runs) ({shape(node)})")
        return self._item(node, node.child_by_field_name("expression"), position, (scope, at, depth))

    def _lower_array_access(self, node: Node, scope: Node | None, at: int, depth: int) -> ir.Expr:
        index = node.child_by_field_name("index")
        position = literal_int(index) if index is not None else None
        if position is not None and position < 0:
            return ir.Unknown(f"an index below 0 (an ArrayIndexOutOfBoundsException when it runs) ({shape(node)})")
        return self._item(node, node.child_by_field_name("array"), position, (scope, at, depth))

    def _item(self, node: Node, obj: Node | None, position: int | None, where: tuple[Node | None, int, int]) -> ir.Expr:
        """Item `position` (below 0: from the end) of `obj` when it is a split that is read here."""
        found = self._split_of(obj, where) if position is not None else None
        if found is None or position is None:
            return ir.Unknown(f"a run-time value ({shape(node)})")
        if isinstance(found, ir.Unknown):
            return found
        value, sep, limit = found
        return ir.Split(value, sep, position, limit)

    def _split_of(self, obj: Node | None, where: tuple[Node | None, int, int]) -> Found:
        """The split `obj` is, or the one a name holds when it is given once and only indexed."""
        scope, at, depth = where
        if obj is None:
            return None
        named = obj.type in ("identifier", "long_identifier_or_op") and "." not in text(obj)
        held = self.single_value(text(obj), scope) if named else None
        if held is not None and self._only_indexed(text(obj), self.scope_of(held)):
            obj, scope, at = held, self.scope_of(held), line(held)  # its value where it is given
        return self._split_call(obj, scope, at, depth)

    def _only_indexed(self, name: str, scope: Node | None) -> bool:
        """Whether every use of `name` in `scope` (where it is declared) reads an item of it (none writes one or
        hands the array on)."""
        for node in walk(scope if scope is not None else self.root):
            if node.type != "identifier" or text(node) != name:
                continue
            up = node.parent
            if up is None or up.type in ("variable_declarator",):
                continue
            read = up.type in ("element_access_expression", "array_access") and up.named_children[0].id == node.id
            written = up.parent is not None and up.parent.type == "assignment_expression"
            if not read or (written and up.parent.child_by_field_name("left") == up):
                return False
        return True

    def _split_call(self, call: Node, scope: Node | None, at: int, depth: int) -> Found:
        if call.type == "invocation_expression":
            return self._csharp_split(call, scope, at, depth)
        if call.type == "method_invocation" and text(call.child_by_field_name("name")) == "split":
            return self._java_split(call, scope, at, depth)
        return None

    def _csharp_split(self, call: Node, scope: Node | None, at: int, depth: int) -> Found:
        func, args = call.child_by_field_name("function"), call.child_by_field_name("arguments")
        if func is None or func.type != "member_access_expression" or args is None:
            return None
        name, owner = func.child_by_field_name("name"), func.child_by_field_name("expression")
        if name is None or owner is None or text(name) != "Split":
            return None
        given = [a for a in args.named_children if a.type == "argument"]
        if not given or any(a.child_by_field_name("name") is not None for a in given):
            return ir.Unknown(f"String.Split without a separator or with named arguments ({shape(call)})")
        values = [a.named_children[-1] for a in given if a.named_children]
        option = "".join(text(values[-1]).split()) if values else ""
        if "StringSplitOptions." in option and option not in OPTIONS_NONE:
            return ir.Unknown(f"String.Split with {option.removeprefix('System.')}, not computed ({shape(call)})")
        values = values[:-1] if option in OPTIONS_NONE else values
        sep = self._csharp_separator(values[0], scope, at, depth) if values else None
        count = literal_int(values[1]) if len(values) == 2 else None
        if sep is None or len(values) > 2 or (len(values) == 2 and count is None):
            why = "not one separator (a char, a string or an array of one) and a literal count"
            return ir.Unknown(f"String.Split with {why} ({shape(call)})")
        limit = csharp_limit(count)
        if isinstance(limit, str):
            return ir.Unknown(f"{limit} ({shape(call)})")
        return self.lower(owner, scope, at, depth), sep, limit

    def _csharp_separator(self, node: Node, scope: Node | None, at: int, depth: int) -> str | None:
        """A char, a string or a one-element array of either, not empty (None: another separator)."""
        if node.type in ("implicit_array_creation_expression", "array_creation_expression"):
            init = next((c for c in node.named_children if c.type == "initializer_expression"), None)
            elements = init.named_children if init is not None else []
            return self._csharp_separator(elements[0], scope, at, depth) if len(elements) == 1 else None
        if node.type == "character_literal":
            return char_of(node) or None
        found = string_of(node)
        lowered = ir.Lit(found) if found is not None else self.lower(node, scope, at, depth)
        return lowered.value or None if isinstance(lowered, ir.Lit) else None

    def _java_split(self, call: Node, scope: Node | None, at: int, depth: int) -> Found:
        obj, args = call.child_by_field_name("object"), call.child_by_field_name("arguments")
        values = args.named_children if args is not None else []
        if obj is None or len(values) not in (1, 2):
            return None
        limit = literal_int(values[1]) if len(values) == 2 else None
        if len(values) == 2 and limit is None:
            return ir.Unknown(f"String.split with a limit known only when it runs ({shape(call)})")
        regex = values[0]
        owner = regex.child_by_field_name("object") if regex.type == "method_invocation" else None
        quoted = owner is not None and f"{text(owner)}.{text(regex.child_by_field_name('name'))}" in _QUOTE
        if quoted:
            inner = regex.child_by_field_name("arguments")
            regex = inner.named_children[0] if inner is not None and len(inner.named_children) == 1 else regex
        pattern = self.lower(regex, scope, at, depth) if quoted or regex.type != "method_invocation" else None
        if not isinstance(pattern, ir.Lit):
            return ir.Unknown(f"String.split with a regular expression known only when it runs ({shape(call)})")
        sep = (pattern.value or None) if quoted else java_separator(pattern.value)
        if sep is None:
            shown = cut(repr(pattern.value), 24)
            return ir.Unknown(f"String.split on the regular expression {shown}, which is not a fixed string")
        return self.lower(obj, scope, at, depth), sep, java_limit(limit)
