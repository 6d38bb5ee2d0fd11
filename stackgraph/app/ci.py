"""The use case of `stackgraph ci`: a typed request -> the pipeline model (stackgraph/ci/ renders it).

`CiRequest` holds one command line's values; `make_pipeline` validates them (one-line `UsageError`,
exit 2), loads and selects the stacks through the application layer, detects the setup, and builds
the `Pipeline` the renderers read. Messages go through the `say` callback.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from stackgraph.ci import settings as cs
from stackgraph.ci.model import CiOptions, Granularity, Pipeline, Review, System, build_pipeline
from stackgraph.errors import UsageError

if TYPE_CHECKING:
    from stackgraph.graph.dag import StackGraph
    from stackgraph.model import Repo, StackId

Say = Callable[[str], None]
SYSTEMS = tuple(s.value for s in System)
# Options that belong to some systems only: giving one to another is a mistake worth a message.
ONLY = {
    "manual": (System.GITLAB,),
    "parent": (System.GITLAB,),
    "template": (System.ARGO,),
    "service_account": (System.ARGO,),
    "image": (System.GITLAB, System.ARGO),
    "base": (System.GITHUB, System.GITLAB),
}
BASES = ("before", "deployed")
"""What a push to the default branch deploys: what changed since the previous push, or since each stack's last
deployment (`--since-deployed`)."""
# What each system takes as the name of a secret: a GitHub secret, a GitLab CI/CD variable ($NAME in a
# job), a key of the Kubernetes Secret (Argo).
SECRET_NAME = {
    System.GITHUB: re.compile(r"(?!GITHUB_)[A-Za-z_][A-Za-z0-9_]*", re.IGNORECASE),
    System.GITLAB: re.compile(r"[A-Za-z_][A-Za-z0-9_]*"),
    System.ARGO: re.compile(r"[-._A-Za-z0-9]+"),
}
SECRET_RULE = {
    System.GITHUB: "letters, digits and '_', not starting with a digit or GITHUB_",
    System.GITLAB: "letters, digits and '_', not starting with a digit",
    System.ARGO: "letters, digits, '-', '_' and '.' (a key of a Kubernetes Secret)",
}


def branch_problem(name: str, kind: System) -> str | None:
    """Why `name` is no branch a pipeline of `kind` can filter on (None: it is one): the rules of
    `git check-ref-format --branch` (any name git takes: `release#1`, `fix+2`, `café`), and for GitLab no
    quote, as the name goes into a rule's string as it is. GitHub's filter patterns get it escaped (github.py)."""
    parts = name.split("/")
    broken = (
        not name
        or name.startswith("-")
        or name in {"@", "HEAD"}
        or any(ord(c) < 0x20 or c in " ~^:?*[\\\x7f" for c in name)
        or ".." in name
        or "@{" in name
        or name.endswith(".")
        or any(not p or p.startswith(".") or p.endswith(".lock") for p in parts)
    )
    if broken:
        return (
            "not a branch name git takes (no space, ~ ^ : ? * [ \\, '..', '@{' or empty part, no part starting "
            "with '.' or ending in '.lock'); e.g. main"
        )
    if kind is System.GITLAB and any(q in name for q in "\"'$"):
        return "GitLab rules compare the branch as a quoted string that cannot hold a quote or '$'; rename the branch"
    return None


DEFAULTS: dict[str, object] = {
    "branch": "main",
    "backend_secret": "PULUMI_BACKEND_URL",
    "passphrase_secret": "PULUMI_CONFIG_PASSPHRASE",
    "granularity": "stack",
    "environment": "{stack}",
    "review_ttl": "72h",
}


@dataclass(frozen=True)
class CiRequest:
    """What one `stackgraph ci` command line asks for, as typed values (defaults as on the command line)."""

    system: str
    path: Path = Path()
    select: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    changed_since: str | None = None
    since_deployed: bool = False
    env: str | None = None
    output: Path | None = None
    check: Path | None = None
    branch: str = "main"
    backend_secret: str = "PULUMI_BACKEND_URL"
    passphrase_secret: str = "PULUMI_CONFIG_PASSPHRASE"
    setup: tuple[str, ...] = ()
    granularity: str = "stack"
    environment: str = "{stack}"
    manual: str | None = None
    template: bool = False
    image: str | None = None
    service_account: str | None = None
    no_create_stacks: bool = False
    parent: bool = False
    max_jobs: int | None = None
    review_envs: str | None = None
    review_share: tuple[str, ...] = ()
    review_ttl: str = "72h"
    base: str | None = None  # BASES; None: before

    def kind(self) -> System:
        """The CI system asked for; raises `UsageError` for an unknown one."""
        try:
            return System(self.system)
        except ValueError:
            raise UsageError(f"ci {self.system}: unknown CI system; choose one of {', '.join(SYSTEMS)}") from None

    def validated(self) -> CiRequest:
        """Return self; raises `UsageError` (one line naming the option) for a value that cannot work."""
        kind = self.kind()
        for name, owners in ONLY.items():
            if getattr(self, name) not in (None, False) and kind not in owners:
                flag = "--" + name.replace("_", "-")
                systems = " and ".join(f"`stackgraph ci {o.value}`" for o in owners)
                raise UsageError(f"{flag} is an option of {systems}, not of {kind.value}")
        if self.manual is not None and not self.manual.strip():
            raise UsageError("--manual '': give the stacks that wait for a person, e.g. --manual stack:prod")
        if self.granularity not in {g.value for g in Granularity}:
            raise UsageError(f"--granularity {self.granularity}: choose stack or level")
        if self.output is not None and self.check is not None:
            raise UsageError("--output and --check: give one (write the file, or compare with it)")
        self._parent_validated()
        self._review_validated(kind)
        self._names_validated(kind)
        if self.base is not None and self.base not in BASES:
            raise UsageError(
                f"--base {self.base}: choose before (the previous push) or deployed (each stack's last deployment)"
            )
        if self.base is not None and kind is System.GITLAB and not self.parent:
            raise UsageError(
                "--base: a GitLab pipeline without --parent runs the job of every stack on each push; add --parent, "
                "whose jobs choose the stacks a push deploys"
            )
        if self.max_jobs is not None and self.max_jobs < 0:
            raise UsageError(f"--max-jobs {self.max_jobs}: give a number of jobs, or 0 for no limit")
        return self

    def _parent_validated(self) -> None:
        if not self.parent:
            return
        if self.changed_since is not None:
            raise UsageError(
                "--changed-since with --parent: the generate job selects what changed itself "
                '(--changed-since "$CI_COMMIT_BEFORE_SHA"); drop --changed-since'
            )
        if self.check is not None:
            raise UsageError(
                "--check with --parent: the parent jobs go into .gitlab-ci.yml among other jobs, so there is no "
                "file to compare; drop --check (the generate job regenerates the child pipeline on every run)"
            )

    def _names_validated(self, kind: System) -> None:
        """Secret, branch and environment names the system takes; no `${{` for GitHub."""
        for flag, value in (("--backend-secret", self.backend_secret), ("--passphrase-secret", self.passphrase_secret)):
            if not SECRET_NAME[kind].fullmatch(value):
                raise UsageError(f"{flag} {value!r}: not a {kind.value} secret name; use {SECRET_RULE[kind]}")
        problem = branch_problem(self.branch, kind)
        if problem is not None:
            raise UsageError(f"--branch {self.branch!r}: {problem}")
        if not self.environment.strip() or any(c in self.environment for c in "\r\n"):
            raise UsageError(f"--environment {self.environment!r}: give a name on one line, e.g. '{{stack}}'")
        if kind is System.GITHUB:
            for option, given in self.command_flags():
                if given is not None and "${{" in given:
                    raise UsageError(
                        f"{option} {given!r}: GitHub would evaluate '${{{{' as an expression where the workflow "
                        "repeats its command line (the freshness check); read the value from an environment "
                        "variable ($NAME) instead"
                    )

    def _review_validated(self, kind: System) -> None:
        from stackgraph.app.envs import validate_name
        from stackgraph.envplan import parse_duration

        if self.review_envs is None:
            if self.review_share or self.review_ttl != DEFAULTS["review_ttl"]:
                raise UsageError("--review-share and --review-ttl go with --review-envs BASE; add it or drop them")
            return
        if kind is System.ARGO:
            raise UsageError("--review-envs is an option of `stackgraph ci github` and `ci gitlab`, not of argo")
        if kind is System.GITLAB and not self.parent:
            raise UsageError(
                "--review-envs with gitlab goes with --parent (merge request pipelines run in the parent jobs); add it"
            )
        validate_name(self.review_envs, "--review-envs")
        if parse_duration(self.review_ttl) is None:
            raise UsageError(f"--review-ttl {self.review_ttl}: give a duration such as 90m, 72h, 1d12h or 2w")

    def review(self) -> Review | None:
        """The review environments asked for (validated first), or None."""
        from stackgraph.envplan import parse_duration

        if self.review_envs is None:
            return None
        ttl_s = parse_duration(self.review_ttl) or 0
        return Review(self.review_envs, self.review_ttl, ttl_s, tuple(self.review_share))

    def command_flags(self, *, child: bool = False) -> list[tuple[str, str | None]]:
        """The options that differ from their defaults, in a fixed order, as written on a command line.

        `--output`, `--check` and `--parent` are left out: the command regenerates the same pipeline.
        `child`: the command of GitLab's child pipeline, which the parent jobs run (no review options and no
        `--base`: the review jobs and what a push selects are the parent's).
        """
        values: dict[str, object] = {
            "select": list(self.select), "exclude": list(self.exclude), "changed_since": self.changed_since,
            "since_deployed": self.since_deployed, "base": self.base, "env": self.env, "branch": self.branch,
            "backend_secret": self.backend_secret,
            "passphrase_secret": self.passphrase_secret, "setup": list(self.setup), "granularity": self.granularity,
            "environment": self.environment, "manual": self.manual, "template": self.template, "image": self.image,
            "service_account": self.service_account, "no_create_stacks": self.no_create_stacks,
            "max_jobs": self.max_jobs, "review_envs": self.review_envs, "review_share": list(self.review_share),
            "review_ttl": self.review_ttl,
        }  # fmt: skip
        out: list[tuple[str, str | None]] = []
        for name, value in values.items():
            if value in (None, False, []) or value == DEFAULTS.get(name):
                continue
            if child and (name.startswith("review_") or name == "base"):  # the parent's business
                continue
            flag = "--" + name.replace("_", "-")
            if value is True:
                out.append((flag, None))
            elif isinstance(value, list):
                out += [(flag, str(v)) for v in value]
            else:
                out.append((flag, str(value)))
        return out


def make_pipeline(request: CiRequest, say: Say) -> Pipeline:
    """Load PATH, select its stacks and build the pipeline model; raises `StackgraphError` for bad input."""
    from stackgraph import __version__
    from stackgraph.app.choose import choose
    from stackgraph.app.load import load, refuse_without_stacks, stackless_note
    from stackgraph.app.settings import Selection
    from stackgraph.plan import make_plan

    kind = request.validated().kind()
    root = cs.repo_root(request.path)
    rel = cs.relative(request.path, root)
    target = request.output or request.check
    repo, graph = load(request.path, say, request.env, verbose=None)  # `ci` has no --verbose
    refuse_without_stacks(request.path, repo)
    selection = Selection.of(
        select=request.select,
        exclude=request.exclude,
        changed_since=request.changed_since,
        env=request.env,
        since_deployed=request.since_deployed,
    )
    chosen = choose(repo, graph, selection, say).ids
    if request.env is None:
        stackless_note(repo, say)  # the projects it makes no job for, as plan names them
    if request.review_envs is not None and not any(s.name == request.review_envs for s in repo.stacks):
        names = ", ".join(sorted({s.name for s in repo.stacks})) or "none"
        raise UsageError(
            f"--review-envs {request.review_envs}: no stack file Pulumi.{request.review_envs}.yaml to copy; "
            f"the stack names are: {names}"
        )
    manual = _matched(repo, graph, (request.manual,), "--manual", say) if request.manual else None
    _matched(repo, graph, request.review_share, "--review-share", say)  # checked here, not first in CI
    options = CiOptions(
        system=kind,
        path=rel,
        command=cs.command_line(kind.value, rel, request.command_flags()),
        child_command=cs.command_line(kind.value, rel, request.command_flags(child=True)),
        pipeline_file=cs.relative(target, root) if target is not None else cs.DEFAULT_FILE[kind.value],
        branch=request.branch,
        backend_secret=request.backend_secret,
        passphrase_secret=request.passphrase_secret,
        setup=cs.detect_setup(repo, root, request.setup),
        granularity=Granularity(request.granularity),
        environment=request.environment,
        image=request.image,
        service_account=request.service_account,
        template=request.template,
        version=__version__,
        create_stacks=not request.no_create_stacks,
        review=request.review(),
        select=request.select,
        exclude=request.exclude,
        env=request.env,
        base=request.base or "before",
    )
    for warning in cs.setup_warnings(options.setup):
        say(f"stackgraph: warning: {warning}")
    every = frozenset(s.id for s in repo.stacks) if chosen is None else chosen
    resource = _pools_across_jobs(repo, graph, every, options, say)
    if resource:
        options = replace(options, resource=resource)
    return build_pipeline(make_plan(repo, graph, chosen), options, manual or frozenset())


def _pools_across_jobs(
    repo: Repo, graph: StackGraph, chosen: frozenset[StackId], options: CiOptions, say: Say
) -> dict[StackId, str]:
    """Check the pools of stackgraph.yaml (InputError: a selector is wrong) and keep what a job-per-stack pipeline
    can keep: on GitLab (Argo), a pool of limit 1 becomes the resource group (mutex) of its stacks' jobs (tasks): one
    at a time, across pipelines too; returns those stacks with their pool. Warn about the rest: a pool holds within
    one stackgraph run, and CI systems have no counting semaphore across jobs (GitHub's concurrency groups cancel
    what waits; a GitLab job takes one resource group). A job per level runs its level in one run, where the pools
    hold."""
    from stackgraph.config import load_settings
    from stackgraph.graph.select import pool_members

    pools = pool_members(repo, graph, load_settings(Path(repo.root)))  # checked whatever the granularity
    if options.granularity is not Granularity.STACK:
        return {}
    held = [(name, limit, m & chosen) for name, limit, m in pools if len(m & chosen) > limit]
    resource: dict[StackId, str] = {}
    if options.system in (System.GITLAB, System.ARGO):
        for name, limit, members in held:
            if limit == 1:
                for sid in sorted(members):
                    resource.setdefault(sid, name)  # a stack in two such pools takes the first by name
    over = [
        f"{name} (limit {limit}, {len(members)} stacks)"
        for name, limit, members in held
        if any(resource.get(sid) != name for sid in members)
    ]
    if over:
        kept = " (a pool of limit 1 is kept, as the GitLab resource group or Argo mutex of its jobs)"
        kept = kept if resource else ""
        say(
            f"stackgraph: warning: pools of stackgraph.yaml hold within one stackgraph run, and each job of this "
            f"pipeline runs one stack: {', '.join(over)} may run more stacks at a time than the limit, as their "
            f"dependencies allow{kept}; `--granularity level` runs each level in one job, where the pools hold"
        )
    return resource


def _matched(repo: Repo, graph: StackGraph, exprs: tuple[str, ...], flag: str, say: Say) -> frozenset[StackId]:
    """The stacks `exprs` select; raises `UsageError` naming `flag` (the selection language names --select)."""
    from stackgraph.graph.select import select

    if not exprs:
        return frozenset()
    try:
        result = select(repo, graph, select=list(exprs))
    except UsageError as exc:
        raise UsageError(exc.message.replace("--select", flag, 1), file=exc.file, line=exc.line) from None
    for warning in result.warnings:
        say(f"stackgraph: warning: {warning}")
    return result.ids
