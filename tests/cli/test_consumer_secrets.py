"""Secrets never leave, on the consumer side too: the texts `plan`, `graph`, `why`, `check` and `scan` give about
a StackReference (why its name is unknown, the call as written, a use not followed) and about an export key
computed at run time quote program source with its literals written `...` (a literal there may be a secret:
a token given to StackReferenceArgs, `Output.secret("..")`, an API key), and a `secure:` config value never
shows (a name built from one is unknown, "a secret value")."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

SECURE = "SecureCfgV4lue"
"""The `secure:` value of the consumers' stack files (ciphertext as written: it must never show either)."""

PY = """import os
import pulumi
import vault
cfg = pulumi.Config()
stack = pulumi.get_stack()
a = pulumi.StackReference(cfg.require_secret("netName"))
b = pulumi.StackReference(cfg.require("netName"))
c = pulumi.StackReference(vault.read("sk-live-Py01").name)
d = pulumi.StackReference(TOKENS["sk-live-Py02"])
e = pulumi.StackReference(pulumi.Output.secret("sk-live-Py03"))
f = pulumi.StackReference(f"acme/net/{stack}" + vault.get("sk-live-Py04"))
g = pulumi.StackReference(f"acme/net/{stack}")
use(g, "sk-live-Py05")
h = pulumi.StackReference(f"acme/net/{stack}")
h.get_output(vault.key("sk-live-Py06"))
pulumi.export(stack + "sk-live-Py07", 1)
i = pulumi.StackReference("i", stack_name=cfg.require_secret("netName"))
j = pulumi.StackReference(f"acme/{cfg.require('netName')}/{stack}")
k = pulumi.StackReference(cfg.require_object("netObj")["stack"])
pulumi.export(g.get_output("url"), 1)
"""

TS = """import * as pulumi from "@pulumi/pulumi";
import * as vault from "vault";
const cfg = new pulumi.Config();
const stack = pulumi.getStack();
const a = new pulumi.StackReference(cfg.requireSecret("netName"));
const b = new pulumi.StackReference("b", { name: vault.read("sk-live-Ts01").name });
const c = new pulumi.StackReference("c", makeArgs("sk-live-Ts02"));
const d = new pulumi.StackReference("d", { ...vault.args("sk-live-Ts03") });
const e = new pulumi.StackReference(TOKENS["sk-live-Ts04"]);
const f = new pulumi.StackReference(`acme/net/${stack}`);
use(f, "sk-live-Ts05");
const g = new pulumi.StackReference(new Name("sk-live-Ts06"));
const h = new pulumi.StackReference("h", { name: cfg.requireSecret("netName") });
export const url = f.getOutput("url");
"""

GO = """package main

import (
\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func main() {
\tpulumi.Run(func(ctx *pulumi.Context) error {
\t\tcfg := config.New(ctx, "")
\t\targs := makeArgs("sk-live-Go01")
\t\ta, _ := pulumi.NewStackReference(ctx, "a", args)
\t\tb, _ := pulumi.NewStackReference(ctx, cfg.RequireSecret("netName"), nil)
\t\tc, _ := pulumi.NewStackReference(ctx, vault.Read("sk-live-Go02").Name, nil)
\t\td, _ := pulumi.NewStackReference(ctx, "acme/net/"+ctx.Stack(), nil)
\t\te, _ := pulumi.NewStackReference(ctx, "e", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.Require("netName"))})
\t\tuse(d, "sk-live-Go03")
\t\tk := ctx.Stack()
\t\tctx.Export(k+"sk-live-Go04", d.GetOutput(pulumi.String("url")))
\t\t_, _, _, _ = a, b, c, e
\t\treturn nil
\t})
}
"""

CS = """using System.Collections.Generic;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var cfg = new Config();
    var a = new StackReference("a", MakeArgs("sk-live-Cs01"));
    var b = new StackReference(cfg.RequireSecret("netName"));
    var c = new StackReference(Vault.Read("sk-live-Cs02").Name);
    var d = new StackReference("acme/net/" + Deployment.Instance.StackName);
    var e = new StackReference("e", new StackReferenceArgs { Name = cfg.RequireSecret("netName") });
    Use(d, "sk-live-Cs03");
    var k = Deployment.Instance.StackName;
    return new Dictionary<string, object?> { [k + "sk-live-Cs04"] = d.GetOutput("url") };
});
"""

JAVA = """import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var a = new StackReference("a", makeArgs("sk-live-Jv01"));
            var c = new StackReference(Vault.read("sk-live-Jv02").name);
            var d = new StackReference("acme/net/" + ctx.stackName());
            use(d, "sk-live-Jv03");
            var k = ctx.stackName();
            ctx.export(k + "sk-live-Jv04", d.output("url"));
        });
    }
}
"""

CONSUMERS = {
    "pycons/__main__.py": (PY, "python"),
    "tscons/index.ts": (TS, "nodejs"),
    "gocons/main.go": (GO, "go"),
    "cscons/Program.cs": (CS, "dotnet"),
    "jvcons/src/main/java/App.java": (JAVA, "java"),
}
CONSUMERS_NAMES = [path.split("/", 1)[0] for path in CONSUMERS]
PLANTED = sorted({t for source, _ in CONSUMERS.values() for t in re.findall(r"sk-live-\w+", source)})


def write(root: Path) -> Path:
    spec: dict[str, object] = {
        "stackgraph.yaml": "org: acme\n",
        "net/Pulumi.yaml": project("net"),
        "net/Pulumi.dev.yaml": stack(),
    }
    for path, (source, runtime) in CONSUMERS.items():
        name = path.split("/", 1)[0]
        spec[path] = source
        spec[f"{name}/Pulumi.yaml"] = project(name, runtime)
        secure = {f"{name}:netName": {"secure": SECURE}, f"{name}:netObj": {"stack": {"secure": SECURE}}}
        spec[f"{name}/Pulumi.dev.yaml"] = stack(config=secure)
    reads = [f'pulumi.export("{n}", pulumi.StackReference("acme/{n}/dev").get_output("x"))' for n in CONSUMERS_NAMES]
    spec["top/__main__.py"] = "\n".join(["import pulumi", *reads]) + "\n"  # check quotes each consumer's open exports
    spec["top/Pulumi.yaml"] = project("top", "python")
    spec["top/Pulumi.dev.yaml"] = stack()
    return write_repo(root, spec)


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write(tmp_path_factory.mktemp("consumers") / "repo")


COMMANDS = [
    ("plan", "-f", "json"),
    ("graph", "-f", "dot"),
    ("graph", "-f", "mermaid"),
    ("graph", "-f", "json"),
    ("scan", "-f", "json"),
    ("check",),
    ("check", "-f", "json"),
    *[("why", f"{name}/dev", "net/dev") for name in ("pycons", "tscons", "gocons", "cscons", "jvcons")],
]


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_no_planted_secret_in_any_output(repo: Path, args: tuple[str, ...]) -> None:
    out = cli(args[0], repo, *args[1:])
    shown = out.stdout + out.stderr
    assert out.code in (0, 1), shown
    leaked = [p for p in [SECURE, *PLANTED] if p in shown]
    assert leaked == [], shown


def test_every_case_is_planted() -> None:
    assert len(PLANTED) == 25
