#!/usr/bin/env python3
"""Time `stackgraph plan` side by side with Turborepo's dry run on the same estate and the same edges.

    .venv/bin/python bench/bench_peers.py [--projects 2000] [--runs 7] [--work DIR] [--write]
    .venv/bin/python bench/bench_peers.py --scales 200,2000,10000 --runs 3 [--write]

1. Generates (once, deterministically) the bench estate of bench_plan.py (N Pulumi projects x 3 stacks)
   under WORK/estate-N, and commits it to a git repository, as a real one is.
2. Reads the estate's graph with `stackgraph plan -f json` and writes the equivalent JavaScript
   workspace under WORK/js-N: one npm workspace package per project, `dependencies` on the workspace
   packages it references, and a `deploy:<env>` script per environment, with a turbo.json whose
   `deploy:<env>` task depends on `^deploy:<env>`; also committed to git. It then checks that
   `turbo run deploy:dev --dry=json` sees exactly the nodes and edges that `stackgraph plan -e dev`
   sees (the benchmark stops if not).
3. Installs `turbo` from npm into a cache folder (~/.cache/stackgraph/bench-peers) and runs its
   platform binary directly (no node shim), with telemetry, the daemon, update checks and caches off.
4. Times, in alternating pairs (the order flips every pair), one environment
   (`stackgraph plan -e dev -f json` vs `turbo run deploy:dev --dry=json`) and all three
   (`stackgraph plan -f json` vs `turbo run deploy:dev deploy:staging deploy:prod --dry=json`),
   warm (stackgraph's caches filled) and cold (a new, empty STACKGRAPH_CACHE_DIR for every run;
   Turborepo keeps no graph cache: its `.turbo` folder is removed before each of its runs too).
   Files are in the page cache in both cases. stackgraph's modules are byte-compiled first, as an
   installed copy is. Reports medians, min-max, and the median of the
   per-pair ratios stackgraph / turbo.
5. Measures the peak memory of the whole process tree (the sum of the RSS of the command and all
   its descendants, sampled every 5 ms from /proc) in separate runs, so sampling never slows a
   timed run.
`--scales` repeats the stackgraph side (warm, cold, memory) at several sizes and writes a log-log
plot (bench/peers-scale.svg) with the table. `--write` records the tables in bench/RESULTS-peers.md.
"""

from __future__ import annotations

import argparse
import datetime
import itertools
import json
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
PACKAGE_DIR = "import pathlib, stackgraph; print(pathlib.Path(stackgraph.__file__).parent)"
ENVS = bench_plan.ENVS
TURBO_VERSION = "2.8.17"  # the turbo-linux-64 binary the npm registry here serves
TOOLS = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "stackgraph" / "bench-peers"
QUIET_ENV = {
    "TURBO_TELEMETRY_DISABLED": "1",
    "DO_NOT_TRACK": "1",
    "TURBO_NO_UPDATE_NOTIFIER": "1",
    "TURBO_DAEMON": "false",
    "TURBO_CACHE": "local:,remote:",
    "TURBO_UI": "false",
    "TURBO_PRINT_VERSION_DISABLED": "1",
}


def git_commit(root: Path) -> None:
    """Make `root` a git repository with one commit of everything (once)."""
    if (root / ".git").exists():
        return
    env = {**os.environ, "GIT_AUTHOR_NAME": "bench", "GIT_AUTHOR_EMAIL": "bench@example.com"}
    env |= {"GIT_COMMITTER_NAME": "bench", "GIT_COMMITTER_EMAIL": "bench@example.com"}
    for argv in (["git", "init", "-q", "-b", "main"], ["git", "add", "-A"], ["git", "commit", "-q", "-m", "estate"]):
        subprocess.run(argv, cwd=root, check=True, env=env)


def estate(work: Path, n: int) -> Path:
    """Return the committed bench estate of `n` projects, generating it once."""
    root = work / f"estate-{n}"
    if not (root / ".bench-complete").exists():
        shutil.rmtree(root, ignore_errors=True)
        bench_plan.generate(root, n)
    git_commit(root)
    return root


