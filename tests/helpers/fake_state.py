"""A scripted `pulumi` that answers `pulumi stack export` from a JSON file, for tests of reading state.

`fake_pulumi(folder, states)` writes `folder/pulumi` (a Python script) and `folder/states.json`, and
returns the environment that makes stackgraph run it (STACKGRAPH_PULUMI_BIN). `states` maps
"<project folder name>/<stack>" to a state document, or to {"error": "..."} (printed on stderr, exit
1). A stack not in `states` is "no stack named". It answers `stack ls --json` too (with `--all`: every
project, full names): the stacks of `states`, each with its resources counted (an error: 1). Every call is
appended to `folder/calls.jsonl`.
`state_doc` builds a document with stack references the way the engine writes them.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any

_SCRIPT = """#!{python}
import json, os, sys
from pathlib import Path
here = Path(__file__).resolve().parent
args = sys.argv[1:]
with open(here / "calls.jsonl", "a") as f:
    f.write(json.dumps(args) + "\\n")
states = json.loads((here / "states.json").read_text())
if args[:2] == ["stack", "ls"]:  # with --all: every project, full names; an unreadable state counts as deployed
    mine = None if "--all" in args else Path(args[args.index("--cwd") + 1]).name
    rows = [
        {{
            "name": "organization/" + key if mine is None else key.split("/")[1],
            "resourceCount": 1 if "error" in doc else len(doc["deployment"]["resources"]),
        }}
        for key, doc in sorted(states.items()) if mine in (None, key.split("/")[0])
    ]
    print(json.dumps(rows))
    sys.exit(0)
if args[:2] != ["stack", "export"]:
    print("error: the fake pulumi only answers `stack export` and `stack ls`", file=sys.stderr)
    sys.exit(1)
name = args[args.index("--stack") + 1]
cwd = Path(args[args.index("--cwd") + 1])
doc = states.get(cwd.name + "/" + name)
if doc is None:
    print(f"error: no stack named '{{name}}' found", file=sys.stderr)
    sys.exit(255)
if "error" in doc:
    print(doc["error"], file=sys.stderr)
    sys.exit(1)
print(json.dumps(doc, indent=4))
"""

SECRET_SIG = "4dabf18193072939515e22adb298388d"  # how the engine marks a secret value in state


def secret(ciphertext: str) -> dict[str, str]:
    """A secret value as state holds it (ciphertext only)."""
    return {SECRET_SIG: "1b47061264138c4ac30d75fd1eb44270", "ciphertext": ciphertext}


def state_doc(stack: str, project: str, refs: Mapping[str, Any] | None = None, *, version: int = 3) -> dict[str, Any]:
    """A state document of `project`'s `stack` with one StackReference per item of `refs` (name -> position,
    e.g. "__main__.py#5", or None), a secret stack output, and the provider the engine adds."""
    resources: list[dict[str, Any]] = [
        {
            "urn": f"urn:pulumi:{stack}::{project}::pulumi:pulumi:Stack::{project}-{stack}",
            "type": "pulumi:pulumi:Stack",
            "outputs": {"token": secret("v1:CANARY-CIPHERTEXT")},
        }
    ]
    for name, position in (refs or {}).items():
        res: dict[str, Any] = {
            "urn": f"urn:pulumi:{stack}::{project}::pulumi:pulumi:StackReference::{name}",
            "type": "pulumi:pulumi:StackReference",
            "inputs": {"name": name},
            "outputs": {"name": name, "outputs": {"pw": secret("v1:CANARY-REF-CIPHERTEXT")}},
        }
        if position is not None:
            res["sourcePosition"] = f"project:///{position}"
            res["stackTrace"] = [
                {"sourcePosition": f"project:///{position}"},
                {"sourcePosition": "project:///../sdk.py#1"},
            ]
        resources.append(res)
    return {"version": version, "deployment": {"manifest": {"version": "v3.274.1"}, "resources": resources}}


def fake_pulumi(folder: Path, states: Mapping[str, Any]) -> dict[str, str]:
    """Write the fake `pulumi` and its answers to `folder`; return the environment that uses it."""
    return install_fake(folder, _SCRIPT, "states.json", states)


def install_fake(folder: Path, script: str, data_file: str, data: Mapping[str, Any]) -> dict[str, str]:
    """Write a scripted `pulumi` (`script`, formatted with the interpreter) and the JSON it answers from to
    `folder`; return the environment that makes stackgraph run it against a file backend."""
    folder.mkdir(parents=True, exist_ok=True)
    exe = folder / "pulumi"
    exe.write_text(script.format(python=sys.executable))
    exe.chmod(0o755)
    (folder / data_file).write_text(json.dumps(data))
    return {
        "STACKGRAPH_PULUMI_BIN": str(folder),
        "PULUMI_BACKEND_URL": f"file://{folder / 'state'}",
        "PULUMI_CONFIG_PASSPHRASE": "",
    }


def calls(folder: Path) -> list[list[str]]:
    """Every argument list the fake was called with, in order."""
    path = folder / "calls.jsonl"
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []
