#!/usr/bin/env python3
"""The real Pulumi engine where deployments wait on the cloud: `stackgraph up -p 4` against a loop of `pulumi up`.

    .venv/bin/python bench/bench_engine.py [--stacks 30] [--levels 5] [--scale 5] [--seed 7] [--write]

Generates an estate of STACKS Python projects in LEVELS levels (the `layered` shape and `strong`
skew of bench_run.py: 90% of the stacks wait 0.1-0.3 s x SCALE, 10% wait 2-4 s x SCALE, as cluster
and database stacks do next to app stacks). Each program waits its own time (config `wait`, the way
a cloud API call keeps a deployment waiting) and reads one output of each stack it depends on
through a real `StackReference`, so stackgraph finds the edges in the code and the engine checks
them. Then, on two copies of the estate, each with its own file backend (stacks created beforehand,
not timed):
- what users script today: `pulumi up --yes --skip-preview` for each stack in plan order, one after
  the other (each stack's wall time measured);
- `stackgraph up COPY -p 4 --report FILE` (the whole command timed: scan, checks, processes, reports).
Reports the lower bound max(critical path, total / 4) computed from the per-stack durations
stackgraph's own report measured (process start to end, so the engine's start-up and the machine's
contention are in them), stackgraph's time against that bound and against the loop, and
stackgraph's own added time per stack: (command wall - bound) / stacks, which counts the scan,
the checks before the run, process starts, event logs and any scheduling slack. Also the mean and
largest start latency (from the end of a stack's last dependency to its own start).
Goal: within 1.15x of the bound, at most 0.4x the loop, under 150 ms added per stack.
`--write` records the table in bench/RESULTS-engine.md. About 4 minutes with the defaults.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path[:0] = [str(HERE), str(HERE.parent)]
import bench_run  # noqa: E402  (a sibling script: found through the path set above)

from tests.helpers import engine as eng  # noqa: E402  (the engine helpers of the tests, usable without pytest)

BIN = Path(sys.executable).with_name("stackgraph")
STACK = "bench"
PROGRAM = """\
import time

import pulumi

config = pulumi.Config()
time.sleep(config.require_float("wait"))  # a cloud API call keeps the deployment waiting
read = {}
%s
pulumi.export("name", pulumi.get_project())
pulumi.export("read", read)
"""


def write_estate(root: Path, deps: dict[str, list[str]], waits: dict[str, float]) -> None:
    """One Python project per stack: waits its time, reads `name` from each dependency."""
    for name, on in deps.items():
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\n")
        (folder / f"Pulumi.{STACK}.yaml").write_text(f"config:\n  {name}:wait: {waits[name]}\n")
        reads = "\n".join(
            f'read["{d}"] = pulumi.StackReference("{eng.ORGANIZATION}/{d}/{STACK}").get_output("name")' for d in on
        )
        (folder / "__main__.py").write_text(PROGRAM % reads)


def init_stacks(env: dict[str, str], root: Path, names: list[str]) -> None:
    """Create every stack in the backend (not timed: both sides start from created, empty stacks)."""
    for name in names:
        argv = ["pulumi", "stack", "init", STACK, "--non-interactive", "--cwd", str(root / name)]
        eng.check(subprocess.run(argv, env=env, capture_output=True, text=True, check=False))


def plan_order(root: Path) -> tuple[list[str], float]:
    """The stacks in stackgraph's plan order, and the plan's wall time."""
    began = time.perf_counter()
    out = subprocess.run([str(BIN), "plan", str(root), "-f", "json"], capture_output=True, text=True, check=False)
    took = time.perf_counter() - began
    if out.returncode != 0:
        raise SystemExit(f"stackgraph plan failed: {out.stderr[-800:]}")
    levels = json.loads(out.stdout)["levels"]
    return [sid.split("/")[0] for level in levels for sid in level], took


def sequential(env: dict[str, str], root: Path, order: list[str]) -> tuple[float, dict[str, float]]:
    """`pulumi up` of each stack in order, one after the other: total wall and each stack's."""
    each: dict[str, float] = {}
    began = time.perf_counter()
    for name in order:
        t = time.perf_counter()
        argv = ["pulumi", "up", "--yes", "--skip-preview", "--stack", STACK, "--cwd", str(root / name)]
        eng.check(subprocess.run(argv, env=env, capture_output=True, text=True, check=False))
        each[name] = time.perf_counter() - t
    return time.perf_counter() - began, each


