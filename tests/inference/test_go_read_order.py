"""Go reads see the assignments that may run before them (frontends/arms.py, as TS/JS, C# and Java): not another
case of a switch (Go's cases end their switch unless they end in `fallthrough`), not the other arm of an if;
one after the read in a loop around both, or in the read's own function after it, leaves it unknown.

Was: Go's lookup took every assignment on or before the read's line, so `case "dev": x = "organization/other/"`
then `case "prod": NewStackReference(ctx, x+ctx.Stack(), nil)` named other/prod for prod, as did an `else` arm
read (wrong edges); `NewStackReference(ctx, pkg, nil); pkg = ".."` in a function named the later value, and a read
before an assignment in a loop around both missed the earlier turns' value."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.stack_targets import targets
from tests.inference.test_appends import check

GO = """package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

var pkg = "organization/net/dev"

func mk(ctx *pulumi.Context) {
	pulumi.NewStackReference(ctx, pkg, nil)
	pkg = "organization/other/dev"
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		a := "organization/net/"
		switch ctx.Stack() {
		case "dev":
			a = "organization/other/"
		case "prod":
			pulumi.NewStackReference(ctx, a+ctx.Stack(), nil)
		}
		b := "organization/net/"
		switch ctx.Stack() {
		case "dev":
			b = "organization/other/"
			fallthrough
		case "prod":
			pulumi.NewStackReference(ctx, b+ctx.Stack(), nil)
		}
		c := "organization/net/"
		if ctx.Stack() == "dev" {
			c = "organization/other/"
		} else {
			pulumi.NewStackReference(ctx, c+ctx.Stack(), nil)
		}
		d := "organization/net/dev"
		for i := 0; i < 2; i++ {
			pulumi.NewStackReference(ctx, d, nil)
			d = "organization/other/dev"
		}
		e := "organization/net/"
		if ctx.Stack() == "dev" {
			e = "organization/other/"
		} else {
			e = "organization/web/"
		}
		pulumi.NewStackReference(ctx, e+ctx.Stack(), nil)
		mk(ctx)
		return nil
	})
}
"""
RESOLVED = {21: ("net/dev", "net/prod"), 48: ("other/dev", "web/prod")}  # after the if/else: both arms
PROD = {35: "net/prod"}  # the else arm (dev does not run it)
UNRESOLVED = {
    10: "'pkg', read before its function assigns it at line 11",
    29: "'b', assigned in a branch or a loop",
    39: "'d', assigned at line 40 after the read in the loop at line 38",
}


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def test_go_reads_see_what_may_run_before_them(tmp_path: Path) -> None:
    files = {"main.go": GO, "go.mod": "module example.com/app\n\ngo 1.21\n"}
    got = targets(tmp_path, "go", files, ("dev", "prod"))
    check(got, RESOLVED, UNRESOLVED)
    assert {line: got[line, "prod"] for line in PROD} == PROD
