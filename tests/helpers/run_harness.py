"""Run `stackgraph run PATH -- python fake_engine.py` on a small repository and read what happened.

A `Bench` owns a temporary repository built from `{stack id: [its dependencies]}`, the
fake engine's script and its record file. `run()` waits for stackgraph; `start()`
returns the process for signal tests. Records are the fake's JSON lines.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tests.helpers.repo_builder import project, stack, write_repo

FAKE = Path(__file__).resolve().parent / "fake_engine.py"
STAMP = re.compile(r"^\d\d:\d\d:\d\d ", re.MULTILINE)


@dataclass
class Done:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        """stderr without the time prefix."""
        return STAMP.sub("", self.stderr).splitlines()


def repo_spec(graph: Mapping[str, Sequence[str]]) -> dict[str, Any]:
    spec: dict[str, Any] = {}
    for sid, deps in graph.items():
        proj, name = sid.split("/")
        spec[f"{proj}/Pulumi.yaml"] = project(proj)
        spec[f"{proj}/Pulumi.{name}.yaml"] = stack(list(deps))
    return spec


class Bench:
    def __init__(self, tmp: Path, graph: Mapping[str, Sequence[str]], script: Mapping[str, Any]) -> None:
        self.root = write_repo(tmp / "repo", repo_spec(graph))
        self.record = tmp / "record.jsonl"
        self.script = tmp / "script.json"
        self.script.write_text(json.dumps(dict(script)))
        self.tmp = tmp

    def argv(self, *opts: str, command: Sequence[str] | None = None) -> list[str]:
        cmd = list(command) if command is not None else [sys.executable, str(FAKE)]
        return [sys.executable, "-m", "stackgraph", "run", str(self.root), *opts, "--", *cmd]

    def env(self) -> dict[str, str]:
        env = {k: v for k, v in os.environ.items() if k not in ("CI", "TERM")}
        return env | {"FAKE_ENGINE_SCRIPT": str(self.script), "FAKE_ENGINE_RECORD": str(self.record)}

    def run(self, *opts: str, command: Sequence[str] | None = None, timeout: float = 60) -> Done:
        proc = subprocess.run(
            self.argv(*opts, command=command),
            check=False,
            capture_output=True,
            text=True,
            env=self.env(),
            timeout=timeout,
        )
        return Done(proc.returncode, proc.stdout, proc.stderr)

    def start(self, *opts: str) -> subprocess.Popen[str]:
        return subprocess.Popen(
            self.argv(*opts), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=self.env()
        )

    def events(self) -> list[dict[str, Any]]:
        if not self.record.exists():
            return []
        return [json.loads(line) for line in self.record.read_text().splitlines()]

    def times(self, event: str) -> dict[str, float]:
        """The time of `event` per stack (the last one, when a stack ran more than once)."""
        return {e["id"]: e["t"] for e in self.events() if e["event"] == event}

    def started(self) -> list[str]:
        return [e["id"] for e in self.events() if e["event"] == "start"]

    def wait_for(self, event: str, sid: str, timeout: float = 20) -> None:
        end = time.monotonic() + timeout
        while time.monotonic() < end:
            if any(e["event"] == event and e["id"] == sid for e in self.events()):
                return
            time.sleep(0.02)
        raise AssertionError(f"no {event} of {sid} within {timeout}s: {self.events()}")

    def pids(self) -> list[int]:
        """Every process the fakes were or started."""
        out = set()
        for e in self.events():
            out.add(e["pid"])
            if "child_pid" in e:
                out.add(e["child_pid"])
        return sorted(out)

    def report(self) -> dict[str, Any]:
        return json.loads((self.root / ".stackgraph" / "runs" / "last.json").read_text())


def alive(pid: int) -> bool:
    """True when `pid` runs (a zombie waiting for a parent that is not ours to reap counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError, IndexError):
        return False
    return state not in ("Z", "X")


def survivors(pids: Sequence[int], wait_s: float = 2.0) -> list[int]:
    """The pids still alive after up to `wait_s` (init needs a moment to reap orphans)."""
    end = time.monotonic() + wait_s
    while True:
        left = [p for p in pids if alive(p)]
        if not left or time.monotonic() >= end:
            return left
        time.sleep(0.05)


def kill_all(pids: Sequence[int]) -> None:
    """Clean up after a failing test so that it does not leave processes behind."""
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)
