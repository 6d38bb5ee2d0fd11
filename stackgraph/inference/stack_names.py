"""From an evaluated value to a stack name: a value specialised to one stack, and read as `org/project/stack`."""

from __future__ import annotations

import functools

from stackgraph.discovery.projects import NAME_RE
from stackgraph.inference.evaluate import Sym, Val, merge_parts
from stackgraph.model import Target


def for_stack(val: Val, name: str) -> Val:
    """A project-level value that read no config, specialised to the stack `name`."""
    parts = merge_parts([name if p is Sym.STACK else p for p in val.parts])
    return Val(parts, val.shape.replace(Sym.STACK.value, name), val.missing, val.options, val.used, val.unset)


def to_target(val: Val, project: str) -> tuple[Target | None, str]:
    """Read a known value as a stack name: 1 part = own project, 2 = org/stack, 3 = org/project/stack."""
    return _to_target(val.parts, val.shape, project)


@functools.lru_cache(maxsize=4096)
def _to_target(parts: tuple[str | Sym, ...], shape: str, project: str) -> tuple[Target | None, str]:
    segments: list[list[str | Sym]] = [[]]
    for part in parts:
        if isinstance(part, Sym):
            segments[-1].append(part)
            continue
        pieces = part.split("/")
        segments[-1].append(pieces[0])
        for piece in pieces[1:]:
            segments.append([piece])
    cleaned = [[p for p in seg if p != ""] for seg in segments]
    if not 1 <= len(cleaned) <= 3:
        return None, f"'{shape}' is not a stack name (1 to 3 parts separated by '/')"
    if len(cleaned) == 1:
        cleaned = [[Sym.ORG], [project], *cleaned]
    elif len(cleaned) == 2:
        cleaned = [cleaned[0], [project], cleaned[1]]
    org, proj, stack = (_segment(seg, role) for seg, role in zip(cleaned, ("org", "project", "stack"), strict=True))
    for value, role in ((org, "organization"), (proj, "project"), (stack, "stack")):
        if isinstance(value, tuple):
            return None, f"the {role} part of '{shape}' {value[0]}"
    return Target(org, proj, stack), ""  # type: ignore[arg-type]  # proj: a str, None is only for org and stack


def _segment(seg: list[str | Sym], role: str) -> str | tuple[str] | None:
    if seg == [Sym.ORG] and role == "org":
        return None
    if seg == [Sym.STACK] and role == "stack":
        return None
    if any(isinstance(p, Sym) for p in seg):
        return ("depends on the referencing stack's organization or name",)
    text = "".join(str(p) for p in seg)
    if not NAME_RE.match(text):
        return (f"is not a valid name ({text!r})",)
    return text
