"""`enumerate(..)` and `zip(..)` of literal collections a Python loop runs over (`for i, name in enumerate([..])`,
`for name, env in zip([..], [..])`): the collection each name of the loop's target takes its values from (loops.py
reads each as a loop over it). Both are the builtins only when the file never binds their names. `zip` stops at the
shortest collection and pairs items by position, so a set (in no known order) is not zipped. The index `enumerate`
gives is not followed (`i + 1` would read as text, not a sum): a site whose name reads it stays unresolved, saying so.
"""

from __future__ import annotations

import ast
from collections.abc import Callable

Column = tuple[ast.expr | None, int, bool]
"""What one part of each item is taken from: a collection (None: the index of `enumerate`), how many names its items
bind, and whether their order matters (zipped with another)."""
SPREADERS = ("enumerate", "zip")


def spread(
    iterable: ast.expr, targets: list[str], read: set[str], builtin: Callable[[str], bool]
) -> list[Column] | str | None:
    """The columns of `enumerate(..)`/`zip(..)` (the builtins) a loop binding `targets` runs over, reading the names
    `read`; else why not; None for any other iterable."""
    call = iterable if isinstance(iterable, ast.Call) else None
    if call is None or not isinstance(call.func, ast.Name) or call.func.id not in SPREADERS:
        return None
    name = call.func.id
    if not builtin(name):
        return None
    args = call.args
    keywords = {k.arg for k in call.keywords}
    starred = any(isinstance(a, ast.Starred) for a in args) or None in keywords
    if name == "enumerate":
        if starred or not 1 <= len(args) + len(keywords) <= 2 or not args or keywords - {"start"}:
            return "over an `enumerate(..)` not of one collection (and a start)"
        if len(targets) != 2:
            return f"whose items are not each {len(targets)} values"
        if targets[0] in read:
            return f"whose index '{targets[0]}' (of `enumerate`) is not followed"
        return [(None, 1, False), (args[0], 1, False)]
    if starred or not args or keywords - {"strict"}:
        return "over a `zip(..)` not of collections written one by one"
    if len(targets) != len(args):
        return f"whose items are not each {len(targets)} values"
    return [(a, 1, len(args) > 1) for a in args]