def plan_json(repo: Path, *args: str) -> dict:
    """Run `stackgraph plan REPO -f json ARGS` and return the document."""
    env = {**os.environ, "STACKGRAPH_CACHE_DIR": str(repo.parent / "cache-check")}
    out = subprocess.run([str(BIN), "plan", str(repo), "-f", "json", *args], capture_output=True, env=env, check=False)
    if out.returncode != 0:
        raise SystemExit(f"stackgraph plan failed: {out.stderr.decode()[-500:]}")
    return json.loads(out.stdout)


def project_edges(doc: dict) -> dict[str, set[tuple[str, str]]]:
    """Per environment, the (consumer project, producer project) pairs of a plan document."""
    by_id = {s["id"]: s for s in doc["stacks"]}
    out: dict[str, set[tuple[str, str]]] = {env: set() for env in ENVS}
    for edge in doc["edges"]:
        a, b = by_id[edge["from"]], by_id[edge["to"]]
        if a["stack"] != b["stack"]:
            raise SystemExit(f"edge across environments: {edge['from']} -> {edge['to']}: turbo cannot express it")
        out[a["stack"]].add((a["project"], b["project"]))
    return out


def workspace(work: Path, repo: Path) -> tuple[Path, dict[str, set[tuple[str, str]]], list[str]]:
    """Write (once) the npm workspace equivalent to `repo`; return it, its edges per env and its projects."""
    doc = plan_json(repo)
    edges = project_edges(doc)
    projects = sorted({s["project"] for s in doc["stacks"]})
    if len({frozenset(e) for e in edges.values()}) != 1:
        raise SystemExit("the environments have different edges: one npm workspace cannot express them")
    root = work / f"js-{repo.name.removeprefix('estate-')}"
    if (root / ".git").exists():
        return root, edges, projects
    shutil.rmtree(root, ignore_errors=True)
    deps: dict[str, list[str]] = {p: [] for p in projects}
    for consumer, producer in edges["dev"]:
        deps[consumer].append(producer)
    npm = subprocess.run(["npm", "--version"], capture_output=True, text=True, check=True).stdout.strip()
    root.mkdir(parents=True)
    root_pkg = {"name": "estate", "private": True, "packageManager": f"npm@{npm}", "workspaces": ["packages/*"]}
    (root / "package.json").write_text(json.dumps(root_pkg, indent=2) + "\n")
    tasks = {f"deploy:{env}": {"dependsOn": [f"^deploy:{env}"], "cache": False} for env in ENVS}
    (root / "turbo.json").write_text(json.dumps({"$schema": "", "tasks": tasks}, indent=2) + "\n")
    (root / ".gitignore").write_text("node_modules/\n.turbo/\n")
    lock: dict[str, object] = {"": {"name": "estate", "workspaces": ["packages/*"]}}
    for p in projects:
        folder = root / "packages" / p
        folder.mkdir(parents=True)
        pkg = {
            "name": p,
            "version": "1.0.0",
            "private": True,
            "scripts": {f"deploy:{env}": f"pulumi up --stack {env}" for env in ENVS},
            "dependencies": dict.fromkeys(sorted(deps[p]), "1.0.0"),
        }
        (folder / "package.json").write_text(json.dumps(pkg, indent=2) + "\n")
        (folder / "index.ts").write_text(f"export const name = {p!r};\n")
        lock[f"packages/{p}"] = {"name": p, "version": "1.0.0", "dependencies": pkg["dependencies"]}
        lock[f"node_modules/{p}"] = {"resolved": f"packages/{p}", "link": True}
    lockfile = {"name": "estate", "lockfileVersion": 3, "requires": True, "packages": lock}
    (root / "package-lock.json").write_text(json.dumps(lockfile, indent=2) + "\n")
    git_commit(root)
    return root, edges, projects


def turbo_bin() -> Path:
    """Install turbo from npm into the cache folder (once) and return its platform binary."""
    binary = TOOLS / "node_modules" / "turbo-linux-64" / "bin" / "turbo"
    if not binary.exists():
        TOOLS.mkdir(parents=True, exist_ok=True)
        argv = ["npm", "install", "--no-audit", "--no-fund", "--prefix", str(TOOLS), f"turbo@{TURBO_VERSION}"]
        subprocess.run(argv, check=True, stdout=subprocess.DEVNULL)
    return binary


