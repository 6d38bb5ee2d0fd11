#!/usr/bin/env python3
"""Measure `stackgraph graph -f html` on the 2,000-project estate (one environment: 2,000 stacks).

    .venv/bin/python bench/bench_html.py [--repo DIR] [--env dev] [--runs 3] [--browser]

Uses the repository bench/bench_plan.py generates (it is generated first when missing). Prints the
median wall time of the command (warm caches), the size of the page and of its SVG and data, and
with `--browser` how long headless Chromium takes to load the page and to highlight one stack
(tests/helpers/browser.py). Figures go in bench/RESULTS-html.md by hand, with this command.
"""

from __future__ import annotations

import argparse
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

BIN = Path(sys.executable).with_name("stackgraph")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repo", type=Path, default=Path(tempfile.gettempdir()) / "stackgraph-bench")
    parser.add_argument("--env", default="dev")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--browser", action="store_true")
    args = parser.parse_args()
    if not (args.repo / "projects").is_dir():
        from bench_plan import generate

        generate(args.repo, 2000)
    out = Path(tempfile.mkdtemp()) / "graph.html"
    cmd = [str(BIN), "graph", str(args.repo), "--env", args.env, "-f", "html", "-o", str(out)]
    subprocess.run(cmd, check=True, capture_output=True)  # warm the scan cache
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, capture_output=True)
        times.append(time.perf_counter() - t)
    text = out.read_text(encoding="utf-8")
    svg = re.search(r"<svg.*?</svg>", text, re.DOTALL)
    data = re.search(r'<script type="application/json" id="sg-data">.*?</script>', text, re.DOTALL)
    stacks = text.count('class="node"')
    print(f"command: {' '.join(cmd)}")
    print(f"stacks drawn: {stacks}")
    print(f"wall (median of {args.runs}, warm scan cache): {statistics.median(times):.2f} s")
    print(
        f"page: {len(text.encode()) / 1e6:.2f} MB (svg {len(svg.group(0)) / 1e6 if svg else 0:.2f} MB, "
        f"data {len(data.group(0)) / 1e6 if data else 0:.2f} MB)"
    )
    if args.browser:
        browse(out)


def browse(page_file: Path) -> None:
    from tests.helpers.browser import Browser

    with Browser.start(Path(tempfile.mkdtemp())) as b:
        t = time.perf_counter()
        page = b.open(page_file)
        loaded = time.perf_counter() - t
        sid = page.eval("document.querySelector('g.node[data-stack]').dataset.stack")
        t = time.perf_counter()
        page.click(f'g.node[data-stack="{sid}"]')
        page.eval("document.querySelectorAll('.sg-up,.sg-down').length")
        clicked = time.perf_counter() - t
        t = time.perf_counter()
        page.type_text("#sg-search", sid)
        searched = time.perf_counter() - t
        print(
            f"browser: load {loaded:.2f} s, click-highlight {clicked:.3f} s, search {searched:.3f} s, "
            f"errors {page.errors()}"
        )


if __name__ == "__main__":
    main()
