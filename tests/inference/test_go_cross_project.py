"""A Go program that imports a package of another project's module (`replace example.com/lib => ../lib`) runs that
package's StackReferences as its own, through its helpers, as `go build` compiles them into the program."""

from __future__ import annotations

from pathlib import Path

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

REFS = """package refs

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func named(ctx *pulumi.Context, name string) (*pulumi.StackReference, error) {
	return pulumi.NewStackReference(ctx, "organization/"+name+"/"+ctx.Stack(), nil)
}

func value(ctx *pulumi.Context, name string, key string) pulumi.AnyOutput {
	ref, _ := named(ctx, name)
	return ref.GetOutput(pulumi.String(key))
}

func Zone(ctx *pulumi.Context, name string) pulumi.AnyOutput {
	return value(ctx, name, "zoneId")
}
"""
MAIN = """package main

import (
	{alias}"example.com/{module}/refs"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {{
	pulumi.Run(func(ctx *pulumi.Context) error {{
		ctx.Export("zone", {name}.Zone(ctx, "{target}"))
		return nil
	}})
}}
"""
EMPTY = 'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\nfunc main() {\n\tpulumi.Run(nil)\n}\n'


def go_project(name: str, module: str, replace: str = "") -> dict[str, str]:
    mod = f"module example.com/{module}\n\ngo 1.21\n"
    if replace:
        mod += f"\nrequire example.com/dns v0.0.0\n\n{replace}\n"
    return {
        f"{name}/Pulumi.yaml": project(name, runtime="go"),
        f"{name}/Pulumi.dev.yaml": stack(),
        f"{name}/go.mod": mod,
    }


def test_a_package_of_another_project_runs_its_references_as_the_programs_own(tmp_path: Path) -> None:
    """josephtate/copr-pulumi-go-aws: the `certs` project's go.mod replaces the `cluster` project's module with
    `../cluster` and calls its `resources.GetPublicHostedZoneID(ctx, ..)`, a helper over two more helpers holding
    the `NewStackReference`. The scan gave `certs` no reference at all, without a word: the package files lay in
    another project's folder, which the Go import and same-package lookups never read."""
    root = write_repo(
        tmp_path,
        {
            **go_project("dns", "dns"),
            "dns/refs/refs.go": REFS,
            "dns/main.go": MAIN.format(alias="", module="dns", name="refs", target="zone"),
            **go_project("certs", "certs", "replace example.com/dns => ../dns"),
            "certs/main.go": MAIN.format(alias="names ", module="dns", name="names", target="zone"),
            **go_project("zone", "zone"),
            "zone/main.go": EMPTY,
        },
    )
    repo = scan(root)
    assert sorted((r.project, r.site, r.target_id) for r in repo.references) == [
        ("certs", "dns/refs/refs.go:6", "zone/dev"),
        ("dns", "dns/refs/refs.go:6", "zone/dev"),
    ]
    edges = {(e.dependent, e.dependency): [ev.detail for ev in e.evidence] for e in repo.edges}
    assert edges[("certs/dev", "zone/dev")] == [
        'StackReference("organization/"+name+"/"+ctx.Stack()) via the call at certs/main.go:10 '
        "(then dns/refs/refs.go:15) (then dns/refs/refs.go:10)"
    ]
    assert set(edges) == {("certs/dev", "zone/dev"), ("dns/dev", "zone/dev")}
    assert [d for d in repo.diagnostics if d.severity.value == "warning"] == []


def test_a_replaced_module_the_program_never_imports_gives_it_no_reference(tmp_path: Path) -> None:
    """The replace alone runs nothing: only a package the program imports is compiled into it."""
    root = write_repo(
        tmp_path,
        {
            **go_project("dns", "dns"),
            "dns/refs/refs.go": REFS,
            "dns/main.go": MAIN.format(alias="", module="dns", name="refs", target="zone"),
            **go_project("certs", "certs", "replace example.com/dns => ../dns"),
            "certs/main.go": EMPTY,
            **go_project("zone", "zone"),
            "zone/main.go": EMPTY,
        },
    )
    repo = scan(root)
    assert [(r.project, r.site) for r in repo.references] == [("dns", "dns/refs/refs.go:6")]
    assert [(e.dependent, e.dependency) for e in repo.edges] == [("dns/dev", "zone/dev")]


def test_one_module_above_the_projects_runs_another_projects_package_too(tmp_path: Path) -> None:
    """A go.mod at the repository root holds every project: `certs` importing `example.com/infra/dns/refs` compiles
    the package in the `dns` project's folder. That was dropped without a word as well."""
    root = write_repo(
        tmp_path,
        {
            "go.mod": "module example.com/infra\n\ngo 1.21\n",
            **{f"{p}/Pulumi.yaml": project(p, runtime="go") for p in ("dns", "certs", "zone")},
            **{f"{p}/Pulumi.dev.yaml": stack() for p in ("dns", "certs", "zone")},
            "dns/refs/refs.go": REFS,
            "dns/main.go": EMPTY,
            "certs/main.go": MAIN.format(alias="", module="infra/dns", name="refs", target="zone"),
            "zone/main.go": EMPTY,
        },
    )
    repo = scan(root)
    assert [(r.project, r.site, r.target_id) for r in repo.references] == [("certs", "dns/refs/refs.go:6", "zone/dev")]
    assert [(e.dependent, e.dependency) for e in repo.edges] == [("certs/dev", "zone/dev")]
