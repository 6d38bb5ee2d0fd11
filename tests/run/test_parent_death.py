"""Engines die with stackgraph (Linux): a `stackgraph up` killed by SIGKILL leaves no engine running.

A CI runner's hard cancel or the OOM killer ends stackgraph with SIGKILL, which it cannot catch; the
engines it started (each in a session of its own) would run on, orphans holding their stack locks.
Each is started with PR_SET_PDEATHSIG = SIGINT (run/exec_guarded.py), the signal a Ctrl-C sends, so
it cancels cleanly. `up` runs a scripted `pulumi` here: `stack ls` lists the stacks, `up` becomes the
shared fake engine (tests/helpers/fake_engine.py), which records its signals.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from stackgraph.graph.dag import StackGraph
from stackgraph.model import StackId
from stackgraph.results import Status
from stackgraph.run.executor import execute
from stackgraph.run.process import SpawnError, guard_missing, spawn
from stackgraph.run.types import Job, RunOptions, Step
from tests.helpers.run_harness import FAKE, Bench, kill_all, survivors

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="PR_SET_PDEATHSIG is Linux only")

GRAPH = {"a/dev": [], "x/dev": []}

_PULUMI = """#!{python}
import json, os, sys
from pathlib import Path
args = sys.argv[1:]
where = Path(args[args.index("--cwd") + 1]).name if "--cwd" in args else None
if args[:2] == ["stack", "ls"]:  # every stack exists and is deployed
    stacks = {stacks}
    mine = None if "--all" in args else where
    rows = [
        {{"name": "organization/" + s if mine is None else s.split("/")[1], "resourceCount": 1}}
        for s in stacks if mine in (None, s.split("/")[0])
    ]
    print(json.dumps(rows))
    sys.exit(0)
if args[:1] == ["up"]:
    os.environ["STACKGRAPH_STACK_ID"] = where + "/" + args[args.index("--stack") + 1]
    os.execv(sys.executable, [sys.executable, {fake!r}])
print("error: the fake pulumi only answers `stack ls` and `up`", file=sys.stderr)
sys.exit(1)
"""


def start_up(bench: Bench, tmp: Path) -> subprocess.Popen[str]:
    """`stackgraph up` on the bench's repository with the scripted `pulumi`; stdout and stderr to files."""
    exe = tmp / "bin" / "pulumi"
    exe.parent.mkdir()
    exe.write_text(_PULUMI.format(python=sys.executable, stacks=json.dumps(sorted(GRAPH)), fake=str(FAKE)))
    exe.chmod(0o755)
    env = bench.env() | {
        "STACKGRAPH_PULUMI_BIN": str(exe),
        "STACKGRAPH_CACHE_DIR": "off",
        "PULUMI_CONFIG_PASSPHRASE": "test",
        "PYTHONPATH": str(Path(__file__).resolve().parents[2]),
    }
    with (tmp / "out").open("w") as out, (tmp / "err").open("w") as err:
        return subprocess.Popen(
            [sys.executable, "-m", "stackgraph", "up", str(bench.root), "-p", "2"],
            stdout=out,
            stderr=err,
            text=True,
            env=env,
            cwd="/",
        )


def engines(bench: Bench) -> list[int]:
    return sorted(e["pid"] for e in bench.events() if e["event"] == "start")


def ends(bench: Bench) -> list[tuple[str, str, int | None]]:
    return sorted((e["id"], e["event"], e.get("code")) for e in bench.events() if e["event"] in ("sigint", "end"))


def test_engines_cancel_cleanly_when_stackgraph_is_killed(tmp_path: Path) -> None:
    bench = Bench(tmp_path, GRAPH, {"*": {"hang": True, "cancel_s": 0.2}})
    proc = start_up(bench, tmp_path)
    try:
        bench.wait_for("start", "a/dev")
        bench.wait_for("start", "x/dev")
        proc.kill()  # SIGKILL: nothing of stackgraph runs after this
        proc.wait(timeout=10)
        assert survivors(engines(bench), wait_s=5) == [], (tmp_path / "err").read_text()
    finally:
        if proc.poll() is None:
            proc.kill()
        kill_all(survivors(bench.pids(), wait_s=0))
    # SIGINT (a clean cancel: the fake exits 130 after it), never SIGTERM or SIGKILL.
    assert ends(bench) == [
        ("a/dev", "end", 130),
        ("a/dev", "sigint", None),
        ("x/dev", "end", 130),
        ("x/dev", "sigint", None),
    ]


def test_ctrl_c_on_up_still_cancels_every_engine_cleanly(tmp_path: Path) -> None:
    bench = Bench(tmp_path, GRAPH, {"*": {"hang": True, "cancel_s": 0.2}})
    proc = start_up(bench, tmp_path)
    try:
        bench.wait_for("start", "a/dev")
        bench.wait_for("start", "x/dev")
        proc.send_signal(signal.SIGINT)
        assert proc.wait(timeout=30) == 130
    finally:
        if proc.poll() is None:
            proc.kill()
        kill_all(survivors(bench.pids(), wait_s=0))
    assert ends(bench) == [
        ("a/dev", "end", 130),
        ("a/dev", "sigint", None),
        ("x/dev", "end", 130),
        ("x/dev", "sigint", None),
    ]
    assert {s["id"]: s["status"] for s in bench.report()["stacks"]} == {"a/dev": "cancelled", "x/dev": "cancelled"}
    last = (tmp_path / "err").read_text().splitlines()[-1]
    assert last == "stackgraph: error: interrupted: 2 stack(s) cancelled, 0 not started"
    assert survivors(bench.pids()) == []


