#!/usr/bin/env python3
"""Benchmark selection on the 2,000-project estate of bench/bench_plan.py: what it adds to `plan`.

    .venv/bin/python bench/bench_select.py [--projects 2000] [--runs 5] [--repo DIR] [--regen] [--write]

Generates the estate with bench_plan.generate() into its own folder, makes it a git
repository (one commit on `main`, then a branch that changes a few programs, a stack file
and an untracked file), and measures:

1. in-process, on one scan: `app.choose()` for each kind of selector (median of runs);
2. the import of the selection modules, in a fresh process that already imported plan's;
3. end to end, the console script: `plan REPO -f json` and `plan REPO -f json -s '*/*'` (the
   same output, every stack through the evaluator and its reasons), run in alternation, in
   CPU seconds (user + sys) because wall time on a shared machine swings by seconds.
   A smaller selection renders a smaller plan, so only an equal output compares fairly.
Target: under 0.3 s added for every selector, `--changed-since` included (1 + 2 is checked).

`--write` records the tables in bench/RESULTS-select.md (newest first).
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_plan import generate, project_names  # noqa: E402 - the estate of bench_plan.py

BIN = Path(sys.executable).with_name("stackgraph")
TARGET_S = 0.3
GIT_ENV = {
    **os.environ,
    "GIT_AUTHOR_NAME": "bench",
    "GIT_AUTHOR_EMAIL": "bench@example.com",
    "GIT_COMMITTER_NAME": "bench",
    "GIT_COMMITTER_EMAIL": "bench@example.com",
}


def git(cwd: Path, *args: str) -> str:
    out = subprocess.run(["git", *args], cwd=cwd, env=GIT_ENV, capture_output=True, text=True, check=True)
    return out.stdout


def prepare(repo: Path, n: int, regen: bool) -> list[str]:
    """Generate the estate as a git repository with a branch of changes; return the changed project names."""
    names = project_names(n)
    changed = [names[3], names[n // 2], names[n - 5]]  # early, middle and late layers
    if regen and repo.exists():
        shutil.rmtree(repo)
    if not (repo / ".bench-select-complete").exists():
        if repo.exists():
            shutil.rmtree(repo)
        t = time.perf_counter()
        generate(repo, n)
        git(repo, "init", "-q", "-b", "main")
        git(repo, "add", "-A")
        git(repo, "commit", "-q", "-m", "estate")
        git(repo, "checkout", "-q", "-b", "change")
        for name in changed[:2]:
            folder = next((repo / "projects").glob(f"*/{name}"))
            (folder / "README.md").write_text(f"# {name}\n\nchanged\n")
        git(repo, "commit", "-q", "-am", "change two projects")
        folder = next((repo / "projects").glob(f"*/{changed[2]}"))
        with (folder / "Pulumi.prod.yaml").open("a") as f:
            f.write("# uncommitted\n")
        (folder / "notes.txt").write_text("untracked\n")
        (repo / ".bench-select-complete").write_text("ok\n")
        print(f"generated {repo} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    return changed


def selectors(changed: list[str]) -> list[tuple[str, list[str]]]:
    """(label, extra command-line arguments) for each measured selection."""
    deep = f"{changed[2]}/prod"
    root = f"{changed[0]}/dev"
    return [
        ("id", ["-s", deep]),
        ("id glob", ["-s", "*/prod"]),
        ("every stack", ["-s", "*/*"]),
        ("project: glob", ["-s", "project:*-api-*"]),
        ("stack:", ["-s", "stack:staging"]),
        ("path:", ["-s", "path:projects/billing"]),
        ("tag: , stack:", ["-s", "tag:tier1,stack:prod"]),
        ("+x (ancestors)", ["-s", f"+{deep}"]),
        ("x+ (descendants)", ["-s", f"{root}+"]),
        ("2+x+2", ["-s", f"2+{deep}+2"]),
        ("@x", ["-s", f"@{root}"]),
        ("union + exclude", ["-s", "stack:dev stack:prod", "-s", "tag:tier0", "--exclude", f"@{root}"]),
        ("--changed-since main", ["--changed-since", "main"]),
        ("[main] + --no-dependents", ["-s", "[main]", "--no-dependents"]),
    ]


def in_process(repo: Path, cases: list[tuple[str, list[str]]], runs: int) -> list[tuple[str, float, int]]:
    """Median seconds of app.choose() per case, on one scan; and how many stacks each selects."""
    from stackgraph.app.choose import choose
    from stackgraph.app.settings import Selection
    from stackgraph.discovery.scan import scan
    from stackgraph.graph.build import build_graph

    scanned = scan(repo)
    graph = build_graph(scanned)
    out = []
    for label, args in cases:
        kw = options(args)
        times = []
        for _ in range(runs):
            t = time.perf_counter()
            ids, _ = choose(scanned, graph, Selection.of(**kw), [].append)  # type: ignore[arg-type]
            times.append(time.perf_counter() - t)
        out.append((label, statistics.median(times), len(ids or ())))
    return out


def options(args: list[str]) -> dict[str, object]:
    """The keyword arguments of Selection.of() for command-line arguments."""
    kw: dict[str, object] = {"select": [], "exclude": []}
    it = iter(args)
    for flag in it:
        if flag == "-s":
            kw["select"].append(next(it))  # type: ignore[attr-defined]
        elif flag == "--exclude":
            kw["exclude"].append(next(it))  # type: ignore[attr-defined]
        elif flag == "--changed-since":
            kw["changed_since"] = next(it)
        elif flag == "--no-dependents":
            kw["no_dependents"] = True
    return kw


IMPORT_CHECK = """
import time
import stackgraph.discovery.scan, stackgraph.graph.build, stackgraph.plan  # what plan imports anyway
t = time.perf_counter()
import stackgraph.graph.select, stackgraph.discovery.changes  # what a selection adds
print(time.perf_counter() - t)
"""


def import_cost(runs: int) -> float:
    """Median seconds to import the selection modules in a fresh process that already has plan's."""
    times = []
    for _ in range(runs):
        out = subprocess.run([sys.executable, "-c", IMPORT_CHECK], capture_output=True, text=True, check=True)
        times.append(float(out.stdout))
    return statistics.median(times)


