"""The use case of `stackgraph ci`: a typed request -> the pipeline model (stackgraph/ci/ renders it).

`CiRequest` holds one command line's values; `make_pipeline` validates them (one-line `UsageError`,
exit 2), loads and selects the stacks through the application layer, detects the setup, and builds
the `Pipeline` the renderers read. Messages go through the `say` callback.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from stackgraph.ci import settings as cs
from stackgraph.ci.model import CiOptions, Granularity, Pipeline, Review, System, build_pipeline
from stackgraph.errors import UsageError

Say = Callable[[str], None]
SYSTEMS = tuple(s.value for s in System)
# Options that belong to one system only: giving one to another is a mistake worth a message.
ONLY = {"manual": System.GITLAB, "parent": System.GITLAB, "template": System.ARGO, "service_account": System.ARGO}
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

    def kind(self) -> System:
        """The CI system asked for; raises `UsageError` for an unknown one."""
        try:
            return System(self.system)
        except ValueError:
            raise UsageError(f"ci {self.system}: unknown CI system; choose one of {', '.join(SYSTEMS)}") from None

    def validated(self) -> CiRequest:
        """Return self; raises `UsageError` (one line naming the option) for a value that cannot work."""
        kind = self.kind()
        for name, owner in ONLY.items():
            if getattr(self, name) and kind is not owner:
                flag = "--" + name.replace("_", "-")
                raise UsageError(f"{flag} is an option of `stackgraph ci {owner.value}`, not of {kind.value}")
        if self.granularity not in {g.value for g in Granularity}:
            raise UsageError(f"--granularity {self.granularity}: choose stack or level")
        if self.output is not None and self.check is not None:
            raise UsageError("--output and --check: give one (write the file, or compare with it)")
        self._review_validated(kind)
        if self.max_jobs is not None and self.max_jobs < 0:
            raise UsageError(f"--max-jobs {self.max_jobs}: give a number of jobs, or 0 for no limit")
        return self

    def _review_validated(self, kind: System) -> None:
        from stackgraph.app.envs import validate_name
        from stackgraph.envplan import parse_duration

        if self.review_envs is None:
            if self.review_share or self.review_ttl != DEFAULTS["review_ttl"]:
                raise UsageError("--review-share and --review-ttl go with --review-envs BASE; add it or drop them")
            return
        if kind is System.ARGO:
            raise UsageError("--review-envs is an option of `stackgraph ci github` and `ci gitlab`, not of argo")
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

    def command_flags(self) -> list[tuple[str, str | None]]:
        """The options that differ from their defaults, in a fixed order, as written on a command line.

        `--output`, `--check` and `--parent` are left out: the command regenerates the same pipeline.
        """
        values: dict[str, object] = {
            "select": list(self.select), "exclude": list(self.exclude), "changed_since": self.changed_since,
            "env": self.env, "branch": self.branch, "backend_secret": self.backend_secret,
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
    from stackgraph.app.load import load
    from stackgraph.app.settings import Selection
    from stackgraph.plan import make_plan

    kind = request.validated().kind()
    root = cs.repo_root(request.path)
    rel = cs.relative(request.path, root)
    target = request.output or request.check
    repo, graph = load(request.path, say, request.env)
    selection = Selection.of(
        select=request.select, exclude=request.exclude, changed_since=request.changed_since, env=request.env
    )
    chosen = choose(repo, graph, selection, say).ids
    if request.review_envs is not None and not any(s.name == request.review_envs for s in repo.stacks):
        names = ", ".join(sorted({s.name for s in repo.stacks})) or "none"
        raise UsageError(
            f"--review-envs {request.review_envs}: no stack file Pulumi.{request.review_envs}.yaml to copy; "
            f"the stack names are: {names}"
        )
    manual = choose(repo, graph, Selection.of(select=[request.manual]), say).ids if request.manual else None
    options = CiOptions(
        system=kind,
        path=rel,
        command=cs.command_line(kind.value, rel, request.command_flags()),
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
    )
    return build_pipeline(make_plan(repo, graph, chosen), options, manual or frozenset())
