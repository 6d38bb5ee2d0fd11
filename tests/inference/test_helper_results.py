"""The result of a helper that returns a StackReference, used without a variable: read on at once
(`Refs.Cluster("net").RequireOutput("vpcId")`, `(cluster "net").RequireOutput(..)`), passed on, or read through an
extension method (`net.RequireString("vpcId")`). Found on real programs (UnstoppableMango/thecluster, Fmis.Infra),
where such reads were neither recorded nor opened: `check` said nothing about them."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

CS = """using System.Collections.Generic;
using Pulumi;
return await Deployment.RunAsync(() =>
{
    var vpc = Refs.Cluster("net").RequireOutput("vpcId");
    return new Dictionary<string, object?> { ["vpc"] = vpc };
});
static class Refs
{
    public static StackReference Cluster(string name) =>
        new StackReference(name, new StackReferenceArgs { Name = $"acme/{name}/prod" });
}
"""
CS_EXTENSION = """using System.Collections.Generic;
using Pulumi;
return await Deployment.RunAsync(() =>
{
    var net = new StackReference("acme/net/prod");
    var vpc = net.RequireString("vpcId");
    return new Dictionary<string, object?> { ["vpc"] = vpc };
});
static class Ext
{
    public static Output<string> RequireString(this StackReference r, string k) => r.GetOutput(k).Apply(v => "");
}
"""
JAVA = """package app;
import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;
import com.pulumi.resources.StackReferenceArgs;
public class App {
    static StackReference cluster(String name) {
        return new StackReference(name, StackReferenceArgs.builder().name(String.format("acme/%s/prod", name)).build());
    }
    public static void main(String[] args) {
        Pulumi.run(ctx -> { ctx.export("vpc", cluster("net").requireOutput("vpcId")); });
    }
}
"""
GO = """package main
import (
\t"fmt"
\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)
func cluster(ctx *pulumi.Context, name string) *pulumi.StackReference {
\tn := pulumi.String(fmt.Sprintf("acme/%s/prod", name))
\tr, _ := pulumi.NewStackReference(ctx, name, &pulumi.StackReferenceArgs{Name: n})
\treturn r
}
func main() {
\tpulumi.Run(func(ctx *pulumi.Context) error {
\t\tctx.Export("vpc", cluster(ctx, "net").GetOutput(pulumi.String("vpcId")))
\t\treturn nil
\t})
}
"""
GO_OUTPUTS = GO.replace('cluster(ctx, "net").GetOutput(pulumi.String("vpcId"))', 'cluster(ctx, "net").Outputs')
GO_COMPUTED = GO.replace('pulumi.String("vpcId")', "pulumi.String(key)").replace(
    "func main", 'var key = "vpcId"\nfunc main'
)
GO_PASSED = GO.replace(
    'ctx.Export("vpc", cluster(ctx, "net").GetOutput(pulumi.String("vpcId")))', 'use(cluster(ctx, "net"))'
)
GO_PASSED = GO_PASSED.replace("func main", "func use(r any) {}\nfunc main")
FS = """module Program
open Pulumi
let cluster name =
    StackReference(name, StackReferenceArgs(Name = $"acme/{name}/prod"))
let infra () =
    let vpc = (cluster "net").RequireOutput("vpcId")
    dict [ "vpc", vpc :> obj ]
[<EntryPoint>]
let main _ = Deployment.run infra
"""

CASES = {  # runtime, files, (outputs, the start of reads_open or None)
    "csharp": ("dotnet", {"Program.cs": CS}, (["vpcId"], None)),
    "csharp-extension": ("dotnet", {"Program.cs": CS_EXTENSION}, ([], "`net.RequireString(")),
    "java": ("java", {"src/main/java/app/App.java": JAVA, "pom.xml": "<project/>\n"}, (["vpcId"], None)),
    "go": ("go", {"main.go": GO, "go.mod": "module app\n\ngo 1.21\n"}, (["vpcId"], None)),
    "go-outputs": ("go", {"main.go": GO_OUTPUTS, "go.mod": "module app\n\ngo 1.21\n"}, ([], "`ctx.Export(")),
    "go-computed": ("go", {"main.go": GO_COMPUTED, "go.mod": "module app\n\ngo 1.21\n"}, ([], "`cluster(ctx, ")),
    "go-passed": ("go", {"main.go": GO_PASSED, "go.mod": "module app\n\ngo 1.21\n"}, ([], "`use(cluster(")),
    "fsharp": ("dotnet", {"Program.fs": FS, "App.fsproj": "<Project/>\n"}, ([], "`(cluster ")),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_reads_on_a_helpers_result_are_recorded_or_open(tmp_path: Path, case: str) -> None:
    runtime, files, (outputs, why) = CASES[case]
    for name in ("app", "net"):
        (tmp_path / name).mkdir()
        (tmp_path / name / "Pulumi.yaml").write_text(f"name: {name}\nruntime: yaml\n")
        (tmp_path / name / "Pulumi.prod.yaml").write_text("config: {}\n")
    (tmp_path / "app" / "Pulumi.yaml").write_text(f"name: app\nruntime: {runtime}\n")
    for rel, text in files.items():
        (tmp_path / "app" / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "app" / rel).write_text(text)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    [ref] = json.loads(out.stdout)["references"]
    assert ref["target_id"] == "net/prod"
    assert ref["outputs"] == outputs
    assert (ref["reads_open"] or "").startswith(why or "") and bool(ref["reads_open"]) == bool(why), ref
