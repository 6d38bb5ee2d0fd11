"""Program text quoted in a reason or as evidence, with every literal in it written `...`.

A literal in a program may be a secret (`pulumi.secret("...")`, a token given to StackReferenceArgs, an API key
inline), and secrets never leave: a reason that quotes code (a key computed at run time, `a run-time value (..)`,
StackReferenceArgs not written out, a use not followed) shows its shape, `makeArgs(...)`. The name argument of a
StackReference as written (the evidence of an edge) keeps the literals its name is built from (`"acme/net/" +
stack`), unless the code around them says secret (`Output.secret(..)`, `require_secret`, `ToSecret`): then it
shows its shape too. One masker for every language: `masked` (tree-sitter nodes: `shape`; Python's ast:
python/syntax.py `shape`).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from stackgraph.inference import ir

Node = Any  # tree_sitter.Node (treesitter.py); this module loads no grammar and imports no finder

Keep = Callable[[Any], bool]
"""Which literals (a node of the language's tree) stay as written."""

SAYS_SECRET = re.compile("secret", re.IGNORECASE)
"""Code that makes or reads a secret: `secret(`, `Output.secret`, `require_secret`, `requireSecret`, `GetSecret`,
`ToSecret`, `ofSecret`, `CreateSecret`, `fn::secret`."""

ALL = 1 << 30
"""A limit no text reaches."""

LITERALS = frozenset({"number", "regex", "text_block", "int", "float", "char", "integer"})
HOLDERS = frozenset({"composite_literal", "literal_value", "literal_element", "func_literal"})
"""Go's struct, slice and map values and closures: code around literals (`Svc{Ref: net, Key: ...}`)."""


def masked(source: bytes, spans: Iterable[tuple[int, int]], limit: int = 40) -> str:
    """`source` with each span (byte offsets into it, in order; one inside an earlier one is skipped) written
    `...`, in one line of at most `limit` characters."""
    start, parts = 0, []
    for begin, end in spans:
        if begin >= start:
            parts += [source[start:begin], b"..."]
            start = end
    parts.append(source[start:])
    return cut(b"".join(parts).decode("utf-8", errors="replace"), limit)


def cut(value: str, limit: int = 40) -> str:
    value = " ".join(value.split())
    return value if len(value) <= limit else value[: limit - 3] + "..."


def literal(node: Node) -> bool:
    """A string, number or character constant of any of the grammars (`"x"`, `42`, `` `a${b}` ``, F# `const`)."""
    kind = node.type
    if kind == "const":  # F#: any constant but `()` and `true`/`false`
        return not node.named_children or node.named_children[0].type not in ("unit", "bool")
    return ("string" in kind or "literal" in kind or kind in LITERALS) and kind not in HOLDERS


def shape(node: Node, limit: int = 40, keep: Keep | None = None) -> str:
    """The text of tree-sitter `node` with every literal in it (but those `keep` keeps, whole) written `...`."""
    base, spans, todo = node.start_byte, [], [node]
    while todo:  # the outermost literals, in document order
        inner = todo.pop()
        if not literal(inner):
            todo += reversed(inner.named_children)
        elif keep is None or not keep(inner):
            spans.append((inner.start_byte - base, inner.end_byte - base))
    return masked(node.text, spans, limit)


def as_written(node: Node, name: ir.Expr, finder: Any, scope: Node | None, at: int) -> str:
    """The name argument `node` of a StackReference, its name `name`, as evidence (`written`); `finder.lower(n,
    scope, at)` gives a literal's value."""
    whole = node.id  # a literal that is the whole argument (a template string) is its name, lowered once already
    return written(
        lambda limit, keep: shape(node, limit, keep),
        name,
        lambda n: name if n.id == whole else finder.lower(n, scope, at),
    )


def written(show: Callable[[int, Keep | None], str], name: ir.Expr, lower: Callable[[Any], ir.Expr]) -> str:
    """A name argument as evidence, `show(limit, keep)` giving its text: the literals the name `name` is built
    from (`lower` gives a literal's value) as written, any other `...`; all `...` when the code says secret."""
    bare = show(ALL, None)
    if SAYS_SECRET.search(bare):
        return cut(bare, 80)
    named = strings_in(name)
    return show(80, lambda inner: part_of(lower(inner), named))


def part_of(value: ir.Expr, named: set[str]) -> bool:
    """Whether a literal whose value is `value` is a part of the name whose strings are `named`: known, and each of
    its strings (but format placeholders: `"acme/%s"`, `"{0}/net"`) inside one of those."""
    found, unknown = _strings(value)
    return not unknown and all(any(piece in s for s in named) for text in found for piece in _pieces(text))


PLACEHOLDER = re.compile(r"%[-#+ 0-9.]*[a-zA-Z]|\{[^{}]*\}")


def _pieces(text: str) -> list[str]:
    return [piece for piece in PLACEHOLDER.split(text) if piece]


def strings_in(name: ir.Expr) -> set[str]:
    """The strings a name is built from: its literals (none from the test of a conditional, nor what a string
    operation removes: `replace(old, ..)`, `removeprefix(piece)`) and the config keys it reads (a key is a name; a
    `secure:` value is never a literal of the program)."""
    return _strings(name)[0]


_NOT_NAME = frozenset({"test", "old", "piece"})
"""The fields of IR nodes whose strings are no part of the name (Conditional.test, Replace.old, Trim.piece)."""


def _strings(expr: ir.Expr) -> tuple[set[str], bool]:
    """`strings_in(expr)`, and whether a part of it is unknown."""
    out: set[str] = set()
    unknown, todo = False, [expr]
    while todo:
        e = todo.pop()
        if isinstance(e, ir.Lit):
            out.add(e.value)
        elif isinstance(e, ir.ConfigRead | ir.ConfigVia):
            out.add(e.key)
        unknown |= isinstance(e, ir.Unknown)
        for field in getattr(e, "__dataclass_fields__", ()):
            value = getattr(e, field) if field not in _NOT_NAME else None
            todo += [v for v in (value if isinstance(value, tuple) else (value,)) if isinstance(v, ir.Expr)]
    return out, unknown
