#!/usr/bin/env python3
"""Show that a change gave up nothing: every command's bytes, cold and warm, against an earlier commit.

    .venv/bin/python bench/bench_bytes.py --base REV [--estate DIR] [--write]

Checks out REV into a temporary git worktree and runs each command below with REV's code
(PYTHONPATH pointing at the worktree, the same interpreter and packages) and with this checkout's,
on examples/ and on the bench estate (bench_peers.py makes it: /tmp/stackgraph-peers/estate-2000):
cold (a new, empty STACKGRAPH_CACHE_DIR) and then warm (the same folder again), and compares
stdout, stderr and the exit code byte for byte. Prints (and with `--write` records in
bench/RESULTS-bytes.md) one row per command and repository. Exits 1 when any output differs.
"""

from __future__ import annotations

import argparse
import datetime
import os
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
import record  # noqa: E402  (a sibling script of bench/, found through the path set above)

ROOT = HERE.parent
COMMANDS = (
    ("scan", "-f", "json"),
    ("scan",),
    ("plan", "-f", "json"),
    ("plan", "-e", "dev", "-f", "json"),
    ("plan",),
    ("plan", "-f", "markdown"),
    ("graph", "-f", "dot"),
    ("graph", "-f", "mermaid"),
    ("graph", "-f", "json"),
    ("ls", "-e", "dev"),
    ("check", "-f", "json"),
)


def run(code: Path, repo: Path, argv: tuple[str, ...], cache: str) -> tuple[int, bytes, bytes]:
    env = {**os.environ, "PYTHONPATH": str(code), "STACKGRAPH_CACHE_DIR": cache, "NO_COLOR": "1"}
    env.pop("CI", None)
    done = subprocess.run(
        [sys.executable, "-m", "stackgraph", *argv], cwd=repo, env=env, capture_output=True, timeout=600, check=False
    )
    return done.returncode, done.stdout, done.stderr


def outputs(code: Path, repo: Path, argv: tuple[str, ...]) -> list[tuple[int, bytes, bytes]]:
    """Cold, then warm on the same cache folder."""
    with tempfile.TemporaryDirectory(prefix="sg-bytes-") as cache:
        return [run(code, repo, argv, cache), run(code, repo, argv, cache)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", required=True, help="the commit to compare with (e.g. the last one before a change)")
    parser.add_argument("--estate", type=Path, default=Path("/tmp/stackgraph-peers/estate-2000"))
    parser.add_argument("--write", action="store_true", help="record the table in bench/RESULTS-bytes.md")
    args = parser.parse_args()
    base_rev = subprocess.run(
        ["git", "rev-parse", "--short", args.base], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    head = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.strip()
    repos = [ROOT / "examples"] + ([args.estate] if args.estate.is_dir() else [])
    rows, differ = [], 0
    with tempfile.TemporaryDirectory(prefix="sg-base-") as tmp:
        base = Path(tmp) / "base"
        subprocess.run(["git", "worktree", "add", "-q", "--detach", str(base), args.base], cwd=ROOT, check=True)
        try:
            for repo in repos:
                for argv in COMMANDS:
                    old, new = outputs(base, repo, argv), outputs(ROOT, repo, argv)
                    same = old == new
                    differ += not same
                    codes = "/".join(str(c) for c, _, _ in new)
                    size = len(new[0][1])
                    verdict = "same" if same else "DIFFER"
                    rows.append(f"| {repo.name} | `{' '.join(argv)}` | {codes} | {size:,} | {verdict} |")
                    print(rows[-1], flush=True)
        finally:
            subprocess.run(["git", "worktree", "remove", "--force", str(base)], cwd=ROOT, check=False)
    table = [
        "| repository | command | exit (cold/warm) | stdout bytes | cold and warm: stdout, stderr, exit |",
        "| --- | --- | --- | ---: | --- |",
        *rows,
    ]
    verdict = "every output the same" if not differ else f"{differ} command(s) DIFFER"
    print(f"{base_rev} -> {head}: {verdict}")
    if args.write:
        stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
        command = "`" + " ".join([".venv/bin/python", "bench/bench_bytes.py", *sys.argv[1:]]) + "`"
        section = f"## {stamp}\n\nCommand: {command}\n\n{base_rev} (base) against {head}: {verdict}.\n\n"
        section += "\n".join(table) + "\n\n"
        path = HERE / "RESULTS-bytes.md"
        head_text = "# The same bytes out\n\nRecorded by `bench/bench_bytes.py --write` (newest first).\n\n"
        record.prepend(path, head_text, section)
    return 1 if differ else 0


if __name__ == "__main__":
    sys.exit(main())
