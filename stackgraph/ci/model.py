"""The pipeline model every CI renderer reads: one job per stack (or per level), built from a plan.

Pure: no I/O. `build_pipeline` turns a `Plan` and the `CiOptions` of one command line into a
`Pipeline` whose jobs, dependencies and ancestors are sorted, so every renderer gives the same
bytes for the same graph.
"""

from __future__ import annotations

import enum
import hashlib
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from stackgraph.errors import GraphError
from stackgraph.model import StackId
from stackgraph.plan import Plan


class System(str, enum.Enum):
    GITHUB = "github"
    GITLAB = "gitlab"
    ARGO = "argo"


class Granularity(str, enum.Enum):
    STACK = "stack"
    LEVEL = "level"


# Deployment tiers GitLab knows, from the usual names of environments (anything else is "other").
TIERS = {
    "prod": "production",
    "production": "production",
    "prd": "production",
    "live": "production",
    "staging": "staging",
    "stage": "staging",
    "stg": "staging",
    "preprod": "staging",
    "test": "testing",
    "testing": "testing",
    "qa": "testing",
    "dev": "development",
    "development": "development",
    "sandbox": "development",
}


@dataclass(frozen=True)
class Setup:
    """How a job gets stackgraph and the Pulumi CLI: the repository's own scripts, commands, or the default."""

    commands: tuple[str, ...] = ()  # given with --setup: run as they are, nothing else installed
    own_scripts: bool = False  # the repository is stackgraph itself: scripts/setup
    node: bool = False  # a Node.js program is in the graph: the default setup installs Node.js
    npm_dirs: tuple[str, ...] = ()  # folders with a package-lock.json (the default setup runs npm ci there)
    requirements: tuple[str, ...] = ()  # requirements.txt files of Python programs (pip install -r)
    bun: bool = False  # a Bun program (`runtime: bun`) is in the graph: the default setup installs Bun
    bun_dirs: tuple[str, ...] = ()  # folders with a bun.lock or bun.lockb (bun install --frozen-lockfile there)
    # Project files (with their runtime) of programs whose runtime the default setup installs nothing for.
    unknown: tuple[tuple[str, str], ...] = ()
    unpackaged: tuple[str, ...] = ()  # Node.js project folders no npm_dirs entry installs (no package-lock.json)


@dataclass(frozen=True)
class Review:
    """Review environments (`--review-envs BASE`): `pr-<number>` copied from BASE per pull request."""

    base: str
    ttl: str = "72h"  # stackgraph's duration syntax (env up --ttl)
    ttl_s: int = 259200
    share: tuple[str, ...] = ()


@dataclass(frozen=True)
class CiOptions:
    """What one `stackgraph ci` command line asks for; `command` regenerates the same file."""

    system: System
    path: str  # the folder of the projects, relative to the repository root ("." for the root)
    command: str  # `stackgraph ci ...` without -o/--check: the header and the freshness job run it
    pipeline_file: str  # where the file is committed, relative to the repository root
    child_command: str = ""  # GitLab --parent: the command of the child pipeline (no review options)
    branch: str = "main"
    backend_secret: str = "PULUMI_BACKEND_URL"
    passphrase_secret: str = "PULUMI_CONFIG_PASSPHRASE"
    setup: Setup = field(default_factory=Setup)
    granularity: Granularity = Granularity.STACK
    environment: str = "{stack}"  # the CI environment of a stack; {project} and {stack} are replaced
    image: str | None = None
    service_account: str | None = None
    template: bool = False
    version: str = ""  # the stackgraph version the default setup installs
    create_stacks: bool = True
    review: Review | None = None
    # The generation's selection: the commands the jobs run repeat it (--env makes the stacks of projects
    # without stack files; --select/--exclude keep a split pipeline to its own stacks).
    select: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    env: str | None = None
    base: str = "before"  # what a push deploys: changed since the previous push, or since each stack's deployment
    resource: Mapping[StackId, str] = field(default_factory=dict)  # GitLab, Argo: a stack's pool of limit 1


