#!/usr/bin/env python3
"""Benchmark `stackgraph plan` on a synthetic estate of 2,000 projects x 3 stacks, and `stackgraph --help`.

    .venv/bin/python bench/bench_plan.py [--projects 2000] [--runs 5] [--repo DIR] [--regen] [--profile] [--write]

Generates (once, deterministically) a repository of Pulumi projects in layers: each
project has a Pulumi.yaml (runtime, config block), stack files for dev, staging and prod
(config, a `secure:` value, `stackgraph:dependsOn` to 0-3 projects of earlier layers) and a
program (`__main__.py`, `index.ts`, `main.go`, or YAML resources) whose StackReference calls
match the declared dependencies. Then runs the installed console script several times in
subprocesses and reports the median wall and CPU time and the peak RSS (os.wait4 per run),
with warm caches (the usual case: a second plan of the same tree) and with empty ones (cold),
plus the CPU time of each phase of one run.
Targets on a 2-core machine: plan < 2 s and < 300 MB; --help < 0.3 s.
`--profile` runs one plan in-process under cProfile and prints the top functions.
`--write` records the table in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).with_name("stackgraph")
ENVS = ("dev", "staging", "prod")
ORG = "acme"
DOMAINS = (
    "network",
    "dns",
    "identity",
    "vault",
    "registry",
    "cluster",
    "mesh",
    "queue",
    "cache",
    "search",
    "billing",
    "payments",
    "orders",
    "catalog",
    "inventory",
    "shipping",
    "users",
    "auth",
    "notify",
    "reports",
)
KINDS = ("core", "db", "api", "worker", "web", "jobs", "stream", "gateway", "edge", "data")
RUNTIMES = ("python", "python", "python", "nodejs", "nodejs", "nodejs", "go", "go", "yaml", "yaml")
TARGETS = {"plan_s": 2.0, "plan_mb": 300.0, "help_s": 0.3}


def project_names(n: int) -> list[str]:
    return [f"{DOMAINS[i % len(DOMAINS)]}-{KINDS[(i // len(DOMAINS)) % len(KINDS)]}-{i:04d}" for i in range(n)]


def choose_deps(n: int, layers: int, rng: random.Random) -> list[list[int]]:
    """0-3 dependencies per project, all in earlier layers (so the graph has `layers` levels or fewer)."""
    size = max(1, n // layers)
    deps: list[list[int]] = []
    for i in range(n):
        layer = i // size
        earlier = layer * size
        k = 0 if layer == 0 else rng.choice((0, 1, 1, 2, 2, 2, 3, 3))
        deps.append(sorted(rng.sample(range(earlier), min(k, earlier))))
    return deps


def pulumi_yaml(name: str, runtime: str, deps: list[str], i: int) -> str:
    lines = [f"name: {name}"]
    if runtime == "nodejs" and i % 2:
        lines += ["runtime:", "  name: nodejs", "  options:", "    typescript: true", "    packagemanager: npm"]
    elif runtime == "python" and i % 3 == 0:
        lines += ["runtime:", "  name: python", "  options:", "    toolchain: pip", "    virtualenv: venv"]
    else:
        lines.append(f"runtime: {runtime}")
    lines += [
        f"description: The {name} service of the estate (generated for the benchmark).",
        "config:",
        "  region:",
        "    type: string",
        "    default: eu-west-1",
        "  replicas:",
        "    type: integer",
        "    default: 2",
        f"  {name}:owner:",
        f"    value: team-{i % 17}",
    ]
    if runtime == "yaml":
        if deps:
            lines.append("resources:")
        for j, dep in enumerate(deps):
            lines += [
                f"  upstream{j}:",
                "    type: pulumi:pulumi:StackReference",
                "    properties:",
                f"      name: ${{pulumi.organization}}/{dep}/${{pulumi.stack}}",
            ]
        lines += ["outputs:", f"  url: https://{name}.${{pulumi.stack}}.example.com"]
        lines += [f'  upstream{j}: ${{upstream{j}.outputs["url"]}}' for j in range(len(deps))]
    return "\n".join(lines) + "\n"


def stack_yaml(name: str, env: str, deps: list[str], i: int) -> str:
    lines = [
        "config:",
        f"  aws:region: {('eu-west-1', 'us-east-1', 'ap-south-1')[i % 3]}",
        f"  {name}:replicas: {1 if env == 'dev' else 3 if env == 'staging' else 6}",
        f"  {name}:instanceSize: {('small', 'medium', 'large')[ENVS.index(env)]}",
        f"  {name}:logLevel: {'debug' if env == 'dev' else 'info'}",
        f"  {name}:apiToken:",
        f"    secure: AAABAM{i:06d}{env}c2VjcmV0LXZhbHVlLW5ldmVyLXByaW50ZWQ=",
        f"  {name}:labels:",
        f"    team: team-{i % 17}",
        "    costCenter: cc-42",
    ]
    if deps:
        lines.append("  stackgraph:dependsOn:")
        lines += [f"    - {d}/{env}" for d in deps]
    if i % 5 == 0:
        lines.append(f"  stackgraph:tags: [tier{i % 3}, {env}]")
    if i % 7 == 0:
        lines += ["environment:", f"  - {ORG}/{env}-shared"]
    return "\n".join(lines) + "\n"


def program(runtime: str, name: str, deps: list[str]) -> tuple[str, str] | None:
    if runtime == "python":
        refs = "\n".join(f'{d.replace("-", "_")} = pulumi.StackReference(f"{{org}}/{d}/{{stack}}")' for d in deps)
        outs = "\n".join(f'pulumi.export("{d}_url", {d.replace("-", "_")}.get_output("url"))' for d in deps)
        return "__main__.py", (
            f'"""{name}: generated for the stackgraph benchmark."""\n\nimport pulumi\n\n'
            "config = pulumi.Config()\norg = pulumi.get_organization()\nstack = pulumi.get_stack()\n\n"
            f"{refs}\n\n{outs}\n"
            f'pulumi.export("url", f"https://{name}.{{stack}}.example.com")\n'
            'pulumi.export("replicas", config.get_int("replicas") or 2)\n'
        )
    if runtime == "nodejs":
        refs = "\n".join(
            f"const ref{j} = new pulumi.StackReference(`${{org}}/{d}/${{stack}}`);" for j, d in enumerate(deps)
        )
        outs = "\n".join(f'export const upstream{j} = ref{j}.getOutput("url");' for j in range(len(deps)))
        return "index.ts", (
            f"// {name}: generated for the stackgraph benchmark.\n"
            'import * as pulumi from "@pulumi/pulumi";\n\n'
            "const config = new pulumi.Config();\nconst org = pulumi.getOrganization();\n"
            "const stack = pulumi.getStack();\n\n"
            f"{refs}\n\n{outs}\n"
            f"export const url = `https://{name}.${{stack}}.example.com`;\n"
            'export const replicas = config.getNumber("replicas") ?? 2;\n'
        )
    if runtime == "go":
        refs = "\n".join(
            f'\t\tref{j}, err := pulumi.NewStackReference(ctx, fmt.Sprintf("%s/{d}/%s", org, stack), nil)\n'
            f"\t\tif err != nil {{\n\t\t\treturn err\n\t\t}}\n"
            f'\t\tctx.Export("upstream{j}", ref{j}.GetOutput(pulumi.String("url")))'
            for j, d in enumerate(deps)
        )
        return "main.go", (
            f"// {name}: generated for the stackgraph benchmark.\npackage main\n\n"
            'import (\n\t"fmt"\n\n\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n)\n\n'
            "func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n"
            "\t\torg := ctx.Organization()\n\t\tstack := ctx.Stack()\n"
            f"{refs}\n"
            f'\t\tctx.Export("url", pulumi.Sprintf("https://{name}.%s.example.com", stack))\n'
            "\t\treturn nil\n\t})\n}\n"
        )
    return None  # yaml: the resources are in Pulumi.yaml


EXTRA_FILES = {
    "python": ("requirements.txt", "pulumi>=3.0.0,<4.0.0\n"),
    "nodejs": (
        "package.json",
        '{\n  "name": "%s",\n  "main": "index.ts",\n  "dependencies": {"@pulumi/pulumi": "^3"}\n}\n',
    ),
    "go": ("go.mod", "module example.com/%s\n\ngo 1.22\n\nrequire github.com/pulumi/pulumi/sdk/v3 v3.130.0\n"),
}


def generate(root: Path, n: int, seed: int = 7) -> None:
    """Write the synthetic repository (deterministic for a given n and seed)."""
    rng = random.Random(seed)
    names = project_names(n)
    deps = choose_deps(n, layers=10, rng=rng)
    root.mkdir(parents=True, exist_ok=True)
    (root / ".gitignore").write_text("node_modules/\nvenv/\n*.pyc\nbin/\n")
    (root / "stackgraph.yaml").write_text(f"org: {ORG}\n")
    for i, name in enumerate(names):
        runtime = RUNTIMES[i % len(RUNTIMES)]
        folder = root / "projects" / name.split("-")[0] / name
        folder.mkdir(parents=True, exist_ok=True)
        dep_names = [names[d] for d in deps[i]]
        (folder / "Pulumi.yaml").write_text(pulumi_yaml(name, runtime, dep_names, i))
        for env in ENVS:
            (folder / f"Pulumi.{env}.yaml").write_text(stack_yaml(name, env, dep_names, i))
        prog = program(runtime, name, dep_names)
        if prog is not None:
            (folder / prog[0]).write_text(prog[1])
        if runtime in EXTRA_FILES:
            fname, text = EXTRA_FILES[runtime]
            (folder / fname).write_text(text.replace("%s", name))
        (folder / "README.md").write_text(
            f"# {name}\n\nOwned by team-{i % 17}. Depends on: {', '.join(dep_names) or 'nothing'}.\n"
        )
    (root / ".bench-complete").write_text(json.dumps({"projects": n, "seed": seed}) + "\n")


def measure(cmd: list[str], runs: int, *, cold: bool = False) -> tuple[list[float], list[float], list[float]]:
    """Run `cmd` `runs` times (after one warm-up); return wall seconds, CPU seconds and peak RSS in MB per run.

    `cold`: every run gets a new, empty cache folder (STACKGRAPH_CACHE_DIR), so every file is parsed.
    """
    walls, cpus, rss = [], [], []
    for i in range(runs + 1):
        env = dict(os.environ)
        if cold:
            env["STACKGRAPH_CACHE_DIR"] = tempfile.mkdtemp(prefix="stackgraph-bench-cache-")
        with open(os.devnull, "wb") as devnull:
            start = time.perf_counter()
            proc = subprocess.Popen(cmd, stdout=devnull, stderr=subprocess.PIPE, env=env)
            _, status, usage = os.wait4(proc.pid, 0)
            wall = time.perf_counter() - start
            proc.returncode = os.waitstatus_to_exitcode(status)
            err = proc.stderr.read().decode() if proc.stderr else ""
            if proc.stderr:
                proc.stderr.close()
        if proc.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({proc.returncode}): {err}")
        if cold:
            subprocess.run(["rm", "-rf", env["STACKGRAPH_CACHE_DIR"]], check=True)
        if i == 0:
            continue  # warm-up: page cache, .pyc files
        walls.append(wall)
        cpus.append(usage.ru_utime + usage.ru_stime)
        rss.append(usage.ru_maxrss / 1024)
    return walls, cpus, rss


PHASES = """
import gc, sys, time
gc.set_threshold(50_000, 20, 100)  # as stackgraph.cli.main does
clock = time.process_time
t0 = clock()
import stackgraph.cli.app
from stackgraph.discovery import scan as sc
from stackgraph.graph.build import build_graph
from stackgraph.plan import make_plan
from stackgraph.render.plan_formats import render_json
t1 = clock()
spent = {"inference": 0.0}
infer = sc._infer
def timed(*a, **k):
    t = clock()
    try:
        return infer(*a, **k)
    finally:
        spent["inference"] += clock() - t
