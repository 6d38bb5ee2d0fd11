"""Go values a function of the file returns, given to several names at its call (`org, stack, err := names(ctx)`,
`return "acme", ctx.Stack(), nil`): each name gets its item (go_returns.py). Another count of values at a `return`,
`return`s that give the item different values, or a function of another file stay unresolved with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.stack_targets import targets

STACKS = ("dev", "prod")

MAIN = """package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

func names(ctx *pulumi.Context, team string) (string, string, error) {
RETURNS
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		org, stack, err := names(ctx, "net")
		if err != nil {
			return err
		}
		_, err = pulumi.NewStackReference(ctx, fmt.Sprintf("%s/net/%s", org, stack), nil)
		_, team, _ := names(ctx, "data")
		_, _ = pulumi.NewStackReference(ctx, "acme/"+team+"/dev", nil)
		return err
	})
}

var _ = config.Get
"""
ONE = '\treturn "acme", ctx.Stack(), nil'


def scanned(tmp_path: Path, returns: str, other: str = "") -> tuple[str, str]:
    files = {"main.go": MAIN.replace("RETURNS", returns), "go.mod": "module app\n"}
    if other:
        files["main.go"] = files["main.go"].replace("func names(", "func unused(")
        files["other.go"] = "package main\n\n" + other
    got = targets(tmp_path, "go", files, STACKS)
    first, second = sorted({line for line, _ in got})
    return got[first, "prod"], got[second, "prod"]


def matches(got: str, want: str) -> bool:
    """A target is the same; a reason holds what is wanted."""
    return got == want if " " not in want else want in got


CASES = [
    (ONE, "net/prod", "prod/dev"),  # item 1 of 3: ctx.Stack()
    ('\treturn "acme", ctx.Stack() + "-" + team, nil', "net/prod-net", "prod-data/dev"),  # with the call's argument
    ('\treturn config.Get(ctx, "org"), team, nil', "config key 'app:org' is not set", "data/dev"),  # a config value
    (
        '\tif team == "" {\n\t\treturn "acme", "x", fmt.Errorf("no team")\n\t}\n' + ONE,
        "names() returns different values at app/main.go:12 and app/main.go:14",
        "names() returns different values at app/main.go:12 and app/main.go:14",
    ),
    (
        '\tif team == "" {\n\t\treturn "acme", ctx.Stack(), fmt.Errorf("no team")\n\t}\n' + ONE,
        "the result of names(), which does not return a known name",
        "prod/dev",
    ),  # several returns that agree on the item (the first name as before: several returns are not read)
    (
        '\treturn "acme", ctx.Stack()',
        "names() returns 2 values at app/main.go:11, assigned to 3 names",
        "names() returns 2 values at app/main.go:11, assigned to 3 names",
    ),
]


@pytest.mark.parametrize(("returns", "first", "second"), CASES)
def test_each_name_gets_its_item(tmp_path: Path, returns: str, first: str, second: str) -> None:
    got = scanned(tmp_path, returns)
    assert matches(got[0], first) and matches(got[1], second), got


def test_a_function_of_another_file_is_not_read(tmp_path: Path) -> None:
    other = 'import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\nfunc names(ctx *pulumi.Context, team string) '
    other += "(string, string, error) {\n" + ONE + "\n}\n"
    got = scanned(tmp_path, ONE, other)
    assert all("'stack', bound by" in g or "'team', bound by" in g for g in got), got  # as before


def test_an_assignment_in_a_branch_is_not_read(tmp_path: Path) -> None:
    source = MAIN.replace("RETURNS", ONE).replace(
        '\t\t_, team, _ := names(ctx, "data")',
        '\t\tteam := "x"\n\t\tif org != "" {\n\t\t\t_, team, _ = names(ctx, "d")\n\t\t}',
    )
    got = targets(tmp_path, "go", {"main.go": source, "go.mod": "module app\n"}, STACKS)
    last = max(line for line, _ in got)
    assert "'team', assigned in a branch or a loop" in got[last, "prod"], got
