"""Tests joined the ways the guards of several front-ends join them: one test or an `and`/`or` of several, the `or`
of the tests of several calls (each an `and`), and the first-match rule of a `match` or a C# switch expression."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple, TypeVar

from stackgraph.inference import ir

Call = TypeVar("Call")
Called = tuple[ir.Expr, tuple[str, ...]]
"""The `or` of the tests of a function's calls, and the functions whose calls it reads (`Site.called_in`)."""


class Uses(NamedTuple):
    """How a Python or TS/JS module names functions another module may define (read from its text, for the few
    files naming a function only other files call: inference/called.py)."""

    values: frozenset[str]  # used otherwise than as the function of a call (`run(f)`, `g = m.f`), aliases undone
    calls: frozenset[tuple[str, int]]  # (name, line) of each call of a name or member (`f(..)`, `m.f(..)`, f`..`)
    renamed: frozenset[tuple[str, str]]  # (name, alias) of each import or export under another name
    strings: frozenset[str]  # the string literals (`getattr(m, "f")`, `exec("m.f()")`)


def joined(tests: Sequence[ir.Expr], every: bool) -> ir.Expr:
    """The one test, or the `and` (`every`) / `or` of several (`tests` is not empty)."""
    return tests[0] if len(tests) == 1 else ir.Junction(tuple(tests), every)


def any_call(calls: Sequence[tuple[ir.Expr, ...]]) -> ir.Expr:
    """The `or` of the tests around each call (each call's tests joined by `and`): one of the calls runs."""
    return joined([joined(tests, True) for tests in calls], False)


def first_match(matches: Sequence[ir.Expr | None], index: int, why: str) -> ir.Expr | None:
    """The test under which the arm `index` is taken when the first arm that matches is (`matches`: when each
    arm matches, None: always): it matches and none before it does. None: always taken; undecided (`why`) when an
    arm before it matches anything (it never runs: kept, not guessed)."""
    tests: list[ir.Expr] = []
    for earlier in matches[:index]:
        if earlier is None:
            return ir.Truthy(ir.Unknown(why))
        tests.append(ir.negated(earlier))
    own = matches[index]
    tests = [*tests, own] if own is not None else tests
    return joined(tests, True) if tests else None


def calls_test(
    name: str,
    calls: Iterable[Call | None],
    inside: Callable[[Call], bool],
    guarded: Callable[[Call], tuple[tuple[ir.Expr, ...], tuple[str, ...]]],
) -> Called | None:
    """The `or` of the tests around each of the calls of the function `name` (`calls`: None for a use of its name
    that is no plain call), with the functions read; None when a use is no call, a call has no test, or there is no
    call outside the function itself (`inside`: a call of the function in itself runs already)."""
    found: list[tuple[ir.Expr, ...]] = []
    names = {name}
    for call in calls:
        if call is None:
            return None  # used as a value, or another binding of the name
        if inside(call):
            continue
        tests, more = guarded(call)
        if not tests:
            return None  # a call that may always run
        found.append(tests)
        names.update(more)
    return (any_call(found), tuple(sorted(names))) if found else None
