"""`execute` called directly, as the Pulumi adapter's commands do: steps, summaries, recovery, observer, signals."""

from __future__ import annotations

import json
import os
import signal
import sys
from pathlib import Path
from typing import Any

import pytest

from stackgraph.graph.dag import StackGraph
from stackgraph.model import StackId
from stackgraph.results import StackResult, Status
from stackgraph.run.executor import Observer, execute, log_path, new_run_id
from stackgraph.run.types import Job, RunOptions, Step
from tests.helpers.run_harness import FAKE, survivors

A, B = StackId("a/dev"), StackId("b/dev")
RECOVERY = ("pulumi cancel --yes -s a/dev", "pulumi refresh --clear-pending-creates --yes -s a/dev")


def sh(name: str, code: str, tmp: Path) -> Step:
    return Step(name, ("sh", "-c", code), tmp, dict(os.environ))


def fake(sid: StackId, tmp: Path, spec: dict[str, Any]) -> Step:
    (tmp / "script.json").write_text(json.dumps({sid: spec}))
    env = os.environ | {
        "STACKGRAPH_STACK_ID": sid,
        "FAKE_ENGINE_SCRIPT": str(tmp / "script.json"),
        "FAKE_ENGINE_RECORD": str(tmp / "record.jsonl"),
    }
    return Step("up", (sys.executable, str(FAKE)), tmp, env)


class Recorder(Observer):
    def __init__(self) -> None:
        self.calls: list[tuple[str, ...]] = []

    def run_started(self, run_id: str, command: str, stacks: list[StackId], options: RunOptions) -> None:
        self.calls.append(("run_started", command, *stacks))

    def stack_started(self, result: StackResult) -> None:
        self.calls.append(("stack_started", result.id))

    def step_started(self, sid: StackId, step: Step, attempt: int) -> None:
        self.calls.append(("step_started", sid, step.name, str(attempt), str(step.event_log)))

    def stack_ended(self, result: StackResult) -> None:
        self.calls.append(("stack_ended", result.id, result.status.value))

    def run_ended(self, result: Any) -> None:
        self.calls.append(("run_ended", str(result.ok)))


def test_steps_run_in_order_and_a_failed_step_ends_the_job(tmp_path: Path) -> None:
    graph = StackGraph([A, B], [(B, A)])
    jobs = {
        A: Job(
            A,
            (sh("select", "echo one", tmp_path), sh("up", "echo two; exit 5", tmp_path), sh("x", "touch x", tmp_path)),
        ),
        B: Job(B, (sh("up", "true", tmp_path),)),
    }
    observer = Recorder()
    result = execute(graph, jobs, RunOptions(), command="up", log_root=tmp_path / "logs", observer=observer)
    a, b = result.stacks
    assert (a.status, a.error, a.attempts) == (Status.FAILED, "up exited with code 5: two", 2)
    assert (b.status, b.cause) == (Status.SKIPPED, A)
    assert not (tmp_path / "x").exists()
    assert observer.calls == [
        ("run_started", "up", "a/dev", "b/dev"),
        ("stack_started", "a/dev"),
        ("step_started", "a/dev", "select", "1", "None"),
        ("step_started", "a/dev", "up", "2", "None"),
        ("stack_ended", "a/dev", "failed"),
        ("stack_ended", "b/dev", "skipped"),
        ("run_ended", "False"),
    ]
    body = [ln for ln in a.log.read_text().splitlines() if not ln.startswith("# stackgraph ")] if a.log else []
    assert body == ["one", "two"]
    assert result.log_dir == tmp_path / "logs" / result.run_id


def test_summarize_gets_the_log_and_a_broken_one_does_not_fail_the_stack(tmp_path: Path) -> None:
    seen: list[Path] = []

    def good(log: Path) -> dict[str, Any]:
        seen.append(log)
        return {"resources": {"create": 2}}

    def broken(_log: Path) -> dict[str, Any]:
        raise KeyError("summaryEvent")

    graph = StackGraph([A, B], [])
    jobs = {
        A: Job(A, (sh("up", "true", tmp_path),), summarize=good),
        B: Job(B, (sh("up", "true", tmp_path),), summarize=broken),
    }
    result = execute(graph, jobs, RunOptions(), command="up", log_root=tmp_path)
    a, b = result.stacks
    assert (a.status, a.summary, seen) == (Status.SUCCEEDED, {"resources": {"create": 2}}, [a.log])
    assert (b.status, b.summary) == (Status.SUCCEEDED, {})
    assert b.log is not None and "no summary: KeyError: 'summaryEvent'" in b.log.read_text()


