"""Benchmark of the scheduler and executor through the real CLI: `stackgraph run PATH -- sleep ...`.

Not a test: it prints figures (markdown) to record in bench/RESULTS-run.md and docs/running.md.

1. Skewed DAGs: STACKS stacks in LEVELS levels, two shapes (`layered`, `branches`) and two
   profiles of durations: `mild` (80% of the stacks 0.1-0.4 s, 20% 1.2-2.0 s) and `strong`
   (90% 0.1-0.3 s, 10% 2.0-4.0 s: the slow tenth takes 10-20 times as long, as cluster and
   database stacks do next to app stacks), for each of SEEDS random DAGs. Each stack runs
   `sh -c 'read d < sleep.txt && exec sleep "$d"'` in its project folder (sleep.txt holds its
   duration).
   For N = 4 and 16: wall time of the run (the report's wall_s: scheduling and processes,
   not the scan) for eager without history (every stack weighs 1; N = 4 only, the first
   run), eager with the durations of the previous run, and waves; against the lower bound
   max(critical path, total work / N), computed from the nominal durations and from the
   durations the stacks actually took in that run (sleep plus the cost of starting `sh` and
   `sleep`, which grows with the machine's load). "Most eager can gain" is 1 - bound / waves:
   no schedule finishes before the bound, so no scheduler beats waves by more on that DAG.
2. The same comparison without processes, on SIM_DAGS random DAGs per shape and profile: the
   real `Scheduler` (stackgraph/run/scheduler.py) driven in virtual time with the nominal
   durations as history, eager against waves. How much eager gains depends on the DAG (where
   the slow stacks sit), so one DAG proves little: this gives the spread.
3. Overhead: OVERHEAD_STACKS independent stacks running `true`: wall_s / stacks at -p 1
   (per-stack cost of scheduling, spawning, waiting, logging and reporting, `true`
   included) and at -p 16.

    .venv/bin/python bench/bench_run.py            # the recorded figures (about 15 minutes)
    .venv/bin/python bench/bench_run.py --quick    # a smaller run to try changes
"""

from __future__ import annotations

import argparse
import heapq
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SLEEP = ["sh", "-c", 'read d < sleep.txt && exec sleep "$d"']
SEEDS = (7, 8, 9)
SIM_DAGS = 40
PROFILES = ("mild", "strong")


def skewed_dag(
    seed: int, stacks: int, levels: int, shape: str, profile: str = "mild"
) -> tuple[dict[str, list[str]], dict[str, float]]:
    """`layered`: each stack depends on 1-3 random stacks of the level before.
    `branches`: each stack depends on the one before it in its own branch (a team, a region),
    and one in five also on a random stack of another branch one level up.
    `mild` and `strong`: the durations (see the module's docstring); `mild` draws them from the
    same random sequence as the edges (the figures recorded before `strong` existed).
    """
    rng = random.Random(seed)
    per_level = stacks // levels
    names = [[f"s{lvl:02d}x{i:02d}" for i in range(per_level)] for lvl in range(levels)]
    deps: dict[str, list[str]] = {}
    durations: dict[str, float] = {}
    for lvl, level in enumerate(names):
        for i, name in enumerate(level):
            if lvl == 0:
                deps[name] = []
            elif shape == "layered":
                deps[name] = sorted(rng.sample(names[lvl - 1], rng.randint(1, 3)))
            else:
                extra = [rng.choice(names[lvl - 1])] if rng.random() < 0.2 else []
                deps[name] = sorted({names[lvl - 1][i], *extra})
            # Skewed: 80% short (0.1-0.4 s), 20% long (1.2-2.0 s).
            short = rng.random() < 0.8
            durations[name] = round(rng.uniform(0.1, 0.4) if short else rng.uniform(1.2, 2.0), 2)
    if profile == "strong":
        slow = random.Random(seed + 1000)
        for name in sorted(deps):
            long = slow.random() < 0.1
            durations[name] = round(slow.uniform(2.0, 4.0) if long else slow.uniform(0.1, 0.3), 2)
    return deps, durations


def write_repo(root: Path, deps: dict[str, list[str]], durations: dict[str, float] | None) -> None:
    for name, on in deps.items():
        folder = root / name
        folder.mkdir(parents=True)
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: yaml\n")
        listed = "".join(f"    - {d}/b\n" for d in on)
        config = f"config:\n  stackgraph:dependsOn:\n{listed}" if on else "config: {}\n"
        (folder / "Pulumi.b.yaml").write_text(config)
        if durations is not None:
            (folder / "sleep.txt").write_text(f"{durations[name]}\n")


