#!/usr/bin/env python3
"""What recording fingerprints (and `--resume`) costs a run: the digests of every stack's inputs, in-process.

    .venv/bin/python bench/bench_resume.py [--repo /tmp/stackgraph-bench] [--runs 5] [--write]

Figures, in one sitting, on the 2,000-project estate bench/bench_plan.py generates (`--repo` names it):
1. the warm scan that a run does anyway (`scan_with_inputs`, the result cache filled first);
2. `stack_inputs` for every stack of the estate: each project's files read and digested once
   (the work a run adds before its first stack starts), median of `--runs`;
3. with `$STACKGRAPH_PULUMI_BIN` set: `pulumi stack output --json` on a one-stack YAML project with a
   file backend, median of `--runs` (what reading one upstream's outputs costs a run of the real engine).
`--write` records the table in bench/RESULTS-resume.md.
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
sys.path.insert(0, str(HERE.parent))


def median_s(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()  # type: ignore[operator]  # a callable, kept untyped in a script
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def digests(repo: Path, runs: int) -> list[str]:
    from stackgraph.app.inputs import project_files, stack_inputs
    from stackgraph.discovery.scan import scan_with_inputs

    scan_with_inputs(repo)  # fills the result cache
    scan_s = median_s(lambda: scan_with_inputs(repo), runs)
    loaded, scanned = scan_with_inputs(repo)
    ids = [s.id for s in loaded.stacks]
    files = project_files(loaded, scanned, {s.project_path for s in loaded.stacks})
    n_files = sum(len(f) for f in files.values())
    present = {f for fs in files.values() for f in fs if (repo / f).is_file()}  # a missing go.mod was looked for
    size = sum((repo / f).stat().st_size for f in present)
    inputs_s = median_s(lambda: stack_inputs(loaded, scanned, ids), runs)
    return [
        f"| warm scan (`scan_with_inputs`), {len(loaded.projects)} projects | {scan_s:.3f} s |",
        f"| `stack_inputs` of {len(ids)} stacks ({n_files} files, {size / 1e6:.1f} MB digested) | {inputs_s:.3f} s |",
    ]


def stack_output(runs: int) -> list[str]:
    bin_dir = os.environ.get("STACKGRAPH_PULUMI_BIN")
    if not bin_dir:
        return ["| `pulumi stack output --json` | not measured: STACKGRAPH_PULUMI_BIN not set |"]
    tmp = Path(tempfile.mkdtemp(prefix="stackgraph-bench-resume-"))
    (tmp / "state").mkdir()
    (tmp / "p").mkdir()
    (tmp / "p" / "Pulumi.yaml").write_text("name: p\nruntime: yaml\noutputs:\n  a: hello\n")
    env = {
        **os.environ,
        "PATH": f"{bin_dir}:{os.environ['PATH']}",
        "PULUMI_HOME": str(tmp / "home"),
        "PULUMI_BACKEND_URL": f"file://{tmp / 'state'}",
        "PULUMI_CONFIG_PASSPHRASE": "bench",
        "PULUMI_SKIP_UPDATE_CHECK": "true",
        "PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION": "true",
    }

    def pulumi(*args: str) -> None:
        subprocess.run(["pulumi", *args, "--non-interactive"], cwd=tmp / "p", env=env, check=True, capture_output=True)

    pulumi("stack", "init", "dev")
    pulumi("up", "--yes", "--skip-preview", "-s", "dev")
    seconds = median_s(lambda: pulumi("stack", "output", "--json", "-s", "dev"), runs)
    return [f"| `pulumi stack output --json` (one upstream's outputs, file backend) | {seconds:.3f} s |"]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, default=Path(tempfile.gettempdir()) / "stackgraph-bench")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--write", action="store_true")
    args = parser.parse_args()
    if not (args.repo / "projects").is_dir():
        raise SystemExit(f"{args.repo}: no estate; run bench/bench_plan.py first (it generates one)")
    rows = ["| what | median |", "|---|---:|", *digests(args.repo, args.runs), *stack_output(args.runs)]
    table = "\n".join(rows)
    print(table)
    if args.write:
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
        context = f"{stamp}, {platform.machine()}, {os.cpu_count()} cores (shared), Python {platform.python_version()}"
        text = (
            "# Resume: what the fingerprints cost a run\n\n"
            f"`.venv/bin/python bench/bench_resume.py --runs {args.runs} --write` ({context}).\n\n{table}\n"
        )
        (HERE / "RESULTS-resume.md").write_text(text)


if __name__ == "__main__":
    main()
