"""Entry point of the `stackgraph` console script and `python -m stackgraph`."""

from __future__ import annotations


def main() -> None:
    """Run the CLI; every command handles its own errors (see cli/handler.py)."""
    from stackgraph.cli.app import app  # noqa: PLC0415

    app(prog_name="stackgraph")