def critical_path(deps: dict[str, list[str]], durations: dict[str, float]) -> float:
    finish: dict[str, float] = {}
    for name in sorted(deps):  # names sort by level, so dependencies come first
        finish[name] = max((finish[d] for d in deps[name]), default=0.0) + durations[name]
    return max(finish.values())


def run(root: Path, *opts: str, command: list[str]) -> tuple[float, float, dict]:
    """Run stackgraph; return (the report's wall_s, the whole command's wall time, the report)."""
    report = root.parent / "report.json"
    argv = [sys.executable, "-m", "stackgraph", "run", str(root), *opts, "--report", str(report), "--", *command]
    began = time.perf_counter()
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, env=os.environ | {"CI": "true"})
    total = time.perf_counter() - began
    if proc.returncode != 0:
        sys.exit(f"bench: stackgraph failed ({proc.returncode}):\n{proc.stderr[-2000:]}")
    data = json.loads(report.read_text())
    return data["wall_s"], total, data


def start_latency(deps: dict[str, list[str]], report: dict) -> tuple[float, float]:
    """Mean and max time from the end of a stack's last dependency to its start (ms), slots permitting."""
    t = {s["id"].split("/")[0]: s for s in report["stacks"]}
    stamp = {k: (_epoch(v["started_at"]), _epoch(v["ended_at"])) for k, v in t.items()}
    gaps = [(stamp[n][0] - max(stamp[d][1] for d in on)) * 1000 for n, on in deps.items() if on]
    return sum(gaps) / len(gaps), max(gaps)


