"""Turn stack names as users write them into stack ids of the tree.

Pulumi's short forms: `stack` (a stack of the current project), `org/stack` (idem,
with an organization), `org/project/stack`; with a self-managed backend the organization is
always `organization` (discovery/backend.py). In `stackgraph:dependsOn`
two parts mean `project/stack` (the common way to name another project's stack), and
`{stack}` / `${stack}` / `${pulumi.stack}` stand for the declaring stack's own name.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from stackgraph.discovery.backend import DIY_ORG
from stackgraph.discovery.projects import NAME_RE
from stackgraph.errors import closest
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
    """Map targets to stack ids of the tree, or say that they are external, dangling or impossible.

    `diy` names the projects whose programs run against a self-managed backend (discovery/backend.py):
    there the organization part of a name is always the word `organization`, whatever `org` says.
    """

    def __init__(
        self, stacks: Iterable[StackId], projects: Iterable[str], org: str | None, diy: Iterable[str] = ()
    ) -> None:
        self.stacks = frozenset(stacks)
        self.projects = frozenset(projects)
        self.org = org
        self.diy = frozenset(diy)

    def local_id(self, target: Target, *, own_stack: str | None = None, project: str | None = None) -> StackId | None:
        """Return the id of the target in the tree, or None when it is outside the tree.

        `project` is the referencing project: its backend decides which organization is this repository's.
        """
        if not self._own_org(target.org, project):
            return None
        if target.project not in self.projects:
            return None
        return stack_id(target.project, target.stack or own_stack or "")

    def _own_org(self, org: str | None, project: str | None) -> bool:
        if org is None or org == DIY_ORG:  # the one organization of self-managed and embedded backends
            return True
        if project in self.diy:
            return False
        return self.org is None or org == self.org

    def impossible(self, target: Target, project: str, written: str) -> str | None:
        """Why the engine fails on `target` (as `written`) from `project`, or None when it can name a stack."""
        if project not in self.diy or target.org in (None, DIY_ORG):
            return None
        parts = written.count("/") + 1
        meant = f"{DIY_ORG}/{target.org}/{target.stack or '{stack}'}" if parts == 2 else None
        meant = meant or f"{DIY_ORG}/{target.project}/{target.stack or '{stack}'}"
        return (
            f"with a self-managed backend the organization is always '{DIY_ORG}', so the engine fails on "
            f"organization '{target.org}' (\"organization name must be '{DIY_ORG}'\"); write '{meant}'"
        )

    def external_id(self, target: Target, *, own_org: str | None = None) -> StackId:
        """Return the node id used for a stack outside the tree."""
        org = target.org or own_org or self.org
        parts = [p for p in (org, target.project, target.stack) if p]
        return StackId("/".join(parts))

    def suggest(self, wrong: str) -> str:
        """Return ' (did you mean X?)' for the nearest stack id, or ''."""
        close = closest(wrong, sorted(self.stacks))
        return f" (did you mean '{close}'?)" if close else ""
