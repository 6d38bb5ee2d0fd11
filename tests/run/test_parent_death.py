"""Engines die with stackgraph (Linux): a `stackgraph up` killed by SIGKILL leaves no engine running.

A CI runner's hard cancel or the OOM killer ends stackgraph with SIGKILL, which it cannot catch; the
engines it started (each in a session of its own) would run on, orphans holding their stack locks.
A watchdog (run/watchdog.py) knows every engine's process group and, once stackgraph is gone, sends
each SIGINT once, the signal a Ctrl-C sends, so it cancels cleanly. `up` runs a scripted `pulumi`
here: `stack ls` lists the stacks, `up` becomes the shared fake engine (tests/helpers/fake_engine.py),
which records its signals.
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
from stackgraph.run import watchdog
from stackgraph.run.executor import execute
from stackgraph.run.process import SpawnError, spawn
from stackgraph.run.types import Job, RunOptions, Step
from tests.helpers.run_harness import FAKE, Bench, kill_all, survivors

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the watchdog runs on Linux only")

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


def test_an_engine_outlives_the_thread_that_started_it(tmp_path: Path) -> None:
    """Only stackgraph's end counts, not a thread's (PR_SET_PDEATHSIG would signal when the thread ends)."""
    bench = Bench(tmp_path, GRAPH, {"a/dev": {"sleep": 0.5}})
    procs: list[subprocess.Popen[bytes]] = []
    with (tmp_path / "log").open("ab") as log:
        thread = threading.Thread(target=lambda: procs.append(spawn(_step(bench, "a/dev"), log)))
        thread.start()
        thread.join()
        try:
            assert procs[0].wait(timeout=20) == 0
        finally:
            kill_all([p.pid for p in procs if p.poll() is None])
    assert ends(bench) == [("a/dev", "end", 0)]


def test_the_watchdog_signals_each_group_still_registered_once_at_the_end_of_its_input(tmp_path: Path) -> None:
    bench = Bench(tmp_path, GRAPH, {"*": {"hang": True, "cancel_s": 0.1}})
    main = Path(__file__).resolve().parents[2] / "stackgraph" / "run" / "watchdog_main.py"
    dog = subprocess.Popen([sys.executable, "-I", "-S", str(main)], stdin=subprocess.PIPE, start_new_session=True)
    assert dog.stdin is not None
    engines = {}
    with (tmp_path / "log").open("ab") as log:
        try:
            for sid in sorted(GRAPH):
                engines[sid] = spawn(_step(bench, sid), log)
                bench.wait_for("start", sid)
            dog.stdin.write(f"+{engines['a/dev'].pid}\n+{engines['x/dev'].pid}\n-{engines['x/dev'].pid}\n".encode())
            dog.stdin.close()  # as when stackgraph is gone
            assert dog.wait(timeout=10) == 0
            assert engines["a/dev"].wait(timeout=10) == 130
            assert engines["x/dev"].poll() is None  # forgotten: not signalled
        finally:
            kill_all([p.pid for p in engines.values() if p.poll() is None])
    assert ends(bench) == [("a/dev", "end", 130), ("a/dev", "sigint", None)]


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


def test_without_an_interpreter_to_run_the_step_runs_unguarded_and_its_log_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A user who may not run stackgraph's interpreter again (it lies under a folder only root enters)."""
    watchdog.reset()
    monkeypatch.setattr(sys, "executable", str(tmp_path / "no-python"))
    try:
        job = Job(StackId("a/dev"), (Step("up", ("true",), tmp_path, {"PATH": os.environ["PATH"]}),))
        graph = StackGraph([StackId("a/dev")], [])
        result = execute(graph, {job.id: job}, RunOptions(), command="up", log_root=tmp_path / "logs")
    finally:
        watchdog.reset()
    assert [r.status for r in result.stacks] == [Status.SUCCEEDED]
    notes = [ln.split(": ", 2)[-1] for ln in result.stacks[0].log.read_text().splitlines() if "warning" in ln]
    assert notes == [
        "this process keeps running if stackgraph is killed: no watchdog, the Python interpreter "
        f"{tmp_path / 'no-python'} cannot be run again"
    ]
