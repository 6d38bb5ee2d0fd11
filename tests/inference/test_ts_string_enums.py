"""TypeScript string enums: `Env.Prod` of `enum Env { Prod = "prod" }` is "prod" (frontends/typescript/enums.py),
in a name, in a `case` label and in a test, also of an enum imported from another file. Was: a run-time value, so
`case Env.Prod:` was undecided (every stack took it) and `acme/net/${Env.Prod}` unresolved. An enum whose name is
used otherwise (a namespace merged into it, a variable or parameter of the name) or a member with no string value is
not read."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.helpers.clirun import cli

PROGRAM = """import * as pulumi from "@pulumi/pulumi";
import { Region } from "./regions";

enum Env {
    Prod = "prod",
    Dev = "dev",
    Counted,
}

const stack = pulumi.getStack();
switch (stack) {
    case Env.Prod:
        new pulumi.StackReference(`acme/net/${Env.Prod}`);
        break;
    case Env.Dev:
        new pulumi.StackReference(`acme/net/${Region.East}`);
        break;
}
if (stack === Env.Dev) {
    new pulumi.StackReference(`acme/db/${Env.Counted}`);
}
"""

REGIONS = 'export enum Region { East = "east", West = "west" }\n'


def _scan(root: Path, program: str) -> dict[str, Any]:
    for name, stacks in {"app": ("dev", "prod"), "net": ("dev", "prod", "east"), "db": ("dev",)}.items():
        (root / name).mkdir()
        runtime = "nodejs" if name == "app" else "yaml"
        (root / name / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime}\n")
        for stack in stacks:
            (root / name / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    (root / "app" / "index.ts").write_text(program)
    (root / "app" / "regions.ts").write_text(REGIONS)
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    return dict(json.loads(out.stdout))


def _unresolved(doc: dict[str, Any], line: int) -> dict[str, str]:
    site = f"app/index.ts:{line}"
    return {r["stack"]: r["reason"] for r in doc["references"] if r["site"] == site and not r["resolved"]}


def test_a_string_enum_member_is_its_string(tmp_path: Path) -> None:
    doc = _scan(tmp_path, PROGRAM)
    edges = sorted((e["from"], e["to"]) for e in doc["edges"])
    assert edges == [("app/dev", "net/east"), ("app/prod", "net/prod")], edges  # the cases decide, per stack
    why = _unresolved(doc, 20)
    assert list(why) == ["dev"] and "Env.Counted" in why["dev"], doc["references"]  # no string value: unknown


def test_an_enum_whose_name_is_also_a_parameter_is_not_read(tmp_path: Path) -> None:
    doc = _scan(tmp_path, PROGRAM + "function f(Env: { Prod: string }) { return Env.Prod; }\n")
    why = _unresolved(doc, 13)
    assert sorted(why) == ["dev", "prod"] and all("Env.Prod" in w for w in why.values()), doc["references"]
