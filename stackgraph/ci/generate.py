"""Render a pipeline for one CI system, holding it to the limits that system enforces.

Raises `GraphError` (exit 2, one line) when the graph cannot be expressed: more jobs than the
system runs, or a file larger than it accepts. Renderers are imported only for the system asked.
"""

from __future__ import annotations

from collections.abc import Callable

from stackgraph.ci.model import Granularity, Pipeline, System
from stackgraph.errors import GraphError

# Jobs a run may have by default: GitHub documents 256 jobs for a matrix and we hold every workflow to
# it; GitLab.com allows 500 (Free) to 2,000 (Ultimate) jobs per pipeline; Argo has no job count limit.
MAX_JOBS = {System.GITHUB: 256, System.GITLAB: 500, System.ARGO: 0}
# GitHub: "A workflow file larger than 500 KB will not start runs" (Actions limits). Argo keeps a Workflow
# in one Kubernetes object (etcd's 1.5 MiB request limit), so 1 MiB leaves room for its status.
MAX_BYTES = {System.GITHUB: 500 * 1024, System.GITLAB: 0, System.ARGO: 1024 * 1024}
SERVICE_JOBS = {System.GITHUB: 3, System.GITLAB: 0, System.ARGO: 0}
REVIEW_JOBS = {System.GITHUB: 2, System.GITLAB: 0, System.ARGO: 0}  # GitLab's are in the parent jobs


def job_count(pipeline: Pipeline) -> int:
    """The number of jobs the rendered pipeline has (stack or level jobs, plus the system's own)."""
    options = pipeline.options
    units = len(pipeline.levels) if options.granularity is Granularity.LEVEL else len(pipeline.jobs)
    review = REVIEW_JOBS[options.system] if options.review is not None else 0
    return units + SERVICE_JOBS[options.system] + review


def render(pipeline: Pipeline, max_jobs: int | None = None) -> str:
    """Return the pipeline file of `pipeline.options.system`; raises `GraphError` past the system's limits."""
    system = pipeline.options.system
    limit = MAX_JOBS[system] if max_jobs is None else max_jobs
    count = job_count(pipeline)
    if limit and count > limit:
        hint = "" if system is System.ARGO else "--granularity level (one job per level), "
        raise GraphError(
            f"{count} jobs are more than {system.value} runs in one pipeline ({limit}); use {hint}"
            "--select/--env to split the graph into several pipelines, or --max-jobs N if your instance allows more"
        )
    text = _renderer(system)(pipeline)
    size = len(text.encode())
    if MAX_BYTES[system] and size > MAX_BYTES[system]:
        raise GraphError(
            f"the {system.value} pipeline would be {size // 1024} KB, more than {system.value} accepts "
            f"({MAX_BYTES[system] // 1024} KB); use --granularity level or --select/--env to split the graph"
        )
    return text


def warnings(pipeline: Pipeline) -> list[str]:
    """What the rendered pipeline does differently from the graph, one line each (GitLab's needs limit)."""
    if pipeline.options.system is not System.GITLAB:
        return []
    from stackgraph.ci.gitlab import MAX_NEEDS, stage_fallbacks  # noqa: PLC0415 - each system's renderer only when it is asked for

    return [
        f"{sid} has more than {MAX_NEEDS} dependencies (GitLab's limit of needs): "
        "its job waits for every job of the earlier stages instead"
        for sid in stage_fallbacks(pipeline)
    ]


def _renderer(system: System) -> Callable[[Pipeline], str]:
    """Import the renderer of `system` only (each module is pure and imports nothing heavy)."""
    if system is System.GITHUB:
        from stackgraph.ci.github import render_github  # noqa: PLC0415 - one system per command

        return render_github
    if system is System.GITLAB:
        from stackgraph.ci.gitlab import render_gitlab  # noqa: PLC0415 - each system's renderer only when it is asked for

        return render_gitlab
    from stackgraph.ci.argo import render_argo  # noqa: PLC0415 - each system's renderer only when it is asked for

    return render_argo
