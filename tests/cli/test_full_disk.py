"""stdout on a full disk (`stackgraph plan examples > /dev/full`): one line, exit 2, no traceback (issue 15)."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest

from tests.helpers.clirun import BIN

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MESSAGE = (
    "stackgraph: error: cannot write to stdout: No space left on device; free some space, or write to a file "
    "with -o FILE\n"
)
ELSEWHERE = (
    "stackgraph: error: cannot write to stdout: No space left on device; free some space, or send stdout elsewhere\n"
)
pytestmark = pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")


def _to_full_disk(*args: str | Path, buffered: bool = False) -> tuple[int, str]:
    """Run the console script with stdout on /dev/full; return its exit code and stderr.

    `buffered`: without PYTHONUNBUFFERED, a short text waits in Python's buffer and the write fails
    only when it is flushed (at exit, unless stackgraph flushes it first).
    """
    env = {k: v for k, v in os.environ.items() if not (buffered and k == "PYTHONUNBUFFERED")}
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [str(BIN), *map(str, args)], stdout=full, stderr=subprocess.PIPE, env=env, check=False, timeout=120
        )
    return proc.returncode, proc.stderr.decode()


@pytest.mark.parametrize(
    "args",
    [
        ("plan", EXAMPLES),
        ("plan", EXAMPLES, "-f", "json"),
        ("plan", EXAMPLES, "-f", "table"),
        ("graph", EXAMPLES, "-f", "dot"),
        ("ls", EXAMPLES),
        ("scan", EXAMPLES),
    ],
    ids=["plan", "plan-json", "plan-table", "graph-dot", "ls", "scan"],
)
@pytest.mark.parametrize("buffered", [False, True], ids=["unbuffered", "buffered"])
def test_a_full_disk_on_stdout_is_one_line_and_exit_2(args: tuple[str | Path, ...], buffered: bool) -> None:
    assert _to_full_disk(*args, buffered=buffered) == (2, MESSAGE)


@pytest.mark.parametrize(
    "args",
    [
        ("--version",),
        ("-V",),
        ("--help",),
        ("plan", "--help"),
        ("env", "up", "--help"),
        ("--show-completion", "bash"),
    ],
    ids=["version", "V", "help", "plan-help", "env-up-help", "show-completion"],
)
@pytest.mark.parametrize("buffered", [False, True], ids=["unbuffered", "buffered"])
def test_help_version_and_completion_on_a_full_disk_are_one_line(args: tuple[str, ...], buffered: bool) -> None:
    """Printed by click or before any command runs: no -o to offer."""
    assert _to_full_disk(*args, buffered=buffered) == (2, ELSEWHERE)


def test_a_dry_run_on_a_full_disk_is_one_line(tmp_path: Path) -> None:
    """`--dry-run` has no -o: the message does not offer one."""
    repo = tmp_path / "repo"
    (repo / "net").mkdir(parents=True)
    (repo / "net/Pulumi.yaml").write_text("name: net\nruntime: yaml\n")
    (repo / "net/Pulumi.dev.yaml").write_text("config: {}\n")
    assert _to_full_disk("run", repo, "--dry-run", "--", "true") == (2, ELSEWHERE)
