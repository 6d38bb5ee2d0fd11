"""String methods of each language lowered to the IR's string operations (irtext.py), each only where the IR
computes exactly what the language does (textops.py); `call` is the call as quoted in a reason (quoting.py).

Python `lower()`, `upper()`, `strip/lstrip/rstrip([chars])`, `removeprefix`, `removesuffix`, `replace(a, b[, n])`
(and slices, in python/lower.py); JS `toLowerCase()`, `toUpperCase()`, `trim/trimStart/trimEnd()`,
`replace`/`replaceAll` with a string or a regular expression literal (jsregex.py); Go's `strings.ToLower`,
`ToUpper`, `Replace`, `ReplaceAll`, `TrimPrefix`, `TrimSuffix`, `TrimSpace`, `Trim/TrimLeft/TrimRight`; C#
`ToLower/ToUpper[Invariant]()`, `Trim/TrimStart/TrimEnd()`, `Replace(a, b)`, the same .NET methods in F# (whose
core library has no `String.toLower`); Java `toLowerCase/toUpperCase([Locale.ROOT])`, `trim()`, `strip()`,
`stripLeading/stripTrailing()`, `replace(a, b)` (every occurrence), `replaceAll/replaceFirst` with a regular
expression that reads as a JS one (javaregex.py) and a plain replacement, `substring(a[, b])` with literal bounds.
C#'s `ToLower()` and Java's `toLowerCase()` follow the culture or locale of the machine that runs them: read as
the invariant culture's / `Locale.ROOT`'s (they differ only for a Turkish or Lithuanian `I`).
"""

from __future__ import annotations

from stackgraph.inference import ir, textops
from stackgraph.inference.frontends import javaregex
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
FSHARP = CSHARP | {"Replace"}
JAVA = frozenset({"toLowerCase", "toUpperCase", "trim", "strip", "stripLeading", "stripTrailing", "replace",
                  "replaceAll", "replaceFirst", "substring"})  # fmt: skip
_JAVA_TRIM = {"trim": ("both", "".join(map(chr, range(33)))), "strip": ("both", textops.SPACE + textops.DISPUTED)}
_JAVA_TRIM |= {"stripLeading": ("left", _JAVA_TRIM["strip"][1]), "stripTrailing": ("right", _JAVA_TRIM["strip"][1])}
"""`trim()` removes every character up to U+0020; `strip()` what `Character.isWhitespace` is (on ASCII: Python's)."""
LOCALES = frozenset({"Locale.ROOT", "java.util.Locale.ROOT"})


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


def java_method(name: str, value: ir.Expr, args: list[ir.Expr], written: list[str], call: str) -> ir.Expr | None:
    """`value.<name>(*args)` of a Java String; `written`: the arguments' text (a `'c'` char, `Locale.ROOT`, a literal
    bound of `substring`). None: not one of these methods (or other arguments)."""
    args = [
        ir.Lit(w[1]) if len(w) == 3 and w[0] == w[2] == "'" and w[1] != "\\" else a
        for a, w in zip(args, written, strict=True)
    ]
    if name in ("toLowerCase", "toUpperCase") and len(args) <= 1:
        if args and "".join(written[0].split()) not in LOCALES:
            return ir.Unknown(f"a case mapping in a locale other than Locale.ROOT ({call})")
        return folded(ir.Case(value, name == "toUpperCase"))
    if name in _JAVA_TRIM and not args:
        how, chars = _JAVA_TRIM[name]
        return folded(ir.Trim(value, how, ir.Lit(chars)))
    if name == "replace" and len(args) == 2:
        return folded(ir.Replace(value, args[0], args[1]))
    if name in ("replaceAll", "replaceFirst") and len(args) == 2:
        return _java_regex(name == "replaceAll", value, args, call)
    if name == "substring" and len(args) in (1, 2):
        bounds = [int(w) if w.isdigit() and w.isascii() else None for w in written]
        if None in bounds:
            return ir.Unknown(f"a substring with bounds known only when it runs ({call})")
        return folded(ir.Slice(value, bounds[0], bounds[1] if len(bounds) == 2 else None, strict=True))
    return None


def _java_regex(every: bool, value: ir.Expr, args: list[ir.Expr], call: str) -> ir.Expr:
    """Java `replaceAll` / `replaceFirst`: a regular expression written as one literal that reads as a JS one, and a
    literal replacement without `$` or `\\` (Java's group references and escapes)."""
    pattern, new = args
    if not isinstance(pattern, ir.Lit):
        return ir.Unknown(f"a regular expression known only when it runs ({call})")
    if not isinstance(new, ir.Lit) or "$" in new.value or "\\" in new.value:
        return ir.Unknown(f"a replacement that is not plain text (Java's $ and \\ are not followed) ({call})")
    why = javaregex.refused(pattern.value)
    translated, why = (None, why) if why else translate(pattern.value, "g")
    if translated is None:
        return ir.Unknown(f"{why} ({call})")
    return folded(ir.RegexReplace(value, translated, new, every))
