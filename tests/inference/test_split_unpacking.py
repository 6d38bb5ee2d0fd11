"""Unpacking a split stack name resolves per stack as the indexed form does (cabeaulac/localstack-pro-gdc-bp1:
`export const [resourceBaseName, stackEnv] = getStack().split(".")`, imported by the program as `stackEnv`;
Python `region, env = pulumi.get_stack().split(".")`). Python's rules: the parts must be as many as the names
(a ValueError otherwise: unresolved, naming the stack and the counts), a starred name takes the rest; JS's: an
item beyond the parts is undefined (unresolved), holes skip one, a rest element is an array (unresolved). A name
unpacked from anything else stays unresolved with the reason it had."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.stack_targets import targets

STACKS = ("us-east-1.prod", "eu.dev.x", "solo")
TWO, THREE, ONE = STACKS

PY = """import pulumi
region, env = pulumi.get_stack().split(".")
*_, last = pulumi.get_stack().split(".")
(a, b) = pulumi.get_stack().split(".")
c, d = pulumi.get_stack().split(".", 1)
first, *rest = pulumi.get_stack().split(".")
parts = pulumi.get_stack().split(".")
p0, p1 = parts
[q0, q1] = pulumi.get_stack().split(".", maxsplit=1)
pulumi.StackReference(f"acme/env/{env}")
pulumi.StackReference(f"acme/last/{last}")
pulumi.StackReference(f"acme/b/{b}")
pulumi.StackReference(f"acme/d/{d}")
pulumi.StackReference(f"acme/first/{first}")
pulumi.StackReference(f"acme/rest/{rest}")
pulumi.StackReference(f"acme/p1/{p1}")
pulumi.StackReference(f"acme/q1/{q1}")
pulumi.StackReference(f"acme/idx/{pulumi.get_stack().split('.', 1)[1]}")
x, y = compute()
pulumi.StackReference(f"acme/y/{y}")
h, *m, t = pulumi.get_stack().split(".")
pulumi.StackReference(f"acme/ht/{h}-{t}")
"""

TS = """import * as pulumi from "@pulumi/pulumi";
import { stackEnv } from "./common";
const [base, env] = pulumi.getStack().split(".");
const [, hole] = pulumi.getStack().split(".");
let [x, y] = pulumi.getStack().split(".");
const [head, ...tail] = pulumi.getStack().split(".");
const parts = pulumi.getStack().split(".");
const [p0, p1] = parts;
const [m, [n]] = pulumi.getStack().split(".");
new pulumi.StackReference(`acme/env/${env}`);
new pulumi.StackReference(`acme/hole/${hole}`);
new pulumi.StackReference(`acme/y/${y}`);
new pulumi.StackReference(`acme/head/${head}`);
new pulumi.StackReference(`acme/tail/${tail}`);
new pulumi.StackReference(`acme/imp/${stackEnv}`);
new pulumi.StackReference(`acme/p1/${p1}`);
new pulumi.StackReference(`acme/n/${n}`);
"""

COMMON = """import {Config, getStack} from "@pulumi/pulumi";

