"""Go map literals read at the stack's key (go_maps.py): `names[ctx.Stack()]` and `cfg := configs[ctx.Stack()]`,
then `cfg.Network` (modelled on adammertz/gitops-infra, networking main.go), per stack; a key the map lacks, a
field no entry sets, and a map that may change are unresolved, never dropped and never guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import Repo
from tests.helpers.repo_builder import project, stack, write_repo


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


HEAD = """package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

type envConfig struct {
	Network string
	Region  string
}

const prodKey = "prod"
"""
CONFIGS = """
var configs = map[string]envConfig{
	"dev":  {Network: "acme/net/dev", Region: "us-east-1"},
	prodKey: envConfig{Network: "acme/net/prod"},
}

var names = map[string]string{"dev": "acme/net/dev", "prod": "acme/net/prod"}
"""
STACKS = ("dev", "prod", "staging")


def go_repo(tmp_path: Path, main: str, **files: str) -> Repo:
    """A Go project `app` (main.go and `files`) and a stub `net`, with the stacks STACKS (app's `app:env` is the
    stack's name), scanned."""
    spec = {
        "app/Pulumi.yaml": project("app", runtime="go"),
        "app/go.mod": "module example.com/app\n\ngo 1.21\n",
        "app/main.go": main,
        **{f"app/{k}": v for k, v in files.items()},
        "net/Pulumi.yaml": project("net"),
    }
    for s in STACKS:
        spec[f"app/Pulumi.{s}.yaml"] = stack(config={"app:env": s})
        spec[f"net/Pulumi.{s}.yaml"] = stack()
    return scan(write_repo(tmp_path / "repo", spec))


def refs_by_name(repo: Repo, main: str) -> dict[tuple[str, str], str]:
    """The target (or the reason) of each StackReference of main.go, by its resource name and the stack."""
    lines = main.splitlines()
    site = {i: ln.split('"')[1] for i, ln in enumerate(lines, 1) if "NewStackReference(ctx, " in ln}
    return {(site[r.line], r.stack or ""): r.target_id or r.reason for r in repo.references if r.file == "app/main.go"}


def _refs(tmp_path: Path, main: str, **files: str) -> dict[tuple[str, str], str]:
    return refs_by_name(go_repo(tmp_path, main, **files), main)


def _run(body: str) -> str:
    return f"""
func main() {{
	pulumi.Run(func(ctx *pulumi.Context) error {{
{body}
		return nil
	}})
}}
"""


READS = _run("""
		cfg := configs[ctx.Stack()]
		pulumi.NewStackReference(ctx, "field", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.Network)})
		pulumi.NewStackReference(ctx, "name", &pulumi.StackReferenceArgs{Name: pulumi.String(names[ctx.Stack()])})
		inline := configs[ctx.Stack()].Network
		pulumi.NewStackReference(ctx, "inline", &pulumi.StackReferenceArgs{Name: pulumi.String(inline)})
		stack := ctx.Stack()
		local := map[string]string{"dev": "acme/net/dev", prodKey: "acme/net/prod"}
		pulumi.NewStackReference(ctx, "local", &pulumi.StackReferenceArgs{Name: pulumi.String(local[stack])})
		picked, ok := names[config.Require(ctx, "env")]
		_ = ok
		pulumi.NewStackReference(ctx, "ok", &pulumi.StackReferenceArgs{Name: pulumi.String(picked)})
		region := "acme/net/" + cfg.Region
		pulumi.NewStackReference(ctx, "region", &pulumi.StackReferenceArgs{Name: pulumi.String(region)})
		ptrs := map[string]*envConfig{"dev": {Network: "acme/net/dev"}, "prod": &envConfig{Network: "acme/net/prod"}}
		pulumi.NewStackReference(ctx, "ptr", &pulumi.StackReferenceArgs{Name: pulumi.String(ptrs[stack].Network)})
""")


def test_a_map_literal_is_read_at_the_stack_key_per_stack(tmp_path: Path) -> None:
    refs = _refs(tmp_path, HEAD + CONFIGS + READS)
    for name in ("field", "name", "inline", "local", "ok", "ptr"):
        assert refs[(name, "dev")] == "net/dev", name
        assert refs[(name, "prod")] == "net/prod", name
        assert "no entry 'staging'" in refs[(name, "staging")], name  # Go's zero value "": no stack name
    assert "field 'Region' of envConfig, not set" in refs[("region", "prod")]  # the literal does not set it


def test_a_map_literal_of_another_file_of_the_package(tmp_path: Path) -> None:
    main = HEAD.replace("const prodKey", "const otherKey") + READS.split("stack := ctx.Stack()")[0] + "return nil})}"
    refs = _refs(tmp_path, main, **{"config.go": 'package main\n\nconst prodKey = "prod"\n' + CONFIGS})
    for name in ("field", "name", "inline"):
        assert refs[(name, "dev")] == "net/dev", name
        assert refs[(name, "prod")] == "net/prod", name
        assert "no entry 'staging'" in refs[(name, "staging")], name


CHANGED = {
    "set": 'local["dev"] = "acme/net/prod"',
    "delete": 'delete(local, "dev")',
    "passed": "fill(local)",
    "address": "p := &local\n\t\t_ = p",
    "again": "local = map[string]string{}",
    "alias": "other := local\n\t\t_ = other",
    "ranged": 'for k := range local {\n\t\t\tlocal[k] = "acme/net/prod"\n\t\t}',
}


@pytest.mark.parametrize("how", sorted(CHANGED))
def test_a_local_map_that_may_change_is_not_read(tmp_path: Path, how: str) -> None:
    body = f"""
		local := map[string]string{{"dev": "acme/net/dev", "prod": "acme/net/prod"}}
		{CHANGED[how]}
		pulumi.NewStackReference(ctx, "local", &pulumi.StackReferenceArgs{{Name: pulumi.String(local[ctx.Stack()])}})
"""
    refs = _refs(tmp_path, HEAD + "\nfunc fill(m map[string]string) {}\n" + _run(body))
    for s in STACKS:
        assert not refs[("local", s)].startswith("net/"), (how, s, refs[("local", s)])


@pytest.mark.parametrize(
    "other",
    [
        'func init() {\n\tconfigs["dev"] = envConfig{Network: "acme/net/prod"}\n\tnames["dev"] = "acme/net/prod"\n}',
        'func init() {\n\tdelete(configs, "dev")\n\tdelete(names, "dev")\n}',
        "func init() {\n\tconfigs = nil\n\tnames = nil\n}",
        "func init() {\n\tuse(configs, names)\n}\n\nfunc use(a, b any) {}",
    ],
)
def test_a_package_level_map_another_file_changes_is_not_read(tmp_path: Path, other: str) -> None:
    main = HEAD + CONFIGS + READS.split("stack := ctx.Stack()")[0] + "return nil})}"
    refs = _refs(tmp_path, main, **{"other.go": "package main\n\n" + other + "\n"})
    for name in ("field", "name", "inline"):
        for s in STACKS:
            assert "changed or handed on" in refs[(name, s)], (name, s, refs[(name, s)])


def test_a_field_set_through_a_pointer_the_map_holds_is_not_read(tmp_path: Path) -> None:
    body = """
		ptrs := map[string]*envConfig{"dev": {Network: "acme/net/dev"}, "prod": {Network: "acme/net/prod"}}
		p := ptrs["dev"]
		p.Network = "acme/net/prod"
		pulumi.NewStackReference(ctx, "ptr", &pulumi.StackReferenceArgs{Name: pulumi.String(ptrs[ctx.Stack()].Network)})
		cfg := configs[ctx.Stack()]
		cfg.Network = "acme/net/prod"
		pulumi.NewStackReference(ctx, "copy", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.Network)})
"""
    refs = _refs(tmp_path, HEAD + CONFIGS + _run(body))
    for s in ("dev", "prod"):
        assert "a map holds by pointer: a field so named is set at app/main.go:" in refs[("ptr", s)], refs[("ptr", s)]
    assert "no entry 'staging'" in refs[("ptr", "staging")]
    for s in STACKS:
        assert "`cfg.Network` set at app/main.go:" in refs[("copy", s)], refs[("copy", s)]


HANDED = """
func deploy(ctx *pulumi.Context, name string, cfg envConfig) {
	pulumi.NewStackReference(ctx, "NAME", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.Network)})
}
""" + _run("""
		deploy(ctx, "x", configs[ctx.Stack()])
		local := map[string]envConfig{"dev": {Network: "acme/net/dev"}, "prod": {Network: "acme/net/prod"}}
		item := local[ctx.Stack()]
		deploy(ctx, "x", item)
		if found, ok := names[ctx.Stack()]; ok {
			pulumi.NewStackReference(ctx, "found", &pulumi.StackReferenceArgs{Name: pulumi.String(found)})
		}
""")


def test_an_item_handed_to_a_helper_and_read_under_an_if_initializer(tmp_path: Path) -> None:
    main = HEAD + CONFIGS + HANDED
    repo = go_repo(tmp_path, main)
    helper = next(i for i, ln in enumerate(main.splitlines(), 1) if '"NAME"' in ln)
    got: dict[tuple[int, str], set[str]] = {}
    for r in repo.references:
        got.setdefault((r.line, r.stack or ""), set()).add(r.target_id or r.reason)
    assert got[(helper, "dev")] == {"net/dev"}  # both calls: the package-level map's item and the local one's
    assert got[(helper, "prod")] == {"net/prod"}
    assert all("no entry 'staging'" in why for why in got[(helper, "staging")])
    found = next(i for i, ln in enumerate(main.splitlines(), 1) if '"found"' in ln)
    assert got[(found, "dev")] == {"net/dev"} and got[(found, "prod")] == {"net/prod"}
