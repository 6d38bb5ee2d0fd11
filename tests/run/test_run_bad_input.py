"""Bad input to `stackgraph run`: one line on stderr, exit 2, nothing started."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers.run_harness import Bench

CASES = [
    pytest.param(
        [],
        "stackgraph: error: run: no command given; write it after --, e.g. stackgraph run . -- pulumi preview",
        id="no-command",
    ),
    pytest.param(
        ["--", "no-such-tool-xyz"],
        "stackgraph: error: run: no-such-tool-xyz: command not found on PATH",
        id="not-on-path",
    ),
    pytest.param(
        ["echo", "hi", "--", "true"],
        "stackgraph: error: run: unexpected 'echo hi' before --; write: stackgraph run PATH -- CMD [ARGS]",
        id="words-before-dash",
    ),
    pytest.param(
        ["-p", "0", "--", "true"],
        "stackgraph: error: --parallelism 0: run at least 1 stack at a time",
        id="parallelism",
    ),
    pytest.param(
        ["--strategy", "levels", "--", "true"],
        "stackgraph: error: --strategy levels: choose eager or waves",
        id="strategy",
    ),
    pytest.param(
        ["--timeout", "0", "--", "true"],
        "stackgraph: error: --timeout 0: give a finite number of seconds above 0",
        id="timeout",
    ),
    pytest.param(["--retries", "-1", "--", "true"], "stackgraph: error: --retries -1: give 0 or more", id="retries"),
    pytest.param(
        ["--retry-backoff", "-1", "--", "true"],
        "stackgraph: error: --retry-backoff -1: give a finite number of seconds, 0 or more",
        id="retry-backoff",
    ),
    pytest.param(
        ["--kill-grace", "-1", "--", "true"],
        "stackgraph: error: --kill-grace -1: give a finite number of seconds, 0 or more",
        id="kill-grace",
    ),
    pytest.param(
        ["--retry-on", "(", "--", "true"],
        "stackgraph: error: --retry-on (: not a regular expression: missing ), unterminated subpattern at position 0",
        id="retry-on",
    ),
    pytest.param(
        ["--report", "/nonexistent/r.json", "--", "true"],
        "stackgraph: error: --report /nonexistent/r.json: the folder /nonexistent does not exist",
        id="report-folder",
    ),
    pytest.param(
        ["--junit", "/nonexistent/j.xml", "--", "true"],
        "stackgraph: error: --junit /nonexistent/j.xml: the folder /nonexistent does not exist",
        id="junit-folder",
    ),
]


@pytest.mark.parametrize(("args", "message"), CASES)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: list[str], message: str) -> None:
    bench = Bench(tmp_path, {"a/dev": []}, {})
    argv = [sys.executable, "-m", "stackgraph", "run", str(bench.root), *args]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)
    assert (proc.returncode, proc.stderr, proc.stdout) == (2, message + "\n", "")
    assert not (bench.root / ".stackgraph").exists()


def test_a_path_without_stacks(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    argv = [sys.executable, "-m", "stackgraph", "run", str(tmp_path / "empty"), "--", "true"]
    proc = subprocess.run(argv, capture_output=True, text=True, check=False, timeout=60)
    assert (proc.returncode, proc.stderr) == (
        2,
        f"stackgraph: error: {tmp_path / 'empty'}: no Pulumi project here (no Pulumi.yaml below this folder); "
        "pass the folder that holds your projects\n",
    )
