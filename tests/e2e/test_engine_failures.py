"""The real engine when things go wrong: a failing program, Ctrl-C in the middle of `up`, a stale lock.

Each test has its own copy of examples/ and its own file backend (PULUMI_BACKEND_URL and a
passphrase set, as a user with a configured backend would have).
"""

from __future__ import annotations

import contextlib
import os
import shlex
import signal
import subprocess
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import engine
from tests.helpers.deploy import (
    DB_PASSWORD,
    DEV,
    STACKGRAPH,
    deploy_env,
    files_containing,
    leftover_processes,
    load_report,
    show,
    stackgraph,
)

pytestmark = pytest.mark.engine

Setup = tuple[Path, Path, dict[str, str]]  # (root, copy, env)


@pytest.fixture
def setup(
    pulumi_bin: Path,
    make_engine_env: Callable[[Path], dict[str, str]],
    make_examples_copy: Callable[[Path], Path],
    tmp_path: Path,
) -> Setup:
    copy = make_examples_copy(tmp_path / "examples")
    return tmp_path, copy, deploy_env(pulumi_bin, make_engine_env(tmp_path))


def prepend(program: Path, code: str) -> str:
    """Put `code` at the top of a Python program; return the original text."""
    original = program.read_text()
    program.write_text(code + original)
    return original


def test_a_failing_middle_stack_skips_its_dependents_and_not_the_other_branch(setup: Setup) -> None:
    root, copy, env = setup
    prepend(copy / "database" / "__main__.py", 'raise RuntimeError("database fails on purpose")\n')
    report, junit = root / "report.json", root / "junit.xml"
    proc = stackgraph("up", copy, "--env", "dev", "--create-stacks", "--report", report, "--junit", junit, env=env)
    assert proc.returncode == 1, show(proc)
    stacks = load_report(report)
    assert {sid: s["status"] for sid, s in stacks.items()} == {
        "networking/dev": "succeeded",
        "database/dev": "failed",
        "cluster/dev": "succeeded",
        "api/dev": "skipped",
        "web/dev": "succeeded",
        "monitoring/dev": "skipped",
    }
    assert stacks["api/dev"]["cause"] == stacks["monitoring/dev"]["cause"] == "database/dev"
    assert "database fails on purpose" in stacks["database/dev"]["summary"]["engine_error"]
    lines = proc.stderr.splitlines()
    assert "  skipped because database/dev failed: api/dev, monitoring/dev" in lines
    assert any(ln.startswith("  failed database/dev after ") for ln in lines), proc.stderr
    assert lines[-1] == "stackgraph: error: up did not succeed: 1 failed, 2 skipped (see the summary above)"
    assert junit.read_text().count("<failure") == 1
    # The independent branch really deployed: web read the cluster's outputs.
    web = engine.stack_outputs(env, copy / "web", "dev")
    assert web["webUrl"] == "https://web.apps.k8s-dev.example.com"


SLOW = """import os, pathlib, time
pathlib.Path(os.environ["SG_TEST_MARKER"]).write_text("started")
time.sleep(300)
"""


def wait_for(path: Path, proc: subprocess.Popen[bytes], timeout: float) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        assert proc.poll() is None, f"stackgraph ended early with {proc.returncode}"
        assert time.monotonic() < deadline, f"{path} did not appear in {timeout}s"
        time.sleep(0.1)


def test_ctrl_c_in_the_middle_of_up_cancels_cleanly_and_leaves_nothing_locked(setup: Setup) -> None:
    root, copy, env = setup
    original = prepend(copy / "database" / "__main__.py", SLOW)
    marker, report = root / "database-started", root / "report.json"
    out, err = root / "stdout", root / "stderr"
    with out.open("wb") as o, err.open("wb") as e:
        proc = subprocess.Popen(
            [str(STACKGRAPH), "up", str(copy), "--env", "dev", "--create-stacks", "--report", str(report)],
            env={**env, "SG_TEST_MARKER": str(marker)}, stdout=o, stderr=e, start_new_session=True,
        )  # fmt: skip
        try:
            wait_for(marker, proc, timeout=120)
            started = time.monotonic()
            os.killpg(proc.pid, signal.SIGINT)  # what a terminal's Ctrl-C does to the foreground group
            rc = proc.wait(timeout=60)
        finally:
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
    leftovers = leftover_processes(copy)
    stderr = err.read_text()
    assert rc == 130, stderr
    assert leftovers == [], leftovers
    assert time.monotonic() - started < 30
    stacks = load_report(report)
    assert stacks["networking/dev"]["status"] == "succeeded"
    assert stacks["database/dev"]["status"] == "cancelled"
    for sid in ("api/dev", "monitoring/dev"):
        assert stacks[sid]["status"] == "not-started", stacks[sid]
    assert all("recovery" not in s["summary"] for s in stacks.values()), "a clean cancel leaves no lock"
    assert "interrupted: no new stack will start; sent SIGINT to the running stacks" in stderr
    assert stderr.splitlines()[-1].startswith("stackgraph: error: interrupted: ")

    # A second `up` just works: no lock was left, nothing to unlock by hand.
    (copy / "database" / "__main__.py").write_text(original)
    again = root / "again.json"
    proc2 = stackgraph("up", copy, "--env", "dev", "--report", again, env=env)
    assert proc2.returncode == 0, show(proc2)
    assert {s["status"] for s in load_report(again).values()} == {"succeeded"}
    assert sorted(load_report(again)) == sorted(DEV)
    everything = [out.read_text(), stderr, proc2.stdout, proc2.stderr]
    assert all(DB_PASSWORD not in text for text in everything)
    assert files_containing(copy / ".stackgraph", DB_PASSWORD) == []


