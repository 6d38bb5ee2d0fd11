"""The summary printed after a run: counts, failures with error and log, skips by cause, critical path.

Pure: the same result renders the same text; paths are relative to `root` when given.
"""

from __future__ import annotations

from pathlib import Path

from stackgraph.model import StackId
from stackgraph.results import RunResult, StackResult, Status, cause_text, failure_reason, fmt_s, printable, rel


def render_summary(result: RunResult, *, root: Path | None = None) -> str:
    """The final summary: counts, failures with error and log, skips by cause, critical path, locks."""
    by = {st: [s for s in result.stacks if s.status is st] for st in Status}
    counts = ", ".join(
        f"{len(by[st])} {st.value.replace('-', ' ')}"
        for st in (Status.SUCCEEDED, Status.FAILED, Status.CANCELLED, Status.SKIPPED, Status.NOT_STARTED)
        if by[st] or st in (Status.SUCCEEDED, Status.FAILED)
    )
    lines = [f"{result.command} summary: {counts} in {fmt_s(result.wall_s)} (parallelism {result.parallelism})"]
    for st in (Status.FAILED, Status.CANCELLED):
        for s in by[st]:
            lines.append(f"  {st.value} {s.id} after {fmt_s(s.duration_s)}: {failure_reason(s) or st.value}")
            lines.append(f"    log: {rel(s.log, root)}")
    for why, ids in _grouped(result, by[Status.SKIPPED] + by[Status.NOT_STARTED]):
        lines.append(f"  {why}: {', '.join(ids)}")
    if by[Status.SUCCEEDED]:
        done = ", ".join(f"{s.id} {fmt_s(s.duration_s)}" for s in by[Status.SUCCEEDED])
        lines.append(f"  succeeded: {done}")
    lines.extend(_critical(result))
    lines.extend(_locked(result))
    if result.log_dir is not None:
        lines.append(f"logs: {rel(result.log_dir, root)}")
    return "".join(printable(line) + "\n" for line in lines)  # no escape from a process's output reaches the terminal


def _grouped(result: RunResult, stacks: list[StackResult]) -> list[tuple[str, list[StackId]]]:
    groups: dict[str, list[StackId]] = {}
    for s in stacks:
        word = "skipped" if s.status is Status.SKIPPED else "not started"
        groups.setdefault(f"{word} because {cause_text(result, s)}", []).append(s.id)
    return sorted((why, sorted(ids)) for why, ids in groups.items())


def _critical(result: RunResult) -> list[str]:
    durations = {s.id: s.duration_s for s in result.stacks}
    if not result.critical_path:
        return []
    chain = " -> ".join(f"{sid} ({fmt_s(durations.get(sid))})" for sid in result.critical_path)
    total = sum(durations.get(sid) or 0.0 for sid in result.critical_path)
    return [f"critical path: {chain} = {fmt_s(total)}"]


def _locked(result: RunResult) -> list[str]:
    locked = [s for s in result.stacks if s.recovery]
    if not locked:
        return []
    lines = ["may be left locked (their engine was stopped before it could clean up); to recover, run:"]
    for s in locked:
        lines.append(f"  {s.id}: " + " && ".join(s.recovery))
    return lines
