"""A scripted `pulumi` with a backend of deployed stacks, enough for `preview --save-plan` and the checks of
`up --plan` (tests/cli/test_saved_plan_cli.py); the real engine runs the same in tests/e2e.

`fake_backend(folder, stacks)` writes `folder/pulumi` (a Python script) and `folder/backend.json`, and
returns the environment that makes stackgraph run it. `stacks` maps "<project folder>/<stack>" to
{"version": N} (its last update's number: `deploy(folder, sid)` adds one, as someone else's `up`
would). It answers `stack ls --json` (with `--all`: every project, full names), `stack history --json`
(the last update), `stack export` (a checkpoint whose digest follows the version), `preview` (an
event log of one unchanged resource, and an update plan where `--save-plan` asks for one) and `up --plan` (the
same event log; the version moves on); anything else fails. Every call is appended to `folder/calls.jsonl`.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from tests.helpers.fake_state import install_fake

_SCRIPT = """#!{python}
import json, os, sys
from pathlib import Path
here = Path(__file__).resolve().parent
args = sys.argv[1:]
with open(here / "calls.jsonl", "a") as f:
    f.write(json.dumps(args) + "\\n")
stacks = json.loads((here / "backend.json").read_text())
def opt(name):
    return args[args.index(name) + 1] if name in args else None
project = Path(opt("--cwd") or os.getcwd()).name
if args[:2] == ["stack", "ls"]:
    rows = [
        {{"name": f"organization/{{key}}" if "--all" in args else key.split("/")[1], "resourceCount": 1}}
        for key in sorted(stacks) if "--all" in args or key.split("/")[0] == project
    ]
    print(json.dumps(rows))
    sys.exit(0)
name = opt("--stack")
state = stacks.get(f"{{project}}/{{name}}")
if state is None:
    print(f"error: no stack named '{{name}}' found", file=sys.stderr)
    sys.exit(255)
version = state["version"]
if args[:2] == ["stack", "history"]:
    print(json.dumps([{{"version": version, "kind": "update", "startTime": f"2026-12-{{version:02d}}T12:00:00.000Z"}}]))
elif args[:2] == ["stack", "export"]:
    deployment = {{"manifest": {{"version": "v3.274.1"}}, "resources": [], "fake": version}}
    print(json.dumps({{"version": 3, "deployment": deployment}}))
elif args[:1] == ["preview"]:
    summary = {{"summaryEvent": {{"resourceChanges": {{"same": 1}}, "durationSeconds": 1, "result": "succeeded"}}}}
    Path(opt("--event-log")).write_text(json.dumps(summary) + "\\n")
    if opt("--save-plan"):
        Path(opt("--save-plan")).write_text(json.dumps({{"manifest": {{}}, "resourcePlans": {{}}}}))
elif args[:1] == ["up"] and opt("--plan"):
    summary = {{"summaryEvent": {{"resourceChanges": {{"same": 1}}, "durationSeconds": 1, "result": "succeeded"}}}}
    Path(opt("--event-log")).write_text(json.dumps(summary) + "\\n")
    state["version"] += 1
    (here / "backend.json").write_text(json.dumps(stacks))
else:
    print("error: the fake backend does not answer " + " ".join(args), file=sys.stderr)
    sys.exit(1)
"""


def fake_backend(folder: Path, stacks: Mapping[str, Mapping[str, Any]]) -> dict[str, str]:
    """Write the fake `pulumi` and its backend to `folder`; return the environment that uses it."""
    return install_fake(folder, _SCRIPT, "backend.json", stacks)


def deploy(folder: Path, sid: str) -> None:
    """Someone else deploys `sid`: its state version moves on."""
    path = folder / "backend.json"
    stacks = json.loads(path.read_text())
    stacks[sid]["version"] += 1
    path.write_text(json.dumps(stacks))
