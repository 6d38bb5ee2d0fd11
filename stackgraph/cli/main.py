"""Entry point of the `stackgraph` console script and `python -m stackgraph`."""

from __future__ import annotations

import gc


def main() -> None:
    """Run the CLI; every command handles its own errors (see cli/handler.py)."""
    # A scan allocates hundreds of thousands of long-lived objects and few garbage cycles: with the
    # default thresholds (700, 10, 10) the cyclic collector ran ~670 times during `plan` on 6,000
    # stacks (10-20% of its CPU time), with these 7 times (see bench/bench_plan.py).
    gc.set_threshold(50_000, 20, 100)
    from stackgraph.cli.app import app

    app(prog_name="stackgraph")
