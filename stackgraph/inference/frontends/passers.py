"""The helpers of a file grown by the functions that pass their parameters on to one of them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def with_passers(helpers: set[Any], passers: Callable[[set[Any]], set[Any]], rounds: int = 3) -> set[Any]:
    """`helpers` and the functions that pass their parameters on to one of them, up to `rounds` levels:
    those are helpers too (their calls name the stack)."""
    known = set(helpers)
    for _ in range(rounds):
        grown = known | passers(known)
        if grown == known:
            break
        known = grown
    return known
