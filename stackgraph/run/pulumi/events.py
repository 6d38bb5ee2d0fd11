"""What a preview would change, resource by resource, from the engine's `--event-log`.

The engine writes the event log with secrets masked; only the step's operation, the
resource type and the resource name (the last part of its URN) are read here.
"""

from __future__ import annotations

from pathlib import Path

from stackgraph.run.pulumi.jobs import read_events

# The parts of a replacement Pulumi also reports as steps of their own: `replace` says it once.
_HIDDEN = frozenset({"same", "read", "create-replacement", "delete-replaced", "discard-replaced"})


def resource_steps(event_log: Path) -> list[tuple[str, str, str]]:
    """(op, type, name) of every resource step that changes something, in the engine's order, once each."""
    seen: set[tuple[str, str]] = set()
    out: list[tuple[str, str, str]] = []
    for event in read_events(event_log):
        pre = event.get("resourcePreEvent")
        meta = pre.get("metadata") if isinstance(pre, dict) else None
        if not isinstance(meta, dict):
            continue
        op, urn = str(meta.get("op") or ""), str(meta.get("urn") or "")
        if not op or op in _HIDDEN or (op, urn) in seen:
            continue
        seen.add((op, urn))
        out.append((op, str(meta.get("type") or ""), urn.rsplit("::", 1)[-1]))
    return out
