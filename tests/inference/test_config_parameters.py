"""A Config object handed to a helper or constructor as a parameter: `config.Get("k") ?? default` inside it reads
the Config each call hands in (evaluate.py `_config_via` on an `ir.Param`), in C#, Java, Python and TS/JS.

Real shape: C# programs that make their StackReferences in a class of their own, given the program's Config
(`new Refs(new Config())`, the class reading `config.Get("networkStack") ?? $"{org}/net/{stack}"`). The read on
the parameter was not a config read, so the `??` around it left the reference unresolved ("a value with a fallback
that is not a config read") for every stack, though each stack's key (or its absence) decides it.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

CS_PROGRAM = """using System.Collections.Generic;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var refs = new Refs(ARG);
    return new Dictionary<string, object?> { ["vpc"] = refs.Network.Name };
});
"""
CS_REFS = """using Pulumi;

class Refs
{
    public StackReference Network { get; }

    public Refs(Config config)
    {
        var org = config.Require("org");
        var name = config.Get("networkStack") ?? $"{org}/net/{Deployment.Instance.StackName}";
        Network = new StackReference(name);
    }
}
"""
JAVA_APP = """package app;

import com.pulumi.Context;
import com.pulumi.Pulumi;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var net = Refs.network(ARG, ctx.stackName());
            ctx.export("vpc", net.getOutput("vpcId"));
        });
    }
}
"""
JAVA_REFS = """package app;

import com.pulumi.Config;
import com.pulumi.resources.StackReference;

final class Refs {
    static StackReference network(Config config, String stack) {
        String org = config.require("org");
        return new StackReference(config.get("networkStack").orElse(org + "/net/" + stack));
    }
}
"""
PY_MAIN = """import pulumi

from refs import network

net = network(ARG)
pulumi.export("vpc", net.get_output("vpcId"))
"""
PY_REFS = """import pulumi


def network(config):
    org = config.require("org")
    return pulumi.StackReference(config.get("networkStack") or f"{org}/net/{pulumi.get_stack()}")
"""
TS_INDEX = """import * as pulumi from "@pulumi/pulumi";
import { network } from "./refs";

export const vpc = network(ARG).getOutput("vpcId");
"""
TS_REFS = """import * as pulumi from "@pulumi/pulumi";

export function network(config: pulumi.Config) {
    const org = config.require("org");
    return new pulumi.StackReference(config.get("networkStack") ?? `${org}/net/${pulumi.getStack()}`);
}
"""
LANGS = {
    "cs": ("dotnet", {"Program.cs": CS_PROGRAM, "Refs.cs": CS_REFS, "App.csproj": "<Project/>\n"}),
    "java": ("java", {"src/main/java/app/App.java": JAVA_APP, "src/main/java/app/Refs.java": JAVA_REFS}),
    "py": ("python", {"__main__.py": PY_MAIN, "refs.py": PY_REFS}),
    "ts": ("nodejs", {"index.ts": TS_INDEX, "refs.ts": TS_REFS}),
}
CONFIG = {  # the language's own Config, and one of another namespace
    "cs": ("new Config()", 'new Config("infra")'),
    "java": ("ctx.config()", 'ctx.config("infra")'),
    "py": ("pulumi.Config()", 'pulumi.Config("infra")'),
    "ts": ("new pulumi.Config()", 'new pulumi.Config("infra")'),
}


def _scan(tmp_path: Path, lang: str, arg: str, ns: str = "app") -> dict[str, str]:
    """Stack -> the target (or the reason) of its one reference."""
    runtime, files = LANGS[lang]
    app = tmp_path / "app"
    for name, body in files.items():
        (app / name).parent.mkdir(parents=True, exist_ok=True)
        (app / name).write_text(body.replace("ARG", arg))
    (app / "Pulumi.yaml").write_text(f"name: app\nruntime: {runtime}\n")
    (app / "Pulumi.dev.yaml").write_text(f"config:\n  {ns}:org: acme\n")
    (app / "Pulumi.prod.yaml").write_text(f"config:\n  {ns}:org: acme\n  {ns}:networkStack: acme/net/shared\n")
    net = tmp_path / "net"
    net.mkdir()
    (net / "Pulumi.yaml").write_text("name: net\nruntime: yaml\n")
    for stack in ("dev", "prod", "shared"):
        (net / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    refs = json.loads(out.stdout)["references"]
    assert len(refs) == 2, refs
    return {r["stack"]: r["target_id"] or r["reason"] for r in refs}


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_config_handed_in_is_read_per_stack(tmp_path: Path, lang: str) -> None:
    assert _scan(tmp_path, lang, CONFIG[lang][0]) == {"dev": "net/dev", "prod": "net/shared"}


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_config_of_another_namespace_handed_in(tmp_path: Path, lang: str) -> None:
    assert _scan(tmp_path, lang, CONFIG[lang][1], ns="infra") == {"dev": "net/dev", "prod": "net/shared"}


@pytest.mark.parametrize("lang", sorted(LANGS))
def test_no_config_handed_in_stays_unresolved(tmp_path: Path, lang: str) -> None:
    """A call handing in no Config (null / None): unresolved, with why; never a guess."""
    none = {"cs": "null", "java": "null", "py": "None", "ts": "undefined"}[lang]
    got = _scan(tmp_path, lang, none)
    assert all("'config' is handed no Config object" in v for v in got.values()), got


CS_KEPT = {
    "Primary": """using Pulumi;

class Primary(Config config)
{
    public StackReference Make() =>
        new StackReference(config.Get("networkStack") ?? $"acme/net/{Deployment.Instance.StackName}");
}
""",
    "Kept": """using Pulumi;

class Kept
{
    private readonly Config _config;
    public Kept(Config config) { _config = config; }
    public StackReference Make() =>
        new StackReference(_config.Get("networkStack") ?? $"acme/net/{Deployment.Instance.StackName}");
}
""",
}
CS_OWN_GET = """using Pulumi;

class Settings
{
    private readonly string _org;
    public Settings(string org) { _org = org; }
    public string Get(string what) => $"{_org}/{what}/{Deployment.Instance.StackName}";
}

class ByParam
{
    public StackReference Make(Settings settings) => new StackReference(settings.Get("net"));
}
"""


@pytest.mark.parametrize("cls", ["Primary", "Kept"])
def test_csharp_config_kept_in_a_field(tmp_path: Path, cls: str) -> None:
    """A Config the constructor keeps (a primary constructor's parameter, a field set from it), read in a method."""
    program = CS_PROGRAM.replace("new Refs(ARG)", f"new {cls}(new Config())").replace("refs.Network", "refs.Make()")
    files = {"Program.cs": program, "Refs.cs": CS_KEPT[cls], "App.csproj": "<Project/>\n"}
    LANGS["kept"] = ("dotnet", files)
    try:
        assert _scan(tmp_path, "kept", "") == {"dev": "net/dev", "prod": "net/shared"}
    finally:
        del LANGS["kept"]


def test_csharp_get_of_a_class_of_the_program_is_no_config_read(tmp_path: Path) -> None:
    """`settings.Get("net")` on a parameter declared with a class of the program: that class's method, as before."""
    program = CS_PROGRAM.replace("new Refs(ARG)", "new ByParam()").replace(
        "refs.Network", 'refs.Make(new Settings("acme"))'
    )
    files = {"Program.cs": program, "Refs.cs": CS_OWN_GET, "App.csproj": "<Project/>\n"}
    LANGS["own"] = ("dotnet", files)
    try:
        assert _scan(tmp_path, "own", "") == {"dev": "net/dev", "prod": "net/prod"}
    finally:
        del LANGS["own"]
