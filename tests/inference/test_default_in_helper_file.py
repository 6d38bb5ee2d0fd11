"""A helper's parameter default is read in the helper's own file, not at the call (call_args.py).

`export function ref(project, env = stack)` in lib/refs.ts, with `import { stack } from "./env"`, called as
`ref("db")` from app/index.ts: `env` is lib/env.ts's `stack`. Was: the default was evaluated in the calling file,
where "./env" named app/env.ts (a wrong edge when that file existed, `org/db/shared` for every stack) or no file (an
unresolved reference "imports './env', which leads to no file"). Same for an arrow function, a class constructor and
Python (`def ref(project, env=STACK)` after `from .env import STACK`); an argument given at the call is still read
at the call (found probing the shared `getStackOutputs(name = projectName)` helpers of TS monorepos).
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.clirun import cli

TS_ENV = 'import * as pulumi from "@pulumi/pulumi";\nexport const stack = pulumi.getStack();\n'
TS_REFS = """import * as pulumi from "@pulumi/pulumi";
import { stack } from "./env";
export function fnRef(project: string, env: string = stack) {
  return new pulumi.StackReference(`org/${project}/${env}`);
}
export const arrowRef = (project: string, env = stack) => new pulumi.StackReference(`org/${project}/${env}`);
export class Refs {
  ref: pulumi.StackReference;
  constructor(project: string, env: string = stack) {
    this.ref = new pulumi.StackReference(`org/${project}/${env}`);
  }
}
"""
TS_MAIN = """import { fnRef, arrowRef, Refs } from "../lib/refs";
export const a = fnRef("db").getOutput("a");
export const b = arrowRef("db").getOutput("b");
export const c = new Refs("db").ref.getOutput("c");
export const d = fnRef("db", "shared").getOutput("d");
"""
PY_ENV = "import pulumi\n\nSTACK = pulumi.get_stack()\n"
PY_REFS = """import pulumi
from .env import STACK


def ref(project, env=STACK):
    return pulumi.StackReference(f"org/{project}/{env}")


class Refs:
    def __init__(self, project, env=STACK):
        self.ref = pulumi.StackReference(f"org/{project}/{env}")
"""
PY_MAIN = """import pulumi
from infra.refs import ref, Refs

pulumi.export("a", ref("db").get_output("a"))
pulumi.export("c", Refs("db").ref.get_output("c"))
"""


def _repo(root: Path, runtime: str, files: dict[str, str]) -> None:
    for project in ("app", "db"):
        (root / project).mkdir(parents=True, exist_ok=True)
        (root / project / "Pulumi.yaml").write_text(f"name: {project}\nruntime: {runtime}\n")
        for stack in ("dev", "prod", "shared"):
            if project == "db" or stack != "shared":
                (root / project / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text)


def _refs(root: Path) -> list[tuple[str, str, str]]:
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    refs = json.loads(out.stdout)["references"]
    return sorted((r["stack"], r["site"], r["target_id"] or "unresolved: " + r["reason"]) for r in refs)


def test_ts_default_is_read_in_the_helper_file(tmp_path: Path) -> None:
    """A function, an arrow function and a constructor of lib/refs.ts: the default `stack` is lib/env.ts's; a
    "./env" next to the caller exporting another value is not read."""
    _repo(
        tmp_path,
        "nodejs",
        {
            "lib/env.ts": TS_ENV,
            "lib/refs.ts": TS_REFS,
            "app/index.ts": TS_MAIN,
            "app/env.ts": 'export const stack = "shared";\n',
            "db/index.ts": 'export const a = "a";\n',
        },
    )
    expected = []
    for stack in ("dev", "prod"):
        expected += [(stack, f"lib/refs.ts:{line}", f"db/{stack}") for line in (4, 6, 10)]
        expected.append((stack, "lib/refs.ts:4", "db/shared"))  # `fnRef("db", "shared")`: given at the call
    assert _refs(tmp_path) == sorted(expected)


def test_ts_default_without_a_module_next_to_the_caller(tmp_path: Path) -> None:
    """No app/env.ts: resolved all the same (was: unresolved, "./env" leads to no file)."""
    _repo(
        tmp_path,
        "nodejs",
        {"lib/env.ts": TS_ENV, "lib/refs.ts": TS_REFS, "app/index.ts": TS_MAIN, "db/index.ts": "export const a = 1;\n"},
    )
    refs = _refs(tmp_path)
    assert all(not target.startswith("unresolved") for _, _, target in refs), refs
    assert ("dev", "lib/refs.ts:10", "db/dev") in refs


def test_python_default_is_read_in_the_helper_module(tmp_path: Path) -> None:
    """`def ref(project, env=STACK)` and a constructor of the package infra, `STACK` from `.env`."""
    _repo(
        tmp_path,
        "python",
        {
            "app/infra/__init__.py": "",
            "app/infra/env.py": PY_ENV,
            "app/infra/refs.py": PY_REFS,
            "app/__main__.py": PY_MAIN,
            "db/__main__.py": 'import pulumi\npulumi.export("a", 1)\n',
        },
    )
    expected = [(s, f"app/infra/refs.py:{line}", f"db/{s}") for s in ("dev", "prod") for line in (6, 11)]
    assert _refs(tmp_path) == sorted(expected)
