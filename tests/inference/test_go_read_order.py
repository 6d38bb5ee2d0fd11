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
from tests.inference.test_go_arms import scan_go

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
RESOLVED = {48: ("other/dev", "web/prod")}  # after the if/else: both arms
PROD = {21: "net/prod", 35: "net/prod"}  # the `case "prod"` and the else arm (dev runs neither: switch_guards.py)
UNRESOLVED = {
    10: "'pkg', read before its function assigns it at line 11",
    29: "'b', assigned in the case at line 25, which may fall through into the one read at line 29",
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
    assert not [line for line in PROD if (line, "dev") in got], got


ONE_LINE = """		s := "organization/"; t := s; s = "net/"; pulumi.NewStackReference(ctx, t+s+ctx.Stack(), nil) // one
		m := "organization/net/dev"
		for i := 0; i < 2; i++ {
			pulumi.NewStackReference(ctx, m, nil) // shadowed_later
			m := "organization/other/dev"
			_ = m
		}
		k := "organization/net/dev"
		get := func() { pulumi.NewStackReference(ctx, k, nil) } // block_after
		{
			k := "organization/other/dev"
			_ = k
		}
		get()
		j := "organization/net/dev"
		put := func() { pulumi.NewStackReference(ctx, j, nil) } // reassigned_after
		j = "organization/other/dev"
		put()
"""


def test_go_order_rules_apply_to_the_variable_a_read_means(tmp_path: Path) -> None:
    """Both fixes at once (arms.py `reaching` on the values go_blocks.py keeps): reads of one name on one line see
    the values before each (by position, not one remembered answer for the line), and a later declaration of the
    name in an inner block (after the read in a loop, after a function literal) is another variable, so neither
    the loop rule nor the called-function rule makes the read unknown; a reassignment of the same variable after
    a function literal does."""
    got = scan_go(tmp_path, ONE_LINE)
    assert got["one"] == ("net/dev", "net/prod"), got
    assert got["shadowed_later"] == ("net/dev", "net/dev"), got
    assert got["block_after"] == ("net/dev", "net/dev"), got
    assert all("'j', reassigned (line" in why for why in got["reassigned_after"]), got
