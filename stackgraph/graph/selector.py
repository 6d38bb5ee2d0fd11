"""The selection language: parse `--select` / `--exclude` values into selectors, terms and parts.

One option value is a *selector* (the class `Selector`; `Expr` is inference's IR, not this):

    selector := term (' ' term)*              union (like dbt)
    term     := part (',' part)*              intersection
    part     := '@' atom | [N] '+' atom | atom '+' [N] | [N] '+' atom '+' [N]
    atom     := PROJECT/STACK glob | project:GLOB | stack:GLOB | path:DIR | tag:GLOB | [REF]

`+x` adds what x depends on (its ancestors), `x+` what depends on x (its descendants), `N+x` / `x+N`
stop after N edges, `@x` is x, its descendants and all their ancestors. `[REF]` is what changed since
REF. Words: this module parses *selectors*; `graph/select.py` *selects* (evaluates them on a
graph); a *selection* (`app/settings.py`) is the five selection options of a command together.

Pure. Raises `UsageError` (exit 2) with one line naming the selector and how to write it instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from stackgraph.errors import UsageError
from stackgraph.graph.dag import ALL
from stackgraph.model import StrEnum

# ALL (graph/dag.py): the depth of `+x` / `x+` without a number, every ancestor or descendant.

METHODS = ("project", "stack", "path", "tag")
_DEPTH_UP = re.compile(r"^(\d*)\+")
_DEPTH_DOWN = re.compile(r"^(.*?)(?:\+(\d*))?$")
# Names are letters, digits, `_ . -`; globs add `* ? [ ] !` (and `,` inside a class, e.g. `[a,w]*`).
_ID_CHARS = re.compile(r"^[A-Za-z0-9_.\-*?\[\]!,/]+$")
_NAME_CHARS = re.compile(r"^[A-Za-z0-9_.\-*?\[\]!,]+$")
_PATH_CHARS = re.compile(r"^(?:[A-Za-z0-9_.\-*?\[\]!,/\\]|[^\x00-\x7f])+$")
# A folder may also have any letter beyond ASCII (`path:données`) and the `\xNN` of a name that is not UTF-8.
_REF_CHARS = re.compile(r"^[^\s\x00-\x1f\x7f\\\[*?]+$")
# A ref is what git takes (`fix#123`, `café`, `feat(x)`, `it's`, `HEAD~2`, `main@{1}`): git itself says which it
# knows. Refused: what no ref or revision holds (space, control characters, `\\ [ * ?`), and in a `[REF]` atom
# a `]`, which ends it (`--changed-since` takes such a branch).


class PartKind(StrEnum):
    """What the atom of a part names."""

    ID = "id"  # a `project/stack` id or glob
    PROJECT = "project"
    STACK = "stack"
    PATH = "path"
    TAG = "tag"
    CHANGED = "changed"  # `[REF]`: what changed since a git ref


@dataclass(frozen=True)
class Part:
    """One atom with its graph operators; `up` / `down` are depths (None: operator absent)."""

    text: str
    kind: PartKind
    value: str
    up: int | None = None
    down: int | None = None
    at: bool = False


@dataclass(frozen=True)
class Term:
    """Parts joined by ',': the stacks every part matches."""

    text: str
    parts: tuple[Part, ...]

    @property
    def refs(self) -> tuple[str, ...]:
        return tuple(p.value for p in self.parts if p.kind is PartKind.CHANGED)


@dataclass(frozen=True)
class Selector:
    """One selector (an option value): terms separated by spaces, the stacks any term matches."""

    text: str
    terms: tuple[Term, ...]


def parse(text: str, origin: str) -> Selector:
    """Parse one option value; `origin` (`--select`, ...) starts every error message."""
    empty = _EMPTY_REF.search(text)
    if empty:  # `[ ]` would split into '[' and ']': say what happened, not "opens '[' without closing it"
        raise UsageError(f"{origin}: '{empty.group(0)}': {_EMPTY_REF_TEXT}, like '[main]'")
    terms = tuple(_term(t, origin) for t in text.split())
    if not terms:
        raise UsageError(f"{origin}: empty selector; write for example 'project:api' or 'api/dev'")
    return Selector(text, terms)


_EMPTY_REF = re.compile(r"\[\s*\]")
_EMPTY_REF_TEXT = (
    "the ref is empty (in CI, an empty variable such as ${{ github.event.before }}); name a branch, tag or commit"
)


def _term(text: str, origin: str) -> Term:
    pieces = _split_commas(text)
    if any(not p for p in pieces):
        raise UsageError(f"{origin}: '{text}' has an empty part around ','; write 'a,b' for the stacks both match")
    return Term(text, tuple(_part(p, origin) for p in pieces))


def _split_commas(text: str) -> list[str]:
    """Split on ',' outside brackets (a glob class `[a,b]` keeps its comma)."""
    out: list[str] = []
    cur: list[str] = []
    depth = 0
    for ch in text:
        if ch == "," and depth == 0:
            out.append("".join(cur))
            cur = []
            continue
        depth += ch == "["
        depth -= ch == "]" and depth > 0
        cur.append(ch)
    out.append("".join(cur))
    return out


def _part(text: str, origin: str) -> Part:
    at = text.startswith("@")
    rest = text[1:] if at else text
    up: int | None = None
    m = _DEPTH_UP.match(rest)
    if m:
        up, rest = _depth(m.group(1)), rest[m.end() :]
    atom, down = _split_down(rest, text, origin)
    if at and (up is not None or down is not None):
        raise UsageError(f"{origin}: '{text}' mixes '@' with '+'; write '@x' or '+x+'")
    kind, value = _atom(atom, text, origin)
    return Part(text, kind, value, up, down, at)


def _depth(digits: str) -> int:
    return int(digits) if digits else ALL


def _split_down(rest: str, text: str, origin: str) -> tuple[str, int | None]:
    """Split `atom+N` into the atom and the descendant depth (None when there is no '+').

    `[REF]` is a bracket group that is the whole atom; `[ab]*/dev` is a glob.
    """
    if rest.startswith("["):
        close = rest.find("]")
        if close < 0:
            raise UsageError(f"{origin}: '{text}' opens '[' without closing it; write '[main]'")
        atom, tail = rest[: close + 1], rest[close + 1 :]
        if not tail or re.fullmatch(r"\+\d*", tail):
            return atom, (_depth(tail[1:]) if tail else None)
    m = _DEPTH_DOWN.match(rest)
    assert m is not None  # the pattern matches every string
    atom, digits = m.group(1), m.group(2)
    return atom, (None if digits is None else _depth(digits))


def _atom(atom: str, text: str, origin: str) -> tuple[PartKind, str]:
    if not atom:
        raise UsageError(f"{origin}: '{text}' has no selector around its operators; write for example '+api/dev'")
    if atom.startswith("[") and atom.endswith("]") and atom.count("[") == 1:
        return PartKind.CHANGED, _ref(atom[1:-1], text, origin)
    method, sep, value = atom.partition(":")
    if sep:
        return _method(method, value, text, origin)
    if "/" in atom:
        if not _ID_CHARS.match(atom):
            raise UsageError(f"{origin}: '{text}' is not a stack id; write 'project/stack' (globs * ? [] allowed)")
        return PartKind.ID, atom
    raise UsageError(
        f"{origin}: '{atom}' is not a selector; write 'project:{atom}' (its stacks), "
        f"'stack:{atom}' (an environment) or '{atom}/<stack>'"
    )


def _method(method: str, value: str, text: str, origin: str) -> tuple[PartKind, str]:
    if method not in METHODS:
        raise UsageError(
            f"{origin}: unknown selector '{method}:' in '{text}'; use project:, stack:, path:, tag:, "
            "a 'project/stack' id or [REF]"
        )
    if not value:
        raise UsageError(f"{origin}: '{text}' needs a name after '{method}:', like '{method}:{_EXAMPLE[method]}'")
    allowed = _PATH_CHARS if method == "path" else _NAME_CHARS
    if not allowed.match(value):
        raise UsageError(f"{origin}: '{text}': '{value}' is not a valid {method} name or glob; check it")
    return PartKind(method), value


_EXAMPLE = {"project": "api", "stack": "prod", "path": "services", "tag": "frontend"}


def _ref(ref: str, text: str | None, origin: str) -> str:
    """Check a git ref's spelling (`text`: the atom it came from, for the message); return it."""
    where = f"{origin}: '{text}': " if text is not None else f"{origin}: "
    if not ref:
        raise UsageError(f"{origin}: {_EMPTY_REF_TEXT}" if text is None else f"{where}{_EMPTY_REF_TEXT}, like '[main]'")
    if ".." in ref:
        first = ref.split("..", maxsplit=1)[0] or "main"
        raise UsageError(f"{where}'{ref}' is a range, but a ref names one commit; write {_as_atom(first, text)}")
    if text is not None and "]" in ref:
        raise UsageError(f"{where}a ']' ends a [REF] selector; give the ref '{ref}' with --changed-since instead")
    if ref.startswith("-") or not _REF_CHARS.match(ref):
        raise UsageError(f"{where}'{ref}' is not a git ref; name a branch, tag or commit")
    return ref


def _as_atom(ref: str, text: str | None) -> str:
    return f"'[{ref}]'" if text is not None else f"'{ref}'"


def check_ref(ref: str, origin: str) -> str:
    """Validate a `--changed-since` ref the same way as a `[REF]` atom; return it."""
    return _ref(ref, None, origin)
