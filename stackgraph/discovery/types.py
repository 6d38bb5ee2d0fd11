"""Types shared between the scanner and the code-inference package."""

from __future__ import annotations

from dataclasses import dataclass, field

from stackgraph.model import Diagnostic, Evidence, Exports, Reference, Skipped, StackId

RawEdge = tuple[StackId, StackId, Evidence]
"""(dependent, dependency, evidence): one reason for one edge, before edges are merged."""


@dataclass
class InferResult:
    """What reading the programs found: references, the edges they make, and stacks they miss."""

    references: list[Reference] = field(default_factory=list)
    edges: list[RawEdge] = field(default_factory=list)
    dangling: set[StackId] = field(default_factory=set)  # local-looking targets with no stack file
    diagnostics: list[Diagnostic] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)  # program files that could not be read
    exports: list[Exports] = field(default_factory=list)  # what each project's program exports
    imports: set[tuple[str, str]] = field(default_factory=set)  # (file, project path): see Repo.imports
