"""A Go helper called both from the `pulumi.Run` callback and through another helper: each call binds it.

Go helpers take the callback's `ctx` (`GetStackRef(ctx, project)`), and a call in the callback passed it as the
parameter of `main`, which has none and which nothing calls: the call counted as made in a function nothing calls,
and was dropped without a word as soon as another call (one through `GetVPCID(ctx, "org/vpc")`) bound the helper.
The helpers are those of josephtate/copr-pulumi-go-aws's cluster/resources/stackref.go (GetStackRef,
getReferenceValue, GetVPCID, each taking `ctx`); a `main` calling both `GetVPCID(ctx, ..)` and
`GetStackRef(ctx, "organization/eks")` from its callback lost the eks edge.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.clirun import cli

GO = """package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func GetStackRef(ctx *pulumi.Context, project string) (*pulumi.StackReference, error) {
	return pulumi.NewStackReference(ctx, fmt.Sprintf("%s/%s", project, ctx.Stack()), nil)
}

func getReferenceValue(ctx *pulumi.Context, project string, key string) (pulumi.StringOutput, error) {
	ref, err := GetStackRef(ctx, project)
	if err != nil {
		return pulumi.String("").ToStringOutput(), err
	}
	return ref.GetStringOutput(pulumi.String(key)), nil
}

func GetVPCID(ctx *pulumi.Context, project string) (pulumi.StringOutput, error) {
	return getReferenceValue(ctx, project, "vpcId")
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		vpcID, err := GetVPCID(ctx, "organization/vpc")
		if err != nil {
			return err
		}
		ctx.Export("vpc", vpcID)
		eks, err := GetStackRef(ctx, "organization/eks")
		if err != nil {
			return err
		}
		ctx.Export("kubeconfig", eks.GetOutput(pulumi.String("kubeconfig")))
		return nil
	})
}
"""


def test_each_call_of_a_go_helper_made_with_the_run_callbacks_ctx_binds_it(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text("name: app\nruntime: go\n")
    (app / "Pulumi.staging.yaml").write_text("config: {}\n")
    (app / "go.mod").write_text("module app\n\ngo 1.21\n")
    (app / "main.go").write_text(GO)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    refs = json.loads(out.stdout)["references"]
    got = sorted(f"{r['target']['project']}/{r['target']['stack']}" for r in refs if r["target"])
    assert got == ["eks/staging", "vpc/staging"], refs
