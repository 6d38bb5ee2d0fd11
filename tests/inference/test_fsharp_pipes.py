"""F# pipes are calls: `x |> f` is `f x` and `x |> f a` is `f a x` (the grammar reads it as `(x |> f) a`), both
to bind a helper's parameters and to compute a name. Real case UnstoppableMango/the-cluster's operator, whose
`Environment.GetEnvironmentVariable("PULUMI_STACK") |> ClusterProvider.forCluster` was no call: its reference
stayed 'a helper parameter passed on to another helper, which no call gives a known value'."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

REFS = """module Acme.Refs

open Pulumi

let cluster name =
    StackReference(name, StackReferenceArgs(Name = $"acme/{name}-net/dev"))

let named org name =
    StackReference(name, StackReferenceArgs(Name = $"{org}/{name}/dev"))
"""
PROVIDER = """namespace Acme

open System

module Provider =
    let forCluster name =
        Refs.cluster name

type Provider() =
    static member FromStack() =
        Environment.GetEnvironmentVariable("PULUMI_PROJECT") |> Provider.forCluster
"""
PROGRAM = """module Program

open Pulumi
open Pulumi.FSharp
open Acme

let infra () =
    let p = Provider.FromStack()
    let q = "database" |> Refs.named "acme"
    let r = StackReference(Deployment.Instance.StackName |> sprintf "acme/web/%s")
    dict []

[<EntryPoint>]
let main _ = Deployment.run infra
"""
FSPROJ = """<Project Sdk="Microsoft.NET.Sdk">
  <ItemGroup>
    <Compile Include="Refs.fs" />
    <Compile Include="Provider.fs" />
    <Compile Include="Program.fs" />
  </ItemGroup>
</Project>
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def test_a_piped_value_is_the_last_argument_of_the_call(tmp_path: Path) -> None:
    targets = {f"{p}/Pulumi.yaml": project(p) for p in ("app-net", "database", "web")}
    spec = {
        **targets,
        **{f"{p}/Pulumi.dev.yaml": stack() for p in ("app-net", "database", "web")},
        "app/Pulumi.yaml": project("app", runtime="dotnet"),
        "app/Pulumi.dev.yaml": stack(),
        "app/App.fsproj": FSPROJ,
        "app/Refs.fs": REFS,
        "app/Provider.fs": PROVIDER,
        "app/Program.fs": PROGRAM,
    }
    repo = scan(write_repo(tmp_path / "repo", spec))
    got = sorted((r.site, r.target_id or r.reason) for r in repo.references)
    assert got == [
        ("app/Program.fs:10", "web/dev"),  # `StackName |> sprintf "acme/web/%s"`
        ("app/Refs.fs:6", "app-net/dev"),  # `PULUMI_PROJECT |> Provider.forCluster`, then `Refs.cluster name`
        ("app/Refs.fs:9", "database/dev"),  # `"database" |> Refs.named "acme"`: named "acme" "database"
    ]
