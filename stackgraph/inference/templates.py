"""Printf-style and .format-style templates, lowered to IR by several languages' front-ends."""

from __future__ import annotations

from stackgraph.inference.ir import Expr, Lit, Unknown, concat


def printf(template: str, args: list[Expr]) -> Expr:
    """Lower `fmt.Sprintf` / `%` / `String.format` with `%s`-style verbs."""
    parts: list[Expr] = []
    i, n = 0, 0
    buf = ""
    while i < len(template):
        ch = template[i]
        if ch == "%" and i + 1 < len(template):
            j = i + 1
            while j < len(template) and template[j] in "0123456789.-+# $":
                j += 1
            verb = template[j] if j < len(template) else ""
            if verb == "%":
                buf += "%"
            elif verb:
                parts.append(Lit(buf))
                buf = ""
                parts.append(args[n] if n < len(args) else Unknown("a missing format argument"))
                n += 1
            i = j + 1
            continue
        buf += ch
        i += 1
    parts.append(Lit(buf))
    return concat(parts)


def brace_format(template: str, args: list[Expr], kwargs: dict[str, Expr] | None = None) -> Expr:
    """Lower `"{}/{0}/{name}".format(...)` and C# `string.Format("{0}")`."""
    kwargs = kwargs or {}
    parts: list[Expr] = []
    buf = ""
    auto = 0
    i = 0
    while i < len(template):
        ch = template[i]
        if ch in "{}" and template[i : i + 2] in ("{{", "}}"):
            buf += ch
            i += 2
            continue
        if ch == "{":
            end = template.find("}", i)
            if end < 0:
                return Unknown("a malformed format string")
            field = template[i + 1 : end].split(":", maxsplit=1)[0].split(",", maxsplit=1)[0].strip()
            parts.append(Lit(buf))
            buf = ""
            if field == "":
                value = args[auto] if auto < len(args) else None
                auto += 1
            elif field.isdigit():
                value = args[int(field)] if int(field) < len(args) else None
            else:
                value = kwargs.get(field)
            parts.append(value if value is not None else Unknown("a missing format argument"))
            i = end + 1
            continue
        buf += ch
        i += 1
    parts.append(Lit(buf))
    return concat(parts)
