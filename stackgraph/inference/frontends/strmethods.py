"""String methods of each language lowered to the IR's string operations (irtext.py), each only where the IR
computes exactly what the language does (textops.py); `call` is the call as quoted in a reason (quoting.py).

Python `lower()`, `upper()`, `strip/lstrip/rstrip([chars])`, `removeprefix`, `removesuffix`, `replace(a, b[, n])`
(and slices, in python/lower.py); JS `toLowerCase()`, `toUpperCase()`, `trim/trimStart/trimEnd()`,
`replace`/`replaceAll` with a string or a regular expression literal (jsregex.py); Go's `strings.ToLower`,
`ToUpper`, `Replace`, `ReplaceAll`, `TrimPrefix`, `TrimSuffix`, `TrimSpace`, `Trim/TrimLeft/TrimRight`; C#
`ToLower/ToUpper[Invariant]()`, `Trim/TrimStart/TrimEnd()`, `Replace(a, b)`. C#'s `ToLower()` follows the
culture of the machine that runs it: read as the invariant culture's (they differ only for a Turkish `I`).
"""

from __future__ import annotations

from stackgraph.inference import ir, textops
from stackgraph.inference.frontends.jsregex import translate

_CASE = {"lower": False, "upper": True, "toLowerCase": False, "toUpperCase": True, "ToLower": False, "ToUpper": True}
_CASE |= {"ToLowerInvariant": False, "ToUpperInvariant": True}
_STRIP = {"strip": "both", "lstrip": "left", "rstrip": "right", "trim": "both", "trimStart": "left", "trimEnd": "right"}
_STRIP |= {"trimLeft": "left", "trimRight": "right", "Trim": "both", "TrimStart": "left", "TrimEnd": "right"}
_GO_TRIM = {"Trim": "both", "TrimLeft": "left", "TrimRight": "right", "TrimPrefix": "prefix", "TrimSuffix": "suffix"}
PYTHON = frozenset({"lower", "upper", "strip", "lstrip", "rstrip", "removeprefix", "removesuffix", "replace"})
JS = frozenset({"toLowerCase", "toUpperCase", "trim", "trimStart", "trimEnd", "trimLeft", "trimRight"})
JS_REPLACE = frozenset({"replace", "replaceAll"})
CSHARP = frozenset({"ToLower", "ToUpper", "ToLowerInvariant", "ToUpperInvariant", "Trim", "TrimStart", "TrimEnd"})


def folded(op: ir.Expr) -> ir.Expr:
    """`op`, or its value when it works on literals only (`"ACME".lower()`: `acme`): a literal a front-end may
    read further (a config key, a namespace)."""
    if isinstance(op, textops.Op) and all(isinstance(e, ir.Lit) for e in textops.operands(op)):
        out, _ = textops.apply(op, [e.value for e in textops.operands(op) if isinstance(e, ir.Lit)])
        if out is not None:
            return ir.Lit(out)
    return op


def python_method(name: str, value: ir.Expr, args: list[ir.Expr], count: int | None, call: str) -> ir.Expr | None:
    """`value.<name>(*args)`; `count`: the third argument of `replace` when it is a literal integer. None: not one
    of these methods (or other arguments)."""
    if name in _CASE and not args:
        return folded(ir.Case(value, _CASE[name]))
    if name in _STRIP and len(args) <= 1:
        piece = args[0] if args and not isinstance(args[0], ir.Undefined) else None  # `strip(None)`: whitespace
        return folded(ir.Trim(value, _STRIP[name], piece))
    if name in ("removeprefix", "removesuffix") and len(args) == 1:
        return folded(ir.Trim(value, name[6:], args[0]))
    if name == "replace" and len(args) in (2, 3):
        if len(args) == 3 and count is None:
            return ir.Unknown(f"a replace with a count known only when it runs ({call})")
        return folded(ir.Replace(value, args[0], args[1], -1 if count is None else max(count, -1)))  # < 0: all
    return None


def js_method(
    name: str, value: ir.Expr, args: list[ir.Expr], regex: tuple[str, str] | None, call: str
) -> ir.Expr | None:
    """`value.<name>(*args)`; `regex`: the pattern and flags of a regular expression literal as the first
    argument. None: not one of these methods."""
    if name in JS and not args:
        return folded(ir.Case(value, _CASE[name]) if name in _CASE else ir.Trim(value, _STRIP[name]))
    if name not in JS_REPLACE or len(args) != 2:
        return None
    if regex is None:
        return folded(ir.Replace(value, args[0], args[1], 1 if name == "replace" else -1, "js"))
    pattern, flags = regex
    if name == "replaceAll" and "g" not in flags:
        return ir.Unknown(f"replaceAll with a regular expression without the g flag, an error when it runs ({call})")
    translated, why = translate(pattern, flags)
    if translated is None:
        return ir.Unknown(f"{why} ({call})")
    return ir.RegexReplace(value, translated, args[1], "g" in flags, "i" in flags)


def go_strings(name: str, args: list[ir.Expr], count: int | None, call: str) -> ir.Expr | None:
    """`strings.<name>(*args)`; `count`: the `n` of `strings.Replace`, None when it is not a literal integer.
    None: another function of the package."""
    if name in ("ToLower", "ToUpper") and len(args) == 1:
        return folded(ir.Case(args[0], name == "ToUpper"))
    if name == "TrimSpace" and len(args) == 1:
        return folded(ir.Trim(args[0], "both"))
    if name in _GO_TRIM and len(args) == 2:
        return folded(ir.Trim(args[0], _GO_TRIM[name], args[1]))
    if name == "ReplaceAll" and len(args) == 3:
        return folded(ir.Replace(args[0], args[1], args[2]))
    if name == "Replace" and len(args) == 4:
        if count is None:
            return ir.Unknown(f"strings.Replace with a count known only when it runs ({call})")
        return folded(ir.Replace(args[0], args[1], args[2], max(count, -1)))
    return None


def csharp_method(name: str, value: ir.Expr, args: list[ir.Expr]) -> ir.Expr | None:
    """`value.<name>(*args)` of a C# string. None: not one of these methods (or other arguments)."""
    if name in CSHARP and not args:
        return folded(ir.Case(value, _CASE[name]) if name in _CASE else ir.Trim(value, _STRIP[name]))
    if name == "Replace" and len(args) == 2:
        return folded(ir.Replace(value, args[0], args[1], -1, "cs"))
    return None
