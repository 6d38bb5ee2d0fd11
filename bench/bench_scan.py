#!/usr/bin/env python3
"""Benchmark `stackgraph scan` with code inference on the 2,000-project estate of bench_plan.py.

    .venv/bin/python bench/bench_scan.py [--projects 2000] [--runs 3] [--repo DIR] [--regen]

Reuses bench_plan.py's generator (Python, TypeScript, Go and YAML programs whose
StackReferences match the declared `stackgraph:dependsOn`). Runs the installed console
script in subprocesses:
- cold: a fresh, empty parse cache for every run (every program file is parsed);
- warm: the same cache for every run after one filling run (nothing is parsed).
Reports the median wall time of each, and checks that every edge of the estate was
found in code as well as declared (kind `code+explicit`), so the benchmark measures
real work. Targets on a 2-core machine: cold < 5 s, warm < 1 s.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_plan import BIN, generate  # noqa: E402 - the sibling module, found through sys.path

TARGETS = {"cold_s": 5.0, "warm_s": 1.0}


CPU: list[float] = []  # user+sys seconds of each scan: the machine may be shared, wall time then lies


def run_scan(repo: Path, cache: Path) -> tuple[float, dict[str, object]]:
    env = {**os.environ, "STACKGRAPH_CACHE_DIR": str(cache)}
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run([str(BIN), "scan", str(repo), "--format", "json"], capture_output=True, env=env, check=False)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    CPU.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
    if done.returncode != 0:
        sys.exit(f"bench_scan: scan failed ({done.returncode}): {done.stderr.decode()[-2000:]}")
    return elapsed, json.loads(done.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--repo", type=Path, default=None)
    parser.add_argument("--regen", action="store_true")
    args = parser.parse_args()
    repo = args.repo or Path(tempfile.gettempdir()) / f"stackgraph-bench-{args.projects}"
    if args.regen or not (repo / ".bench-complete").is_file():
        print(f"generating {args.projects} projects in {repo} ...", file=sys.stderr)
        generate(repo, args.projects)
    with tempfile.TemporaryDirectory(prefix="stackgraph-bench-cache-") as tmp:
        cold = []
        for i in range(args.runs):
            seconds, data = run_scan(repo, Path(tmp) / f"cold-{i}")
            cold.append(seconds)
        cold_cpu = CPU[:]
        warm_cache = Path(tmp) / "warm"
        run_scan(repo, warm_cache)
        CPU.clear()
        warm = [run_scan(repo, warm_cache)[0] for _ in range(args.runs)]
        warm_cpu = CPU[:]
    edges = data["edges"]
    kinds = {e["kind"] for e in edges}  # type: ignore[union-attr,index]
    refs = data["references"]
    unresolved = sum(1 for r in refs if not r["resolved"])  # type: ignore[union-attr,index]
    print(f"repo: {repo} ({len(data['projects'])} projects, {len(data['stacks'])} stacks)")  # type: ignore[arg-type]
    print(f"references: {len(refs)} ({unresolved} unresolved); edges: {len(edges)} of kinds {sorted(kinds)}")
    for label, wall, cpu in (("cold (empty parse cache)", cold, cold_cpu), ("warm (cached parses)", warm, warm_cpu)):
        print(
            f"scan {label:25} wall median {statistics.median(wall):.2f} s {[round(s, 2) for s in wall]}"
            f"  cpu median {statistics.median(cpu):.2f} s"
        )
    ok = kinds == {"code+explicit"} and unresolved == 0
    ok &= statistics.median(cold) < TARGETS["cold_s"] and statistics.median(warm) < TARGETS["warm_s"]
    print(
        f"targets: cold < {TARGETS['cold_s']} s, warm < {TARGETS['warm_s']} s, every edge found in code: "
        f"{'met' if ok else 'MISSED'}"
    )
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
