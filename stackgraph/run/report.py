"""The run report (schema `stackgraph.run/v1`): render, write, and read back for durations.

Every run writes `.stackgraph/runs/<run id>.json` and `.stackgraph/runs/last.json`;
`--report FILE` writes the same document to FILE. The next run of the same command
reads the durations of succeeded stacks from the newest reports to order the ready
queue. Paths in the report are relative to the scanned folder (POSIX), timestamps are
ISO 8601 in UTC with milliseconds. The report holds no output of the engines, only
statuses, the one-line error and the job's summary (counts), so no secret can leak.
The reports and log folders of the newest KEEP_RUNS runs are kept, older ones removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from stackgraph.model import StackId
from stackgraph.run.types import RunResult, StackResult

SCHEMA = "stackgraph.run/v1"
RUNS_DIR = Path(".stackgraph") / "runs"
LAST = "last.json"
_HISTORY = 20  # reports read back for durations


def iso(t: float | None) -> str | None:
    """ISO 8601 in UTC with milliseconds, or None."""
    if t is None:
        return None
    return datetime.fromtimestamp(t, tz=timezone.utc).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def to_json(result: RunResult, *, root: Path | None = None) -> dict[str, Any]:
    """The report as plain data; `root` makes log paths relative to it."""
    return {
        "schema": SCHEMA,
        "command": result.command,
        "started_at": iso(result.started_at),
        "ended_at": iso(result.ended_at),
        "wall_s": round(result.wall_s, 3),
        "parallelism": result.parallelism,
        "stacks": [_stack(s, root) for s in result.stacks],
    }


def _stack(s: StackResult, root: Path | None) -> dict[str, Any]:
    summary = dict(s.summary)
    if s.error:
        summary["error"] = s.error
    if s.attempts > 1:
        summary["attempts"] = s.attempts
    if s.recovery:
        summary["recovery"] = list(s.recovery)
    duration = s.duration_s
    return {
        "id": s.id,
        "status": s.status.value,
        "cause": s.cause,
        "started_at": iso(s.started_at),
        "ended_at": iso(s.ended_at),
        "duration_s": None if duration is None else round(duration, 3),
        "log": _rel(s.log, root) if s.log is not None and s.started_at is not None else None,
        "summary": summary,
    }


def _rel(path: Path, root: Path | None) -> str:
    if root is not None:
        try:
            return path.relative_to(root).as_posix()
        except ValueError:
            pass
    return path.as_posix()


def render_report(result: RunResult, *, root: Path | None = None) -> str:
    """The report as JSON text (2-space indent, trailing newline)."""
    return json.dumps(to_json(result, root=root), indent=2) + "\n"


def write_atomic(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file in the same folder; raises OSError."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
        Path(tmp).replace(path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def save_history(result: RunResult, root: Path) -> Path:
    """Write `<root>/.stackgraph/runs/<run id>.json` and `last.json`; return the first. Raises OSError."""
    text = render_report(result, root=root)
    runs = root / RUNS_DIR
    path = runs / f"{result.run_id}.json"
    write_atomic(path, text)
    write_atomic(runs / LAST, text)
    return path


KEEP_RUNS = 50
"""Runs whose report and logs are kept under .stackgraph (`STACKGRAPH_KEEP_RUNS` overrides; 0 keeps all)."""
_RUN_ID = re.compile(r"^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{4}$")
LOGS_DIR = Path(".stackgraph") / "logs"


def keep_runs() -> int:
    """How many runs to keep: `STACKGRAPH_KEEP_RUNS` when it is a whole number, else KEEP_RUNS."""
    raw = os.environ.get("STACKGRAPH_KEEP_RUNS", "").strip()
    return int(raw) if raw.isdigit() else KEEP_RUNS


def prune_runs(root: Path, keep: int, current: str) -> list[str]:
    """Remove the reports and log folders of all but the `keep` newest runs (never `current`).

    Only names of the form of a run id are touched; anything else in those folders stays.
    Returns the run ids removed. Never raises: a file that cannot be removed is left.
    """
    if keep <= 0:
        return []
    runs, logs = root / RUNS_DIR, root / LOGS_DIR
    ids: set[str] = set()
    for folder, suffix in ((runs, ".json"), (logs, "")):
        try:
            names = [e.name for e in os.scandir(folder)]
        except OSError:
            continue
        for name in names:
            run_id = name.removesuffix(suffix) if suffix else name
            if (not suffix or name.endswith(suffix)) and _RUN_ID.match(run_id):
                ids.add(run_id)
    old = [r for r in sorted(ids, reverse=True)[keep:] if r != current]
    for run_id in old:
        with contextlib.suppress(OSError):
            (runs / f"{run_id}.json").unlink(missing_ok=True)
        if (logs / run_id).is_dir() and not (logs / run_id).is_symlink():
            shutil.rmtree(logs / run_id, ignore_errors=True)
    return old


def load_durations(root: Path, command: str) -> dict[StackId, float]:
    """Durations of succeeded stacks in the newest reports of `command`, newest first wins.

    Unreadable or foreign files are ignored: durations only order the queue.
    """
    runs = root / RUNS_DIR
    try:
        names = sorted((p for p in runs.glob("*.json") if p.name != LAST), reverse=True)[:_HISTORY]
    except OSError:
        return {}
    out: dict[StackId, float] = {}
    for path in names:
        for sid, seconds in _durations(path, command).items():
            out.setdefault(sid, seconds)
    return out


def _durations(path: Path, command: str) -> dict[StackId, float]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("schema") != SCHEMA or data.get("command") != command:
        return {}
    out: dict[StackId, float] = {}
    for s in data.get("stacks") or []:
        if isinstance(s, dict) and s.get("status") == "succeeded" and isinstance(s.get("duration_s"), (int, float)):
            out[StackId(str(s.get("id")))] = float(s["duration_s"])
    return out


def weights_for(nodes: list[StackId], known: dict[StackId, float]) -> dict[StackId, float] | None:
    """Weights for the ready queue: known durations, the mean of them for the others; None if none known."""
    found = [known[s] for s in nodes if s in known]
    if not found:
        return None
    mean = sum(found) / len(found)
    return {s: known.get(s, mean) for s in nodes}


def cause_text(result: RunResult, stack: StackResult) -> str:
    """Why a stack did not run, e.g. 'net/prod failed' or 'the run was interrupted'."""
    if stack.cause is not None:
        cause = next((s for s in result.stacks if s.id == stack.cause), None)
        verb = "was cancelled" if cause is not None and cause.status.value == "cancelled" else "failed"
        return f"{stack.cause} {verb}"
    if result.interrupted:
        return "the run was interrupted"
    return "--fail-fast stopped the run"
