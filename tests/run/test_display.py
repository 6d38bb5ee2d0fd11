"""The summary and the plain lines (golden strings), the event-log counter, and the live view on a terminal."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
from pathlib import Path

from stackgraph.model import StackId
from stackgraph.render.run_summary import render_summary
from stackgraph.results import RunResult, StackResult, Status
from stackgraph.run.display import EventLogTail, PlainDisplay, count_pulumi_events
from tests.helpers.run_harness import FAKE, Bench

ROOT = Path("/repo")
LOGS = ROOT / ".stackgraph/logs/R"


def stack(sid: str, status: Status, start: float | None = None, end: float | None = None, **kw: object) -> StackResult:
    project, name = sid.split("/")
    log = LOGS / project / f"{name}.log"
    return StackResult(StackId(sid), status, started_at=start, ended_at=end, log=log, **kw)  # type: ignore[arg-type]


def result() -> RunResult:
    return RunResult(
        command="up",
        started_at=100.0,
        ended_at=112.5,
        parallelism=4,
        stacks=[
            stack("net/dev", Status.SUCCEEDED, 100.0, 103.2),
            stack("db/dev", Status.FAILED, 103.2, 105.0, error="up exited with code 255: error: boom"),
            stack("cluster/dev", Status.SUCCEEDED, 103.2, 112.4),
            stack(
                "web/dev",
                Status.CANCELLED,
                103.3,
                110.0,
                error="timed out after 6.7s",
                recovery=("pulumi cancel --yes -s dev", "pulumi refresh --clear-pending-creates --yes -s dev"),
            ),
            stack("api/dev", Status.SKIPPED, cause=StackId("db/dev")),
            stack("mon/dev", Status.SKIPPED, cause=StackId("db/dev")),
            stack("cdn/dev", Status.SKIPPED, cause=StackId("web/dev")),
        ],
        run_id="R",
        log_dir=LOGS,
        critical_path=[StackId("net/dev"), StackId("cluster/dev")],
    )


def test_summary() -> None:
    assert render_summary(result(), root=ROOT) == (
        "up summary: 2 succeeded, 1 failed, 1 cancelled, 3 skipped in 12.5s (parallelism 4)\n"
        "  failed db/dev after 1.8s: up exited with code 255: error: boom\n"
        "    log: .stackgraph/logs/R/db/dev.log\n"
        "  cancelled web/dev after 6.7s: timed out after 6.7s\n"
        "    log: .stackgraph/logs/R/web/dev.log\n"
        "  skipped because db/dev failed: api/dev, mon/dev\n"
        "  skipped because web/dev was cancelled: cdn/dev\n"
        "  succeeded: net/dev 3.2s, cluster/dev 9.2s\n"
        "critical path: net/dev (3.2s) -> cluster/dev (9.2s) = 12.4s\n"
        "may be left locked (their engine was stopped before it could clean up); to recover, run:\n"
        "  web/dev: pulumi cancel --yes -s dev && pulumi refresh --clear-pending-creates --yes -s dev\n"
        "logs: .stackgraph/logs/R\n"
    )


def test_plain_lines() -> None:
    out = io.StringIO()
    display = PlainDisplay(out, root=ROOT)
    run = result()
    for s in run.stacks:
        display.stack_ended(s)
    display.retrying(StackId("net/dev"), 2, "the stack is locked by another update", 2.0)
    lines = [ln[9:] for ln in out.getvalue().splitlines()]
    assert lines == [
        "done net/dev (succeeded, 3.2s)",
        "done db/dev (failed, 1.8s): up exited with code 255: error: boom",
        "done cluster/dev (succeeded, 9.2s)",
        "done web/dev (cancelled, 6.7s): timed out after 6.7s",
        "skip api/dev: db/dev failed",
        "skip mon/dev: db/dev failed",
        "skip cdn/dev: web/dev was cancelled",
        "retry net/dev (attempt 2) in 2s: the stack is locked by another update",
    ]


def test_event_log_counts_and_partial_lines(tmp_path: Path) -> None:
    log = tmp_path / "events.jsonl"
    pre = json.dumps({"resourcePreEvent": {"metadata": {"op": "create"}}})
    out = json.dumps({"resOutputsEvent": {"metadata": {"op": "create"}}})
    log.write_text(f"{pre}\n{pre}\n{out}\n{pre[:10]}")
    tail = EventLogTail(log, count_pulumi_events)
    assert tail.poll() == {"done": 1, "in progress": 1, "failed": 0}
    with log.open("a") as fh:
        fh.write(f"{pre[10:]}\nnot json\n")
    assert tail.poll() == {"done": 1, "in progress": 2, "failed": 0}
    assert EventLogTail(tmp_path / "missing", count_pulumi_events).poll() == {"done": 0, "in progress": 0, "failed": 0}


def test_a_terminal_gets_the_live_view(tmp_path: Path) -> None:
    bench = Bench(tmp_path, {"a/dev": [], "b/dev": ["a/dev"]}, {"*": {"sleep": 0.6}})
    main, sub = pty.openpty()
    env = bench.env() | {"TERM": "xterm", "COLUMNS": "120"}
    proc = subprocess.Popen(
        [sys.executable, "-m", "stackgraph", "run", str(bench.root), "--", sys.executable, str(FAKE)],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=sub,
        env=env,
    )
    os.close(sub)
    chunks = []
    while True:
        try:
            data = os.read(main, 4096)
        except OSError:
            break
        if not data:
            break
        chunks.append(data)
    assert proc.wait(timeout=30) == 0
    os.close(main)
    screen = b"".join(chunks).decode(errors="replace")
    assert "running" in screen and "a/dev" in screen  # the live table of running stacks
    assert "done b/dev (succeeded, " in screen
    assert "run summary: 2 succeeded, 0 failed in " in screen
