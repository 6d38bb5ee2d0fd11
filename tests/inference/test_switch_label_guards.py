"""A `switch` label with a guard (C# `case "prod" when ..:`, Java `case String s when .. ->`) is taken only when the
label matches and the guard holds; the guard stays undecided. Before, the label and its guard were two labels joined
by `or`: the clause counted for every stack, and a `default` was read as "none of them", so a stack whose guard may
fail (and which then takes `default`) lost the reference made there (a dropped edge: prod lost `fallback/prod`).
A Go `switch true {` tests its labels as `switch {` does (was: `true == (label)`, undecided: every stack)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackgraph.inference import ir
from stackgraph.inference.sources import finder
from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

CSHARP = """using Pulumi;
using System.Collections.Generic;

return await Deployment.RunAsync(() =>
{
    var name = Deployment.Instance.StackName;
    var config = new Config();
    switch (name)
    {
        case "prod" when config.GetBoolean("legacy") == true:
            new StackReference("acme/legacy/prod");
            break;
        case "staging" or "dev" when name.Length > 1:
            new StackReference($"acme/net/{name}");
            break;
        default:
            new StackReference($"acme/fallback/{name}");
            break;
    }
    return new Dictionary<string, object?>();
});
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def test_a_csharp_when_guard_narrows_its_label_and_default_keeps_the_stacks_it_may_fail(tmp_path: Path) -> None:
    names = ("dev", "staging", "prod")
    spec: dict[str, object] = {
        "app/Pulumi.yaml": project("app", runtime="dotnet"),
        "app/App.csproj": "<Project Sdk='Microsoft.NET.Sdk'></Project>\n",
        "app/Program.cs": CSHARP,
        **{f"app/Pulumi.{s}.yaml": stack() for s in names},
    }
    for target, owned in (("legacy", ("prod",)), ("net", ("dev", "staging")), ("fallback", names)):
        spec[f"{target}/Pulumi.yaml"] = project(target)
        spec |= {f"{target}/Pulumi.{s}.yaml": stack() for s in owned}
    root = write_repo(tmp_path / "repo", spec)
    out = cli("scan", root, "-f", "json")
    assert out.code == 0, out.stderr
    got: dict[str, set[str]] = {s: set() for s in names}
    for edge in json.loads(out.stdout)["edges"]:
        got[edge["from"].removeprefix("app/")].add(edge["to"])
    assert got == {
        "dev": {"net/dev", "fallback/dev"},  # its `when` may fail: then it takes `default`
        "staging": {"net/staging", "fallback/staging"},
        "prod": {"legacy/prod", "fallback/prod"},  # was: no fallback/prod (default read as never taken by prod)
    }


def test_a_go_switch_true_tests_its_labels() -> None:
    body = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		switch true {
		case ctx.Stack() == "prod":
			pulumi.NewStackReference(ctx, "acme/net/prod", nil)
		}
		return nil
	})
}
"""
    [site] = finder("go")(body, "main.go").sites
    assert site.guards == (ir.Eq(ir.CurrentStack(), ir.Lit("prod")),)  # was: `true == (..)`, undecided
