"""A scripted stand-in for an engine, run by the tests as `stackgraph run PATH -- python fake_engine.py`.

Behaviour per stack comes from the JSON file named by FAKE_ENGINE_SCRIPT: a mapping of
stack id (or "*" for the rest) to a dict of
    sleep: seconds to work (default 0)
    print: lines to print first
    exit: exit code at the end (default 0)
    hang: true -> work forever (until a signal ends it)
    crash: true -> SIGKILL itself after `sleep`
    transient: {"failures": N, "text": "..."} -> the first N attempts print text and exit 1
    child: true -> start a grandchild (`sleep 300`) in the same process group;
           "own-group" -> in a process group of its own, same session (as Pulumi starts its plugins)
    on_sigint: "exit" (default: exit 130 after cancel_s), "ignore" (forever), or seconds to ignore it
    cancel_s: seconds a clean cancel takes after SIGINT (default 0)
    on_sigterm: "exit" (default) or "ignore"
    outputs: a JSON object written to $STACKGRAPH_OUTPUTS when the stack succeeds (its outputs)
    config: true -> read the stack's Pulumi.<stack>.yaml and print its config as an engine shows it
           (`key=value`; a `secure:` value as [secret], as Pulumi prints it without --show-secrets);
           the error line of a failure names them too
Every event goes to FAKE_ENGINE_RECORD as one JSON line {"id", "event", "t", "pid"}; events are
start, end (with "code"), sigint, sigterm, child (with "child_pid"). One O_APPEND write per line,
so parallel fakes never interleave. Stack identity comes from STACKGRAPH_STACK_ID.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

SID = os.environ.get("STACKGRAPH_STACK_ID", "?")


def record(event: str, **extra: object) -> None:
    line = json.dumps({"id": SID, "event": event, "t": time.time(), "pid": os.getpid(), **extra}) + "\n"
    fd = os.open(os.environ["FAKE_ENGINE_RECORD"], os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    try:
        os.write(fd, line.encode())
    finally:
        os.close(fd)


def load() -> dict:
    script = json.loads(Path(os.environ["FAKE_ENGINE_SCRIPT"]).read_text())
    return script.get(SID) or script.get("*") or {}


def shown_config() -> list[str]:
    """The stack's own config as an engine prints it: `key=value`, a `secure:` value as [secret] (never decrypted)."""
    import yaml

    path = Path(os.environ["STACKGRAPH_PROJECT_DIR"]) / f"Pulumi.{os.environ['STACKGRAPH_STACK']}.yaml"
    config = (yaml.safe_load(path.read_text()) or {}).get("config") or {}
    return [
        f"{key}={'[secret]' if isinstance(value, dict) and 'secure' in value else value}"
        for key, value in sorted(config.items())
        if not key.startswith("stackgraph:")
    ]


def attempt_number() -> int:
    state = Path(os.environ["FAKE_ENGINE_RECORD"]).with_suffix(f".{SID.replace('/', '_')}.attempts")
    n = int(state.read_text()) + 1 if state.exists() else 1
    state.write_text(str(n))
    return n


class Fake:
    def __init__(self, spec: dict) -> None:
        self.spec = spec
        self.cancel_at: float | None = None
        self.ignore_sigint_until = 0.0
        on_sigint = spec.get("on_sigint", "exit")
        if on_sigint == "ignore":
            self.ignore_sigint_until = float("inf")
        elif isinstance(on_sigint, (int, float)):
            self.ignore_sigint_until = time.monotonic() + on_sigint
        signal.signal(signal.SIGINT, self.on_sigint)
        signal.signal(signal.SIGTERM, self.on_sigterm)

    def on_sigint(self, _sig: int, _frame: object) -> None:
        record("sigint")
        if time.monotonic() < self.ignore_sigint_until:
            return
        if self.cancel_at is None:
            self.cancel_at = time.monotonic() + float(self.spec.get("cancel_s", 0))

    def on_sigterm(self, _sig: int, _frame: object) -> None:
        record("sigterm")
        if self.spec.get("on_sigterm") == "ignore":
            return
        record("end", code=143)
        os._exit(143)

    def work(self, seconds: float) -> None:
        """Sleep in small steps so that a cancel is noticed."""
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            if self.cancel_at is not None and time.monotonic() >= self.cancel_at:
                record("end", code=130)
                print("cancelled", flush=True)
                sys.exit(130)
            time.sleep(0.01)

    def run(self) -> int:
        spec = self.spec
        record("start", cwd=os.getcwd())
        if spec.get("child"):
            # Either way stackgraph must end it: it is in the step's session.
            own = spec["child"] == "own-group"
            child = subprocess.Popen(["sleep", "300"], preexec_fn=os.setpgrp if own else None)  # noqa: PLW1509 - a fake engine that must leave a grandchild in its own group
            record("child", child_pid=child.pid)
        for line in spec.get("print", []):
            print(line, flush=True)
        config = shown_config() if spec.get("config") else []
        for line in config:
            print(f"    {line}", flush=True)
        transient = spec.get("transient")
        if transient and attempt_number() <= transient["failures"]:
            self.work(float(spec.get("sleep", 0)))
            print(transient["text"], flush=True)
            record("end", code=1)
            return 1
        self.work(float("inf") if spec.get("hang") else float(spec.get("sleep", 0)))
        if spec.get("crash"):
            record("end", code=-9)
            os.kill(os.getpid(), signal.SIGKILL)
        code = int(spec.get("exit", 0))
        if code:
            print(f"error: {SID} failed on purpose" + (f"; config {', '.join(config)}" if config else ""), flush=True)
        elif "outputs" in spec and os.environ.get("STACKGRAPH_OUTPUTS"):
            Path(os.environ["STACKGRAPH_OUTPUTS"]).write_text(json.dumps(spec["outputs"]))
        record("end", code=code)
        return code


if __name__ == "__main__":
    sys.exit(Fake(load()).run())
