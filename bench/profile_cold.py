#!/usr/bin/env python3
"""Where a cold `plan` spends its time: the head, the two-process window and the tail, with CPU per process.

    .venv/bin/python bench/profile_cold.py [--repo /tmp/stackgraph-peers/estate-2000] [--runs 5]
        [--write] [-- plan -e dev -f json]

Each run is a cold one (a new, empty STACKGRAPH_CACHE_DIR) of the command given after `--` (default:
`plan -e dev -f json`, issue 16's cold measure), in a child Python that wraps three functions before
the CLI starts: `prefetch.start_early` (when the pre-parse worker forks), the worker's `_work` (when it
ends and the CPU it used, printed by the worker itself) and `scan._infer` (when inference ends). Nothing
of stackgraph is changed; the wrappers cost microseconds. Reported per run, and as medians:

- wall: the whole process, timed from outside;
- head: from the start of the interpreter to the fork (one core busy: imports, the walk);
- window: from the fork to the end of the worker (both processes busy);
- tail: from the end of inference to the exit (one core: assemble, store the result, order, render);
- main and worker CPU (getrusage), their sum, and the bound on 2 cores (the sum halved): what a perfect
  split of the same work would take. `idle` is the core time left unused (2 x wall - CPU).

The bench estate is made by bench_peers.py (`--repo` is one of its estates; it is made when missing).
`--write` records the table in bench/RESULTS-profile.md. Compare only runs of one sitting: the machine is noisy.
"""

from __future__ import annotations

import argparse
import datetime
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import bench_peers  # noqa: E402  (a sibling script, not a package: found through the path set above)

WRAPPER = r"""
import atexit, os, resource, sys, time
T0 = time.perf_counter()
marks = {}
import stackgraph.discovery.scan as scan
import stackgraph.inference.prefetch as prefetch
import stackgraph.inference.worker as worker

real_start, real_work, real_infer = prefetch.start_early, worker._work, scan._infer

def start_early(*args, **kwargs):
    marks["fork"] = time.perf_counter() - T0
    return real_start(*args, **kwargs)

def work(*args, **kwargs):
    try:
        return real_work(*args, **kwargs)
    finally:
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu = used.ru_utime + used.ru_stime
        print(f"@profile worker-end {time.perf_counter() - T0:.4f} {cpu:.4f}", file=sys.stderr)

def infer(*args, **kwargs):
    try:
        return real_infer(*args, **kwargs)
    finally:
        marks["infer-end"] = time.perf_counter() - T0

prefetch.start_early, worker._work, scan._infer = start_early, work, infer

def report():
    if os.getpid() != PID:
        return
    used = resource.getrusage(resource.RUSAGE_SELF)
    fields = " ".join(f"{k}={v:.4f}" for k, v in marks.items())
    cpu = used.ru_utime + used.ru_stime
    print(f"@profile main-end {time.perf_counter() - T0:.4f} {cpu:.4f} {fields}", file=sys.stderr)

PID = os.getpid()
atexit.register(report)
from stackgraph.cli.main import main
sys.argv = ["stackgraph", *sys.argv[1:]]
main()
"""


def one_run(repo: Path, argv: list[str]) -> dict[str, float]:
    """One cold run of `stackgraph argv` in `repo`: its wall time and the marks the wrappers printed."""
    cache = Path(tempfile.mkdtemp(prefix="sg-profile-cache-"))
    try:
        env = {**os.environ, "STACKGRAPH_CACHE_DIR": str(cache)}
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", WRAPPER, *argv], cwd=repo, env=env, capture_output=True, text=True, check=False
        )
        wall = time.perf_counter() - start
    finally:
        shutil.rmtree(cache, ignore_errors=True)
    if out.returncode not in (0, 1):
        raise SystemExit(f"stackgraph {' '.join(argv)} exited {out.returncode}: {out.stderr[-800:]}")
    row = {"wall": wall}
    for line in out.stderr.splitlines():
        parts = line.split()
        if line.startswith("@profile worker-end"):
            row["worker_end"], row["worker_cpu"] = float(parts[2]), float(parts[3])
        elif line.startswith("@profile main-end"):
            row["end"], row["main_cpu"] = float(parts[2]), float(parts[3])
            for field in parts[4:]:
                key, value = field.split("=")
                row[key.replace("-", "_")] = float(value)
    if "end" not in row:
        raise SystemExit(f"no timeline printed: {out.stderr[-800:]}")
    return row


def derive(row: dict[str, float]) -> dict[str, float]:
    """The phases of one run (seconds); a run without a worker (a small repository) has no window."""
    cpu = row["main_cpu"] + row.get("worker_cpu", 0.0)
    fork = row.get("fork", row["end"])
    worker_end = row.get("worker_end", fork)
    busy_end = max(worker_end, row.get("infer_end", worker_end))
    startup = row["wall"] - row["end"]  # the interpreter's start and exit, outside the in-process clock
    return {
        "wall": row["wall"],
        "head": fork + startup,
        "window": worker_end - fork,
        "tail": row["end"] - busy_end,
        "main CPU": row["main_cpu"],
        "worker CPU": row.get("worker_cpu", 0.0),
        "CPU": cpu,
        "2-core bound": cpu / 2,
        "idle": 2 * row["wall"] - cpu,
    }


def table(runs: list[dict[str, float]]) -> list[str]:
    keys = list(runs[0])
    lines = ["| measure | median | min | max |", "| --- | ---: | ---: | ---: |"]
    for key in keys:
        values = [r[key] for r in runs]
        lines.append(f"| {key} | {statistics.median(values):.3f} s | {min(values):.3f} s | {max(values):.3f} s |")
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=Path(tempfile.gettempdir()) / "stackgraph-peers" / "estate-2000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="record the table in bench/RESULTS-profile.md")
    parser.add_argument("argv", nargs="*", help="the stackgraph command (after --); default: plan -e dev -f json")
    args = parser.parse_args()
    argv = args.argv or ["plan", "-e", "dev", "-f", "json"]
    repo = args.repo
    if not (repo / "stackgraph.yaml").exists():
        n = int(repo.name.rsplit("-", 1)[-1]) if repo.name.startswith("estate-") else 2000
        repo = bench_peers.estate(repo.parent, n)
    one_run(repo, argv)  # a first run to fill the page cache and write the bytecode
    runs = [derive(one_run(repo, argv)) for _ in range(args.runs)]
    for i, r in enumerate(runs, 1):
        print(f"run {i}: " + ", ".join(f"{k} {v:.3f}" for k, v in r.items()), file=sys.stderr)
    lines = table(runs)
    print("\n".join(lines))
    if args.write:
        stamp = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
        command = f"bench/profile_cold.py --repo {args.repo} --runs {args.runs} -- {' '.join(argv)}"
        (HERE / "RESULTS-profile.md").write_text(
            "# Where a cold run spends its time\n\n"
            f"`{command}`, {stamp}, {os.cpu_count()} cores, {len(runs)} cold runs (medians of each measure "
            "taken separately: the rows need not add up).\n\n" + "\n".join(lines) + "\n"
        )


if __name__ == "__main__":
    main()
