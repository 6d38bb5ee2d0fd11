"""Graphviz's `dot` runs with a timeout; its expiry is a clear one-line error, exit 2 (issue 15).

A stand-in `dot` that never finishes is put first on PATH, and the timeout shortened to half a second.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stackgraph.render import graph_formats
from tests.helpers.clirun import cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.mark.parametrize("fmt", ["svg", "png"])
def test_dot_that_never_finishes_is_stopped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str) -> None:
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    started = tmp_path / "started"
    fake = bin_dir / "dot"
    fake.write_text(f"#!/bin/sh\ntouch {started}\nexec sleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setenv("PATH", f"{bin_dir}{os.pathsep}{os.environ['PATH']}")
    monkeypatch.setattr(graph_formats, "DOT_TIMEOUT_S", 0.5)
    out = cli("graph", EXAMPLES, "-f", fmt, "-o", tmp_path / f"g.{fmt}")
    assert started.exists()  # the stand-in ran
    assert (out.code, out.stdout, out.stderr) == (
        2,
        "",
        f"stackgraph: error: `dot -T{fmt}` did not finish in 0.5 s and was stopped; draw fewer stacks "
        "(--select, --env), or use --format dot or html\n",
    )
    assert not (tmp_path / f"g.{fmt}").exists()