export const [resourceBaseName, stackEnv] = getStack().split(".");
"""

JS = """const pulumi = require("@pulumi/pulumi");
let [region, env] = pulumi.getStack().split(".");
const name = env + "-x";
new pulumi.StackReference(`acme/env/${name}`);
"""


def scan(tmp_path: Path, runtime: str, files: dict[str, str]) -> dict[tuple[int, str], str]:
    """(line, stack) of each reference of the program -> its target (`project/stack`) or why it is unresolved."""
    return targets(tmp_path, runtime, files, STACKS)


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def test_python_unpacking_of_a_split_resolves_per_stack_with_pythons_rules(tmp_path: Path) -> None:
    got = scan(tmp_path, "python", {"__main__.py": PY})
    expected = {  # from Python: the same statements run on each stack name (None: an error when it runs)
        10: ("env/prod", None, None),
        11: ("last/prod", "last/x", "last/solo"),
        12: ("b/prod", None, None),
        13: ("d/prod", "d/dev.x", None),
        14: ("first/us-east-1", "first/eu", "first/solo"),
        16: ("p1/prod", None, None),
        17: ("q1/prod", "q1/dev.x", None),
        18: ("idx/prod", "idx/dev.x", None),
        22: ("ht/us-east-1-prod", "ht/eu-x", None),
    }
    for line, want in expected.items():
        for stack, target in zip(STACKS, want, strict=True):
            if target is not None:
                assert got[line, stack] == target, (line, stack)
            else:
                assert got[line, stack].startswith("cannot resolve"), (line, stack, got[line, stack])
    assert "3 parts" in got[10, THREE] and "2 names" in got[10, THREE] and "'eu.dev.x'" in got[10, THREE]
    assert "1 part " in got[10, ONE] and "'solo'" in got[10, ONE] and "ValueError" in got[10, ONE]
    assert "at least 2 names" in got[22, ONE] or "2 names" in got[22, ONE]
    assert "item 1 of 1" in got[18, ONE]
    assert "an unpacking" in got[15, TWO]  # `*rest` is a list: not followed
    assert "an unpacking" in got[20, TWO]  # not a split: as before


def test_typescript_array_destructuring_of_a_split_resolves_per_stack_with_js_rules(tmp_path: Path) -> None:
    got = scan(tmp_path, "nodejs", {"index.ts": TS, "common.ts": COMMON})
    expected = {  # from node: the same statements run on each stack name (None: undefined)
        10: ("env/prod", "env/dev", None),
        11: ("hole/prod", "hole/dev", None),
        12: ("y/prod", "y/dev", None),
        13: ("head/us-east-1", "head/eu", "head/solo"),
        15: ("imp/prod", "imp/dev", None),
        16: ("p1/prod", "p1/dev", None),
    }
    for line, want in expected.items():
        for stack, target in zip(STACKS, want, strict=True):
            if target is not None:
                assert got[line, stack] == target, (line, stack)
            else:
                assert "item 1 of 1" in got[line, stack] and "'solo'" in got[line, stack], (line, got[line, stack])
    assert "'tail', bound by a loop, a pattern" in got[14, TWO]  # a rest element is an array
    assert "'n', bound by a loop, a pattern" in got[17, TWO]  # a nested pattern is not followed


def test_javascript_let_destructuring_of_a_split_resolves_per_stack(tmp_path: Path) -> None:
    got = scan(tmp_path, "nodejs", {"index.js": JS})
    assert (got[4, TWO], got[4, THREE]) == ("env/prod-x", "env/dev-x")


GO = """package main

import (
	"strings"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		parts := strings.Split(ctx.Stack(), ".")
		env := parts[1]
		pulumi.NewStackReference(ctx, "acme/env/"+env, nil)
		two := strings.SplitN(ctx.Stack(), ".", 2)
		pulumi.NewStackReference(ctx, "acme/two/"+two[1], nil)
		pulumi.NewStackReference(ctx, "acme/direct/"+strings.Split(ctx.Stack(), ".")[0], nil)
		none := strings.SplitN(ctx.Stack(), ".", 0)
		pulumi.NewStackReference(ctx, "acme/none/"+none[0], nil)
		pulumi.NewStackReference(ctx, "acme/i/"+parts[len(parts)-1], nil)
		return nil
	})
}
"""


def test_go_an_item_of_strings_split_resolves_per_stack(tmp_path: Path) -> None:
    got = scan(tmp_path, "go", {"main.go": GO, "go.mod": "module app\n\ngo 1.21\n"})
    expected = {  # from `go run`: the same statements on each stack name (None: a panic, index out of range)
        13: ("env/prod", "env/dev", None),
        15: ("two/prod", "two/dev.x", None),
        16: ("direct/us-east-1", "direct/eu", "direct/solo"),
    }
    for line, want in expected.items():
        for stack, target in zip(STACKS, want, strict=True):
            if target is not None:
                assert got[line, stack] == target, (line, stack)
            else:
                assert "item 1 of 1" in got[line, stack] and "'solo'" in got[line, stack], (line, got[line, stack])
    assert "strings.SplitN with n 0" in got[18, TWO]
    # `parts[len(parts)-1]`, the last part (was: 'a run-time value'; test_split_items.py has the rest)
    assert [got[19, stack] for stack in STACKS] == ["i/prod", "i/x", "i/solo"]