sc._infer = timed
t2 = clock(); repo = sc.scan(sys.argv[1]); t3 = clock()
plan = make_plan(repo, build_graph(repo)); t4 = clock()
render_json(plan); t5 = clock()
print(f"imports {t1 - t0:.2f} s, read files {t3 - t2 - spent['inference']:.2f} s, "
      f"inference {spent['inference']:.2f} s, graph and plan {t4 - t3:.2f} s, render json {t5 - t4:.2f} s")
"""


def phases(repo: Path) -> str:
    """CPU seconds of each phase of one warm `plan -f json`, in a fresh interpreter."""
    proc = subprocess.run([sys.executable, "-c", PHASES, str(repo)], capture_output=True, text=True, check=True)
    return proc.stdout.strip()


def profile(repo: Path) -> None:
    import cProfile
    import pstats

    from stackgraph.discovery.scan import scan
    from stackgraph.graph.build import build_graph
    from stackgraph.plan import make_plan
    from stackgraph.render.plan_formats import render_json

    def run() -> None:
        repo_ = scan(repo)
        render_json(make_plan(repo_, build_graph(repo_)))

    prof = cProfile.Profile()
    prof.runcall(run)
    pstats.Stats(prof).sort_stats("cumulative").print_stats(30)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--projects", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repo", type=Path, default=Path(tempfile.gettempdir()) / "stackgraph-bench")
    parser.add_argument("--regen", action="store_true", help="write the repository again")
    parser.add_argument("--profile", action="store_true", help="profile one plan in-process (cProfile)")
    parser.add_argument("--write", action="store_true", help="record the results in bench/RESULTS.md")
    args = parser.parse_args()

    repo = args.repo / f"repo-{args.projects}x3"
    if args.regen or not (repo / ".bench-complete").exists():
        if repo.exists():
            subprocess.run(["rm", "-rf", str(repo)], check=True)
        t = time.perf_counter()
        generate(repo, args.projects)
        print(f"generated {repo} in {time.perf_counter() - t:.1f} s", file=sys.stderr)
    if args.profile:
        profile(repo)
        return

    plan_cmd = [str(BIN), "plan", str(repo), "-f", "json"]
    help_cmd = [str(BIN), "--help"]
    with open(os.devnull, "wb") as devnull:
        out = subprocess.run(plan_cmd, capture_output=True, check=True, stdin=devnull).stdout
    doc = json.loads(out)
    shape = f"{len(doc['stacks'])} stacks, {len(doc['edges'])} edges, {len(doc['levels'])} levels"
    load = os.getloadavg()
    plan = measure(plan_cmd, args.runs)
    cold = measure(plan_cmd, max(1, args.runs // 2), cold=True)
    help_ = measure(help_cmd, max(args.runs, 10))
    table = [
        "| command | median wall | slowest wall | median CPU | peak RSS | target | met |",
        "| --- | ---: | ---: | ---: | ---: | --- | --- |",
        _row("stackgraph plan REPO -f json", plan, TARGETS["plan_s"], TARGETS["plan_mb"]),
        _row("same, empty caches (cold)", cold, TARGETS["plan_s"], TARGETS["plan_mb"]),
        _row("stackgraph --help", help_, TARGETS["help_s"], None),
    ]
    context = (
        f"repository: {args.projects} projects x 3 stacks ({shape}), generated by `bench/bench_plan.py`\n"
        f"CPU by phase (one warm run): {phases(repo)}\n"
        f"machine: {os.cpu_count()} cores, {platform.python_implementation()} {platform.python_version()}, "
        f"load average before the runs {load[0]:.2f}; {args.runs} runs after one warm-up "
        f"({max(args.runs, 10)} for --help)"
    )
    print(context)
    print("\n".join(table))
    if args.write:
        record(table, context)


def _row(name: str, runs: tuple[list[float], list[float], list[float]], secs: float, mb: float | None) -> str:
    walls, cpus, rss = runs
    wall, peak = statistics.median(walls), max(rss)
    goal = f"< {secs} s" + (f", < {mb:.0f} MB" if mb else "")
    met = wall < secs and (mb is None or peak < mb)
    return (
        f"| `{name}` | {wall:.3f} s | {max(walls):.3f} s | {statistics.median(cpus):.3f} s | {peak:.0f} MB "
        f"| {goal} | {'yes' if met else 'NO'} |"
    )


def record(table: list[str], context: str) -> None:
    today = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
    command = "`" + " ".join([".venv/bin/python", "bench/bench_plan.py", *sys.argv[1:]]) + "`"
    section = f"## {today}\n\nCommand: {command}\n\n{context}\n\n" + "\n".join(table) + "\n"
    path = HERE / "RESULTS.md"
    head = (
        "# Benchmark results\n\nRecorded by `bench/bench_plan.py --write` (newest first). "
        "Targets on a 2-core machine: `plan` < 2 s and < 300 MB on 2,000 projects x 3 stacks; "
        "`--help` < 0.3 s.\n\n"
    )
    old = path.read_text() if path.exists() else head
    body = old[len(head) :] if old.startswith(head) else old
    path.write_text(head + section + "\n" + body)
    print(f"wrote {path}", file=sys.stderr)


if __name__ == "__main__":
    main()