def turbo_argv(turbo: Path, envs: tuple[str, ...]) -> list[str]:
    """The dry-run command line for the `deploy:<env>` tasks of `envs`."""
    return [str(turbo), "run", *[f"deploy:{e}" for e in envs], "--dry=json", "--cache=local:,remote:"]


def check_same_graph(turbo: Path, js: Path, edges: dict[str, set[tuple[str, str]]], projects: list[str]) -> None:
    """Stop unless turbo's dry run of deploy:dev has the same nodes and edges as stackgraph's plan -e dev."""
    out = subprocess.run(
        turbo_argv(turbo, ("dev",)), cwd=js, capture_output=True, env={**os.environ, **QUIET_ENV}, check=False
    )
    if out.returncode != 0:
        raise SystemExit(f"turbo failed: {out.stderr.decode()[-800:]}")
    tasks = json.loads(out.stdout)["tasks"]
    nodes = sorted(t["package"] for t in tasks)
    pairs = {
        (t["package"], dep.split("#")[0])
        for t in tasks
        for dep in t.get("dependencies", [])
        if dep.split("#")[0] != "___ROOT___"
    }
    if nodes != projects or pairs != edges["dev"]:
        raise SystemExit(
            f"turbo sees {len(nodes)} nodes / {len(pairs)} edges, stackgraph {len(projects)} / {len(edges['dev'])}"
        )
    print(f"same graph: {len(nodes)} nodes, {len(pairs)} edges per environment", file=sys.stderr)


