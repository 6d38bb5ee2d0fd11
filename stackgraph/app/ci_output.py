"""What a run leaves for people in CI: annotations, the markdown summary, the step summary.

`ci_system` decides the CI system (`--ci`, else detected from the environment); `ci_display`
gives its display (GitHub groups, GitLab sections) or None outside CI. After the run,
`after_run` prints GitHub's annotations, renders the markdown summary once, writes it to
`--markdown FILE` and, inside GitHub Actions, appends it to `$GITHUB_STEP_SUMMARY` (kept under
GitHub's 1 MiB: a note instead when the file would grow past it). Outside CI and without
`--markdown` it does nothing at all, so the output of a run stays what it was.
"""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from stackgraph.ci.output import STEP_SUMMARY_LIMIT, CiSystem, detect_ci
from stackgraph.errors import StackgraphError, UsageError
from stackgraph.model import Repo, StackId
from stackgraph.results import RunResult

if TYPE_CHECKING:
    from stackgraph.app.settings import RunSettings, Say, Selection
    from stackgraph.graph.dag import StackGraph
    from stackgraph.graph.diff import GraphDiff
    from stackgraph.run.executor import Observer


def ci_system(settings: RunSettings, environ: Mapping[str, str] | None = None) -> CiSystem:
    """`--ci` when given, else the system the environment names; raises UsageError for an unknown name."""
    try:
        return detect_ci(os.environ if environ is None else environ, settings.ci)
    except ValueError:
        names = ", ".join(c.value for c in CiSystem)
        raise UsageError(f"--ci {settings.ci}: choose one of {names}") from None


def ci_display(ci: CiSystem, root: Path) -> Observer | None:
    """The display of the run inside `ci`; None outside CI."""
    from stackgraph.run.ci_display import make_ci_display

    return make_ci_display(ci, root=root)


@dataclass(frozen=True)
class RunFacts:
    """What the run flow knows that the summary shows, besides the result."""

    path: Path  # as the user gave it
    root: Path
    repo: Repo
    full: StackGraph
    edges: Sequence[tuple[StackId, StackId]] = ()  # among the planned stacks
    why: Mapping[StackId, tuple[str, ...]] = field(default_factory=dict)
    event_logs: Mapping[StackId, Path] = field(default_factory=dict)


def after_run(
    result: RunResult, facts: RunFacts, *, ci: CiSystem, settings: RunSettings, selection: Selection | None, say: Say
) -> None:
    """Annotate (GitHub), write `--markdown FILE` and the step summary (GitHub); nothing else."""
    if ci is CiSystem.GITHUB:
        for line in github_annotations(result, facts):
            say(line)
    step_summary = os.environ.get("GITHUB_STEP_SUMMARY") if ci is CiSystem.GITHUB else None
    if settings.markdown is None and not step_summary:
        return
    text = markdown_summary(result, facts, selection, say)
    if settings.markdown is not None:
        from stackgraph.run.history import write_atomic

        try:
            write_atomic(settings.markdown, text)
        except OSError as exc:
            raise UsageError(f"{settings.markdown}: cannot write: {exc.strerror}; the run itself is over") from None
        say(f"stackgraph: wrote {settings.markdown}")
    if step_summary:
        append_step_summary(Path(step_summary), text, say)


def github_annotations(result: RunResult | None, facts: RunFacts) -> list[str]:
    """The annotation lines of a run, paths relative to $GITHUB_WORKSPACE (else the working folder)."""
    from stackgraph.ci.output import annotation_lines
    from stackgraph.render.ci_annotations import Place, run_annotations

    workspace = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()
    prefix = os.path.relpath(facts.root, workspace).replace(os.sep, "/")
    place = Place("" if prefix == "." else prefix, facts.root.as_posix(), facts.repo.stack_by_id())
    return annotation_lines(run_annotations(result, facts.repo.diagnostics, place))