def _step(bench: Bench, sid: str, env: dict[str, str] | None = None) -> Step:
    base = env if env is not None else bench.env() | {"STACKGRAPH_STACK_ID": sid}
    return Step("up", (sys.executable, str(FAKE)), bench.tmp, base)


def test_the_signal_follows_the_thread_that_started_the_engine(tmp_path: Path) -> None:
    """The kernel signals when the starting *thread* ends: a thread that waits keeps its engine running."""
    bench = Bench(tmp_path, GRAPH, {"a/dev": {"hang": True}, "x/dev": {"sleep": 0.5}})
    procs: dict[str, subprocess.Popen[bytes]] = {}
    with (tmp_path / "log").open("ab") as log:

        def start(sid: str, wait: bool) -> None:
            procs[sid] = spawn(_step(bench, sid), log)
            bench.wait_for("start", sid)  # its handlers are set: a signal is recorded
            if wait:
                procs[sid].wait()

        try:
            left = threading.Thread(target=start, args=("a/dev", False))
            left.start()
            left.join()  # a/dev's thread has ended: a/dev gets SIGINT
            waiting = threading.Thread(target=start, args=("x/dev", True))
            waiting.start()
            waiting.join(timeout=20)
            assert procs["a/dev"].wait(timeout=5) == 130
        finally:
            kill_all([p.pid for p in procs.values() if p.poll() is None])
    assert ends(bench) == [("a/dev", "end", 130), ("a/dev", "sigint", None), ("x/dev", "end", 0)]


def test_the_program_gets_its_environment_unchanged(tmp_path: Path) -> None:
    """Python's start-up coerces a C locale (LC_CTYPE=C.UTF-8 in its environment): the engine must not see it."""
    env = {"PATH": os.environ["PATH"], "LANG": "C", "SECRETLESS": "x y\tz"}
    log_file = tmp_path / "log"
    with log_file.open("ab") as log:
        proc = spawn(Step("env", ("env",), tmp_path, env), log)
        assert proc.wait(timeout=10) == 0
    assert sorted(log_file.read_text().splitlines()) == sorted(f"{k}={v}" for k, v in env.items())


@pytest.mark.parametrize(
    ("program", "reason"),
    [("./missing", "No such file or directory"), ("not-a-command-anywhere", "No such file or directory")],
)
def test_a_program_that_cannot_start_is_a_spawn_error(tmp_path: Path, program: str, reason: str) -> None:
    with (tmp_path / "log").open("ab") as log, pytest.raises(SpawnError) as err:
        spawn(Step("up", (program,), tmp_path, {"PATH": str(tmp_path)}), log)
    assert str(err.value) == f"cannot run {program}: {reason}"


def test_a_file_that_is_not_executable_is_a_spawn_error(tmp_path: Path) -> None:
    (tmp_path / "prog").write_text("#!/bin/sh\n")
    with (tmp_path / "log").open("ab") as log, pytest.raises(SpawnError) as err:
        spawn(Step("up", ("./prog",), tmp_path, {}), log)
    assert str(err.value) == "cannot run ./prog: Permission denied"


def test_the_guard_starts_nothing_when_stackgraph_died_before_it_was_set(tmp_path: Path) -> None:
    """exec_guarded.py checks its parent after setting the signal: an orphan already never runs the engine."""
    guard = Path(__file__).resolve().parents[2] / "stackgraph" / "run" / "exec_guarded.py"
    spec_r, spec_w = os.pipe()
    status_r, status_w = os.pipe()
    os.write(spec_w, json.dumps({"argv": ["touch", str(tmp_path / "ran")], "env": dict(os.environ)}).encode())
    os.close(spec_w)
    not_the_parent = os.getpid()  # the guard's parent is the shell below
    argv = [sys.executable, "-I", "-S", str(guard), str(spec_r), str(status_w), str(not_the_parent)]
    code = subprocess.run(["sh", "-c", '"$@"; exit $?', "sh", *argv], pass_fds=(spec_r, status_w), check=False)
    os.close(spec_r)
    os.close(status_w)
    os.close(status_r)
    assert code.returncode == 130
    assert not (tmp_path / "ran").exists()


def test_without_an_interpreter_to_run_the_step_runs_unguarded_and_its_log_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user who may not run stackgraph's interpreter again (it lies under a folder only root enters)."""
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    guard_missing.cache_clear()
    try:
        job = Job(StackId("a/dev"), (Step("up", ("true",), tmp_path, {"PATH": os.environ["PATH"]}),))
        graph = StackGraph([StackId("a/dev")], [])
        result = execute(graph, {job.id: job}, RunOptions(), command="up", log_root=tmp_path / "logs")
    finally:
        guard_missing.cache_clear()
    assert [r.status for r in result.stacks] == [Status.SUCCEEDED]
    notes = [ln.split(": ", 2)[-1] for ln in result.stacks[0].log.read_text().splitlines() if "warning" in ln]
    assert notes == [
        f"this process keeps running if stackgraph is killed: the Python interpreter {tmp_path / 'no-python'} "
        "cannot be run again to set its parent-death signal"
    ]
