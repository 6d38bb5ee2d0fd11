"""Which of the methods or constructors of one name a Java or C# call runs, from what the call gives.

A call may run an overload that accepts it: as many positional arguments as its parameters take (fewer when
the rest have defaults, C#; any number more when the last is a variable-length list, `String... rest`,
`params string[] rest`) and named arguments (C# `env: x`) that name parameters not already given. When several
accept it, the one tie-break both languages make without the arguments' types is applied: an overload that
takes the arguments as written (no default filled in, no list made) runs rather than one that does not, when
each argument goes to a parameter of the same declared type in both (Java's phases 1-2 before phase 3; C#'s
better function member). Otherwise the arguments' types decide, which are not followed here: the call may run
any of them, and nothing is guessed (`runs`, `ir.OneOf`).
"""

from __future__ import annotations

from collections.abc import Sequence

from stackgraph.inference import ir


def accepts(sig: ir.Signature, positional: int, named: tuple[str, ...] = ()) -> bool:
    """Whether a call giving `positional` arguments, then the `named` ones, may run the overload `sig`."""
    if positional > len(sig.params) - sig.variadic and not sig.variadic:
        return False
    free = sig.params[positional:]
    if len(set(named)) != len(named) or any(n not in free for n in named):
        return False
    return all(i < positional or p in named for i, p in enumerate(sig.params[: sig.required]))


def choose(sigs: Sequence[ir.Signature], positional: int, named: tuple[str, ...] = ()) -> tuple[int, ...]:
    """The indexes of the overloads in `sigs` that a call may run (none, one, or several when types decide)."""
    fits = tuple(i for i, s in enumerate(sigs) if accepts(s, positional, named))
    if len(fits) < 2:
        return fits
    plain = [i for i in fits if not sigs[i].variadic and positional + len(named) == len(sigs[i].params)]
    if len(plain) == 1:
        slots = _slots(sigs[plain[0]], positional, named)
        if "" not in slots and all(_slots(sigs[i], positional, named) == slots for i in fits):
            return (plain[0],)
    return fits


def _slots(sig: ir.Signature, positional: int, named: tuple[str, ...]) -> tuple[str, ...]:
    """The declared type of the parameter each argument goes to (the element type in a variable-length list)."""
    fixed = len(sig.params) - sig.variadic
    out = [sig.types[i] if i < fixed else _element(sig.types[-1]) for i in range(positional)]
    return (*out, *(sig.types[sig.params.index(n)] for n in named))


def _element(kind: str) -> str:
    for tail in ("...", "[]"):
        if kind.endswith(tail):
            return kind[: -len(tail)].strip()
    return kind


def runs(
    own: ir.Signature | None, others: tuple[ir.Signature, ...], positional: int, named: tuple[str, ...], name: str
) -> str | None:
    """Whether a call of `name` giving these arguments runs the overload `own` (of `own` and `others`): "" when it
    does (also when the language has no overloads: `own` None), None when it cannot, else why it may not."""
    if own is None:
        return ""
    picked = choose((own, *others), positional, named)
    if 0 not in picked:
        return None
    return "" if len(picked) == 1 else undecided(name, len(picked), positional + len(named))


def undecided(name: str, count: int, given: int) -> str:
    """Why a call of `name` with `given` arguments may run any of `count` overloads."""
    args = "argument" if given == 1 else "arguments"
    return f"{count} overloads of '{name}' take {given} {args}; which one runs depends on their types (not followed)"


def named_of(names: Sequence[str]) -> tuple[str, ...]:
    """The named arguments of a call whose arguments are labelled `names` ("" for a positional one)."""
    return tuple(n for n in names if n)


def bind(
    fn: ir.Function, args: Sequence[ir.Expr], names: Sequence[str] = ()
) -> tuple[dict[str, ir.Expr], dict[str, ir.Expr]]:
    """The values a call gives the parameters of `fn` (positional, then named), and those it fills in: the
    defaults of parameters not given, and a variable-length list (unknown)."""
    sig = fn.signature
    labels = tuple(names) or ("",) * len(args)
    positional = [a for a, label in zip(args, labels, strict=False) if not label]
    fixed = fn.params if sig is None else fn.params[: len(fn.params) - sig.variadic]
    given = dict(zip(fixed, positional, strict=False))
    given.update({label: a for a, label in zip(args, labels, strict=False) if label})
    filled: dict[str, ir.Expr] = {}
    if sig is not None:
        filled = {p: d for p, d in sig.defaults if p not in given}
        if sig.variadic and sig.params:
            filled[sig.params[-1]] = ir.Unknown(f"'{sig.params[-1]}', a variable-length list of arguments")
            given.pop(sig.params[-1], None)
    return given, filled


SCALARS = frozenset({"void", "bool", "boolean", "Boolean", "string", "String", "int", "Integer", "long", "Long",
                     "double", "Double", "float", "decimal", "char", "byte", "short", "Task", "ValueTask"})  # fmt: skip
"""Return types (C#, Java) whose values are never a StackReference."""


def gives_back_no_reference(sig: ir.Signature | None) -> bool:
    """Whether a method declared to return `sig.returns` (`bool`, `void`, `Task<bool>`, `CompletableFuture<String>`)
    can never give its caller the StackReference it makes: the caller's uses of its result are not the reference's."""
    returns = "".join(sig.returns.split()).rstrip("?") if sig is not None else ""
    for wrap in ("Task<", "ValueTask<", "CompletableFuture<"):
        if returns.startswith(wrap) and returns.endswith(">"):
            returns = returns[len(wrap) : -1].rstrip("?")
    return returns in SCALARS
