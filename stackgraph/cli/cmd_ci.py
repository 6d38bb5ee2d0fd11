"""`stackgraph ci github|gitlab|argo`: a CI pipeline with one job per stack, generated from the graph."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from stackgraph.cli.common import check_format, emit, eprint
from stackgraph.cli.handler import handle_errors
from stackgraph.cli.options import (
    ChangedSinceOpt,
    EnvOpt,
    ExcludeOpt,
    OutOpt,
    PathArg,
    SelectOpt,
    SinceDeployedOpt,
    complete_selector,
    format_option,
)
from stackgraph.errors import UsageError

SystemArg = Annotated[str, typer.Argument(help="The CI system: github, gitlab or argo.", show_default=False)]
CheckOpt = Annotated[
    Path | None,
    typer.Option("--check", metavar="FILE", help="Compare with the committed FILE: exit 1 and a diff when stale."),
]
BranchOpt = Annotated[str, typer.Option("--branch", metavar="NAME", help="The default branch: pushes to it deploy.")]
BackendOpt = Annotated[
    str, typer.Option("--backend-secret", metavar="NAME", help="The CI secret (variable) holding PULUMI_BACKEND_URL.")
]
PassphraseOpt = Annotated[
    str,
    typer.Option(
        "--passphrase-secret", metavar="NAME", help="The CI secret (variable) holding PULUMI_CONFIG_PASSPHRASE."
    ),
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
    str,
    typer.Option(
        "--granularity", metavar="stack|level", help="stack: one job per stack; level: one job per level of the plan."
    ),
]
EnvironmentOpt = Annotated[
    str,
    typer.Option(
        "--environment", metavar="NAME", help="The CI environment of a stack's job; {project} and {stack} are filled."
    ),
]
ManualOpt = Annotated[
    str | None,
    typer.Option(
        "--manual",
        metavar="EXPR",
        help="GitLab: the stacks EXPR selects wait for a person (when: manual).",
        autocompletion=complete_selector,
    ),
]
TemplateOpt = Annotated[bool, typer.Option("--template", help="Argo: a WorkflowTemplate instead of a Workflow.")]
ImageOpt = Annotated[
    str | None, typer.Option("--image", metavar="IMAGE", help="The container image of the jobs (GitLab, Argo).")
]
ServiceAccountOpt = Annotated[
    str | None,
    typer.Option("--service-account", metavar="NAME", help="Argo: the Kubernetes service account of the workflow."),
]
NoCreateOpt = Annotated[
    bool, typer.Option("--no-create-stacks", help="Fail on a stack missing in the backend instead of creating it.")
]
ParentOpt = Annotated[
    bool, typer.Option("--parent", help="GitLab: print the parent jobs that run the pipeline as a child pipeline.")
]
ReviewEnvsOpt = Annotated[
    str | None,
    typer.Option(
        "--review-envs",
        metavar="BASE",
        help="GitHub, GitLab (--parent): a pull request opened or updated stands up environment pr-<number> "
        "from the stacks named BASE (stackgraph env up) and comments its outputs; closed, it is taken down.",
    ),
]
ReviewShareOpt = Annotated[
    list[str] | None,
    typer.Option("--review-share", metavar="EXPR", help="With --review-envs: env up --share EXPR (repeatable)."),
]
ReviewTtlOpt = Annotated[
    str,
    typer.Option("--review-ttl", metavar="DURATION", help="With --review-envs: env up --ttl (GitLab: auto_stop_in)."),
]
BaseOpt = Annotated[
    str | None,
    typer.Option(
        "--base",
        metavar="before|deployed",
        help="What a push to the default branch deploys: before (what changed since the previous push) or "
        "deployed (what changed since each stack's last successful deployment, so a failed deployment is taken "
        "again by the next push; the selecting job asks the backend). GitHub, and GitLab with --parent. "
        "[default: before]",
    ),
]
MaxJobsOpt = Annotated[
    int | None,
    typer.Option(
        "--max-jobs", metavar="N", help="The most jobs one pipeline may have (default: github 256, gitlab 500)."
    ),
]


@handle_errors
def ci(
    system: SystemArg,
    path: PathArg = Path(),
    select: SelectOpt = None,
    exclude: ExcludeOpt = None,
    changed_since: ChangedSinceOpt = None,
    since_deployed: SinceDeployedOpt = False,
    env: EnvOpt = None,
    format: Annotated[str, format_option("yaml", note="the pipeline file of SYSTEM")] = "yaml",
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
    review_envs: ReviewEnvsOpt = None,
    review_share: ReviewShareOpt = None,
    review_ttl: ReviewTtlOpt = "72h",
    base: BaseOpt = None,
) -> None:
    """Write a CI pipeline for PATH: one job per stack whose needs are its dependencies (github, gitlab, argo)."""
    from stackgraph.app.ci import CiRequest, make_pipeline
    from stackgraph.ci.generate import render, warnings

    check_format(format, ("yaml",))
    request = CiRequest(
        system=system, path=path, select=tuple(select or ()), exclude=tuple(exclude or ()),
        changed_since=changed_since, since_deployed=since_deployed, env=env, output=output, check=check, branch=branch,
        backend_secret=backend_secret, passphrase_secret=passphrase_secret, setup=tuple(setup or ()),
        granularity=granularity, environment=environment, manual=manual, template=template, image=image,
        service_account=service_account, no_create_stacks=no_create_stacks, parent=parent, max_jobs=max_jobs,
        review_envs=review_envs, review_share=tuple(review_share or ()), review_ttl=review_ttl, base=base,
    ).validated()  # fmt: skip
    pipeline = make_pipeline(request, eprint)
    if output is not None:  # the docs' first step writes .github/workflows/ in a repository without it
        try:
            output.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise UsageError(f"{output}: cannot make its folder: {exc.strerror}; choose another --output") from None
    if parent:
        from stackgraph.ci.gitlab import render_parent

        emit(render_parent(pipeline.options), output)
        return
    text = render(pipeline, max_jobs)
    for line in warnings(pipeline):
        eprint(f"stackgraph: warning: {line}")
    if check is None:
        emit(text, output)
        return
    from stackgraph.ci.fresh import stale_diff

    diff = stale_diff(pipeline.options.system, text, check, pipeline.options.command)
    if not diff:
        eprint(f"stackgraph: {check} matches the graph")
        return
    emit(diff, None)
    eprint(
        f"stackgraph: {check} no longer matches the graph; run `{pipeline.options.command} -o {check}` and commit it"
    )
    raise typer.Exit(1)
