"""Failure policy with the fake engine: skipped chains, fail-fast, crashes, timeouts, retries, exit codes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.run_harness import Bench, survivors

# Two diamonds side by side: a -> (b, c) -> d -> e, and x -> y.
GRAPH = {
    "a/dev": [],
    "b/dev": ["a/dev"],
    "c/dev": ["a/dev"],
    "d/dev": ["b/dev", "c/dev"],
    "e/dev": ["d/dev"],
    "x/dev": [],
    "y/dev": ["x/dev"],
}


def statuses(bench: Bench) -> dict[str, tuple[str, str | None]]:
    return {s["id"]: (s["status"], s["cause"]) for s in bench.report()["stacks"]}


@pytest.mark.parametrize(
    ("script", "expected"),
    [
        pytest.param(
            {"b/dev": {"exit": 1}},
            {
                "a/dev": ("succeeded", None),
                "b/dev": ("failed", None),
                "c/dev": ("succeeded", None),
                "d/dev": ("skipped", "b/dev"),
                "e/dev": ("skipped", "b/dev"),
                "x/dev": ("succeeded", None),
                "y/dev": ("succeeded", None),
            },
            id="one-side-of-the-diamond-fails",
        ),
        pytest.param(
            {"a/dev": {"exit": 2}, "x/dev": {"exit": 1}},
            {
                "a/dev": ("failed", None),
                "b/dev": ("skipped", "a/dev"),
                "c/dev": ("skipped", "a/dev"),
                "d/dev": ("skipped", "a/dev"),
                "e/dev": ("skipped", "a/dev"),
                "x/dev": ("failed", None),
                "y/dev": ("skipped", "x/dev"),
            },
            id="both-roots-fail",
        ),
        pytest.param(
            {"c/dev": {"crash": True}},
            {
                "a/dev": ("succeeded", None),
                "b/dev": ("succeeded", None),
                "c/dev": ("failed", None),
                "d/dev": ("skipped", "c/dev"),
                "e/dev": ("skipped", "c/dev"),
                "x/dev": ("succeeded", None),
                "y/dev": ("succeeded", None),
            },
            id="engine-crashes",
        ),
    ],
)
def test_failures_skip_their_dependents_and_independent_branches_go_on(
    tmp_path: Path, script: dict[str, Any], expected: dict[str, tuple[str, str | None]]
) -> None:
    bench = Bench(tmp_path, GRAPH, script)
    done = bench.run("-p", "2")
    assert done.code == 1
    assert statuses(bench) == expected
    skipped = [ln for ln in done.lines if ln.startswith("skip ")]
    assert sorted(skipped) == [
        f"skip {sid}: {cause} failed" for sid, (st, cause) in expected.items() if st == "skipped"
    ]
    assert survivors(bench.pids()) == []


def test_a_crash_names_the_signal(tmp_path: Path) -> None:
    bench = Bench(tmp_path, {"a/dev": []}, {"a/dev": {"crash": True, "print": ["working"]}})
    done = bench.run()
    assert done.code == 1
    assert "done a/dev (failed, " in done.stderr
    assert "s): command was killed by SIGKILL: working" in done.stderr


def test_the_summary_names_failures_with_their_log_and_skips_with_their_cause(tmp_path: Path) -> None:
    bench = Bench(tmp_path, GRAPH, {"b/dev": {"exit": 1}, "a/dev": {"sleep": 0.4}, "c/dev": {"sleep": 0.4}})
    done = bench.run("-p", "3")
    summary = done.lines[done.lines.index(next(ln for ln in done.lines if ln.startswith("run summary: "))) :]
    run_id = bench.report()["stacks"][0]["log"].split("/")[2]
    assert summary[0].startswith("run summary: 4 succeeded, 1 failed, 2 skipped in ")
    assert summary[1].startswith("  failed b/dev after ")
    assert summary[1].endswith("s: command exited with code 1: error: b/dev failed on purpose")
    assert summary[2] == f"    log: .stackgraph/logs/{run_id}/b/dev.log"
    assert summary[3] == "  skipped because b/dev failed: d/dev, e/dev"
    assert summary[4].startswith("  succeeded: a/dev ")
    assert summary[5].startswith("critical path: a/dev (")
    assert " -> c/dev (" in summary[5]
    assert summary[6] == f"logs: .stackgraph/logs/{run_id}"
    assert summary[7] == "stackgraph: error: run did not succeed: 1 failed, 2 skipped (see the summary above)"


def test_fail_fast_starts_nothing_new_and_lets_running_stacks_finish(tmp_path: Path) -> None:
    graph = {"fast/dev": [], "slow/dev": [], "after/dev": ["slow/dev"], "late/dev": []}
    script = {"fast/dev": {"exit": 1}, "slow/dev": {"sleep": 0.6}, "*": {"sleep": 0.05}}
    bench = Bench(tmp_path, graph, script)
    done = bench.run("-p", "2", "--fail-fast")
    assert done.code == 1
    assert statuses(bench) == {
        "fast/dev": ("failed", None),
        "slow/dev": ("succeeded", None),  # was running: left to finish
        "after/dev": ("not-started", None),
        "late/dev": ("not-started", None),
    }
    assert sorted(bench.started()) == ["fast/dev", "slow/dev"]
    assert "  not started because --fail-fast stopped the run: after/dev, late/dev" in done.lines


@pytest.mark.parametrize(
    ("spec", "signals", "code"),
    [
        pytest.param({"hang": True}, ["sigint"], 130, id="cancels-on-sigint"),
        pytest.param({"hang": True, "on_sigint": "ignore"}, ["sigint", "sigterm"], 143, id="escalates-to-sigterm"),
        pytest.param(
            {"hang": True, "on_sigint": "ignore", "on_sigterm": "ignore"},
            ["sigint", "sigterm"],
            None,
            id="escalates-to-sigkill",
        ),
    ],
)
def test_a_timeout_cancels_the_stack_step_by_step(
    tmp_path: Path, spec: dict[str, Any], signals: list[str], code: int | None
) -> None:
    graph = {"a/dev": [], "b/dev": ["a/dev"], "x/dev": []}
    bench = Bench(tmp_path, graph, {"a/dev": {**spec, "child": True}, "*": {"sleep": 0.05}})
    done = bench.run("--timeout", "1.5", "--kill-grace", "0.3")  # time for the fake to start
    assert done.code == 1
    assert statuses(bench) == {
        "a/dev": ("cancelled", None),
        "b/dev": ("skipped", "a/dev"),
        "x/dev": ("succeeded", None),
    }
    got = [e["event"] for e in bench.events() if e["id"] == "a/dev" and e["event"] in ("sigint", "sigterm")]
    assert got == signals
    ends = [e["code"] for e in bench.events() if e["id"] == "a/dev" and e["event"] == "end"]
    assert ends == ([code] if code is not None else [])
    assert "skip b/dev: a/dev was cancelled" in done.lines
    a = next(s for s in bench.report()["stacks"] if s["id"] == "a/dev")
    assert a["summary"] == {"error": "timed out after 1.5s"}
    assert survivors(bench.pids()) == []


def test_retries_a_transient_error_with_backoff_and_logs_the_reason(tmp_path: Path) -> None:
    text = "error: the stack is currently locked by 1 lock(s)"
    bench = Bench(tmp_path, {"a/dev": []}, {"a/dev": {"transient": {"failures": 2, "text": text}}})
    done = bench.run("--retries", "2", "--retry-on", "locked by [0-9]+ lock", "--retry-backoff", "0.05")
    assert done.code == 0, done.stderr
    reason = "output matches --retry-on 'locked by [0-9]+ lock': locked by 1 lock"
    retries = [ln for ln in done.lines if ln.startswith("retry ")]
    assert retries == [f"retry a/dev (attempt 2) in 0.05s: {reason}", f"retry a/dev (attempt 3) in 0.1s: {reason}"]
    stack = bench.report()["stacks"][0]
    assert (stack["status"], stack["summary"]) == ("succeeded", {"attempts": 3})
    log = (bench.root / stack["log"]).read_text()
    assert f"command exited with code 1: {text}; transient ({reason}); retrying step command in 0.05s" in log
    assert len(bench.started()) == 3


@pytest.mark.parametrize(
    ("opts", "attempts"),
    [
        pytest.param(["--retries", "3", "--retry-on", "network unreachable"], 1, id="not-matching"),
        pytest.param(["--retries", "1"], 2, id="budget-spent"),
        pytest.param([], 1, id="no-retries"),
    ],
)
def test_a_failure_that_is_not_retried(tmp_path: Path, opts: list[str], attempts: int) -> None:
    script = {"a/dev": {"transient": {"failures": 5, "text": "error: locked"}}}
    bench = Bench(tmp_path, {"a/dev": []}, script)
    done = bench.run(*opts, "--kill-grace", "0", "--retry-backoff", "0")  # the backoff is not the subject
    assert done.code == 1
    assert len(bench.started()) == attempts
    stack = bench.report()["stacks"][0]
    assert stack["status"] == "failed"
    assert stack["summary"]["error"] == "command exited with code 1: error: locked"


def test_a_step_that_cannot_start_fails_its_stack(tmp_path: Path) -> None:
    bench = Bench(tmp_path, {"a/dev": [], "b/dev": ["a/dev"]}, {})
    done = bench.run(command=["./missing-script.sh"])
    assert done.code == 1
    stack = bench.report()["stacks"][0]
    assert stack["summary"]["error"] == "cannot run ./missing-script.sh: No such file or directory"


@pytest.mark.parametrize(
    ("spec", "code"),
    [
        pytest.param({"child": True}, 0, id="same-group"),
        pytest.param({"child": "own-group"}, 0, id="own-group-same-session"),
        pytest.param({"child": "own-group", "crash": True}, 1, id="engine-killed-plugin-left"),
    ],
)
def test_leftover_processes_of_a_step_are_ended(tmp_path: Path, spec: dict[str, Any], code: int) -> None:
    bench = Bench(tmp_path, {"a/dev": []}, {"a/dev": spec})
    done = bench.run("--kill-grace", "1")
    assert done.code == code, done.stderr
    assert survivors(bench.pids(), wait_s=0.5) == []
    log = (bench.root / bench.report()["stacks"][0]["log"]).read_text()
    assert "ended leftover processes of the step with SIGTERM" in log
