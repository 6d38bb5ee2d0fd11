"""The run history: write run reports atomically, prune old runs, read durations back.

The report is rendered by render/run_report.py (schema `stackgraph.run/v1`); the
application layer writes it to `.stackgraph/runs/<run id>.json` and `last.json`
(and to `--report FILE`). The next run of the same command reads the durations of
succeeded stacks from the newest reports to order the ready queue.
The reports and log folders of the newest KEEP_RUNS runs are kept, older ones removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import tempfile
from pathlib import Path
from typing import Any

from stackgraph.errors import UsageError
from stackgraph.model import StackId
from stackgraph.results import REPORT_SCHEMA
from stackgraph.statedir import location

RUNS_DIR = "runs"  # in the state folder (statedir.py)
LAST = "last.json"
_HISTORY = 20  # reports read back for durations


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


def save_history(text: str, run_id: str, root: Path) -> Path:
    """Write the rendered report `text` to `<root>/.stackgraph/runs/<run id>.json` and `last.json`.

    Returns the first path. Raises OSError.
    """
    runs = location(root) / RUNS_DIR
    path = runs / f"{run_id}.json"
    write_atomic(path, text)
    write_atomic(runs / LAST, text)
    return path


KEEP_RUNS = 50
"""Runs whose report and logs are kept under .stackgraph (`STACKGRAPH_KEEP_RUNS` overrides; 0 keeps all)."""
_RUN_ID = re.compile(r"^\d{8}T\d{6}\.\d{3}Z-[0-9a-f]{4}$")
LOGS_DIR = "logs"


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
    runs, logs = location(root) / RUNS_DIR, location(root) / LOGS_DIR
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
    runs = location(root) / RUNS_DIR
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
    if not isinstance(data, dict) or data.get("schema") != REPORT_SCHEMA or data.get("command") != command:
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


def find_run(root: Path, command: str, run_id: str | None) -> tuple[str, dict[str, Any]]:
    """The report of the run `--resume` continues: `run_id`, or the newest run of `command`.

    Returns (its run id, the report). Raises UsageError (one line, exit 2): no run of `command`
    in the history, no run `run_id`, a report that cannot be read, or a run of another command.
    """
    runs = location(root) / RUNS_DIR
    if run_id is not None:
        if not _RUN_ID.match(run_id):
            raise UsageError(
                f"--resume {run_id}: not a run id (like 20261205T120000.123Z-ab12); give PATH before "
                f"--resume, or one of the reports in {runs}"
            )
        path = runs / f"{run_id}.json"
        data = _report(path)
        if data is None and path.exists():
            raise UsageError(f"--resume {run_id}: {path} cannot be read as a run report; pass another run")
        if data is None:
            raise UsageError(f"--resume {run_id}: no such run in {runs}; pass the id of one of its reports")
        if data.get("command") != command:
            raise UsageError(
                f"--resume {run_id}: that run was `{data.get('command')}`, not `{command}`; "
                f"pass a run of `{command}`, or run `stackgraph {data.get('command')} --resume {run_id}`"
            )
        return run_id, data
    for path in _reports(runs):
        data = _report(path)
        if data is not None and data.get("command") == command:
            return path.stem, data
    raise UsageError(
        f"--resume: no earlier `{command}` run in {runs} to resume; run `stackgraph {command}` without --resume"
    )


def _reports(runs: Path) -> list[Path]:
    """The reports of the history, newest first (only names of the form of a run id)."""
    try:
        return sorted((p for p in runs.glob("*.json") if _RUN_ID.match(p.stem)), reverse=True)
    except OSError:
        return []


def _report(path: Path) -> dict[str, Any] | None:
    """A run report, or None when it is missing, unreadable or not a `stackgraph.run/v1` report."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("schema") != REPORT_SCHEMA:
        return None
    return data


def known_outputs(root: Path) -> dict[StackId, str]:
    """The newest digest of each stack's outputs in the newest reports (of any command), newest first wins.

    Unreadable or foreign files are ignored: a digest unknown here is only read again.
    """
    out: dict[StackId, str] = {}
    for path in _reports(location(root) / RUNS_DIR)[:_HISTORY]:
        data = _report(path) or {}
        for s in data.get("stacks") or []:
            if isinstance(s, dict) and isinstance(s.get("outputs"), str):
                out.setdefault(StackId(str(s.get("id"))), s["outputs"])
    return out


def later_runs(root: Path, run_id: str) -> list[tuple[str, dict[str, Any]]]:
    """The readable reports of the runs after `run_id` (any command), oldest first."""
    newer = sorted(p for p in _reports(location(root) / RUNS_DIR) if p.stem > run_id)
    return [(p.stem, data) for p in newer if (data := _report(p)) is not None]


def applied_runs(root: Path) -> list[tuple[str, dict[str, Any]]]:
    """The readable reports of the `up` runs of the history, newest first (a saved plan's apply is one)."""
    found = ((p.stem, _report(p)) for p in _reports(location(root) / RUNS_DIR))
    return [(run, data) for run, data in found if data is not None and data.get("command") == "up"]
