"""`stackgraph ci github|gitlab|argo`: a CI pipeline with one job per stack, generated from the graph."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from stackgraph.cli.common import emit, eprint
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import ChangedSinceOpt, EnvOpt, ExcludeOpt, OutOpt, PathArg, SelectOpt

if TYPE_CHECKING:
    from stackgraph.ci.model import CiOptions, System

SYSTEMS = ("github", "gitlab", "argo")

SystemArg = Annotated[str, typer.Argument(help="The CI system: github, gitlab or argo.", show_default=False)]
CheckOpt = Annotated[
    Path | None,
    typer.Option("--check", metavar="FILE", help="Compare with the committed FILE: exit 1 and a diff when stale."),
]
BranchOpt = Annotated[str, typer.Option("--branch", help="The default branch: pushes to it deploy.")]
BackendOpt = Annotated[
    str, typer.Option("--backend-secret", help="The CI secret (variable) holding PULUMI_BACKEND_URL.")
]
PassphraseOpt = Annotated[
    str, typer.Option("--passphrase-secret", help="The CI secret (variable) holding PULUMI_CONFIG_PASSPHRASE.")
]
SetupOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--setup",
        metavar="CMD",
        help="A shell command each job runs to install stackgraph, Pulumi and the programs' packages "
        "(repeatable; default: pip install stackgraph, the Pulumi CLI, npm ci / pip install -r of the programs, "
        "or scripts/setup in a clone of stackgraph).",
    ),
]
GranularityOpt = Annotated[
    str, typer.Option("--granularity", help="stack: one job per stack; level: one job per level of the plan.")
]
EnvironmentOpt = Annotated[
    str,
    typer.Option(
        "--environment", metavar="NAME", help="The CI environment of a stack's job; {project} and {stack} are filled."
    ),
]
ManualOpt = Annotated[
    str | None,
    typer.Option("--manual", metavar="EXPR", help="GitLab: the stacks EXPR selects wait for a person (when: manual)."),
]
TemplateOpt = Annotated[bool, typer.Option("--template", help="Argo: a WorkflowTemplate instead of a Workflow.")]
ImageOpt = Annotated[str | None, typer.Option("--image", help="The container image of the jobs (GitLab, Argo).")]
ServiceAccountOpt = Annotated[
    str | None, typer.Option("--service-account", help="Argo: the Kubernetes service account of the workflow.")
]
NoCreateOpt = Annotated[
    bool, typer.Option("--no-create-stacks", help="Fail on a stack missing in the backend instead of creating it.")
]
ParentOpt = Annotated[
    bool, typer.Option("--parent", help="GitLab: print the parent jobs that run the pipeline as a child pipeline.")
]
MaxJobsOpt = Annotated[
    int | None,
    typer.Option("--max-jobs", help="The most jobs one pipeline may have (default: github 256, gitlab 500)."),
]


@handle_errors
def ci(
    system: SystemArg,
    path: PathArg = Path(),
    select: SelectOpt = None,
    exclude: ExcludeOpt = None,
    changed_since: ChangedSinceOpt = None,
    env: EnvOpt = None,
    output: OutOpt = None,
    check: CheckOpt = None,
    branch: BranchOpt = "main",
    backend_secret: BackendOpt = "PULUMI_BACKEND_URL",
    passphrase_secret: PassphraseOpt = "PULUMI_CONFIG_PASSPHRASE",
    setup: SetupOpt = None,
    granularity: GranularityOpt = "stack",
    environment: EnvironmentOpt = "{stack}",
    manual: ManualOpt = None,
    template: TemplateOpt = False,
    image: ImageOpt = None,
    service_account: ServiceAccountOpt = None,
    no_create_stacks: NoCreateOpt = False,
    parent: ParentOpt = False,
    max_jobs: MaxJobsOpt = None,
) -> None:
    """Write a CI pipeline for PATH: one job per stack whose needs are its dependencies (github, gitlab, argo)."""
    from stackgraph.app.choose import choose  # noqa: PLC0415
    from stackgraph.app.load import load  # noqa: PLC0415
    from stackgraph.app.settings import Selection  # noqa: PLC0415
    from stackgraph.ci import settings as cs  # noqa: PLC0415
    from stackgraph.ci.generate import render  # noqa: PLC0415
    from stackgraph.ci.model import CiOptions, Granularity, build_pipeline  # noqa: PLC0415
    from stackgraph.errors import UsageError  # noqa: PLC0415
    from stackgraph.plan import make_plan  # noqa: PLC0415

    kind = _system(system)
    _check_flags(kind, manual=manual, template=template, service_account=service_account, parent=parent)
    try:
        grain = Granularity(granularity)
    except ValueError:
        raise UsageError(f"--granularity {granularity}: choose stack or level") from None
    if output is not None and check is not None:
        raise UsageError("--output and --check: give one (write the file, or compare with it)")
    root = cs.repo_root(path)
    rel = cs.relative(path, root)
    flags = _flags(
        select=select, exclude=exclude, changed_since=changed_since, env=env, branch=branch,
        backend_secret=backend_secret, passphrase_secret=passphrase_secret, setup=setup, granularity=grain.value,
        environment=environment, manual=manual, template=template, image=image, service_account=service_account,
        no_create_stacks=no_create_stacks, max_jobs=max_jobs,
    )  # fmt: skip
    target = output or check
    repo, graph = load(path, eprint, env)
    selection = Selection.of(select=select, exclude=exclude, changed_since=changed_since, env=env)
    chosen = choose(repo, graph, selection, eprint).ids
    manual_ids = choose(repo, graph, Selection.of(select=[manual]), eprint).ids if manual else None
    options = CiOptions(
        system=kind,
        path=rel,
        command=cs.command_line(kind.value, rel, flags),
        pipeline_file=cs.relative(target, root) if target is not None else cs.DEFAULT_FILE[kind.value],
        branch=branch,
        backend_secret=backend_secret,
        passphrase_secret=passphrase_secret,
        setup=cs.detect_setup(repo, root, tuple(setup or ())),
        granularity=grain,
        environment=environment,
        image=image,
        service_account=service_account,
        template=template,
        version=_version(),
        create_stacks=not no_create_stacks,
    )
    pipeline = build_pipeline(make_plan(repo, graph, chosen), options, manual_ids or frozenset())
    if parent:
        from stackgraph.ci.gitlab import render_parent  # noqa: PLC0415

        emit(render_parent(options), output)
        return
    text = render(pipeline, max_jobs)
    if kind.value == "gitlab":
        from stackgraph.ci.gitlab import MAX_NEEDS, stage_fallbacks  # noqa: PLC0415

        for sid in stage_fallbacks(pipeline):
            eprint(
                f"stackgraph: warning: {sid} has more than {MAX_NEEDS} dependencies (GitLab's limit of needs): "
                "its job waits for every job of the earlier stages instead"
            )
    if check is not None:
        _check(kind, text, check, options)
        return
    emit(text, output)


def _check(kind: System, text: str, file: Path, options: CiOptions) -> None:
    from stackgraph.ci.fresh import stale_diff  # noqa: PLC0415

    diff = stale_diff(kind, text, file, options.command)
    if not diff:
        eprint(f"stackgraph: {file} matches the graph")
        return
    typer.echo(diff, nl=False)
    eprint(f"stackgraph: {file} no longer matches the graph; run `{options.command} -o {file}` and commit it")
    raise typer.Exit(1)


def _system(value: str) -> System:
    from stackgraph.ci.model import System  # noqa: PLC0415
    from stackgraph.errors import UsageError  # noqa: PLC0415

    try:
        return System(value)
    except ValueError:
        raise UsageError(f"ci {value}: unknown CI system; choose one of {', '.join(SYSTEMS)}") from None


def _check_flags(
    kind: System, *, manual: str | None, template: bool, service_account: str | None, parent: bool
) -> None:
    """Options of one system given for another are mistakes: say which system they belong to."""
    from stackgraph.errors import UsageError  # noqa: PLC0415

    only = {"--manual": ("gitlab", manual), "--parent": ("gitlab", parent), "--template": ("argo", template),
            "--service-account": ("argo", service_account)}  # fmt: skip
    for flag, (owner, value) in only.items():
        if value and kind.value != owner:
            raise UsageError(f"{flag} is an option of `stackgraph ci {owner}`, not of {kind.value}")


def _flags(**values: object) -> list[tuple[str, str | None]]:
    """The options that differ from their defaults, in a fixed order, as they are written on a command line."""
    defaults: dict[str, object] = {
        "branch": "main", "backend_secret": "PULUMI_BACKEND_URL", "passphrase_secret": "PULUMI_CONFIG_PASSPHRASE",
        "granularity": "stack", "environment": "{stack}", "template": False, "no_create_stacks": False,
    }  # fmt: skip
    out: list[tuple[str, str | None]] = []
    for name, value in values.items():
        if value is None or value == defaults.get(name) or value == []:
            continue
        flag = "--" + name.replace("_", "-")
        if isinstance(value, bool):
            out.append((flag, None))
        elif isinstance(value, list):
            out += [(flag, str(v)) for v in value]
        else:
            out.append((flag, str(value)))
    return out


def _version() -> str:
    from stackgraph import __version__  # noqa: PLC0415

    return __version__
