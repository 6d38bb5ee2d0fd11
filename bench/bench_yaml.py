#!/usr/bin/env python3
"""Loading the Pulumi files of a repository: the fast reader (`yamlfast`, libyaml for the rest) vs libyaml alone.

    .venv/bin/python bench/bench_yaml.py [--repo /tmp/stackgraph-peers/estate-2000] [--rounds 5]

Reads every Pulumi*.yaml file under the repository once, then, in one process and alternating, loads them all
with `yamlio.loads` (the fast path where it answers) and with the libyaml path alone, discarding the results.
Prints the share of files the fast path reads and the median of each.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from stackgraph import yamlfast, yamlio


def _time(load: Callable[[str, str], Any], texts: list[str]) -> float:
    start = time.perf_counter()
    for text in texts:
        load(text, "Pulumi.yaml")
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repo", type=Path, default=Path("/tmp/stackgraph-peers/estate-2000"))
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    texts = [p.read_text(encoding="utf-8") for p in sorted(args.repo.rglob("Pulumi*.yaml"))]
    fast = [text for text in texts if yamlfast.read(text) is not None]
    print(f"{len(texts)} files; {len(fast)} ({len(fast) / max(len(texts), 1):.0%}) take the fast path")
    for label, subset in (("all files", texts), ("the files of the fast path", fast)):
        old: list[float] = []
        new: list[float] = []
        for _ in range(args.rounds):
            old.append(_time(yamlio._libyaml, subset))  # the libyaml path alone, the one before yamlfast
            new.append(_time(yamlio.loads, subset))
        print(f"{label}:")
        for name, runs in (("libyaml path", old), ("yamlio.loads", new)):
            print(f"  {name}: median {statistics.median(runs):.3f} s ({', '.join(f'{r:.3f}' for r in runs)})")
        print(f"  ratio {statistics.median(old) / statistics.median(new):.2f}x")


if __name__ == "__main__":
    main()