def test_a_stale_lock_is_retried_as_transient_then_explained(setup: Setup) -> None:
    root, copy, env = setup
    net = copy / "networking"
    engine.deploy(env, net, "dev")
    # Leave a stale lock the way a SIGKILLed engine does: a lock file in the backend.
    original = prepend(copy / "database" / "__main__.py", SLOW)
    engine.select_stack(env, copy / "database", "dev")
    marker = root / "marker"
    pulumi = str(Path(env["STACKGRAPH_PULUMI_BIN"]) / "pulumi")
    killed = subprocess.Popen(
        [pulumi, "up", "--yes", "--skip-preview", "--non-interactive", "-s", "dev"],
        cwd=copy / "database", env={**env, "SG_TEST_MARKER": str(marker)}, start_new_session=True,
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for(marker, killed, timeout=120)
    finally:
        os.killpg(killed.pid, signal.SIGKILL)  # on purpose: what stackgraph never does first
        killed.wait()
    (copy / "database" / "__main__.py").write_text(original)
    report = root / "report.json"
    proc = stackgraph("up", copy, "--select", "database/dev", "--retries", "1", "--report", report, env=env)
    assert proc.returncode == 1, show(proc)
    db = load_report(report)["database/dev"]
    assert db["status"] == "failed"
    assert db["summary"]["attempts"] == 2
    assert "retry database/dev (attempt 2) in 2s: the stack is locked by another update: " in proc.stderr
    assert db["summary"]["engine_error"].startswith("the stack is currently locked by 1 lock(s).")
    # The documented recovery unlocks it.
    engine.check(engine.run_pulumi(env, copy / "database", "cancel", "--yes", "-s", "dev"))
    engine.check(engine.run_pulumi(env, copy / "database", "refresh", "--clear-pending-creates", "--yes", "-s", "dev"))
    proc2 = stackgraph("up", copy, "--select", "database/dev", env=env)
    assert proc2.returncode == 0, show(proc2)


STUBBORN = """import os, pathlib, signal, time
signal.signal(signal.SIGINT, signal.SIG_IGN)
signal.signal(signal.SIGTERM, signal.SIG_IGN)
pathlib.Path(os.environ["SG_TEST_MARKER"]).write_text("started")
time.sleep(300)
"""


def run_recovery(command: str, env: dict[str, str]) -> None:
    """Run one printed recovery command (`VAR=value ... pulumi ...`) without a shell."""
    words = shlex.split(command)
    extra = {}
    while "=" in words[0] and not words[0].startswith("/"):
        key, _, value = words.pop(0).partition("=")
        extra[key] = value
    proc = subprocess.run(words, env={**env, **extra}, capture_output=True, text=True, timeout=120, check=False)
    assert proc.returncode == 0, f"{command}\n{proc.stdout}\n{proc.stderr}"


def kill_leftovers(copy: Path) -> list[str]:
    """SIGKILL what a test left running in `copy` (by pid); return what was found."""
    found = leftover_processes(copy)
    for line in found:
        with contextlib.suppress(ProcessLookupError):
            os.kill(int(line.split(":", 1)[0]), signal.SIGKILL)
    return found


def test_a_timeout_that_must_kill_the_engine_leaves_no_process_and_names_the_recovery(setup: Setup) -> None:
    root, copy, env = setup
    original = prepend(copy / "database" / "__main__.py", STUBBORN)
    report = root / "report.json"
    try:
        proc = stackgraph(
            "up", copy, "--select", "networking/dev", "--select", "database/dev", "--create-stacks",
            "--timeout", "5", "--kill-grace", "1", "--report", report,
            env={**env, "SG_TEST_MARKER": str(root / "marker")},
        )  # fmt: skip
    finally:
        leftovers = kill_leftovers(copy)
    assert proc.returncode == 1, show(proc)
    # The engine ignored SIGINT long enough to be killed: its language host and program (in a
    # process group of their own, same session) were ended with it.
    assert (root / "marker").exists()
    assert leftovers == [], leftovers
    db = load_report(report)["database/dev"]
    assert db["status"] == "cancelled"
    assert db["summary"]["error"] == "timed out after 5s"
    recovery = db["summary"]["recovery"]
    assert "may be left locked (their engine was stopped before it could clean up); to recover, run:" in proc.stderr
    assert f"  database/dev: {' && '.join(recovery)}" in proc.stderr.splitlines()
    assert [c.split("pulumi ", 1)[1] for c in recovery] == [
        f"cancel --yes -s dev --cwd {copy.resolve() / 'database'}",
        f"refresh --clear-pending-creates --yes -s dev --cwd {copy.resolve() / 'database'}",
    ]
    # Still locked: a plain `up` fails at once with the engine's lock error.
    (copy / "database" / "__main__.py").write_text(original)
    locked = stackgraph("up", copy, "--select", "database/dev", "--report", root / "locked.json", env=env)
    assert locked.returncode == 1, show(locked)
    error = load_report(root / "locked.json")["database/dev"]["summary"]["engine_error"]
    assert error.startswith("the stack is currently locked by 1 lock(s)."), error
    for command in recovery:
        run_recovery(command, env)
    again = stackgraph("up", copy, "--select", "networking/dev", "--select", "database/dev", env=env)
    assert again.returncode == 0, show(again)
