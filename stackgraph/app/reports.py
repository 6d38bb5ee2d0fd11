"""Produce the reports of a run: the run history, `--report` (JSON) and `--junit` (XML); decide the exit.

The renderers are pure (render/run_report.py, render/junit.py); this module writes
their text. A history that cannot be saved is a warning (the run is over); a
`--report`/`--junit` file that cannot be written is a `UsageError`.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from stackgraph.errors import DeploymentFailed, Interrupted, UsageError
from stackgraph.results import RunResult, Status
from stackgraph.statedir import NAME

if TYPE_CHECKING:
    from stackgraph.app.settings import RunSettings, Say


def write_reports(result: RunResult, root: Path, settings: RunSettings, say: Say) -> None:
    """Save the run in `<root>/.stackgraph/runs`, prune old runs, write --report and --junit."""
    from stackgraph.render.junit import render_junit
    from stackgraph.render.run_report import render_report
    from stackgraph.run import history

    try:
        history.save_history(render_report(result, root=root), result.run_id, root)
    except OSError as exc:
        say(f"stackgraph: warning: cannot save the run in {root / NAME / 'runs'}: {exc.strerror}")
    history.prune_runs(root, history.keep_runs(), result.run_id)
    outputs = [(settings.report, render_report), (settings.junit, render_junit)]
    for target, render in outputs:
        if target is None:
            continue
        try:
            history.write_atomic(target, render(result, root=root))
        except OSError as exc:
            raise UsageError(f"{target}: cannot write: {exc.strerror}; the run itself is over") from None
        say(f"stackgraph: wrote {target}")


def check(result: RunResult) -> None:
    """Raise `Interrupted` (130) or `DeploymentFailed` (1) unless every stack succeeded."""
    counts = {st: sum(1 for s in result.stacks if s.status is st and s.resumed is None) for st in Status}
    if result.interrupted:
        raise Interrupted(
            f"interrupted: {counts[Status.CANCELLED]} stack(s) cancelled, {counts[Status.NOT_STARTED]} not started"
        )
    if not result.ok:
        parts = [
            f"{counts[st]} {st.value.replace('-', ' ')}"
            for st in (Status.FAILED, Status.CANCELLED, Status.SKIPPED, Status.NOT_STARTED)
            if counts[st]
        ]
        raise DeploymentFailed(f"{result.command} did not succeed: {', '.join(parts)} (see the summary above)")
