#!/usr/bin/env python3
"""The floor of a cold scan: walking, reading and parsing the same files with nothing else.

    .venv/bin/python bench/bench_floor.py [--repo /tmp/stackgraph-bench] [--projects 2000] [--runs 5] [--write]

In one process, with the files in the page cache: (1) walk the repository (os.scandir, one stat per
file, hidden folders skipped); (2) read every file the walk found; (3) parse every YAML file with
libyaml's C loader (values only: no line numbers, which stackgraph keeps); (4) parse every program
file with the parser stackgraph uses for its language (Python's `ast`, tree-sitter for TypeScript and
Go), without looking at the trees. Then times `stackgraph scan REPO -f json` cold (a new, empty
STACKGRAPH_CACHE_DIR each run), alternating with the floor, and reports both and their paired ratio.
stackgraph does more than the floor (line numbers, references resolved, the result stored), in two
processes; the floor is what no tool reading these files can avoid. `--write` records the table in
bench/RESULTS-floor.md.
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
import bench_plan  # noqa: E402  (a sibling script, not a package: found through the path set above)

BIN = Path(sys.executable).with_name("stackgraph")

FLOOR = r"""
import ast, os, sys, time
import yaml, tree_sitter, tree_sitter_go, tree_sitter_typescript

root = sys.argv[1]
clock = time.perf_counter
t0 = clock()
files = []
todo = [root]
while todo:
    folder = todo.pop()
    for e in os.scandir(folder):
        if e.name.startswith("."):
            continue
        if e.is_dir(follow_symlinks=False):
            todo.append(e.path)
        else:
            e.stat()
            files.append(e.path)
t1 = clock()
texts = {}
for path in files:
    with open(path, "rb") as f:
        texts[path] = f.read()
t2 = clock()
for path, raw in texts.items():
    if path.endswith(".yaml"):
        yaml.load(raw, Loader=yaml.CSafeLoader)
t3 = clock()
ts = tree_sitter.Parser(tree_sitter.Language(tree_sitter_typescript.language_typescript()))
go = tree_sitter.Parser(tree_sitter.Language(tree_sitter_go.language()))
for path, raw in texts.items():
    if path.endswith(".py"):
        ast.parse(raw)
    elif path.endswith(".ts"):
        ts.parse(raw)
    elif path.endswith(".go"):
        go.parse(raw)
t4 = clock()
print(len(files), t1 - t0, t2 - t1, t3 - t2, t4 - t3, t4 - t0)
"""


def floor(repo: Path) -> tuple[int, list[float], float]:
    """Run the floor in a fresh interpreter: (files, [walk, read, yaml, programs], wall of the process)."""
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", FLOOR, str(repo)], check=True, capture_output=True, text=True)
    wall = time.perf_counter() - start
    n, *phases = out.stdout.split()
    return int(n), [float(p) for p in phases[:4]], wall


def cold_scan(repo: Path) -> float:
    cache = tempfile.mkdtemp(prefix="sg-floor-cold-")
    try:
        start = time.perf_counter()
        subprocess.run(
            [str(BIN), "scan", str(repo), "-f", "json"],
            check=True,
            stdout=subprocess.DEVNULL,
            env={**os.environ, "STACKGRAPH_CACHE_DIR": cache},
        )
        return time.perf_counter() - start
    finally:
        shutil.rmtree(cache, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=Path(tempfile.gettempdir()) / "stackgraph-floor")
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true", help="record the table in bench/RESULTS-floor.md")
    args = parser.parse_args()
    if not (args.repo / "stackgraph.yaml").exists():
        bench_plan.generate(args.repo, args.projects)
    floor(args.repo)  # the page cache filled, the interpreter's files too
    cold_scan(args.repo)
    walls, phases, scans = [], [], []
    n = 0
    for i in range(args.runs):
        if i % 2:
            scans.append(cold_scan(args.repo))
        n, ph, wall = floor(args.repo)
        walls.append(wall)
        phases.append(ph)
        if not i % 2:
            scans.append(cold_scan(args.repo))
    med = [statistics.median(p[k] for p in phases) for k in range(4)]
    ratios = sorted(s / w for s, w in zip(scans, walls, strict=True))
    rows = [
        "| step | median |",
        "| --- | ---: |",
        f"| walk ({n} files, one stat each) | {med[0]:.3f} s |",
        f"| read every file | {med[1]:.3f} s |",
        f"| parse the YAML files (libyaml C loader, values only) | {med[2]:.3f} s |",
        f"| parse the programs (ast, tree-sitter) | {med[3]:.3f} s |",
        f"| floor, the whole process (interpreter and imports included) | {statistics.median(walls):.2f} s "
        f"({min(walls):.2f}-{max(walls):.2f}) |",
        f"| `stackgraph scan -f json`, cold | {statistics.median(scans):.2f} s ({min(scans):.2f}-{max(scans):.2f}) |",
        f"| paired ratio scan / floor | {statistics.median(ratios):.2f}x ({ratios[0]:.2f}-{ratios[-1]:.2f}) |",
    ]
    text = "\n".join(rows)
    print(text)
    if args.write:
        today = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        command = "`" + " ".join([".venv/bin/python", "bench/bench_floor.py", *sys.argv[1:]]) + "`"
        body = (
            f"## {today}\n\nCommand: {command}\n\nRepository: {args.repo} ({args.projects} projects x 3 stacks); "
            f"{os.cpu_count()} cores, load before {os.getloadavg()[0]:.2f}.\n\n{text}\n"
        )
        path = HERE / "RESULTS-floor.md"
        head = "# The floor of a cold scan\n\nRecorded by `bench/bench_floor.py --write` (newest first).\n\n"
        old = path.read_text() if path.exists() else head
        path.write_text(head + body + "\n" + old[len(head) :] if old.startswith(head) else head + body + "\n" + old)
        print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
