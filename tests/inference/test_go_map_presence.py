"""The `ok` of a Go map read, `v, ok := m[k]` (go_maps.py): whether a map literal holds the key, per stack.

`ref, ok := refs[ctx.Stack()]; if !ok { ref = "acme/net/dev" }` gives a stack the map lacks the default and the
others their entry; `c, ok := configs[ctx.Stack()]; if !ok { return .. }` (as adammertz/gitops-infra starts its
networking program) makes no reference after it for such a stack. Was: `ok` taken for a name bound by a loop, a
pattern or a catch clause, every stack getting both values as candidates and no edge."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inference.test_go_maps import STACKS, go_repo, refs_by_name


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def _refs(tmp_path: Path, main: str) -> dict[tuple[str, str], str]:
    """The target (or the reason) of each StackReference of main.go, by its resource name and the stack."""
    return refs_by_name(go_repo(tmp_path, main), main)


def _main(body: str, top: str = "") -> str:
    return f"""package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type envConfig struct {{
	Network string
}}
{top}
func main() {{
	pulumi.Run(func(ctx *pulumi.Context) error {{
{body}
		return nil
	}})
}}
"""


PACKAGE_MAP = 'var refs = map[string]string{"dev": "acme/net/dev", "prod": "acme/net/prod"}\n'
DEFAULTED = """
		ref, ok := refs[ctx.Stack()]
		if !ok {
			ref = "acme/net/dev"
		}
		pulumi.NewStackReference(ctx, "net", &pulumi.StackReferenceArgs{Name: pulumi.String(ref)})
"""


def test_a_package_level_map_without_the_key_takes_the_default(tmp_path: Path) -> None:
    refs = _refs(tmp_path, _main(DEFAULTED, PACKAGE_MAP))
    assert refs == {("net", "dev"): "net/dev", ("net", "prod"): "net/prod", ("net", "staging"): "net/dev"}


def test_a_local_map_without_the_key_takes_the_default(tmp_path: Path) -> None:
    local = '\t\trefs := map[string]string{"dev": "acme/net/dev", "prod": "acme/net/prod"}\n' + DEFAULTED
    refs = _refs(tmp_path, _main(local))
    assert refs == {("net", "dev"): "net/dev", ("net", "prod"): "net/prod", ("net", "staging"): "net/dev"}


def test_an_early_return_when_the_map_lacks_the_stack(tmp_path: Path) -> None:
    top = 'var configs = map[string]envConfig{"dev": {Network: "acme/net/dev"}, "prod": {Network: "acme/net/prod"}}\n'
    body = """
		c, ok := configs[ctx.Stack()]
		if !ok {
			return fmt.Errorf("no config for stack %q", ctx.Stack())
		}
		pulumi.NewStackReference(ctx, "net", &pulumi.StackReferenceArgs{Name: pulumi.String(c.Network)})
"""
    refs = _refs(tmp_path, _main(body, top))
    assert refs == {("net", "dev"): "net/dev", ("net", "prod"): "net/prod"}


def test_a_changed_map_leaves_ok_undecided_saying_why(tmp_path: Path) -> None:
    body = """
		refs := map[string]string{"dev": "acme/net/dev"}
		refs["prod"] = "acme/net/prod"
		ref, ok := refs[ctx.Stack()]
		if !ok {
			ref = "acme/net/dev"
		}
		pulumi.NewStackReference(ctx, "net", &pulumi.StackReferenceArgs{Name: pulumi.String(ref)})
"""
    refs = _refs(tmp_path, _main(body))
    for s in STACKS:
        assert "holds its key" in refs[("net", s)] and "changed or handed on" in refs[("net", s)]
        assert "bound by a loop" not in refs[("net", s)]
