"""A Go StackReference passed to a function that only reads keys on it (`vpcOf(net)`): of the same file, of another
file of the package, or of another package of the module imported by path (`lib.VpcOf(net)`): the keys it reads are
the reference's, checked where they are read; a function the scan cannot match to exactly one such reader keeps the
reads open with the call, as before (go_readers.py, go_reads.py, inference/handed.py). Scanned from real temporary
repositories and checked as `stackgraph check` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.inference.frontends.golang import find
from tests.helpers.checked import outcome
from tests.helpers.repo_builder import project, stack, write_repo

NET = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		ctx.Export("vpcId", pulumi.String("vpc-1"))
		ctx.Export("subnets", pulumi.String("a"))
		return nil
	})
}
"""
APP = """package main

import (
	"example.com/infra/lib"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

var _ = lib.Keep

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		net, err := pulumi.NewStackReference(ctx, "organization/net/dev", nil)
		if err != nil {
			return err
		}
		ctx.Export("v", CALL)
		return nil
	})
}
"""
"""The site at line 12, the call at line 16."""
HEAD = 'package {}\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n'
VPC_OF = (
    'func VpcOf(ref *pulumi.StackReference) pulumi.AnyOutput {\n\treturn ref.GetOutput(pulumi.String("vpcIdd"))\n}\n'
)
"""Reads the key at the second line of the function."""
OUT = (
    "func Out(ref *pulumi.StackReference, key string) pulumi.AnyOutput {\n"
    "\treturn ref.GetOutput(pulumi.String(key))\n}\n"
)
KEEP = "var Keep = 1\n"
USES = "func Use(x interface{}) {}\n"


def repo(root: Path, call: str, main: str = "", other: str = "", lib: str = "") -> Path:
    """`app`: main.go calling `call` (`main` added to it), other.go of package main, lib/lib.go of package lib."""
    spec = {
        "net/Pulumi.yaml": project("net", runtime="go"),
        "net/Pulumi.dev.yaml": stack(),
        "net/main.go": NET,
        "app/Pulumi.yaml": project("app", runtime="go"),
        "app/Pulumi.dev.yaml": stack(),
        "app/go.mod": "module example.com/infra\n\ngo 1.21\n",
        "app/main.go": APP.replace("CALL", call) + main,
        "app/other.go": HEAD.format("main") + other,
        "app/lib/lib.go": HEAD.format("lib") + KEEP + lib,
    }
    return write_repo(root, spec)


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")


@pytest.mark.parametrize(
    ("call", "files", "errors", "opened"),
    [
        ("VpcOf(net)", {"main": VPC_OF}, ["app/main.go:12 vpcIdd"], []),  # a function of the same file
        ("VpcOf(net)", {"other": VPC_OF}, ["app/other.go:6 vpcIdd"], []),  # of another file of the package
        ("lib.VpcOf(net)", {"lib": VPC_OF}, ["app/lib/lib.go:7 vpcIdd"], []),  # of a package imported by path
        ('Out(net, "subnetz")', {"main": OUT}, ["app/main.go:12 subnetz"], []),  # the key given by the call
        ('lib.Out(net, "subnetz")', {"lib": OUT}, ["app/main.go:12 subnetz"], []),  # read at the call, in the file
        ("lib.Out(net, K)", {"lib": OUT, "main": 'const K = "subnetz"\n'}, ["app/main.go:12 subnetz"], []),
        (
            "lib.Out(net, k)",
            {"lib": OUT, "main": 'var k = "subnetz"\n'},
            [],
            ["`lib.Out(net, k)` at app/main.go:16"],
        ),  # a variable: any function may set it
        (
            "VpcOf(net)",
            {"other": VPC_OF.replace("\treturn", "\tUse(ref)\n\treturn") + USES},
            [],
            ["`VpcOf(net)` at app/main.go:16"],
        ),  # the function hands the reference on: as before
        (
            "VpcOf(net)",
            {"main": VPC_OF.replace("\treturn", "\tUse(ref)\n\treturn") + USES},
            [],
            ["`VpcOf(net)` at app/main.go:16"],
        ),  # the same in the same file
        (
            "lib.VpcOf(net)",
            {"lib": "var VpcOf = func(ref *pulumi.StackReference) pulumi.AnyOutput { return nil }\n"},
            [],
            ["`lib.VpcOf(net)` at app/main.go:16"],
        ),  # no function declared: not followed
        (
            'lib.Out(net, pulumi.String("a") + "b")',
            {"lib": OUT.replace("key string", "key pulumi.StringInput").replace("pulumi.String(key)", "key")},
            [],
            ["`lib.Out(net, pulumi.String(...) + ...)` at app/main.go:16"],
        ),  # a key that is not a literal
        (
            'Out(net, "subnets")',
            {"main": OUT.replace("\treturn", '\tkey = "x"\n\treturn')},
            [],
            ["`Out(net, ...)` at app/main.go:16"],
        ),  # the key parameter assigned: no reader
        (
            "VpcOf(net)",
            {"other": "func VpcOf(refs ...*pulumi.StackReference) pulumi.AnyOutput { return nil }\n"},
            [],
            ["`VpcOf(net)` at app/main.go:16"],
        ),  # a variadic parameter
        (
            "VpcOf(net)",
            {"other": VPC_OF.replace("VpcOf", "vpcOf")},
            [],
            ["`VpcOf(net)` at app/main.go:16"],
        ),  # no function of that name in the package
        (
            'VpcOf(net), lib.Out(net, "vpcId")',
            {"other": VPC_OF, "lib": OUT},
            ["app/other.go:6 vpcIdd"],
            [],
        ),  # two calls
    ],
)
def test_go(tmp_path: Path, call: str, files: dict[str, str], errors: list[str], opened: list[str]) -> None:
    assert outcome(repo(tmp_path, call, **files)) == (errors, opened)


def test_a_function_declared_in_two_files_kept_by_undecided_constraints_is_not_followed(tmp_path: Path) -> None:
    """`//go:build cgo` and `//go:build !cgo`: which file `go build` compiles depends on the machine (gobuild.py)."""
    root = repo(tmp_path, "VpcOf(net)", other=VPC_OF)
    (root / "app" / "other.go").write_text("//go:build cgo\n\n" + HEAD.format("main") + VPC_OF)
    plain = VPC_OF.replace("\treturn", "\tUse(ref)\n\treturn") + USES
    (root / "app" / "other_nocgo.go").write_text("//go:build !cgo\n\n" + HEAD.format("main") + plain)
    assert outcome(root) == ([], ["`VpcOf(net)` at app/main.go:16"])


def test_another_variable_of_the_same_name_is_not_the_sites() -> None:
    source = APP.replace("CALL", "net.Name") + "\nfunc other(net *pulumi.StackReference) { lib.VpcOf(net) }\n"
    [site] = find(source, "app/main.go").sites
    assert (site.handed, site.reads_open) == ((), "")


def test_a_function_of_the_file_reads_on_a_parameter_read_with_a_key_given() -> None:
    facts = find(HEAD.format("lib") + VPC_OF + OUT + USES, "lib/lib.go")
    shown = [(r.name, r.param, r.positions, r.keys, r.params) for r in facts.readers]
    assert shown == [
        ("Out", "ref", ("ref", "key"), (), ("key",)),
        ("Use", "x", ("x",), (), ()),
        ("VpcOf", "ref", ("ref",), (("vpcIdd", 6),), ()),
    ]
