#!/usr/bin/env python3
"""Benchmark `stackgraph diff` and the markdown summary on the 2,000-project estate of bench/bench_plan.py.

    .venv/bin/python bench/bench_diff.py [--projects 2000] [--runs 3] [--write]

Generates the estate into a temporary folder, makes it a git repository (one commit on
`main`), then a branch where one stack file names one more dependency, and measures:

1. `stackgraph diff main REPO -f json` with a cold cache (a fresh STACKGRAPH_CACHE_DIR: as on a CI
   runner) and warm (the same cache again), in wall and CPU seconds (user + sys of the process and
   its children: wall time on a shared machine swings by seconds);
2. `stackgraph plan REPO -f json` cold and warm, for scale (the diff scans twice: base and tree);
3. the pure markdown summary of a 2,000-stack preview with 5 resources each (median of runs).

`--write` records the table in bench/RESULTS-diff.md (newest first).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import resource
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
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
    "GIT_CONFIG_GLOBAL": os.devnull,
}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, check=True, capture_output=True, text=True).stdout


def estate(root: Path, n: int) -> Path:
    """The estate on `main`, then a branch where one stack file names one more dependency."""
    generate(root, n)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "estate")
    git(root, "checkout", "-q", "-b", "feature")
    files = sorted(root.glob("projects/*/*/Pulumi.dev.yaml"))
    first = files[0].parent.name
    last = files[-1]
    text = last.read_text()
    last.write_text(text + f"  stackgraph:dependsOn:\n    - {first}/dev\n" if "dependsOn" not in text else text)
    return root


def timed(argv: list[str], env: dict[str, str]) -> tuple[float, float]:
    """(wall seconds, CPU seconds of the children) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(argv, env=env, check=True, capture_output=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def markdown_seconds(runs: int) -> float:
    from stackgraph.model import StackId
    from stackgraph.render.markdown_summary import ResourceChange, SummaryInput, render_markdown_summary
    from stackgraph.results import RunResult, StackResult, Status

    stacks = [StackResult(StackId(f"p{i:04d}/dev"), Status.SUCCEEDED, None, 0.0, 1.0) for i in range(2000)]
    result = RunResult("preview", 0.0, 9.0, 4, stacks, run_id="R")
    resources = {s.id: [ResourceChange("create", "aws:s3/bucket:Bucket", f"b{j}") for j in range(5)] for s in stacks}
    edges = [(stacks[i].id, stacks[i // 2].id) for i in range(1, 2000)]
    doc = SummaryInput(result, edges=edges, resources=resources, why={s.id: ("changed: x.ts",) for s in stacks})
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        text = render_markdown_summary(doc)
        times.append(time.perf_counter() - start)
    assert len(text) < 60_000
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-diff-") as tmp:
        root = estate(Path(tmp) / "estate", args.projects)
        rows = []
        for name, argv in (
            ("plan -f json", [str(BIN), "plan", str(root), "-f", "json"]),
            ("diff main -f json", [str(BIN), "diff", "main", str(root), "-f", "json"]),
        ):
            cache = Path(tmp) / f"cache-{name.split()[0]}"
            env = {**os.environ, "STACKGRAPH_CACHE_DIR": str(cache)}
            cold = timed(argv, env)
            warm = [timed(argv, env) for _ in range(args.runs)]
            rows.append((name, cold, statistics.median(w for w, _ in warm), statistics.median(c for _, c in warm)))
        md = markdown_seconds(args.runs)
    lines = [
        f"## {datetime.date.today()} ({platform.node()}, {os.cpu_count()} CPUs, {args.projects} projects)",
        "",
        f"`.venv/bin/python bench/bench_diff.py --projects {args.projects} --runs {args.runs}`",
        "",
        "| command | cold wall s | cold CPU s | warm wall s (median) | warm CPU s (median) |",
        "| --- | ---: | ---: | ---: | ---: |",
        *[f"| `{n}` | {c[0]:.1f} | {c[1]:.1f} | {w:.1f} | {wc:.1f} |" for n, c, w, wc in rows],
        "",
        "Markdown summary of a 2,000-stack preview (5 resources each, cut under 60,000 characters): "
        f"{md * 1000:.0f} ms.",
        "",
    ]
    print("\n".join(lines))
    if args.write:
        out = HERE / "RESULTS-diff.md"
        old = out.read_text().split("\n", 2)[2] if out.exists() else ""
        out.write_text(
            "# stackgraph diff and the markdown summary: recorded runs (newest first)\n\n"
            + "\n".join(lines)
            + "\n"
            + old
        )


if __name__ == "__main__":
    main()
