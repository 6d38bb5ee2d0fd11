"""Messages said from several threads at once (stacks created in parallel) stay whole lines."""

from __future__ import annotations

import sys
import threading

import pytest

from stackgraph.cli.common import eprint


def test_lines_said_from_threads_at_once_are_never_mixed(capsys: pytest.CaptureFixture[str]) -> None:
    old = sys.getswitchinterval()
    sys.setswitchinterval(1e-6)  # switch threads as often as possible: a torn line shows up at once
    try:
        start = threading.Barrier(8)

        def say(n: int) -> None:
            start.wait()
            for i in range(300):
                eprint(f"stackgraph: created stack p{n}/s{i}")

        threads = [threading.Thread(target=say, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    finally:
        sys.setswitchinterval(old)
    lines = capsys.readouterr().err.splitlines()
    assert sorted(lines) == sorted(f"stackgraph: created stack p{n}/s{i}" for n in range(8) for i in range(300))
