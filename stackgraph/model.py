"""The data model: frozen dataclasses only, no I/O.

Every other layer (discovery, graph, plan, run, render) speaks in these types.
Paths are POSIX strings relative to the scanned root so that output is the same
on every machine.
"""

from __future__ import annotations

import enum
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, NewType

StackId = NewType("StackId", str)
"""`<project>/<stack>` for a stack in the tree; the full name as written for an external one."""


def stack_id(project: str, stack: str) -> StackId:
    """Return the id of a stack of a project."""
    return StackId(f"{project}/{stack}")


class _Secret:
    """Stands in for a `secure:` config value; the value itself is never read."""

    _instance: _Secret | None = None

    def __new__(cls) -> _Secret:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "[secret]"

    __str__ = __repr__


SECRET: Any = _Secret()
"""The one marker that replaces every `secure:` value in loaded config."""


class StrEnum(str, enum.Enum):
    """`enum.StrEnum` for Python 3.10: a member is its value in str(), format(), JSON and comparisons."""

    def __str__(self) -> str:
        return str.__str__(self)

    def __format__(self, spec: str) -> str:
        return str.__format__(str.__str__(self), spec)


class Severity(str, enum.Enum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


class EdgeKind(StrEnum):
    """How an edge is known: the kind of its evidence, or drawn because a chain implies it."""

    EXPLICIT = "explicit"  # stackgraph:dependsOn in a stack or project file
    CODE = "code"  # a StackReference in a program
    TRANSITIVE = "transitive"  # implied by a chain through stacks left out of a view; never evidence
    STATE = "state"  # a pulumi:pulumi:StackReference in the dependent's deployed state (--with-state)


class DiagnosticCode(StrEnum):
    """What a diagnostic is about (`code` in scan's JSON)."""

    DANGLING = "dangling"  # a reference to a stack that has no stack file
    UNRESOLVED = "unresolved"  # a StackReference whose target cannot be known statically
    SELF_REFERENCE = "self-reference"
    NOT_IMPORTED = "not-imported"  # a StackReference in a module the program never imports
    NOT_IMPORTED_BY = "not-imported-by"  # ... that some stacks never import
    UNREADABLE = "unreadable"  # a program file that cannot be read or decoded
    UNPARSED = "unparsed"  # a program file that cannot be parsed
    NOT_FOLLOWED = "not-followed"  # a module of the build a program depends on whose sources are not read
    NO_STACK_CONFIG_DIR = "no-stack-config-dir"
    TEMPLATE = "template"  # a project template, skipped
    NON_REGULAR = "non-regular"  # a FIFO, socket or device named like a file stackgraph reads
    OUTSIDE_ROOT = "outside-root"  # a link leading outside the scanned folder
    LINK_LOOP = "link-loop"  # a folder link to a folder above it (read where it is)
    LINKED = "linked"  # a folder link to a folder of projects read at its own path (read there)
    CONTRACT = "contract"  # a read of an output its producer does not export (said before a deploy command runs)
    UNUSED_EXCLUDE = "unused-exclude"  # an `exclude` entry of stackgraph.yaml that skipped nothing
    NO_PROJECT = "no-project"  # a stack file with no project file beside it, in no project's stackConfigDir
    OUTSIDE_CONFIG_DIR = "outside-config-dir"  # a stack file beside a project that reads its stackConfigDir only
    INVALID_STACK_NAME = "invalid-stack-name"  # a stack file whose name holds no stack name (`Pulumi.dev copy.yaml`)
    OTHER_EXTENSION = "other-extension"  # a stack file whose extension is not its project file's (.yaml beside .yml)
    SHARED_CONFIG_DIR = "shared-config-dir"  # a stack folder several projects read: whose stack each file is
    SECOND_DOCUMENT = "second-document"  # a project or stack file holding more than one YAML document (read: the first)
    ESC_ENVIRONMENT = "esc-environment"  # a stack file importing ESC environments, which may open other stacks' outputs


@dataclass(frozen=True, order=True)
class Evidence:
    """Where an edge or a reference comes from: a file and line, and what was read there."""

    kind: EdgeKind  # EXPLICIT (stackgraph:dependsOn), CODE (a StackReference in a program) or STATE
    # (deployed state: `file` is "state:<stack id>", `detail` the resource URN)
    file: str
    line: int | None = None
    detail: str = ""

    def location(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.kind, "file": self.file, "line": self.line, "detail": self.detail}


@dataclass(frozen=True, order=True)
class Diagnostic:
    """A problem found while scanning that does not stop the scan."""

    severity: Severity
    code: DiagnosticCode
    message: str
    file: str | None = None
    line: int | None = None

    def location(self) -> str:
        if self.file is None:
            return ""
        return f"{self.file}:{self.line}" if self.line else self.file

    def to_json(self) -> dict[str, Any]:
        return {
            "severity": self.severity.value,
            "code": self.code,
            "message": self.message,
            "file": self.file,
            "line": self.line,
        }


@dataclass(frozen=True, order=True)
class Declared:
    """One value written in a file, with where it was written (for evidence)."""

    value: str
    file: str
    line: int | None = None


@dataclass(frozen=True)
class Project:
    """A `Pulumi.yaml` and what it says about itself."""

    name: str
    path: str  # folder holding Pulumi.yaml, relative to the root ("." for the root)
    file: str  # the Pulumi.yaml itself
    runtime: str
    runtime_options: Mapping[str, Any] = field(default_factory=dict)
    main: str | None = None
    stack_config_dir: str | None = None
    description: str | None = None
    config: Mapping[str, Any] = field(default_factory=dict)  # project `config:` block, secrets masked
    depends_on: tuple[Declared, ...] = ()  # default `stackgraph:dependsOn` for every stack
    tags: tuple[str, ...] = ()
    backend_url: str | None = None  # `backend.url` of Pulumi.yaml, if it names one
    second_document: int | None = None  # the line of a second YAML document in the file: ignored, as Pulumi does


@dataclass(frozen=True)
class Stack:
    """A `Pulumi.<stack>.yaml` stack file of a project."""

    project: str
    name: str
    file: str
    project_path: str
    config: Mapping[str, Any] = field(default_factory=dict)  # `secure:` values replaced by SECRET
    secure_keys: tuple[str, ...] = ()
    environment: tuple[str, ...] = ()
    environment_line: int | None = None  # the line of `environment:` in the stack file
    depends_on: tuple[Declared, ...] | None = None  # None: the project's default applies
    tags: tuple[str, ...] | None = None  # None: the project's tags apply
    from_env: bool = False  # no stack file: made for `--env NAME` (its file is the project's Pulumi.yaml)
    second_document: int | None = None  # the line of a second YAML document in the file: ignored, as Pulumi does

    @property
    def id(self) -> StackId:
        return stack_id(self.project, self.name)


@dataclass(frozen=True)
class Edge:
    """`dependent` must be deployed after `dependency`; `evidence` says why we believe so."""

    dependent: StackId
    dependency: StackId
    kinds: tuple[EdgeKind, ...]
    evidence: tuple[Evidence, ...]

    def to_json(self) -> dict[str, Any]:
        return {
            "from": self.dependent,
            "to": self.dependency,
            "kind": "+".join(self.kinds),
            "evidence": [e.to_json() for e in self.evidence],
        }


@dataclass(frozen=True)
class Target:
    """The stack a reference points at, as far as it is known.

    `org is None` means the referencing stack's own organization; `stack is None`
    means the referencing stack's own name (a project-level reference).
    """

    org: str | None
    project: str
    stack: str | None

    def to_json(self) -> dict[str, Any]:
        return {"org": self.org, "project": self.project, "stack": self.stack}


@dataclass(frozen=True)
class Reference:
    """One StackReference site in a program, evaluated for one stack (or for the project)."""

    file: str
    line: int
    project_path: str
    project: str
    stack: str | None  # the referencing stack's name; None for a project-level reference
    resolved: bool
    target: Target | None = None
    target_id: StackId | None = None
    outputs: tuple[str, ...] = ()
    reason: str = ""
    candidates: tuple[str, ...] = ()
    language: str = ""
    detail: str = ""  # what was read to resolve it (config key and file, ...)
    reads_open: str = ""  # why `outputs` may not be every key it reads (its outputs passed on, ...); "" if they are
    reads: tuple[tuple[str, str, int], ...] = ()  # (key, file, line) of each read when some are in another file

    @property
    def site(self) -> str:
        return f"{self.file}:{self.line}"

    def to_json(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "project_path": self.project_path,
            "stack": self.stack,
            "resolved": self.resolved,
            "target": self.target.to_json() if self.target else None,
            "target_id": self.target_id,
            "outputs": list(self.outputs),
            "reason": self.reason,
            "candidates": list(self.candidates),
            "reads_open": self.reads_open or None,
        }


@dataclass(frozen=True, order=True)
class Export:
    """One output a program exports (`pulumi.export("k", v)`, `export const k`, `ctx.Export("k", v)`, ...)."""

    name: str
    file: str
    line: int

    def location(self) -> str:
        return f"{self.file}:{self.line}"


@dataclass(frozen=True)
class Exports:
    """The outputs a project's program exports, as far as they can be read statically.

    `complete` is False when the set is open: a key computed at run time, a spread, an export in a loop or
    in a helper that cannot be followed, a file that cannot be read. `open` then says why, one reason with
    its file:line each; a read of a key missing from an open set is never reported as missing.
    """

    project_path: str
    names: tuple[Export, ...] = ()  # sorted by (name, file, line)
    complete: bool = True
    open: tuple[Declared, ...] = ()  # why the set is open: value = the reason, with its file and line

    def exported(self) -> frozenset[str]:
        return frozenset(e.name for e in self.names)

    def to_json(self) -> dict[str, Any]:
        return {
            "project_path": self.project_path,
            "complete": self.complete,
            "names": [{"name": e.name, "file": e.file, "line": e.line} for e in self.names],
            "open": [{"reason": d.value, "file": d.file, "line": d.line} for d in self.open],
        }


@dataclass(frozen=True, order=True)
class Skipped:
    """A project, stack or other file (or a folder holding such files) that a scan did not read, and why.

    `reason` is one of SKIP_REASONS; `detail` says more (the pattern, the link target, the error).
    """

    file: str
    reason: str
    detail: str = ""

    def to_json(self) -> dict[str, Any]:
        return {"file": self.file, "reason": self.reason, "detail": self.detail}


SKIP_REASONS = {
    "template": "template",
    "ignored": "ignored by .gitignore",
    "excluded": "excluded by stackgraph.yaml",
    "vendored": "vendored",
    "build-output": "build output",
    "hidden": "hidden folder",
    "duplicate": "duplicate",
    "unreadable": "unreadable",
    "non-regular": "not a regular file",
    "outside-root": "link outside the scanned folder",
    "link-loop": "link to a folder above it",
    "linked": "link to a project folder read at its own path",
    "no-project": "no project",
    "outside-config-dir": "outside stackConfigDir",
    "other-extension": "not the project file's extension",
    "misnamed": "misnamed",
    "invalid-stack-name": "no valid stack name",
    "deployment-settings": "deployment settings",
}
"""Every reason a file is skipped, and the words the summary line uses for it."""


@dataclass(frozen=True)
class Repo:
    """Everything a scan found: the input of the graph and of every renderer."""

    root: str  # absolute path of the scanned folder
    projects: tuple[Project, ...]
    stacks: tuple[Stack, ...]
    edges: tuple[Edge, ...]
    external: tuple[StackId, ...] = ()
    dangling: tuple[StackId, ...] = ()
    references: tuple[Reference, ...] = ()
    diagnostics: tuple[Diagnostic, ...] = ()
    skipped: tuple[Skipped, ...] = ()  # what the scan did not read (sorted); see SKIP_REASONS
    exports: tuple[Exports, ...] = ()  # per project whose program was read (sorted by path)
    imports: tuple[tuple[str, str], ...] = ()  # (file, project path): a file outside the project its program imports

    def stack_by_id(self) -> dict[StackId, Stack]:
        return {s.id: s for s in self.stacks}

    def project_by_path(self) -> dict[str, Project]:
        return {p.path: p for p in self.projects}

    def exports_by_path(self) -> dict[str, Exports]:
        return {e.project_path: e for e in self.exports}


_UNSAFE_IN_PATH = re.compile(r"[^A-Za-z0-9._-]")


def path_segment(name: str) -> str:
    """Return a project or stack name as one safe path segment (a folder or file name stackgraph writes).

    Characters other than letters, digits, '.', '_' and '-' become '_'; a name of dots only ('.', '..',
    valid Pulumi names) is spelled '%2E' per dot ('%' is in no valid name, so no two names meet), so a
    segment never climbs out of the folder it is written in. An empty name is '_'.
    """
    safe = _UNSAFE_IN_PATH.sub("_", name) or "_"
    return "%2E" * len(safe) if safe.strip(".") == "" else safe