def error_annotation(error: StackgraphError, path: object, forced: object) -> str | None:
    """Inside GitHub Actions, the `::error` line of a bad-input error that names a file; else None.

    `path` is the scanned folder the command got (the error's file is relative to it) and
    `forced` the value of `--ci`; both as the command line gave them (anything else is ignored).
    """
    from stackgraph.ci.output import Annotation, Level, annotation_line

    if error.file is None or error.exit_code != 2:
        return None
    try:
        ci = detect_ci(os.environ, forced if isinstance(forced, str) else None)
    except ValueError:
        return None
    if ci is not CiSystem.GITHUB:
        return None
    folder = Path(path) if isinstance(path, (str, Path)) else Path()
    workspace = Path(os.environ.get("GITHUB_WORKSPACE") or Path.cwd()).resolve()
    where = Path(error.file) if Path(error.file).is_absolute() else folder.resolve() / error.file
    rel = os.path.relpath(where, workspace).replace(os.sep, "/")
    return annotation_line(Annotation(Level.ERROR, error.message, rel, error.line, "stackgraph: bad input"))


def markdown_summary(result: RunResult, facts: RunFacts, selection: Selection | None, say: Say) -> str:
    """Render the markdown summary of the run (see render/markdown_summary.py)."""
    from stackgraph.render.markdown_summary import (
        ResourceChange,
        SummaryInput,
        render_markdown_summary,
    )

    resources: dict[StackId, list[ResourceChange]] = {}
    if result.command == "preview":
        from stackgraph.run.pulumi.events import resource_steps

        for sid, log in facts.event_logs.items():
            resources[sid] = [ResourceChange(*step) for step in resource_steps(log)]
    doc = SummaryInput(
        result,
        root=facts.root,
        selection=selection_text(selection),
        why=facts.why,
        edges=facts.edges,
        resources=resources,
        diff=_diff(result, facts, selection, say),
        report=_report_path(facts.root, result.run_id) if result.run_id else None,
    )
    return render_markdown_summary(doc)


def _diff(result: RunResult, facts: RunFacts, selection: Selection | None, say: Say) -> GraphDiff | None:
    """For a preview with --changed-since: the graph changes since that base; None (said) when unknown."""
    ref = selection.changed_since if selection is not None else None
    if result.command != "preview" or ref is None:
        return None
    from stackgraph.app.diff import graph_diff

    try:
        return graph_diff(facts.path, ref, origin="--changed-since", head=(facts.repo, facts.full))
    except StackgraphError as exc:
        say(f"stackgraph: warning: the markdown summary has no graph changes: {exc}")
        return None


def selection_text(selection: Selection | None) -> str:
    """The selection options as a user would type them (empty: every stack)."""
    if selection is None:
        return ""
    parts = [f"--select {s}" for s in selection.select] + [f"--exclude {s}" for s in selection.exclude]
    if selection.changed_since is not None:
        parts.append(f"--changed-since {selection.changed_since}")
    if selection.since_deployed:
        parts.append("--since-deployed")
    if selection.no_dependents:
        parts.append("--no-dependents")
    if selection.env is not None:
        parts.append(f"--env {selection.env}")
    return " ".join(parts)


def append_step_summary(path: Path, text: str, say: Say) -> None:
    """Append `text` to GitHub's step summary file unless that would take it past 1 MiB (a note then)."""
    try:
        size = path.stat().st_size if path.exists() else 0
        data = text.encode("utf-8") + b"\n"
        if size + len(data) > STEP_SUMMARY_LIMIT:
            say(
                f"stackgraph: warning: the markdown summary ({len(data):,} bytes) would take the step summary "
                f"past GitHub's 1 MiB ({size:,} bytes used); left out (use --markdown FILE to keep it)"
            )
            data = b"stackgraph: the summary was left out: the step summary would pass GitHub's 1 MiB.\n"
            if size + len(data) > STEP_SUMMARY_LIMIT:
                return
        with path.open("ab") as fh:
            fh.write(data)
    except OSError as exc:
        say(f"stackgraph: warning: cannot append to $GITHUB_STEP_SUMMARY ({path}): {exc.strerror}")


def _report_path(root: Path, run_id: str) -> str:
    """Where the run's report is saved, relative to the repository when inside it (STACKGRAPH_STATE_DIR may move it)."""
    from stackgraph.statedir import location

    path = location(root) / "runs" / f"{run_id}.json"
    return path.relative_to(root).as_posix() if path.is_relative_to(root) else path.as_posix()
