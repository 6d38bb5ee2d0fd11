#!/usr/bin/env python3
"""Benchmark what shell completion costs: `stackgraph --help` (which must not load it) and one completion.

    .venv/bin/python bench/bench_completion.py [--projects 500] [--runs 10] [--write]

Measures, in subprocesses of the installed console script (median and slowest wall, median CPU):
1. `stackgraph --help`;
2. one bash completion request for `stackgraph why . <TAB>` (every stack id) in examples/ and in an
   estate of bench_plan.py (generated once into a temporary folder), with the scan cache warm (the
   usual case: the repository was scanned before) and cold (an empty cache folder).
`--write` records the table in bench/RESULTS-completion.md.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_plan import generate  # noqa: E402 - the estate of bench_plan.py

BIN = Path(sys.executable).with_name("stackgraph")
EXAMPLES = HERE.parent / "examples"


def run(
    cmd: list[str], runs: int, cwd: Path, env: dict[str, str], *, warmup: bool = True
) -> tuple[list[float], list[float]]:
    """Run `cmd` `runs` times (after one warm-up unless told not to); return wall and CPU seconds per run."""
    walls, cpus = [], []
    for i in range(runs + 1 if warmup else runs):
        start = time.perf_counter()
        proc = subprocess.Popen(cmd, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
        if os.waitstatus_to_exitcode(status) != 0:
            raise SystemExit(f"{' '.join(cmd)} failed: {err}")
        if i or not warmup:
            walls.append(wall)
            cpus.append(usage.ru_utime + usage.ru_stime)
    return walls, cpus


def completion_env(cache: str | None) -> dict[str, str]:
    env = {
        **os.environ,
        "_STACKGRAPH_COMPLETE": "complete_bash",
        "COMP_WORDS": "stackgraph\nwhy\n.\n",
        "COMP_CWORD": "3",
    }
    if cache is not None:
        env["STACKGRAPH_CACHE_DIR"] = cache
    return env


def row(name: str, times: tuple[list[float], list[float]]) -> str:
    walls, cpus = times
    return f"| {name} | {statistics.median(walls):.3f} s | {max(walls):.3f} s | {statistics.median(cpus):.3f} s |"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=500)
    parser.add_argument("--runs", type=int, default=10)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    load = os.getloadavg()[0]
    rows = [row("`stackgraph --help`", run([str(BIN), "--help"], args.runs, HERE, dict(os.environ)))]
    with tempfile.TemporaryDirectory(prefix="stackgraph-bench-completion-") as tmp:
        estate = Path(tmp) / "estate"
        generate(estate, args.projects)
        for name, repo in (("examples/ (12 stacks)", EXAMPLES), (f"estate ({args.projects * 3} stacks)", estate)):
            warm = run([str(BIN)], args.runs, repo, completion_env(None))
            rows.append(row(f"complete `why . <TAB>` in {name}, warm cache", warm))
            cold_times: tuple[list[float], list[float]] = ([], [])
            for i in range(max(1, args.runs // 2)):  # every run a new, empty cache folder
                env = completion_env(str(Path(tmp) / f"cold-{len(rows)}-{i}"))
                walls, cpus = run([str(BIN)], 1, repo, env, warmup=False)
                cold_times[0].extend(walls)
                cold_times[1].extend(cpus)
            rows.append(row("same, empty cache (a first completion, or after every file changed)", cold_times))
    table = ["| what | median wall | slowest wall | median CPU |", "| --- | ---: | ---: | ---: |", *rows]
    context = (
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
        f"load average before the runs {load:.2f}; {args.runs} runs after one warm-up "
        f"(cold: {max(1, args.runs // 2)} runs, each with a new cache folder)"
    )
    print(context)
    print("\n".join(table))
    if args.write:
        out = HERE / "RESULTS-completion.md"
        head = (
            "# Shell completion: start-up and completion latency\n\n"
            "Recorded by `bench/bench_completion.py --write` (newest first).\n"
        )
        old = out.read_text().split("\n", 3)[3] if out.exists() else ""
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        out.write_text(
            f"{head}\n## {stamp}\n\n{context}\n\n" + "\n".join(table) + "\n" + (f"\n{old.lstrip()}" if old else "")
        )


if __name__ == "__main__":
    main()