def _epoch(iso: str) -> float:
    from datetime import datetime

    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def bench_skewed(
    tmp: Path, stacks: int, levels: int, widths: list[int], shape: str, profile: str, seeds: tuple[int, ...]
) -> tuple[list[str], dict[int, list[float]]]:
    """Real runs on each seed's DAG; returns the table and, per N, eager's gain over waves on each DAG."""
    lines = [
        "",
        f"**{shape}, {profile} skew**: {stacks} stacks in {levels} levels.",
        "",
        "| DAG | work / critical path | N | bound (nominal) | eager, no history | eager, with history | waves "
        "| bound (actual) | eager vs bounds | eager vs waves | most eager can gain |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    gains: dict[int, list[float]] = {n: [] for n in widths}
    latencies: list[tuple[float, float]] = []
    for seed in seeds:
        deps, durations = skewed_dag(seed, stacks, levels, shape, profile)
        root = tmp / f"{shape}-{profile}-{seed}"
        write_repo(root, deps, durations)
        work, cp = sum(durations.values()), critical_path(deps, durations)
        for n in widths:
            bound = max(cp, work / n)
            cold = "-"
            if n == widths[0]:  # the first run of this DAG: no durations known yet
                wall, _, _ = run(root, "-p", str(n), command=SLEEP)
                cold = f"{wall:.2f} s"
            warm, _, report = run(root, "-p", str(n), command=SLEEP)
            waves, _, _ = run(root, "-p", str(n), "--strategy", "waves", command=SLEEP)
            actual = {s["id"].split("/")[0]: s["duration_s"] for s in report["stacks"]}
            real = max(critical_path(deps, actual), sum(actual.values()) / n)
            gains[n].append(1 - warm / waves)
            lines.append(
                f"| seed {seed} | {work:.1f} s / {cp:.2f} s | {n} | {bound:.2f} s | {cold} | {warm:.2f} s "
                f"| {waves:.2f} s | {real:.2f} s | +{(warm / bound - 1) * 100:.1f}% / +{(warm / real - 1) * 100:.1f}% "
                f"| {(1 - warm / waves) * 100:.0f}% less time | {(1 - real / waves) * 100:.0f}% |"
            )
            if n == max(widths):
                latencies.append(start_latency(deps, report))
    medians = ", ".join(f"N = {n}: {statistics.median(g) * 100:.0f}%" for n, g in gains.items())
    lines.append(f"\nMedian gain of eager over waves on these {len(seeds)} DAGs: {medians}.")
    mean = statistics.mean(m for m, _ in latencies)
    worst = max(w for _, w in latencies)
    lines.append(
        f"At N = {max(widths)}, a stack started {mean:.1f} ms (mean; max {worst:.1f} ms) after its last "
        "dependency ended (starting `sh` and `sleep` counts in the durations, not in this gap)."
    )
    return lines, gains


def simulate(deps: dict[str, list[str]], durations: dict[str, float], n: int, strategy: str) -> float:
    """The makespan of the real Scheduler in virtual time: N slots, exact durations known as history."""
    from stackgraph.graph.dag import StackGraph
    from stackgraph.model import StackId
    from stackgraph.results import Status
    from stackgraph.run.scheduler import Scheduler

    graph = StackGraph(map(StackId, deps), ((StackId(a), StackId(b)) for a, on in deps.items() for b in on))
    weights = {StackId(k): v for k, v in durations.items()}
    scheduler = Scheduler(graph, strategy=strategy, weights=weights)
    now, running = 0.0, []  # heap of (end time, stack)
    while not scheduler.done:
        for sid in scheduler.take(n - len(running)):
            heapq.heappush(running, (now + durations[sid], sid))
        now, sid = heapq.heappop(running)
        scheduler.finish(sid, Status.SUCCEEDED)
    return now


def bench_simulated(stacks: int, levels: int, widths: list[int], dags: int) -> list[str]:
    lines = [
        "",
        f"Simulated: the real Scheduler in virtual time on {dags} random DAGs (seeds 1-{dags}) per shape and "
        f"profile, {stacks} stacks in {levels} levels; eager's gain over waves (1 - eager / waves).",
        "",
        "| shape, skew | N | median gain | mean | min - max | DAGs with 25% or more | eager vs bound: median, worst |",
        "|---|---|---|---|---|---|---|",
    ]
    for shape in ("layered", "branches"):
        for profile in PROFILES:
            for n in widths:
                gains, over = [], []
                for seed in range(1, dags + 1):
                    deps, durations = skewed_dag(seed, stacks, levels, shape, profile)
                    eager, waves = simulate(deps, durations, n, "eager"), simulate(deps, durations, n, "waves")
                    bound = max(critical_path(deps, durations), sum(durations.values()) / n)
                    gains.append(1 - eager / waves)
                    over.append(eager / bound - 1)
                share = sum(g >= 0.25 for g in gains) / len(gains)
                lines.append(
                    f"| {shape}, {profile} | {n} | {statistics.median(gains) * 100:.0f}% "
                    f"| {statistics.mean(gains) * 100:.0f}% | {min(gains) * 100:.0f}% - {max(gains) * 100:.0f}% "
                    f"| {share * 100:.0f}% | +{statistics.median(over) * 100:.1f}%, +{max(over) * 100:.1f}% |"
                )
    return lines


def bench_overhead(tmp: Path, stacks: int) -> list[str]:
    root = tmp / "overhead"
    write_repo(root, {f"t{i:03d}": [] for i in range(stacks)}, None)
    lines = [
        "",
        f"Overhead: {stacks} independent stacks running `true`.",
        "",
        "| N | run (wall_s) | per stack | whole command (scan, plan, run, reports) |",
        "|---|---|---|---|",
    ]
    for n in (1, 16):
        wall, total, _ = run(root, "-p", str(n), command=["true"])
        lines.append(f"| {n} | {wall:.2f} s | {wall / stacks * 1000:.1f} ms | {total:.2f} s |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller graphs")
    args = parser.parse_args()
    stacks, levels, overhead, seeds, dags = (24, 4, 100, SEEDS[:1], 10) if args.quick else (60, 6, 500, SEEDS, SIM_DAGS)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average before: {load}")
    with tempfile.TemporaryDirectory(prefix="stackgraph-bench-") as tmp:
        lines: list[str] = []
        summary = ["", "| shape, skew | N | median gain of eager over waves (real runs) |", "|---|---|---|"]
        for shape in ("layered", "branches"):
            for profile in PROFILES:
                table, gains = bench_skewed(Path(tmp), stacks, levels, [4, 16], shape, profile, seeds)
                lines += table
                summary += [
                    f"| {shape}, {profile} | {n} | {statistics.median(g) * 100:.0f}% |" for n, g in gains.items()
                ]
        lines += summary
        lines += bench_simulated(stacks, levels, [4, 16], dags)
        lines += bench_overhead(Path(tmp), overhead)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}, {time.strftime('%Y-%m-%d')}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