@dataclass(frozen=True)
class StackJob:
    """One stack's job: what it waits for and where it deploys."""

    id: StackId
    project: str
    stack: str
    path: str  # the project's folder, relative to the scanned folder
    level: int  # 0: no dependencies
    needs: tuple[StackId, ...]  # direct dependencies inside the pipeline, sorted
    ancestors: tuple[StackId, ...]  # every dependency at any depth inside the pipeline, sorted
    environment: str
    tier: str
    manual: bool = False


@dataclass(frozen=True)
class Pipeline:
    """The jobs in plan order (level by level, ids sorted inside a level) and the options they were made with."""

    jobs: tuple[StackJob, ...]
    levels: tuple[tuple[StackId, ...], ...]
    options: CiOptions

    def job(self, sid: StackId) -> StackJob:
        """Return the job of stack `sid`; raises KeyError when it has none."""
        for job in self.jobs:
            if job.id == sid:
                return job
        raise KeyError(sid)


def environment_name(template: str, project: str, stack: str) -> str:
    """Fill `{project}` and `{stack}` in an environment name template."""
    return template.replace("{project}", project).replace("{stack}", stack)


def build_pipeline(plan: Plan, options: CiOptions, manual: frozenset[StackId] = frozenset()) -> Pipeline:
    """Make one job per planned stack; `manual` names the stacks that wait for a person (GitLab)."""
    by_id = plan.repo.stack_by_id()
    graph = plan.graph
    jobs: list[StackJob] = []
    for level, ids in enumerate(plan.levels):
        for sid in ids:
            stack = by_id[sid]
            env = environment_name(options.environment, stack.project, stack.name)
            jobs.append(
                StackJob(
                    id=sid,
                    project=stack.project,
                    stack=stack.name,
                    path=stack.project_path,
                    level=level,
                    needs=tuple(graph.dependencies(sid)),
                    ancestors=tuple(sorted(graph.ancestors(sid))),
                    environment=env,
                    tier=TIERS.get(stack.name.lower(), "other"),
                    manual=sid in manual,
                )
            )
    return Pipeline(tuple(jobs), plan.levels, options)


def safe_names(ids: Iterable[StackId], prefix: str = "", limit: int = 0) -> dict[StackId, str]:
    """Map stack ids to unique names in [a-z0-9-] (job ids, task names); see `unique_names`."""
    return unique_names(
        {sid: prefix + (re.sub(r"[^a-z0-9]+", "-", sid.lower()).strip("-") or "x") for sid in ids}, limit
    )


def unique_names(raw: Mapping[StackId, str], limit: int = 0) -> dict[StackId, str]:
    """Make `raw` names unique and at most `limit` characters long (0: no limit).

    A name two stacks share, or a longer one, gets `-<hash of the stack id>` (cut to fit). The final set is
    checked: when a suffixed name meets another one, every suffix grows (8, then 16, then 40 hex digits).
    Raises `GraphError` (exit 2) when even whole hashes collide. Deterministic.
    """
    names: dict[StackId, str] = {}
    for digits in (8, 16, 40):
        counts = Counter(raw.values())
        names = {
            sid: _suffixed(name, sid, digits, limit) if counts[name] > 1 or 0 < limit < len(name) else name
            for sid, name in raw.items()
        }
        if len(set(names.values())) == len(names):
            return names
    seen: dict[str, StackId] = {}
    for sid, name in sorted(names.items()):
        if name in seen:
            raise GraphError(f"stacks {seen[name]} and {sid} get the same job name '{name}'; rename one of them")
        seen[name] = sid
    raise AssertionError("a repeated name was found above")  # pragma: no cover - unreachable


def _suffixed(name: str, sid: StackId, digits: int, limit: int) -> str:
    suffix = "-" + hashlib.sha1(sid.encode()).hexdigest()[:digits]
    head = name[: limit - len(suffix)].rstrip("-") if limit else name
    return head + suffix
