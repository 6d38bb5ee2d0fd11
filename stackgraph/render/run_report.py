"""The run report (schema `stackgraph.run/v1`) as JSON text: pure.

Paths in the report are relative to the scanned folder (POSIX), timestamps are ISO
8601 in UTC with milliseconds. The report holds no output of the engines, only
statuses, the one-line error and the job's summary (counts), so no secret can leak. Per stack,
`inputs` (the digests of its project's files, its stack file and each upstream's outputs when it
ran) and `outputs` (the digest of its outputs after it succeeded) are digests only: what
`--resume` compares. A stack `--resume` passed over is `skipped` with cause `resumed` and
`resumed_from` the run it succeeded in.
The same result renders the same bytes.
"""

from __future__ import annotations

import json
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from stackgraph.files import shown_json
from stackgraph.results import REPORT_SCHEMA, RESUMED, RunResult, StackResult


def iso(t: float | None) -> str | None:
    """Format epoch seconds as ISO 8601 in UTC with milliseconds, or None."""
    if t is None:
        return None
    return datetime.fromtimestamp(t, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def to_json(result: RunResult, *, root: Path | None = None) -> dict[str, Any]:
    """Return the report as plain data; `root` makes log paths relative to it."""
    return {
        "schema": REPORT_SCHEMA,
        "command": result.command,
        "started_at": iso(result.started_at),
        "ended_at": iso(result.ended_at),
        "wall_s": round(result.wall_s, 3),
        "parallelism": result.parallelism,
        "stacks": [_stack(s, root) for s in result.stacks],
    } | ({"resumed_from": result.resumed_from} if result.resumed_from else {})


def _stack(s: StackResult, root: Path | None) -> dict[str, Any]:
    summary = dict(s.summary)
    if s.error:
        summary["error"] = s.error
    if s.attempts > 1:
        summary["attempts"] = s.attempts
    if s.recovery:
        summary["recovery"] = list(s.recovery)
    duration = s.duration_s
    extra: dict[str, Any] = {}
    if s.resumed is not None:
        extra["resumed_from"] = s.resumed
    if s.inputs is not None:
        extra["inputs"] = s.inputs.to_json()
    if s.outputs is not None:
        extra["outputs"] = s.outputs
    return {
        "id": s.id,
        "status": s.status.value,
        "cause": RESUMED if s.resumed is not None else s.cause,
        "started_at": iso(s.started_at),
        "ended_at": iso(s.ended_at),
        "duration_s": None if duration is None else round(duration, 3),
        "log": _rel(s.log, root) if s.log is not None and s.started_at is not None else None,
        "summary": summary,
    } | extra


def _rel(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def render_report(result: RunResult, *, root: Path | None = None) -> str:
    """Render the report as JSON text (2-space indent, trailing newline)."""
    return shown_json(json.dumps(to_json(result, root=root), indent=2)) + "\n"
