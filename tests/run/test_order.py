"""`stackgraph run` with the fake engine: order, eager starts, waves, the parallelism bound, environment."""

from __future__ import annotations

import itertools
import re
from pathlib import Path

import pytest

from tests.helpers.run_harness import Bench, survivors

DIAMOND = {"net/dev": [], "db/dev": ["net/dev"], "cluster/dev": ["net/dev"], "api/dev": ["db/dev", "cluster/dev"]}


def test_every_stack_starts_after_its_dependencies_ended(tmp_path: Path) -> None:
    bench = Bench(tmp_path, DIAMOND, {"*": {"sleep": 0.1}})
    done = bench.run("-p", "4")
    assert done.code == 0, done.stderr
    start, end = bench.times("start"), bench.times("end")
    for sid, deps in DIAMOND.items():
        for dep in deps:
            assert start[sid] >= end[dep], f"{sid} started before {dep} ended"
    # db and cluster ran at the same time.
    assert start["db/dev"] < end["cluster/dev"] and start["cluster/dev"] < end["db/dev"]


SKEWED = {"a/dev": [], "slow/dev": [], "b/dev": ["a/dev"]}


def test_eager_a_stack_starts_before_an_unrelated_slower_stack_of_the_previous_level_ends(tmp_path: Path) -> None:
    bench = Bench(tmp_path, SKEWED, {"slow/dev": {"sleep": 1.5}, "*": {"sleep": 0.05}})
    done = bench.run()
    assert done.code == 0, done.stderr
    assert bench.times("start")["b/dev"] < bench.times("end")["slow/dev"]


def test_waves_wait_for_the_whole_level(tmp_path: Path) -> None:
    bench = Bench(tmp_path, SKEWED, {"slow/dev": {"sleep": 0.5}, "*": {"sleep": 0.05}})
    done = bench.run("--strategy", "waves")
    assert done.code == 0, done.stderr
    assert bench.times("start")["b/dev"] >= bench.times("end")["slow/dev"]


@pytest.mark.parametrize("n", [1, 2, 3])
def test_never_more_than_parallelism_stacks_at_once(tmp_path: Path, n: int) -> None:
    wide = {f"p{i}/dev": [] for i in range(6)}
    bench = Bench(tmp_path, wide, {"*": {"sleep": 0.5}})  # longer than a fake takes to start
    done = bench.run("-p", str(n))
    assert done.code == 0, done.stderr
    start, end = bench.times("start"), bench.times("end")
    points = sorted(itertools.chain(((t, 1) for t in start.values()), ((t, -1) for t in end.values())))
    running = peak = 0
    for _, delta in points:
        running += delta
        peak = max(peak, running)
    assert peak == n


def test_reverse_runs_dependents_first(tmp_path: Path) -> None:
    bench = Bench(tmp_path, DIAMOND, {"*": {"sleep": 0.02}})
    done = bench.run("--reverse", "-p", "1")
    assert done.code == 0, done.stderr
    assert bench.started() == ["api/dev", "cluster/dev", "db/dev", "net/dev"]


def test_the_command_runs_in_the_project_folder_with_the_stack_in_its_environment(tmp_path: Path) -> None:
    bench = Bench(tmp_path, {"net/dev": []}, {})
    probe = "import os,sys; print('|'.join([os.getcwd()] + [os.environ[k] for k in sys.argv[1:]]))"
    keys = ["STACKGRAPH_STACK_ID", "STACKGRAPH_PROJECT", "STACKGRAPH_STACK", "STACKGRAPH_PROJECT_DIR"]
    done = bench.run(command=["python3", "-c", probe, *keys])
    assert done.code == 0, done.stderr
    log = next((bench.root / ".stackgraph" / "logs").glob("*/net/dev.log")).read_text()
    folder = str((bench.root / "net").resolve())
    assert f"{folder}|net/dev|net|dev|{folder}\n" in log


def test_plain_lines_on_a_pipe(tmp_path: Path) -> None:
    bench = Bench(tmp_path, {"net/dev": [], "app/dev": ["net/dev"]}, {"net/dev": {"exit": 3}})
    done = bench.run()
    assert done.code == 1
    lines = done.lines
    assert (lines[1], lines[3]) == ("start net/dev", "skip app/dev: net/dev failed")
    assert re.fullmatch(
        r"done net/dev \(failed, \d+\.\ds\): command exited with code 3: error: net/dev failed on purpose", lines[2]
    )
    assert lines[-1] == "stackgraph: error: run did not succeed: 1 failed, 1 skipped (see the summary above)"
    assert done.stdout == ""


def test_the_log_holds_the_whole_output_of_the_stack(tmp_path: Path) -> None:
    bench = Bench(tmp_path, {"net/dev": []}, {"net/dev": {"print": ["hello", "world"]}})
    assert bench.run().code == 0
    log = next((bench.root / ".stackgraph" / "logs").glob("*/net/dev.log")).read_text()
    body = [ln for ln in log.splitlines() if not ln.startswith("# stackgraph ")]
    assert body == ["hello", "world"]
    assert survivors(bench.pids()) == []