def cpu_seconds(cmd: list[str]) -> float:
    """User + system CPU seconds of one run of `cmd` (load on a shared machine barely changes it)."""
    with open(os.devnull, "wb") as devnull:
        proc = subprocess.Popen(cmd, stdout=devnull, stderr=subprocess.PIPE)
        _, status, usage = os.wait4(proc.pid, 0)
        err = proc.stderr.read().decode() if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(cmd)} failed: {err}")
    return usage.ru_utime + usage.ru_stime


def end_to_end(repo: Path, runs: int) -> tuple[float, float, float]:
    """Median CPU seconds of `plan -f json` and of `plan -f json -s '*/*'` (the same output), alternating.

    CPU time rather than wall time, and alternation, keep a shared machine's changing load out of it.
    """
    base = [str(BIN), "plan", str(repo), "-f", "json"]
    plain, selected, diffs = [], [], []
    cpu_seconds(base)  # warm-up
    for _ in range(runs):
        a = cpu_seconds(base)
        b = cpu_seconds([*base, "-s", "*/*"])
        plain.append(a)
        selected.append(b)
        diffs.append(b - a)
    return statistics.median(plain), statistics.median(selected), statistics.median(diffs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repo", type=Path, default=Path(tempfile.gettempdir()) / "stackgraph-bench-select")
    parser.add_argument("--regen", action="store_true", help="write the repository again")
    parser.add_argument("--write", action="store_true", help="record the results in bench/RESULTS-select.md")
    args = parser.parse_args()

    repo = args.repo / f"repo-{args.projects}x3"
    changed = prepare(repo, args.projects, args.regen)
    cases = selectors(changed)
    inproc = in_process(repo, cases, max(args.runs, 5))
    imports = import_cost(max(args.runs, 5))
    plain, everything, added = end_to_end(repo, args.runs)
    table = [
        "| selection | stacks | `app.choose()` in-process | + imports | < 0.3 s |",
        "| --- | ---: | ---: | ---: | --- |",
    ]
    for label, cost, count in inproc:
        total = cost + imports
        table.append(
            f"| `{' '.join(dict(cases)[label])}` | {count} | {cost * 1000:.1f} ms | {total * 1000:.1f} ms | "
            f"{'yes' if total < TARGET_S else 'NO'} |"
        )
    table += [
        "",
        "| end to end (console script, alternating runs) | median CPU (user + sys) |",
        "| --- | ---: |",
        f"| `stackgraph plan REPO -f json` | {plain:.3f} s |",
        f"| `stackgraph plan REPO -f json -s '*/*'` (same output, every stack through the evaluator) | "
        f"{everything:.3f} s |",
        f"| median difference of the pairs | {added:+.3f} s |",
    ]
    load = os.getloadavg()
    context = (
        f"repository: {args.projects} projects x 3 stacks from bench/bench_plan.py, a git repository; the branch "
        f"changes 2 projects (committed), 1 stack file (uncommitted) and adds 1 untracked file\n"
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
        f"load average before the runs {load[0]:.2f}; in-process: median of {max(args.runs, 5)} calls on one "
        f"scan; imports: the selection modules in a fresh process that has plan's ({imports * 1000:.1f} ms, "
        f"median); end to end: {args.runs} alternating pairs after one warm-up, CPU time (wall time on a machine this "
        "loaded varies by seconds between identical runs)"
    )
    print(context)
    print("\n".join(table))
    if args.write:
        record(table, context, args.projects, args.runs)


def record(table: list[str], context: str, projects: int, runs: int) -> None:
    today = datetime.date.today().isoformat()
    flag = ("" if projects == 2000 else f" --projects {projects}") + ("" if runs == 5 else f" --runs {runs}")
    section = (
        f"## {today}\n\nCommand: `.venv/bin/python bench/bench_select.py{flag} --write`\n\n{context}\n\n"
        + "\n".join(table)
        + "\n"
    )
    path = HERE / "RESULTS-select.md"
    head = (
        "# Selection benchmark\n\nRecorded by `bench/bench_select.py --write` (newest first). Target: selection "
        "(any selector, `--changed-since` included) adds under 0.3 s to `plan` on 2,000 projects x 3 stacks.\n\n"
    )
    old = path.read_text() if path.exists() else head
    body = old[len(head) :] if old.startswith(head) else old
    path.write_text(head + section + "\n" + body)
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