def with_stackgraph(env: dict[str, str], root: Path, parallelism: int) -> tuple[float, dict]:
    """`stackgraph up` of the whole estate: the command's wall time and its run report."""
    report = root.parent / f"{root.name}-report.json"
    argv = [str(BIN), "up", str(root), "-p", str(parallelism), "--report", str(report)]
    began = time.perf_counter()
    proc = subprocess.run(argv, env=env | {"CI": "true"}, capture_output=True, text=True, check=False)
    took = time.perf_counter() - began
    if proc.returncode != 0:
        raise SystemExit(f"stackgraph up failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    return took, json.loads(report.read_text())


def durations(report: dict) -> dict[str, float]:
    """Each stack's measured duration (process start to end) from a run report."""
    return {
        s["id"].split("/")[0]: bench_run._epoch(s["ended_at"]) - bench_run._epoch(s["started_at"])
        for s in report["stacks"]
    }


def measure(args: argparse.Namespace, work: Path) -> list[str]:
    deps, nominal = bench_run.skewed_dag(args.seed, args.stacks, args.levels, "layered", "strong")
    waits = {k: round(v * args.scale, 2) for k, v in nominal.items()}
    bin_dir = eng.locate_engine()
    copies = {}
    for side in ("loop", "stackgraph"):
        root = work / side / "estate"
        write_estate(root, deps, waits)
        env = eng.engine_environ(bin_dir, work / side / "engine")
        init_stacks(env, root, sorted(deps))
        copies[side] = (root, env)
    order, plan_s = plan_order(copies["stackgraph"][0])
    if sorted(order) != sorted(deps):
        raise SystemExit(f"plan has {len(order)} stacks, the estate {len(deps)}")
    print(f"estate: {len(deps)} stacks, {args.levels} levels; plan {plan_s:.2f} s", file=sys.stderr)
    loop_s, loop_each = sequential(copies["loop"][1], copies["loop"][0], order)
    print(f"sequential loop: {loop_s:.1f} s", file=sys.stderr)
    sg_s, report = with_stackgraph(copies["stackgraph"][1], copies["stackgraph"][0], args.parallelism)
    print(f"stackgraph up -p {args.parallelism}: {sg_s:.1f} s", file=sys.stderr)
    measured = durations(report)
    total = sum(measured.values())
    cp = bench_run.critical_path(deps, measured)
    bound = max(cp, total / args.parallelism)
    added_ms = (sg_s - bound) / len(deps) * 1000
    mean_lat, max_lat = bench_run.start_latency(deps, report)
    waited = sum(waits.values())
    return [
        f"Estate: {len(deps)} Python stacks in {args.levels} levels (layered, strong skew x {args.scale:g}: "
        f"waits {min(waits.values()):.1f}-{max(waits.values()):.1f} s, {waited:.0f} s in all); "
        f"seed {args.seed}; parallelism {args.parallelism}; machine: {os.cpu_count()} cores, "
        f"load before {args.load:.2f}.",
        "",
        "| measure | value |",
        "| --- | --- |",
        f"| sequential loop of `pulumi up` (plan order) | {loop_s:.1f} s (per stack {min(loop_each.values()):.1f}-"
        f"{max(loop_each.values()):.1f} s) |",
        f"| `stackgraph up -p {args.parallelism}` (whole command) | {sg_s:.1f} s |",
        f"| per-stack durations in stackgraph's report | {total:.1f} s in all, critical path {cp:.1f} s |",
        f"| lower bound max(critical path, total / {args.parallelism}) | {bound:.1f} s |",
        f"| stackgraph / bound (goal <= 1.15) | {sg_s / bound:.2f}x |",
        f"| stackgraph / loop (goal <= 0.40) | {sg_s / loop_s:.2f}x |",
        f"| stackgraph's added time per stack, (wall - bound) / stacks (goal < 150 ms) | {added_ms:.0f} ms |",
        "| start latency after the last dependency, waiting for a free slot included: mean / max | "
        f"{mean_lat:.0f} / {max_lat:.0f} ms |",
        f"| the scan and checks before the first stack (report wall vs command) | {sg_s - report['wall_s']:.2f} s |",
    ]


def record(lines: list[str]) -> None:
    today = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    command = "`" + " ".join([".venv/bin/python", "bench/bench_engine.py", *sys.argv[1:]]) + "`"
    path = HERE / "RESULTS-engine.md"
    head = (
        "# stackgraph up with the real engine, against a loop of pulumi up\n\n"
        "Recorded by `bench/bench_engine.py --write` (newest first).\n\n"
    )
    old = path.read_text() if path.exists() else head
    rest = old[len(head) :] if old.startswith(head) else old
    path.write_text(head + f"## {today}\n\nCommand: {command}\n\n" + "\n".join(lines) + "\n\n" + rest)
    print(f"wrote {path}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--stacks", type=int, default=30)
    parser.add_argument("--levels", type=int, default=5)
    parser.add_argument("--scale", type=float, default=5.0, help="multiply bench_run's durations by this")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--parallelism", type=int, default=4)
    parser.add_argument("--write", action="store_true", help="record the table in bench/RESULTS-engine.md")
    args = parser.parse_args()
    args.load = os.getloadavg()[0]
    work = Path(tempfile.mkdtemp(prefix="stackgraph-bench-engine-"))
    try:
        lines = measure(args, work)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("\n".join(lines))
    if args.write:
        record(lines)


if __name__ == "__main__":
    main()
