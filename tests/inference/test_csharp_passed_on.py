"""A C# method that passes its parameters on to a helper holding a StackReference is a helper too: its own calls
bind them (frontends/csharp_objects.py `_passers`, as F# and TS/JS do).

Real case: a C# Pulumi workshop lab by evgenyb, found through the code index's text search, which names no
repository (lab-05 of "ws4", the Azure Front Door step: `BaseStack`'s constructor calls
`GetBackends(environment)`, which calls `GetEndpoint(environment, activeSlot, 100)`, which makes
`new StackReference($"evgenyb/ws4-workload/{environment}-{slot}")`). A call of `GetBackends` was not recorded, so
the call it makes counted as made in a method nothing calls: alone, the reference was unresolved ('a helper
parameter passed on to another helper, which no call gives a known value'); next to a direct call of
`GetEndpoint`, it was dropped without a word and its edge lost.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

STACK = """using System.Collections.Generic;
using Pulumi;

class BaseStack : Stack
{
    public BaseStack()
    {
        var environment = Deployment.Instance.StackName;
        var backends = GetBackends(environment);
        DIRECT
    }

    private static List<string> GetBackends(string environment)
    {
        var activeSlot = "blue";
        return new List<string> { GetEndpoint(environment, activeSlot, 100) };
    }

    private static string GetEndpoint(string environment, string slot, int canaryPercentage)
    {
        var workload = new StackReference($"acme/workload/{environment}-{slot}");
        return "x";
    }
}
"""
PROGRAM = """using System.Threading.Tasks;
using Pulumi;

class Program
{
    static Task<int> Main() => Deployment.RunAsync<BaseStack>();
}
"""


def _targets(tmp_path: Path, direct: str) -> dict[str, list[str]]:
    """Stack -> the targets (or reasons) of its references, sorted."""
    app = tmp_path / "base"
    app.mkdir()
    (app / "Pulumi.yaml").write_text("name: base\nruntime: dotnet\n")
    (app / "Pulumi.lab.yaml").write_text("config: {}\n")
    (app / "Base.csproj").write_text("<Project/>\n")
    (app / "Program.cs").write_text(PROGRAM)
    (app / "BaseStack.cs").write_text(STACK.replace("DIRECT", direct))
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    got: dict[str, list[str]] = {}
    for r in json.loads(out.stdout)["references"]:
        target = f"{r['target']['project']}/{r['target']['stack']}" if r["target"] else r["reason"]
        got.setdefault(r["stack"], []).append(target)
    return {stack: sorted(values) for stack, values in got.items()}


@pytest.mark.parametrize(
    ("direct", "expected"),
    [
        ("", ["workload/lab-blue"]),
        ('var green = GetEndpoint(environment, "green", 0);', ["workload/lab-blue", "workload/lab-green"]),
    ],
    ids=["passed-on-only", "with-a-direct-call"],
)
def test_a_method_passing_its_parameters_on_binds_them_at_its_calls(
    tmp_path: Path, direct: str, expected: list[str]
) -> None:
    assert _targets(tmp_path, direct) == {"lab": expected}


CONFIG_STACK = """using System.Collections.Generic;
using Pulumi;

class BaseStack : Stack
{
    private readonly Config _config;

    public BaseStack()
    {
        SETUP
        var environment = Deployment.Instance.StackName;
        var backends = GetBackends(environment);
    }

    private List<string> GetBackends(string environment)
    {
        var activeSlot = READ;
        return new List<string> { GetEndpoint(environment, activeSlot) };
    }

    private static string GetEndpoint(string environment, string slot)
    {
        var workload = new StackReference($"acme/workload/{environment}-{slot}");
        return "x";
    }
}
"""


@pytest.mark.parametrize(
    ("setup", "read", "expected"),
    [
        ("_config = new Config();", '_config.Require("active.slot")', "workload/lab-blue"),
        ("this._config = new Config();", 'this._config.Require("active.slot")', "workload/lab-blue"),
        ('_config = new Config("base");', '_config.Require("active.slot")', "workload/lab-blue"),
        ('_config = new Config("other");', '_config.Require("active.slot")', "other:active.slot"),
        ("if (Deployment.Instance.IsDryRun) { _config = new Config(); }", '_config.Require("active.slot")', "_config"),
    ],
    ids=["field", "this-field", "own-namespace", "other-namespace", "in-a-branch"],
)
def test_a_config_a_constructor_keeps_in_a_field_is_read_in_the_methods(
    tmp_path: Path, setup: str, read: str, expected: str
) -> None:
    """The same lab keeps its Config in a field the constructor sets (`_config = new Config();`) and reads
    `_config.Require("active.slot")` in GetBackends: was 'the result of _config.Require()'. A field set in a branch
    (or by a method too) stays unresolved."""
    source = CONFIG_STACK.replace("SETUP", setup).replace("READ", read)
    app = tmp_path / "base"
    app.mkdir()
    (app / "Pulumi.yaml").write_text("name: base\nruntime: dotnet\n")
    (app / "Pulumi.lab.yaml").write_text("config:\n  base:active.slot: blue\n")
    (app / "Base.csproj").write_text("<Project/>\n")
    (app / "Program.cs").write_text(PROGRAM)
    (app / "BaseStack.cs").write_text(source)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    [ref] = json.loads(out.stdout)["references"]
    got = f"{ref['target']['project']}/{ref['target']['stack']}" if ref["target"] else ref["reason"]
    assert expected in got, got
