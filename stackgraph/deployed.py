"""What the backend says was deployed: stack references read from state, and `verify`'s findings.

Data only, no I/O. `run/pulumi/state.py` fills `DeployedState` from `pulumi stack export`;
`app/deployed.py` resolves the names to stack ids and compares them with the graph
(`Verification`); `render/verify_formats.py` renders it. Nothing here ever holds a secret
value: a reference keeps the referenced stack's name (never secret: it is the resource's
name), its URN and where the program made it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from stackgraph.model import Severity, StackId, StrEnum

STACK_REFERENCE = "pulumi:pulumi:StackReference"
"""The resource type of a stack reference in a state file."""

SUPPORTED_STATE_VERSION = 3
"""The newest deployment format (`version` of `pulumi stack export`) stackgraph reads."""


class StateStatus(StrEnum):
    """What reading one stack's state gave."""

    DEPLOYED = "deployed"  # state with resources
    NOT_DEPLOYED = "not-deployed"  # no such stack in the backend, or a stack without resources
    UNREADABLE = "unreadable"  # the backend could not be asked, or the state is newer than stackgraph reads


@dataclass(frozen=True, order=True)
class DeployedReference:
    """One `pulumi:pulumi:StackReference` resource in the deployed state of `stack`."""

    stack: StackId  # whose state holds it
    name: str  # the referenced stack as the program named it ("organization/net/dev"); "" if unreadable
    urn: str
    positions: tuple[str, ...] = ()  # where the program made it: "<file>:<line>", relative to the repository
    target: StackId | None = None  # `name` as a stack id of the graph (None: the name could not be read)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "target": self.target, "urn": self.urn, "positions": list(self.positions)}


@dataclass(frozen=True)
class DeployedState:
    """The state of one stack, as far as stackgraph reads it (its stack references only)."""

    stack: StackId
    status: StateStatus
    references: tuple[DeployedReference, ...] = ()
    resources: int = 0
    problem: str = ""  # UNREADABLE: one line saying what is wrong and what to do; NOT_DEPLOYED: why

    def to_json(self) -> dict[str, Any]:
        return {
            "id": self.stack,
            "status": self.status,
            "resources": self.resources,
            "problem": self.problem or None,
            "references": [r.to_json() for r in self.references],
        }


class FindingCode(StrEnum):
    """What a finding of `verify` is about (`code` in its JSON)."""

    MISSING_EDGE = "missing-edge"  # error: state reads a stack the graph does not order before it
    MISSING_OUTSIDE = "missing-outside"  # warning: ... a stack outside the tree (never deployed by stackgraph)
    INDIRECT = "indirect"  # warning: state reads a stack the graph orders before it only through a chain
    UNNAMED = "unnamed"  # warning: a reference in state whose name cannot be read
    NOT_IN_STATE = "not-in-state"  # info: a graph edge from a program that the deployed state lacks
    DECLARED = "declared"  # info: a declared edge (stackgraph:dependsOn): state cannot confirm it
    NOT_DEPLOYED = "not-deployed"  # info: the stack has no deployed state to compare (verify is incomplete)


@dataclass(frozen=True, order=True)
class Finding:
    """One line of `verify`: a stack, what it was compared with, and what to do."""

    severity: Severity
    code: FindingCode
    stack: StackId
    target: StackId | None
    message: str
    urn: str = ""
    sites: tuple[str, ...] = ()  # the program sites (file:line) the message is about

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "stack": self.stack,
            "target": self.target,
            "message": self.message,
            "urn": self.urn or None,
            "sites": list(self.sites),
        }


@dataclass(frozen=True)
class Verification:
    """The graph compared with what is deployed: every state read and every finding, sorted."""

    backend: str
    states: tuple[DeployedState, ...]
    findings: tuple[Finding, ...]

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity is severity)

    @property
    def unreadable(self) -> tuple[DeployedState, ...]:
        return tuple(s for s in self.states if s.status is StateStatus.UNREADABLE)

    @property
    def not_deployed(self) -> tuple[DeployedState, ...]:
        return tuple(s for s in self.states if s.status is StateStatus.NOT_DEPLOYED)

    @property
    def complete(self) -> bool:
        """True when every selected stack was read and is deployed: all of them were compared."""
        return all(s.status is StateStatus.DEPLOYED for s in self.states)
