"""What a preview would change, resource by resource, from the engine's `--event-log`.

The engine writes the event log with secrets masked; only the step's operation, the
resource type and the resource name (the last part of its URN) are read here.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from stackgraph.run.pulumi.jobs import read_events

# The parts of a replacement Pulumi also reports as steps of their own: `replace` says it once.
_HIDDEN = frozenset({"same", "read", "create-replacement", "delete-replaced", "discard-replaced"})


def _default_provider(kind: str, name: str) -> bool:
    """A provider the engine makes on its own (`default`, `default_4_12_0`): it counts none of them either."""
    return kind.startswith("pulumi:providers:") and (name == "default" or name.startswith("default_"))


@dataclass(frozen=True)
class ResourceChange:
    """One resource step that changes something: the operation, the resource's type, name and URN."""

    op: str
    type: str
    name: str
    urn: str


def resource_changes(event_log: Path) -> list[ResourceChange]:
    """Every resource step that changes something, once per (op, URN), sorted by name.

    The engine runs independent steps in parallel, so its event order changes from run to run;
    sorting makes plans, reports and PR comments the same bytes for the same changes. Like the
    engine's own counts, default providers and the parts of a replacement are left out.
    """
    seen: set[tuple[str, str]] = set()
    out: list[ResourceChange] = []
    for event in read_events(event_log):
        pre = event.get("resourcePreEvent")
        meta = pre.get("metadata") if isinstance(pre, dict) else None
        if not isinstance(meta, dict):
            continue
        op, urn, kind = str(meta.get("op") or ""), str(meta.get("urn") or ""), str(meta.get("type") or "")
        name = urn.rsplit("::", 1)[-1]
        if not op or op in _HIDDEN or (op, urn) in seen or _default_provider(kind, name):
            continue
        seen.add((op, urn))
        out.append(ResourceChange(op, kind, name, urn))
    return sorted(out, key=lambda c: (c.name, c.type, c.urn, c.op))


def resource_steps(event_log: Path) -> list[tuple[str, str, str]]:
    """(op, type, name) of every resource step that changes something, sorted by name, once each.

    Like the engine's own counts, default providers are left out.
    """
    return [(c.op, c.type, c.name) for c in resource_changes(event_log)]
