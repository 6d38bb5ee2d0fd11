"""Helpers for the real-engine deployment tests: run stackgraph, read reports, look for leftovers."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from tests.helpers import engine

STACKGRAPH = Path(sys.executable).with_name("stackgraph")
DEV = ("networking/dev", "database/dev", "cluster/dev", "api/dev", "web/dev", "monitoring/dev")
DEV_EDGES = (  # (dependent, dependency) of examples/ in dev
    ("database/dev", "networking/dev"),
    ("cluster/dev", "networking/dev"),
    ("api/dev", "database/dev"),
    ("api/dev", "cluster/dev"),
    ("web/dev", "cluster/dev"),
    ("monitoring/dev", "api/dev"),
    ("monitoring/dev", "web/dev"),
)
# database/dev's secret output dbPassword: "<passwordSeed>-<stack>-<dbName>-pw" (examples/database/__main__.py).
DB_PASSWORD = "dev-seed-7f3a-dev-shop-pw"


def deploy_env(pulumi_bin: Path, base: Mapping[str, str], **extra: str) -> dict[str, str]:
    """The environment stackgraph runs in: the engine's, the CLI named explicitly, fast TypeScript."""
    env = dict(base)
    env["STACKGRAPH_PULUMI_BIN"] = str(pulumi_bin)
    # ts-node without type checking: the examples' TypeScript programs start in ~3 s instead of ~10 s.
    env["PULUMI_NODEJS_TRANSPILE_ONLY"] = "true"
    env["TERM"] = "dumb"
    env.update(extra)
    return env


def stackgraph(*args: str | Path, env: Mapping[str, str], timeout: float = 300) -> subprocess.CompletedProcess[str]:
    """Run the installed console script and return the finished process."""
    return subprocess.run(
        [str(STACKGRAPH), *map(str, args)],
        env=dict(env), capture_output=True, text=True, timeout=timeout, check=False,
    )  # fmt: skip


def show(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"


def load_report(path: Path) -> dict[str, dict[str, Any]]:
    """The report's stacks by id (also checks the schema)."""
    data = json.loads(path.read_text())
    assert data["schema"] == "stackgraph.run/v1"
    return {s["id"]: s for s in data["stacks"]}


def ts(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


def interval(stack: Mapping[str, Any]) -> tuple[float, float]:
    return ts(stack["started_at"]), ts(stack["ended_at"])


def stack_list(env: Mapping[str, str], project_dir: Path) -> dict[str, dict[str, Any]]:
    """`pulumi stack ls --json` of one project: stack name -> row."""
    proc = engine.check(engine.run_pulumi(env, project_dir, "stack", "ls", "--json"))
    return {row["name"].rsplit("/", 1)[-1]: row for row in json.loads(proc.stdout)}


def leftover_processes(folder: Path) -> list[str]:
    """Processes (other than this one) whose working folder or command line points into `folder`."""
    needle = str(folder.resolve())
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            cmdline = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
            cwd = os.readlink(entry / "cwd")
        except OSError:  # gone meanwhile, or not ours to read
            continue
        if needle in cmdline or cwd == needle or cwd.startswith(needle + os.sep):
            found.append(f"{entry.name}: {cmdline} (cwd {cwd})")
    return found


def files_containing(folder: Path, needle: str) -> list[str]:
    """Every file below `folder` whose bytes contain `needle`."""
    raw = needle.encode()
    return sorted(str(p) for p in folder.rglob("*") if p.is_file() and raw in p.read_bytes())