@pytest.mark.parametrize(
    ("spec", "recovery"),
    [
        pytest.param({"hang": True}, (), id="clean-cancel-no-lock"),
        pytest.param({"hang": True, "on_sigint": "ignore"}, RECOVERY, id="escalated-may-be-locked"),
        pytest.param({"crash": True}, RECOVERY, id="crashed-may-be-locked"),
    ],
)
def test_recovery_is_named_only_when_the_engine_could_not_clean_up(
    tmp_path: Path, spec: dict[str, Any], recovery: tuple[str, ...]
) -> None:
    graph = StackGraph([A], [])
    jobs = {A: Job(A, (fake(A, tmp_path, spec),), recovery=RECOVERY)}
    options = RunOptions(timeout_s=1.5, kill_grace_s=0.2)  # the fake must install its handlers first
    result = execute(graph, jobs, options, command="up", log_root=tmp_path)
    assert result.stacks[0].recovery == recovery
    pids = [json.loads(line)["pid"] for line in (tmp_path / "record.jsonl").read_text().splitlines()]
    assert survivors(pids) == []


def test_signal_handlers_are_restored_after_the_run(tmp_path: Path) -> None:
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    execute(
        StackGraph([A], []), {A: Job(A, (sh("up", "true", tmp_path),))}, RunOptions(), command="up", log_root=tmp_path
    )
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


def test_a_graph_stack_without_a_job_is_a_programming_error(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match=r"^no job for b/dev$"):
        execute(StackGraph([A, B], []), {A: Job(A, ())}, RunOptions(), command="up", log_root=tmp_path)


def test_log_paths_and_run_ids() -> None:
    assert log_path(Path("/l"), StackId("net/dev")) == Path("/l/net/dev.log")
    assert log_path(Path("/l"), StackId("org/net/we ird")) == Path("/l/org_net/we_ird.log")
    first, second = new_run_id(1_700_000_000.5), new_run_id(1_700_000_000.5)
    assert first[:-4] == second[:-4] == "20231114T221320.500Z-"
    assert new_run_id(1_700_000_001.0) > first


def test_a_retry_reruns_only_the_failed_step_and_backs_off_from_the_first_retry(tmp_path: Path) -> None:
    flaky = "if [ -f marker ]; then echo applied; else touch marker; echo locked; exit 1; fi"
    job = Job(
        A,
        (sh("select", "echo selected", tmp_path), sh("up", flaky, tmp_path)),
        transient=lambda text: "held by another update" if "locked" in text else None,
    )
    options = RunOptions(retries=2, retry_backoff_s=0.05)
    result = execute(StackGraph([A], []), {A: job}, options, command="up", log_root=tmp_path / "logs")
    a = result.stacks[0]
    assert (a.status, a.attempts) == (Status.SUCCEEDED, 3)
    assert a.log is not None
    log = a.log.read_text()
    assert "up exited with code 1: locked; transient (held by another update); retrying step up in 0.05s" in log
    body = [ln for ln in log.splitlines() if not ln.startswith("# stackgraph ")]
    assert body == ["selected", "locked", "applied"]


def test_a_steps_after_hook_runs_once_it_exited_failed_or_not_before_the_summary(tmp_path: Path) -> None:
    """`Step.after` (the Pulumi adapter drops the engine's debug events with it) runs after every attempt."""
    calls: list[str] = []
    graph = StackGraph([A, B], [])

    def step(name: str, code: str) -> Step:
        return Step(name, ("sh", "-c", code), tmp_path, dict(os.environ), after=lambda: calls.append(name))

    def summarize(_log: Path) -> dict[str, Any]:
        calls.append("summary")
        return {}

    jobs = {
        A: Job(A, (step("ok", "true"), step("bad", "exit 3")), summarize=summarize),
        B: Job(B, (Step("gone", ("sh", "-c", "true"), tmp_path, dict(os.environ), after=_raise_oserror),)),
    }
    result = execute(graph, jobs, RunOptions(parallelism=1), command="up", log_root=tmp_path / "logs")
    a, b = result.stacks
    assert calls == ["ok", "bad", "summary"]
    assert (a.status, b.status) == (Status.FAILED, Status.SUCCEEDED)  # a failing hook leaves the result alone
    assert b.log is not None and "after it: disk full" in b.log.read_text()


def _raise_oserror() -> None:
    raise OSError("disk full")


def test_a_stack_held_back_by_a_full_pool_is_told_once(tmp_path: Path) -> None:
    c = StackId("c/dev")
    graph = StackGraph([A, B, c], [])
    jobs = {s: Job(s, (sh("up", "sleep 0.2", tmp_path),)) for s in (A, B, c)}
    told: list[tuple[StackId, list[tuple[str, int]]]] = []

    class Waits(Observer):
        def pool_waiting(self, sid: StackId, pools: list[tuple[str, int]]) -> None:
            told.append((sid, pools))

    options = RunOptions(parallelism=3, pools=(("acct", 1, frozenset({A, B, c})),))
    result = execute(graph, jobs, options, command="up", log_root=tmp_path / "logs", observer=Waits())
    assert result.ok
    assert sorted(told) == [(B, [("acct", 1)]), (c, [("acct", 1)])]  # a started; b and c waited, each said once
