#!/usr/bin/env python3
"""What the output-contract check adds to a warm `stackgraph plan` on the 2,000-project bench estate.

    .venv/bin/python bench/bench_check.py [--repo /tmp/stackgraph-bench] [--runs 7] [--before DIR] [--cold] [--write]

Three figures, in one sitting:
1. warm `plan REPO -f json` (a subprocess per run, after one warm-up; median wall and CPU, os.wait4) with
   this checkout's code, and with `--before DIR` (a checkout of an older commit, e.g. a `git worktree`
   at the commit before the check) run through `python -m stackgraph` with PYTHONPATH=DIR;
2. the check alone, in-process: `contracts.check(repo)` on the loaded estate, median of 20 calls;
3. `stackgraph check REPO` warm (the whole command);
4. with `--cold`: one cold scan in-process and the CPU spent gathering each project's exports in it.
The repository is the one bench/bench_plan.py generates (`--repo` names it directly). `--write` records
the table in bench/RESULTS-check.md.
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
from typing import Any

HERE = Path(__file__).resolve().parent


def measure(cmd: list[str], runs: int, env: dict[str, str] | None = None) -> tuple[float, float]:
    """Median wall and CPU seconds of `runs` runs of `cmd` after one warm-up (exit 0 or 1 accepted)."""
    walls, cpus = [], []
    for i in range(runs + 1):
        start = time.perf_counter()
        with open(os.devnull, "wb") as devnull:
            proc = subprocess.Popen(cmd, stdout=devnull, stderr=devnull, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        code = os.waitstatus_to_exitcode(status)
        if code not in (0, 1):
            raise SystemExit(f"{' '.join(cmd)} exited {code}")
        if i:
            walls.append(wall)
            cpus.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(walls), statistics.median(cpus)


def check_alone(repo: Path) -> tuple[float, int, int]:
    """Median seconds of `check(repo)` in-process, the reads checked and the findings."""
    from stackgraph.contracts import check
    from stackgraph.discovery.scan import scan

    loaded = scan(repo)
    times = []
    result = check(loaded)
    for _ in range(20):
        t = time.perf_counter()
        result = check(loaded)
        times.append(time.perf_counter() - t)
    return statistics.median(times), result.checked, len(result.findings)


def cold_exports(repo: Path) -> tuple[float, float]:
    """CPU seconds of one cold scan in-process (no cache; a forked pre-parse worker's share is not counted)
    and of the part spent gathering the exports of every project."""
    import stackgraph.inference as inference
    from stackgraph.discovery.scan import scan

    spent = [0.0]
    gather = inference.project_exports

    def timed(*args: Any, **kwargs: Any) -> Any:
        start = time.process_time()
        try:
            return gather(*args, **kwargs)
        finally:
            spent[0] += time.process_time() - start

    os.environ["STACKGRAPH_CACHE_DIR"] = "off"
    inference.project_exports = timed  # type: ignore[assignment]  # a timing wrapper with the same call
    start = time.process_time()
    scan(repo)
    return time.process_time() - start, spent[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, default=Path("/tmp/stackgraph-bench"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--before", type=Path, help="a checkout of the code to compare with")
    parser.add_argument("--write", action="store_true", help="record the results in bench/RESULTS-check.md")
    parser.add_argument("--cold", action="store_true", help="also: one cold scan, and its share for exports")
    args = parser.parse_args()
    python = sys.executable
    plan = ["-m", "stackgraph", "plan", str(args.repo), "-f", "json"]
    rows = []
    load = os.getloadavg()[0]
    # A cache folder of our own per code: others' runs on the same estate must not evict our stored scan.
    mine = {**os.environ, "STACKGRAPH_CACHE_DIR": tempfile.mkdtemp(prefix="bench-check-after-")}
    rows.append(("plan REPO -f json, warm (this checkout)", measure([python, *plan], args.runs, mine)))
    if args.before is not None:
        env = {
            **os.environ,
            "PYTHONPATH": str(args.before.resolve()),
            "STACKGRAPH_CACHE_DIR": tempfile.mkdtemp(prefix="bench-check-before-"),
        }
        rows.append((f"plan REPO -f json, warm ({args.before.name})", measure([python, *plan], args.runs, env)))
    check_cmd = [python, "-m", "stackgraph", "check", str(args.repo)]
    rows.append(("check REPO, warm (this checkout)", measure(check_cmd, args.runs, mine)))
    os.environ["STACKGRAPH_CACHE_DIR"] = mine["STACKGRAPH_CACHE_DIR"]
    alone, checked, findings = check_alone(args.repo)
    table = [
        "| command | median wall | median CPU |",
        "| --- | ---: | ---: |",
        *(f"| {name} | {wall:.2f} s | {cpu:.2f} s |" for name, (wall, cpu) in rows),
        f"| contracts.check(repo) alone, in-process | {alone * 1000:.1f} ms | |",
    ]
    if args.cold:
        total, gathering = cold_exports(args.repo)
        table.append(
            f"| cold scan in-process (no cache), of which gathering exports | | {total:.2f} s, {gathering:.2f} s |"
        )
    context = (
        f"repository: {args.repo} ({checked} reads checked, {findings} findings); {args.runs} runs after one "
        f"warm-up; machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
        f"load average {load:.2f} before the runs"
    )
    print(context)
    print("\n".join(table))
    if args.write:
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        with (HERE / "RESULTS-check.md").open("a", encoding="utf-8") as f:
            f.write(f"\n## {stamp}\n\n`python bench/bench_check.py {' '.join(sys.argv[1:])}`\n\n{context}\n\n")
            f.write("\n".join(table) + "\n")


if __name__ == "__main__":
    main()