def run_once(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Run `argv` to completion with output discarded; return its wall time. Exits on failure.

    The file system is synced first: the cache files a cold run wrote (and its cache folder, removed after it)
    would otherwise be written back while the next command runs, slowing whichever tool comes next."""
    os.sync()
    start = time.perf_counter()
    proc = subprocess.run(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    wall = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}): {proc.stderr.decode()[-500:]}")
    return wall


def tree_rss_mb(pid: int) -> float:
    """The summed RSS in MB of `pid` and all its descendants now (0 when it is gone)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as fh:
                fields = fh.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        p = int(entry.name)
        children.setdefault(int(fields[1]), []).append(p)
        rss[p] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    total, todo = 0, [pid]
    while todo:
        p = todo.pop()
        total += rss.get(p, 0)
        todo.extend(children.get(p, []))
    return total / 2**20


def peak_tree_mb(argv: list[str], cwd: Path, env: dict[str, str]) -> float:
    """Run `argv` and return the peak summed RSS of its process tree, sampled every 5 ms."""
    proc = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak = 0.0
    while proc.poll() is None:
        peak = max(peak, tree_rss_mb(proc.pid))
        time.sleep(0.005)
    return peak


class Side:
    """One tool's command in one scenario: how to run it warm or cold."""

    def __init__(self, name: str, argv: list[str], cwd: Path, cold_dir: Path | None) -> None:
        self.name, self.argv, self.cwd, self.cold_dir = name, argv, cwd, cold_dir

    def env(self, cold: bool) -> dict[str, str]:
        env = {**os.environ, **QUIET_ENV}
        if self.name == "stackgraph":
            env["STACKGRAPH_CACHE_DIR"] = str(self.cache(cold))
        return env

    def cache(self, cold: bool) -> Path:
        if cold:
            return Path(tempfile.mkdtemp(prefix="sg-peers-cold-"))
        return self.cwd.parent / f"cache-warm-{self.cwd.name}"

    def run(self, cold: bool) -> float:
        env = self.env(cold)
        if self.name == "turbo":
            shutil.rmtree(self.cwd / ".turbo", ignore_errors=True)
        try:
            return run_once(self.argv, self.cwd, env)
        finally:
            if cold and "STACKGRAPH_CACHE_DIR" in env:
                shutil.rmtree(env["STACKGRAPH_CACHE_DIR"], ignore_errors=True)

    def peak(self, cold: bool) -> float:
        env = self.env(cold)
        try:
            return peak_tree_mb(self.argv, self.cwd, env)
        finally:
            if cold and "STACKGRAPH_CACHE_DIR" in env:
                shutil.rmtree(env["STACKGRAPH_CACHE_DIR"], ignore_errors=True)


def paired(a: Side, b: Side, runs: int, cold: bool) -> tuple[list[float], list[float]]:
    """Time `a` and `b` in `runs` alternating pairs after one warm-up each; return both lists of walls."""
    a.run(cold=False)
    b.run(cold=False)
    wa, wb = [], []
    for i in range(runs):
        first, second = (a, b) if i % 2 == 0 else (b, a)
        t1 = first.run(cold)
        t2 = second.run(cold)
        wa.append(t1 if first is a else t2)
        wb.append(t2 if first is a else t1)
    return wa, wb


def fmt(walls: list[float]) -> str:
    return f"{statistics.median(walls):.2f} s ({min(walls):.2f}-{max(walls):.2f})"


def ratio(wa: list[float], wb: list[float]) -> str:
    ratios = sorted(x / y for x, y in zip(wa, wb, strict=True))
    return f"{statistics.median(ratios):.2f}x ({ratios[0]:.2f}-{ratios[-1]:.2f})"


def peers_table(work: Path, n: int, runs: int) -> list[str]:
    """Measure stackgraph against turbo on the estate of `n` projects; return the markdown table rows."""
    repo = estate(work, n)
    js, edges, projects = workspace(work, repo)
    turbo = turbo_bin()
    check_same_graph(turbo, js, edges, projects)
    rows = [
        "| scenario | stackgraph median (min-max) | turbo median (min-max) | paired ratio sg/turbo "
        "| peak MB sg / turbo |",
        "| --- | --- | --- | --- | --- |",
    ]
    for label, sg_args, envs in (("one env (dev)", ["-e", "dev"], ("dev",)), ("all three envs", [], ENVS)):
        sg = Side("stackgraph", [str(BIN), "plan", str(repo), "-f", "json", *sg_args], repo, None)
        tb = Side("turbo", turbo_argv(turbo, envs), js, None)
        for cold in (False, True):
            wa, wb = paired(sg, tb, runs, cold)
            mem = f"{sg.peak(cold):.0f} / {tb.peak(cold):.0f}"
            state = "cold" if cold else "warm"
            rows.append(f"| {label}, {state} | {fmt(wa)} | {fmt(wb)} | {ratio(wa, wb)} | {mem} |")
            print(rows[-1], file=sys.stderr)
    return rows


def scale_table(work: Path, sizes: list[int], runs: int) -> tuple[list[str], list[tuple[int, float, float, float]]]:
    """Measure stackgraph's warm and cold plan and scan and peak memory at each size."""
    rows = [
        "| projects (stacks) | plan -e dev warm | plan -e dev cold | scan warm | scan cold | peak MB (cold scan) |",
        "| ---: | --- | --- | --- | --- | ---: |",
    ]
    points = []
    for n in sizes:
        repo = estate(work, n)
        plan = Side("stackgraph", [str(BIN), "plan", str(repo), "-e", "dev", "-f", "json"], repo, None)
        scan = Side("stackgraph", [str(BIN), "scan", str(repo), "-f", "json"], repo, None)
        plan.run(cold=False)
        pw = [plan.run(False) for _ in range(runs)]
        pc = [plan.run(True) for _ in range(runs)]
        sw = [scan.run(False) for _ in range(runs)]
        sc = [scan.run(True) for _ in range(runs)]
        mem = scan.peak(cold=True)
        rows.append(f"| {n} ({3 * n}) | {fmt(pw)} | {fmt(pc)} | {fmt(sw)} | {fmt(sc)} | {mem:.0f} |")
        print(rows[-1], file=sys.stderr)
        points.append((n, statistics.median(pw), statistics.median(pc), mem))
    return rows, points


def loglog_svg(points: list[tuple[int, float, float, float]]) -> str:
    """A small log-log plot of warm and cold plan time and peak memory against the number of projects."""
    import math

    w, h, pad = 520, 320, 50
    xs = [math.log10(p[0]) for p in points]
    series = {"plan warm (s)": 1, "plan cold (s)": 2, "peak MB / 100": 3}
    values = [math.log10(max(p[i] / (100 if i == 3 else 1), 1e-3)) for p in points for i in series.values()]
    x0, x1 = min(xs) - 0.1, max(xs) + 0.1
    y0, y1 = min(values) - 0.2, max(values) + 0.2

    def px(x: float, y: float) -> str:
        return f"{pad + (x - x0) / (x1 - x0) * (w - 2 * pad):.1f},{h - pad - (y - y0) / (y1 - y0) * (h - 2 * pad):.1f}"

    colours = ("#1f77b4", "#d62728", "#2ca02c")
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h}" font-family="sans-serif" font-size="11">']
    out.append(f'<rect width="{w}" height="{h}" fill="white"/>')
    out.append(f'<text x="{pad}" y="20">stackgraph on N projects x 3 stacks (log-log; a slope of 1 is linear)</text>')
    for (label, idx), colour in zip(series.items(), colours, strict=True):
        pts = [px(math.log10(p[0]), math.log10(max(p[idx] / (100 if idx == 3 else 1), 1e-3))) for p in points]
        out.append(f'<polyline fill="none" stroke="{colour}" stroke-width="2" points="{" ".join(pts)}"/>')
        out.append(f'<text x="{w - 150}" y="{40 + 14 * idx}" fill="{colour}">{label}</text>')
    for p in points:
        x = px(math.log10(p[0]), y0).split(",")[0]
        out.append(f'<text x="{x}" y="{h - pad + 16}" text-anchor="middle">{p[0]}</text>')
    out.append(f'<line x1="{pad}" y1="{h - pad}" x2="{w - pad}" y2="{h - pad}" stroke="black"/>')
    out.append("</svg>\n")
    return "\n".join(out)


