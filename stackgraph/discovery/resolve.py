"""Turn stack names as users write them into stack ids of the tree.

Pulumi's short forms: `stack` (a stack of the current project), `org/stack` (idem,
with an organization), `project/stack`, `org/project/stack`. In `stackgraph:dependsOn`
two parts mean `project/stack` (the common way to name another project's stack), and
`{stack}` / `${stack}` / `${pulumi.stack}` stand for the declaring stack's own name.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable

from stackgraph.discovery.projects import NAME_RE
from stackgraph.model import StackId, Target, stack_id

_PLACEHOLDER = re.compile(r"\$?\{(?:pulumi\.)?(stack|project)\}")


def substitute(text: str, *, stack: str, project: str) -> str:
    """Replace `{stack}` / `{project}` placeholders with the declaring stack's values."""
    return _PLACEHOLDER.sub(lambda m: stack if m.group(1) == "stack" else project, text)


def parse_declared(text: str, *, project: str) -> Target | None:
    """Parse a `stackgraph:dependsOn` entry; None when it is not a valid stack name."""
    parts = text.split("/")
    if not all(NAME_RE.match(p) for p in parts):
        return None
    if len(parts) == 1:
        return Target(None, project, parts[0])
    if len(parts) == 2:
        return Target(None, parts[0], parts[1])
    if len(parts) == 3:
        return Target(parts[0], parts[1], parts[2])
    return None


class Resolver:
    """Map targets to stack ids of the tree, or say that they are external or dangling."""

    def __init__(self, stacks: Iterable[StackId], projects: Iterable[str], org: str | None) -> None:
        self.stacks = frozenset(stacks)
        self.projects = frozenset(projects)
        self.org = org

    def local_id(self, target: Target, *, own_stack: str | None = None) -> StackId | None:
        """Return the id of the target in the tree, or None when it is outside the tree."""
        if target.org is not None and self.org is not None and target.org != self.org:
            return None
        if target.project not in self.projects:
            return None
        return stack_id(target.project, target.stack or own_stack or "")

    def external_id(self, target: Target, *, own_org: str | None = None) -> StackId:
        """Return the node id used for a stack outside the tree."""
        org = target.org or own_org or self.org
        parts = [p for p in (org, target.project, target.stack) if p]
        return StackId("/".join(parts))

    def suggest(self, wrong: str) -> str:
        """Return ' (did you mean X?)' for the nearest stack id, or ''."""
        close = difflib.get_close_matches(wrong, sorted(self.stacks), n=1, cutoff=0.6)
        return f" (did you mean '{close[0]}'?)" if close else ""
