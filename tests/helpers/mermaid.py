"""The real Mermaid parser (mermaid 11 under Node, see tests/mermaid/) for tests of diagrams we write.

In CI (CI=true, 1 or yes) a missing Node or parser fails the calling test; elsewhere it skips and says how to
install it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

from tests.helpers.required import missing

CHECKER = Path(__file__).resolve().parents[1] / "mermaid"


def node() -> str:
    """The `node` binary with the parser installed; fails (CI) or skips the test otherwise."""
    found = shutil.which("node")
    problem = None
    if found is None:
        problem = "node is not installed (install Node.js 20)"
    elif not (CHECKER / "node_modules" / "mermaid").is_dir():
        problem = f"the Mermaid parser is not installed: run `scripts/setup --dev` (npm ci in {CHECKER})"
    if problem is not None:
        missing(problem)
    assert found is not None
    return found


def parse(node_bin: str, files: list[Path]) -> tuple[int, dict[str, dict[str, object]]]:
    """Parse each file; return the checker's exit code and its result per file name."""
    proc = subprocess.run(
        [node_bin, str(CHECKER / "check.mjs"), *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert proc.returncode in (0, 1), proc.stderr
    results = [json.loads(line) for line in proc.stdout.splitlines()]
    return proc.returncode, {Path(str(r["file"])).name: r for r in results}
