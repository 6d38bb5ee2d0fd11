"""A test on a config key that no stack file, Pulumi.yaml default or ESC environment can set is decided as the
program's language reads such a key (nothing.py): JS `config.get(k)` gives `undefined` (`== undefined`, `== null`
hold, `=== null` does not, no string equals it), Python's `None` (`is None`), C#'s `null`, Go's `conf.Get(k)` "".

Found on projects01677/do21-infrastructure-main (stacks/eks/config/config.ts): a nested `?:` on
`new Config().get("awsAccount")` picks one per-account function, each making its own `new StackReference("vpc-..")`:
`awsAccount == undefined ? (environment == "dev" ? devConfig() : ..) : awsAccount == "kinshipSharedServices" ? ..`.
Neither test was decided for a stack that does not set `awsAccount` (and `"kinship" == undefined` was not decided
for one that does), so every eks stack got an edge to the vpc stacks of other accounts and environments.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

STACKS = {"unset": "config: {}\n", "set": "config:\n  app:account: a\n", "esc": "environment:\n  - acme/shared\n"}

TS = 'import * as pulumi from "@pulumi/pulumi";\nconst x = new pulumi.Config().get("account");\n'
PY = 'import pulumi\nx = pulumi.Config().get("account")\n'
GO = """package main

import (
\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
\tpulumi.Run(func(ctx *pulumi.Context) error {
\t\tx := config.New(ctx, "").Get("account")
"""
CS = 'using Pulumi;\n\nreturn await Deployment.RunAsync(() =>\n{\n    var x = new Config().Get("account");\n'

# (test, the target project, whether a stack not setting `account` takes it, whether one setting it to "a" does)
CASES = {
    "nodejs": [
        ("x === undefined", "strictundef", True, False),
        ("x == undefined", "looseundef", True, False),
        ("x == null", "loosenull", True, False),
        ("x === null", "strictnull", False, False),  # undefined !== null
        ("x != null", "notnull", False, True),
        ('x == "a"', "isa", False, True),
        ('x === ""', "isempty", False, False),
        ("!x", "falsy", True, False),
        ('["a", "b"].includes(x)', "includesa", False, True),
    ],
    "python": [
        ("x is None", "isnone", True, False),
        ("x is not None", "isnotnone", False, True),
        ("x == None", "eqnone", True, False),
        ('x == "a"', "isa", False, True),
        ('x != "a"', "nota", True, False),
        ('x == ""', "isempty", False, False),
        ("not x", "falsy", True, False),
        ('x in ("a", "b")', "ina", False, True),
        ('x not in ["a"]', "notina", True, False),
    ],
    "go": [
        ('x == ""', "isempty", True, False),  # Go: conf.Get of a key not set is ""
        ('x == "a"', "isa", False, True),
        ('x != ""', "notempty", False, True),
    ],
    "dotnet": [
        ("x == null", "isnull", True, False),
        ("null != x", "notnull", False, True),
        ('x == "a"', "isa", False, True),
        ('x == ""', "isempty", False, False),
    ],
}


def _program(runtime: str) -> tuple[str, str]:
    """The file name and the program: each test of CASES guarding its own StackReference."""
    cases = CASES[runtime]
    if runtime == "nodejs":
        body = "".join(f'if ({t}) {{ new pulumi.StackReference("acme/{p}/dev"); }}\n' for t, p, _, _ in cases)
        return "index.ts", TS + body
    if runtime == "python":
        return "__main__.py", PY + "".join(
            f'if {t}:\n    pulumi.StackReference("acme/{p}/dev")\n' for t, p, _, _ in cases
        )
    if runtime == "go":
        made = '\t\t\tpulumi.NewStackReference(ctx, "acme/{}/dev", nil)\n'
        body = "".join(f"\t\tif {t} {{\n{made.format(p)}\t\t}}\n" for t, p, _, _ in cases)
        return "main.go", GO + body + "\t\treturn nil\n\t})\n}\n"
    body = "".join(f'    if ({t}) {{ new StackReference("acme/{p}/dev"); }}\n' for t, p, _, _ in cases)
    return "Program.cs", CS + body + "});\n"


def _scan(tmp_path: Path, runtime: str, files: dict[str, str], stacks: dict[str, str]) -> dict[str, list[str]]:
    """Scan project `app` (its `files`, stack files `stacks`): the projects each stack references (or 'unresolved')."""
    app = tmp_path / "app"
    app.mkdir()
    for name, text in files.items():
        (app / name).write_text(text)
    for name, text in stacks.items():
        (app / f"Pulumi.{name}.yaml").write_text(text)
    (app / "go.mod").write_text("module app\n\ngo 1.21\n") if runtime == "go" else None
    (app / "app.csproj").write_text('<Project Sdk="Microsoft.NET.Sdk"></Project>\n') if runtime == "dotnet" else None
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    got: dict[str, list[str]] = {name: [] for name in stacks}
    for ref in json.loads(out.stdout)["references"]:
        target = ref["target"]["project"] if ref["resolved"] else "unresolved"
        got.setdefault(ref["stack"], []).append(target)
    return {k: sorted(v) for k, v in got.items()}


@pytest.mark.parametrize("runtime", sorted(CASES))
def test_a_key_no_stack_sets_is_compared_as_its_language_reads_it(tmp_path: Path, runtime: str) -> None:
    """Each test decided per stack: a stack not setting the key, one setting it to "a", and one importing an ESC
    environment (which may set it: every test undecided there, every reference kept)."""
    main, code = _program(runtime)
    name = "Pulumi.yaml"
    got = _scan(tmp_path, runtime, {main: code, name: f"name: app\nruntime: {runtime}\n"}, STACKS)
    cases = CASES[runtime]
    assert got["unset"] == sorted(p for _, p, unset, _ in cases if unset), code
    assert got["set"] == sorted(p for _, p, _, is_set in cases if is_set), code
    assert got["esc"] == sorted(p for _, p, _, _ in cases), code


DO21_CONFIG = """import { Config } from "@pulumi/pulumi"
import { devConfig } from "./dev"
import { stagingConfig } from "./staging"
import { sharedDevConfig } from "./sharedDev"
import { sharedStagingConfig } from "./sharedStaging"

const environment = new Config().get("environment")
const awsAccount = new Config().get("awsAccount")

export const config =
  awsAccount == undefined
    ? environment == "dev"
      ? devConfig()
      : environment == "staging"
      ? stagingConfig()
      : ({} as any)
    : awsAccount == "shared"
    ? environment == "dev"
      ? sharedDevConfig()
      : environment == "staging"
      ? sharedStagingConfig()
      : ({} as any)
    : ({} as any)
"""

DO21_ONE = """import {{ StackReference }} from "@pulumi/pulumi"

export const {name} = () => {{
  const vpc = new StackReference("acme/vpc/{stack}")
  return {{ vpcId: vpc.getOutput("vpcId") }}
}}
"""


def test_the_accounts_a_stack_does_not_set_take_no_other_accounts_vpc(tmp_path: Path) -> None:
    """The do21 shape: one vpc stack per account and environment, each eks stack gets its own only; a stack
    setting neither key makes none; one importing an ESC environment keeps every one."""
    files = {"Pulumi.yaml": "name: app\nruntime: nodejs\n", "index.ts": 'export { config } from "./config"\n'}
    files["config.ts"] = DO21_CONFIG
    for module, name, stack in [
        ("dev", "devConfig", "dev"),
        ("staging", "stagingConfig", "staging"),
        ("sharedDev", "sharedDevConfig", "shared-dev"),
        ("sharedStaging", "sharedStagingConfig", "shared-staging"),
    ]:
        files[f"{module}.ts"] = DO21_ONE.format(name=name, stack=stack)
    stacks = {
        "eks-dev": "config:\n  app:environment: dev\n",
        "eks-staging": "config:\n  app:environment: staging\n",
        "eks-shared-dev": "config:\n  app:environment: dev\n  app:awsAccount: shared\n",
        "eks-none": "config: {}\n",
        "eks-esc": "environment:\n  - acme/eks\n",
    }
    got = _scan(tmp_path, "nodejs", files, stacks)
    assert got == {
        "eks-dev": ["vpc"],
        "eks-staging": ["vpc"],
        "eks-shared-dev": ["vpc"],
        "eks-none": [],
        "eks-esc": ["vpc", "vpc", "vpc", "vpc"],
    }


def test_a_key_pulumi_yaml_gives_a_default_is_not_unset(tmp_path: Path) -> None:
    """`config: {account: {default: a}}` in Pulumi.yaml: a stack that sets nothing reads "a"."""
    main, code = _program("nodejs")
    project = "name: app\nruntime: nodejs\nconfig:\n  account:\n    default: a\n"
    got = _scan(tmp_path, "nodejs", {main: code, "Pulumi.yaml": project}, {"unset": "config: {}\n"})
    assert got["unset"] == sorted(p for _, p, _, is_set in CASES["nodejs"] if is_set)


def test_a_project_with_no_stack_files_decides_no_test_on_its_config(tmp_path: Path) -> None:
    """No stack file: its stacks' config is not in the repository, so `x ? a : b` on a key Pulumi.yaml does not set
    is undecided (was: read as unset, falsy, so only `b`), both names candidates."""
    code = TS + 'new pulumi.StackReference(x ? "acme/a/dev" : "acme/b/dev");\n'
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text("name: app\nruntime: nodejs\n")
    (app / "index.ts").write_text(code)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    [ref] = json.loads(out.stdout)["references"]
    assert not ref["resolved"], ref
    assert sorted(ref["candidates"]) == ["acme/a/dev", "acme/b/dev"], ref