def slopes(points: list[tuple[int, float, float, float]]) -> str:
    """The log-log slope of each series between consecutive sizes (1.0 = linear growth)."""
    import math

    parts = []
    for (n1, *a), (n2, *b) in itertools.pairwise(points):
        s = [math.log(y / x) / math.log(n2 / n1) for x, y in zip(a, b, strict=True)]
        parts.append(f"{n1}->{n2}: plan warm {s[0]:.2f}, plan cold {s[1]:.2f}, memory {s[2]:.2f}")
    return "; ".join(parts)


def record(sections: list[str]) -> None:
    today = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    command = "`" + " ".join([".venv/bin/python", "bench/bench_peers.py", *sys.argv[1:]]) + "`"
    load = os.getloadavg()[0]
    body = f"## {today}\n\nCommand: {command}\n\nMachine: {os.cpu_count()} cores, load before {load:.2f}.\n\n"
    body += "\n\n".join(sections) + "\n"
    path = HERE / "RESULTS-peers.md"
    head = (
        "# stackgraph against Turborepo: building the graph\n\nRecorded by `bench/bench_peers.py --write` "
        "(newest first). Ratios are medians of per-pair ratios from alternating runs in one sitting.\n\n"
    )
    old = path.read_text() if path.exists() else head
    rest = old[len(head) :] if old.startswith(head) else old
    path.write_text(head + body + "\n" + rest)
    print(f"wrote {path}", file=sys.stderr)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "stackgraph-peers")
    parser.add_argument("--scales", help="comma-separated sizes: measure stackgraph's growth instead")
    parser.add_argument("--write", action="store_true", help="record the tables in bench/RESULTS-peers.md")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    # Byte-compile stackgraph as `pip install` does: an editable install under PYTHONDONTWRITEBYTECODE
    # would otherwise compile ~60 modules on every run (~50 ms) that no installed copy ever compiles.
    package = Path(subprocess.check_output([str(BIN.with_name("python")), "-c", PACKAGE_DIR], text=True).strip())
    subprocess.run([str(BIN.with_name("python")), "-m", "compileall", "-q", str(package)], check=True)
    if args.scales:
        sizes = sorted(int(s) for s in args.scales.split(","))
        rows, points = scale_table(args.work, sizes, args.runs)
        sections = ["\n".join(rows), "Log-log slopes: " + slopes(points) + ". Plot: bench/peers-scale.svg."]
        (HERE / "peers-scale.svg").write_text(loglog_svg(points))
    else:
        sections = [
            f"Estate: {args.projects} projects x 3 stacks.",
            "\n".join(peers_table(args.work, args.projects, args.runs)),
        ]
    print("\n\n".join(sections))
    if args.write:
        record(sections)


if __name__ == "__main__":
    main()
