"""Benchmark of the scheduler and executor through the real CLI: `stackgraph run PATH -- sleep ...`.

Not a test: it prints figures (markdown) to record in bench/RESULTS-run.md and docs/running.md.

1. Skewed DAG: STACKS stacks in LEVELS levels, each depending on 1-3 stacks of the level
   before, durations 0.1-2 s (most short, a few long), fixed seed. Each stack runs
   `sh -c 'read d < sleep.txt && exec sleep "$d"'` in its project folder (sleep.txt holds its
   duration).
   For N = 4 and 16: wall time of the run (the report's wall_s: scheduling and processes,
   not the scan) for eager without history (every stack weighs 1), eager with the
   durations of the previous run, and waves; against the lower bound
   max(critical path, total work / N), computed from the nominal durations and from the
   durations the stacks actually took in that run (sleep plus the cost of starting `sh` and
   `sleep`, which grows with the machine's load).
2. Overhead: OVERHEAD_STACKS independent stacks running `true`: wall_s / stacks at -p 1
   (per-stack cost of scheduling, spawning, waiting, logging and reporting, `true`
   included) and at -p 16.

    .venv/bin/python bench/bench_run.py            # the recorded figures
    .venv/bin/python bench/bench_run.py --quick    # a smaller run to try changes
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SLEEP = ["sh", "-c", 'read d < sleep.txt && exec sleep "$d"']


def skewed_dag(seed: int, stacks: int, levels: int, shape: str) -> tuple[dict[str, list[str]], dict[str, float]]:
    """`layered`: each stack depends on 1-3 random stacks of the level before.
    `branches`: each stack depends on the one before it in its own branch (a team, a region),
    and one in five also on a random stack of another branch one level up.
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
    from datetime import datetime  # noqa: PLC0415

    return datetime.fromisoformat(iso.replace("Z", "+00:00")).timestamp()


def bench_skewed(tmp: Path, stacks: int, levels: int, widths: list[int], shape: str) -> list[str]:
    deps, durations = skewed_dag(7, stacks, levels, shape)
    root = tmp / shape
    write_repo(root, deps, durations)
    work, cp = sum(durations.values()), critical_path(deps, durations)
    lines = [
        "",
        f"Skewed DAG, {shape}: {len(deps)} stacks, {levels} levels, durations {min(durations.values())}-"
        f"{max(durations.values())} s, total work {work:.1f} s, critical path {cp:.2f} s.",
        "",
        "| N | bound (nominal) | eager, no history | eager, with history | waves | bound (actual) "
        "| eager vs bounds | eager vs waves |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for n in widths:
        bound = max(cp, work / n)
        shutil.rmtree(root / ".stackgraph", ignore_errors=True)
        cold, _, _ = run(root, "-p", str(n), command=SLEEP)
        warm, _, report = run(root, "-p", str(n), command=SLEEP)
        waves, _, _ = run(root, "-p", str(n), "--strategy", "waves", command=SLEEP)
        actual = {s["id"].split("/")[0]: s["duration_s"] for s in report["stacks"]}
        real = max(critical_path(deps, actual), sum(actual.values()) / n)
        lines.append(
            f"| {n} | {bound:.2f} s | {cold:.2f} s | {warm:.2f} s | {waves:.2f} s | {real:.2f} s "
            f"| +{(warm / bound - 1) * 100:.1f}% / +{(warm / real - 1) * 100:.1f}% "
            f"| {(1 - warm / waves) * 100:.0f}% less time |"
        )
        if n == max(widths):
            mean, worst = start_latency(deps, report)
    lines.append(
        f"\nAt N = {max(widths)}, a stack started {mean:.1f} ms (mean; max {worst:.1f} ms) after its last "
        "dependency ended (starting `sh` and `sleep` counts in the durations, not in this gap)."
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
    stacks, levels, overhead = (24, 4, 100) if args.quick else (60, 6, 500)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"load average before: {load}")
    with tempfile.TemporaryDirectory(prefix="stackgraph-bench-") as tmp:
        lines = bench_skewed(Path(tmp), stacks, levels, [4, 16], "layered")
        lines += bench_skewed(Path(tmp), stacks, levels, [4, 16], "branches")
        lines += bench_overhead(Path(tmp), overhead)
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())
    print(f"Python {sys.version.split()[0]}, {os.cpu_count()} CPUs, load average {load}, {time.strftime('%Y-%m-%d')}")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
