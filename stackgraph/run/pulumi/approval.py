"""Compare what a preview proposes with what was approved: the cascade rule of `up --plan`.

Pure functions over resource changes (`events.resource_changes`, or their JSON form in a
saved plan). The rule (docs/deploying.md, "Cascade-safe apply"), per resource (by URN):

- no operation now (`same`) is always allowed;
- the approved operation is allowed;
- `update` is allowed where `replace` was approved (less than approved);
- anything else is a new operation: a change on a resource approved as unchanged (more
  resources changed), a `replace` or `delete` where none was approved, a `create` that
  was not approved.

Deterministic: results are sorted by URN, then operation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# A new operation that is weaker than the approved one proceeds.
_WEAKER: Mapping[str, frozenset[str]] = {"replace": frozenset({"update"})}
DESTRUCTIVE = frozenset({"replace", "delete"})


def change_map(changes: Iterable[Mapping[str, Any]]) -> dict[str, str]:
    """URN -> operation of changes given as mappings with `urn` and `op` (a saved plan's `resources`)."""
    out: dict[str, str] = {}
    for change in changes:
        urn, op = str(change.get("urn", "")), str(change.get("op", ""))
        if urn and op:
            # A resource with two steps (rare: delete of an old copy and create) keeps its strongest.
            out[urn] = op if urn not in out or op in DESTRUCTIVE else out[urn]
    return out


def new_operations(approved: Mapping[str, str], proposed: Mapping[str, str]) -> list[tuple[str, str, str | None]]:
    """(URN, proposed op, approved op or None) for every proposed operation the approval does not cover."""
    out: list[tuple[str, str, str | None]] = []
    for urn in sorted(proposed):
        op, was = proposed[urn], approved.get(urn)
        if op in ("same", was) or (was is not None and op in _WEAKER.get(was, frozenset())):
            continue
        out.append((urn, op, was))
    return out


def describe(urn: str, op: str, was: str | None) -> str:
    """`replace pulumi:index:Stash zone (approved: update)`: one new operation as a user reads it."""
    parts = urn.split("::")
    kind = parts[-2].rsplit("$", 1)[-1] if len(parts) >= 2 else "?"
    return f"{op} {kind} {parts[-1]} (approved: {was or 'no change'})"


def compare_applied(approved: Mapping[str, str], applied: Mapping[str, str]) -> dict[str, Any]:
    """How an update's operations compare with the approved ones: `matched`, `less` or `more`, with details.

    `matched`: the same operations on the same resources; `less`: a subset (some approved
    change was not needed); `more`: an operation outside the approval (the engine's plan
    check should have refused it).
    """
    extra = new_operations(approved, applied)
    missing = sorted(urn for urn in approved if urn not in applied)
    verdict = "more" if extra else ("less" if missing or applied != approved else "matched")
    out: dict[str, Any] = {"approval": verdict}
    if extra:
        out["unapproved"] = [describe(*e) for e in extra]
    if missing:
        out["not_applied"] = missing
    return out
