"""Ctrl-C and SIGTERM sent to a running `stackgraph run`: clean cancel, escalation, exit 130, no survivor."""

from __future__ import annotations

import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.run_harness import STAMP, Bench, kill_all, survivors

GRAPH = {"a/dev": [], "b/dev": ["a/dev"], "x/dev": []}


def interrupt(bench: Bench, proc: subprocess.Popen[str], signals: list[signal.Signals]) -> list[str]:
    """Send `signals` once a/dev and x/dev run; a second one once a/dev saw SIGINT and x/dev ended."""
    seen: list[str] = []
    try:
        bench.wait_for("start", "a/dev")
        bench.wait_for("start", "x/dev")
        for i, sig in enumerate(signals):
            proc.send_signal(sig)
            if i + 1 < len(signals):
                bench.wait_for("sigint", "a/dev")
                read_until(proc, seen, "done x/dev (cancelled")
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
        kill_all(survivors(bench.pids(), wait_s=0))
    return STAMP.sub("", "".join(seen) + err).splitlines()


def read_until(proc: subprocess.Popen[str], seen: list[str], text: str) -> None:
    """Read stackgraph's stderr line by line until a line holds `text` (pytest-timeout guards the wait)."""
    assert proc.stderr is not None
    while not seen or text not in seen[-1]:
        line = proc.stderr.readline()
        assert line, f"stderr ended before {text!r}: {seen}"
        seen.append(line)


def by_id(bench: Bench) -> dict[str, str]:
    return {s["id"]: s["status"] for s in bench.report()["stacks"]}


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM])
def test_first_signal_cancels_running_stacks_cleanly_and_exits_130(tmp_path: Path, sig: signal.Signals) -> None:
    bench = Bench(tmp_path, GRAPH, {"*": {"hang": True, "child": True, "cancel_s": 0.3}})
    proc = bench.start("-p", "2")
    lines = interrupt(bench, proc, [sig])
    assert proc.returncode == 130
    assert by_id(bench) == {"a/dev": "cancelled", "b/dev": "not-started", "x/dev": "cancelled"}
    # SIGINT only (never SIGTERM or SIGKILL first), and both fakes finished their clean cancel.
    assert sorted((e["id"], e["event"]) for e in bench.events() if e["event"] in ("sigint", "sigterm", "end")) == [
        ("a/dev", "end"),
        ("a/dev", "sigint"),
        ("x/dev", "end"),
        ("x/dev", "sigint"),
    ]
    assert (
        "interrupted: no new stack will start; sent SIGINT to the running stacks (a/dev, x/dev) and waiting for "
        "them to cancel cleanly; interrupt again to force"
    ) in lines
    assert "not started b/dev" in lines
    assert "  not started because the run was interrupted: b/dev" in lines
    assert lines[-1] == "stackgraph: error: interrupted: 2 stack(s) cancelled, 1 not started"
    assert survivors(bench.pids()) == []


def test_the_run_waits_for_a_slow_clean_cancel(tmp_path: Path) -> None:
    bench = Bench(tmp_path, GRAPH, {"*": {"hang": True, "cancel_s": 1.0}})
    proc = bench.start("-p", "2")
    interrupt(bench, proc, [signal.SIGINT])
    assert proc.returncode == 130
    ends = [e for e in bench.events() if e["event"] == "end"]
    sigints = [e for e in bench.events() if e["event"] == "sigint"]
    assert len(ends) == 2
    assert all(e["code"] == 130 for e in ends)
    assert min(e["t"] for e in ends) - max(e["t"] for e in sigints) >= 0.9


@pytest.mark.parametrize(
    ("spec", "expected"),
    [
        pytest.param({"on_sigint": "ignore"}, ["sigint", "sigterm", "end"], id="sigterm-ends-it"),
        pytest.param({"on_sigint": "ignore", "on_sigterm": "ignore"}, ["sigint", "sigterm"], id="sigkill-after-grace"),
    ],
)
def test_a_second_signal_escalates(tmp_path: Path, spec: dict[str, Any], expected: list[str]) -> None:
    bench = Bench(tmp_path, GRAPH, {"a/dev": {"hang": True, "child": True, **spec}, "*": {"hang": True}})
    proc = bench.start("-p", "2", "--kill-grace", "0.5")
    lines = interrupt(bench, proc, [signal.SIGINT, signal.SIGINT])
    assert proc.returncode == 130
    assert [e["event"] for e in bench.events() if e["id"] == "a/dev" and e["event"] != "child"][1:] == expected
    assert by_id(bench) == {"a/dev": "cancelled", "b/dev": "not-started", "x/dev": "cancelled"}
    assert "interrupted again: sent SIGTERM to the running stacks (a/dev); SIGKILL follows if they stay" in lines
    assert survivors(bench.pids()) == []


def test_an_interrupt_during_a_retry_backoff_cancels_at_once(tmp_path: Path) -> None:
    script = {"a/dev": {"transient": {"failures": 5, "text": "locked"}}, "x/dev": {"hang": True}}
    bench = Bench(tmp_path, GRAPH, script)
    proc = bench.start("-p", "2", "--retries", "3")
    bench.wait_for("end", "a/dev")
    lines = interrupt(bench, proc, [signal.SIGINT])
    assert proc.returncode == 130
    assert by_id(bench) == {"a/dev": "cancelled", "b/dev": "not-started", "x/dev": "cancelled"}
    assert len([e for e in bench.events() if e["id"] == "a/dev" and e["event"] == "start"]) == 1
    assert lines[-1] == "stackgraph: error: interrupted: 2 stack(s) cancelled, 1 not started"
