"""stdout on a full disk (`stackgraph plan examples > /dev/full`): one line, exit 2, no traceback (issue 15)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.helpers.clirun import BIN

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
MESSAGE = (
    "stackgraph: error: cannot write to stdout: No space left on device; free some space, or write to a file "
    "with -o FILE\n"
)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
@pytest.mark.parametrize(
    "args",
    [
        ("plan", EXAMPLES),
        ("plan", EXAMPLES, "-f", "json"),
        ("graph", EXAMPLES, "-f", "dot"),
        ("ls", EXAMPLES),
        ("scan", EXAMPLES),
    ],
    ids=["plan", "plan-json", "graph-dot", "ls", "scan"],
)
def test_a_full_disk_on_stdout_is_one_line_and_exit_2(args: tuple[str | Path, ...]) -> None:
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [str(BIN), *map(str, args)], stdout=full, stderr=subprocess.PIPE, check=False, timeout=120
        )
    assert (proc.returncode, proc.stderr.decode()) == (2, MESSAGE)


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full on this system")
def test_a_dry_run_on_a_full_disk_is_one_line(tmp_path: Path) -> None:
    """`--dry-run` has no -o: the message does not offer one."""
    repo = tmp_path / "repo"
    (repo / "net").mkdir(parents=True)
    (repo / "net/Pulumi.yaml").write_text("name: net\nruntime: yaml\n")
    (repo / "net/Pulumi.dev.yaml").write_text("config: {}\n")
    with open("/dev/full", "wb") as full:
        proc = subprocess.run(
            [str(BIN), "run", str(repo), "--dry-run", "--", "true"],
            stdout=full,
            stderr=subprocess.PIPE,
            check=False,
            timeout=120,
        )
    assert (proc.returncode, proc.stderr.decode()) == (
        2,
        "stackgraph: error: cannot write to stdout: No space left on device; free some space, or send stdout "
        "elsewhere\n",
    )
