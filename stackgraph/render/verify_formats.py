"""Render `verify`'s result: a text report (one line per finding) and the `stackgraph.verify/v1` document.

Pure and deterministic. Neither holds a value of any state: stack ids, reference names, URNs, program
sites and messages only.
"""

from __future__ import annotations

import enum
from collections.abc import Callable
from typing import Any

from stackgraph.deployed import StateStatus, Verification
from stackgraph.model import Severity
from stackgraph.render import jsonfmt

VERIFY_SCHEMA = "stackgraph.verify/v1"


class VerifyFormat(str, enum.Enum):
    TEXT = "text"
    JSON = "json"


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


def summary_line(v: Verification) -> str:
    """`verify: 3 stacks (2 deployed, 1 not deployed) in BACKEND: 1 error, 0 warnings, 2 infos`."""
    counts = {status: sum(1 for s in v.states if s.status is status) for status in StateStatus}
    parts = [f"{counts[StateStatus.DEPLOYED]} deployed", f"{counts[StateStatus.NOT_DEPLOYED]} not deployed"]
    if counts[StateStatus.UNREADABLE]:
        parts.append(f"{counts[StateStatus.UNREADABLE]} unreadable")
    found = ", ".join(_plural(v.count(sev), sev.value) for sev in Severity)
    return f"verify: {_plural(len(v.states), 'stack')} ({', '.join(parts)}) in {v.backend}: {found}"


def render_text(v: Verification) -> str:
    """The summary line, then `<severity>: <message>` per finding (errors first), then unreadable stacks."""
    lines = [summary_line(v)]
    lines.extend(f"{f.severity.value}: {f.message}" for f in v.findings)
    lines.extend(f"unreadable: {s.problem}" for s in v.unreadable)
    return "\n".join(lines) + "\n"


def verify_to_dict(v: Verification) -> dict[str, Any]:
    """The `stackgraph.verify/v1` document (docs/formats.md)."""
    return {
        "schema": VERIFY_SCHEMA,
        "backend": v.backend,
        "complete": v.complete,
        "summary": {
            "stacks": len(v.states),
            **{status.value: sum(1 for s in v.states if s.status is status) for status in StateStatus},
            **{sev.value: v.count(sev) for sev in Severity},
        },
        "stacks": [s.to_json() for s in v.states],
        "findings": [f.to_json() for f in v.findings],
    }


def render_json(v: Verification) -> str:
    return jsonfmt.dumps(verify_to_dict(v))


RENDERERS: dict[VerifyFormat, Callable[[Verification], str]] = {
    VerifyFormat.TEXT: render_text,
    VerifyFormat.JSON: render_json,
}
