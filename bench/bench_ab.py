#!/usr/bin/env python3
"""What a change costs a cold plan: this checkout against an earlier commit, in alternating pairs.

    .venv/bin/python bench/bench_ab.py --base REV [--estate DIR] [--runs 7] [--write] [-- plan -e dev -f json]

Checks out REV into a temporary git worktree and runs the command (default `plan -e dev -f json`, issue 16's
cold measure) on the bench estate (bench_peers.py makes it: /tmp/stackgraph-peers/estate-2000) with REV's code
and with this checkout's (PYTHONPATH pointing at each, the same interpreter and packages), each run cold (a new,
empty STACKGRAPH_CACHE_DIR), alternating base and head so that a change of the machine's speed hits both. Reports
the median (min-max) wall time and CPU time (the process and its children: the pre-parse worker included) of
each side, and the median of the per-pair ratios head/base; checks that both print the same bytes. Both trees are
byte-compiled first (as an installed copy is: PYTHONDONTWRITEBYTECODE would leave one compiling on every run). `--write`
records the table in bench/RESULTS-ab.md. Compare only figures of one run: the machine is noisy.
"""

from __future__ import annotations

import argparse
import datetime
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
import record  # noqa: E402  (a sibling script of bench/, found through the path set above)

ROOT = HERE.parent


def once(code: Path, repo: Path, argv: list[str]) -> tuple[float, float, bytes]:
    """One cold run: (wall seconds, CPU seconds of the process tree, stdout)."""
    with tempfile.TemporaryDirectory(prefix="sg-ab-") as cache:
        env = {**os.environ, "PYTHONPATH": str(code), "STACKGRAPH_CACHE_DIR": cache, "NO_COLOR": "1"}
        env.pop("CI", None)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        start = time.perf_counter()
        argv_all = [sys.executable, "-m", "stackgraph", *argv]
        done = subprocess.run(argv_all, cwd=repo, env=env, capture_output=True, timeout=600, check=False)
        wall = time.perf_counter() - start
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} with {code} failed ({done.returncode}): {done.stderr[-400:]!r}")
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, done.stdout


def spread(values: list[float]) -> str:
    return f"{statistics.median(values):.3f} s ({min(values):.3f}-{max(values):.3f})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit to compare with")
    parser.add_argument("--estate", type=Path, default=Path("/tmp/stackgraph-peers/estate-2000"))
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--write", action="store_true", help="record the table in bench/RESULTS-ab.md")
    parser.add_argument("command", nargs="*", default=["plan", "-e", "dev", "-f", "json"])
    args = parser.parse_args()
    if not args.estate.is_dir():
        raise SystemExit(f"{args.estate}: no estate; make it with bench/bench_peers.py")

    def rev(name: str) -> str:
        found = subprocess.run(
            ["git", "rev-parse", "--short", name], cwd=ROOT, capture_output=True, text=True, check=True
        )
        return found.stdout.strip()

    base_rev, head = rev(args.base), rev("HEAD")
    walls: dict[str, list[float]] = {"base": [], "head": []}
    cpus: dict[str, list[float]] = {"base": [], "head": []}
    ratios: list[float] = []
    same = True
    with tempfile.TemporaryDirectory(prefix="sg-ab-base-") as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(base), args.base], cwd=ROOT, check=True)
        # Byte-compile both sides, as an installed copy is: under PYTHONDONTWRITEBYTECODE (set on these machines) a
        # tree never compiled compiles every module on every run, ~0.15 s that made a base worktree ~6% slower than
        # this checkout with the same code (before 2026-12-08 02:50 the ratios below favoured head by that much).
        for tree in (base, ROOT):
            subprocess.run([sys.executable, "-m", "compileall", "-q", str(tree / "stackgraph")], check=True)
        try:
            for i in range(args.runs):
                order = [("base", base), ("head", ROOT)] if i % 2 == 0 else [("head", ROOT), ("base", base)]
                got = {name: once(code, args.estate, args.command) for name, code in order}
                for name, (wall, cpu, _) in got.items():
                    walls[name].append(wall)
                    cpus[name].append(cpu)
                ratios.append(got["head"][0] / got["base"][0])
                same = same and got["head"][2] == got["base"][2]
                print(f"pair {i + 1}: base {got['base'][0]:.3f} s, head {got['head'][0]:.3f} s", flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)
    table = [
        "| side | wall median (min-max) | CPU median (min-max) |",
        "| --- | --- | --- |",
        f"| {base_rev} (base) | {spread(walls['base'])} | {spread(cpus['base'])} |",
        f"| {head} (head) | {spread(walls['head'])} | {spread(cpus['head'])} |",
    ]
    ratio = f"paired wall ratio head/base {statistics.median(ratios):.3f} ({min(ratios):.3f}-{max(ratios):.3f})"
    bytes_same = "the same stdout" if same else "stdout DIFFERS"
    print("\n".join(table))
    print(f"{ratio}; {bytes_same}")
    if args.write:
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        command = "`" + " ".join([".venv/bin/python", "bench/bench_ab.py", *sys.argv[1:]]) + "`"
        load = os.getloadavg()[0]
        section = f"## {stamp}\n\nCommand: {command}\n\nCommand measured: `{' '.join(args.command)}` on "
        section += f"{args.estate.name}, cold, {args.runs} alternating pairs; load before {load:.2f}.\n\n"
        section += "\n".join(table) + f"\n\n{ratio}; {bytes_same}.\n\n"
        path = HERE / "RESULTS-ab.md"
        head_text = "# What a change costs a cold run\n\nRecorded by `bench/bench_ab.py --write` (newest first).\n\n"
        record.prepend(path, head_text, section)
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
