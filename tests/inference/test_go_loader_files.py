"""A Go config loader in another file of the package (`config.go`: `type Config struct{..}` and `func
loadConfig(ctx *pulumi.Context) *Config`, `main.go` calling it) or in another package of the module: read with the
same rules as one in the file of its call (go_loaded.py). Modelled on the stages of
VitruvianSoftware/pulumi-example-foundation, with the loader moved to its own file, as most Go programs lay it out."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


CONFIG_GO = """package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

type Config struct {
	Env      string
	OrgStack string
	NetStack string
	Region   string
	Code     string
}

func loadConfig(ctx *pulumi.Context) *Config {
	conf := config.New(ctx, "")
	c := &Config{
		Env:      conf.Require("env"),
		OrgStack: conf.Require("org_stack_name"),
		NetStack: conf.Get("network_stack_name"),
	}
	if c.NetStack == "" {
		c.NetStack = fmt.Sprintf("acme/networking/%s", c.Env)
	}
	codes := map[string]string{"dev": "d"}
	c.Code = codes[c.Env]
	EXTRA
	return c
}

func fill(c *Config) {}
"""
MAIN_GO = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := loadConfig(ctx)
		pulumi.NewStackReference(ctx, "org", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.OrgStack)})
		pulumi.NewStackReference(ctx, "net", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.NetStack)})
		code := "acme/networking/" + cfg.Code
		pulumi.NewStackReference(ctx, "code", &pulumi.StackReferenceArgs{Name: pulumi.String(code)})
		pulumi.NewStackReference(ctx, "region", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.Region)})
		inline := loadConfig(ctx).NetStack
		pulumi.NewStackReference(ctx, "inline", &pulumi.StackReferenceArgs{Name: pulumi.String(inline)})
		return nil
	})
}
"""
CONFIG = {"app:env": "dev", "app:org_stack_name": "acme/networking/dev"}


def _refs(tmp_path: Path, files: dict[str, str]) -> dict[str, str]:
    """The target (or the reason) of each StackReference of main.go, by its Pulumi resource name."""
    spec = {
        "app/Pulumi.yaml": project("app", runtime="go"),
        "app/Pulumi.dev.yaml": stack(config=CONFIG),
        "app/go.mod": "module example.com/app\n\ngo 1.21\n",
        **{f"app/{k}": v for k, v in files.items()},
        "net/Pulumi.yaml": project("networking"),
        "net/Pulumi.dev.yaml": stack(),
    }
    repo = scan(write_repo(tmp_path / "repo", spec))
    lines = files["main.go"].splitlines()
    site = {i: ln.split('"')[1] for i, ln in enumerate(lines, 1) if "NewStackReference(ctx, " in ln}
    return {site[r.line]: r.target_id or r.reason for r in repo.references if r.file == "app/main.go"}


def _line(source: str, needle: str) -> int:
    return next(i for i, ln in enumerate(source.splitlines(), 1) if needle in ln)


def test_go_config_loader_in_another_file_of_the_package_is_read_with_its_defaults(tmp_path: Path) -> None:
    """`cfg := loadConfig(ctx)` in main.go, the loader in config.go: each of its StackReferences was unresolved as
    'a run-time value (cfg.OrgStack)'."""
    got = _refs(tmp_path, {"config.go": CONFIG_GO.replace("EXTRA", ""), "main.go": MAIN_GO})
    assert got["org"] == "networking/dev", got  # conf.Require, set in the stack file
    assert got["net"] == "networking/dev", got  # conf.Get, unset: the default built from another field
    assert got["inline"] == "networking/dev", got  # loadConfig(ctx).NetStack
    assert got["code"] == "", got  # `codes[c.Env]`, a map literal read at "dev" (go_maps.py): acme/networking/d,
    # resolved to a stack the repository does not hold (no target id, no reason)
    assert "field 'Region' of Config, not set where" in got["region"], got


@pytest.mark.parametrize(
    ("extra", "why"),
    [
        (
            'for i := 0; i < 1; i++ {\n\t\tc.OrgStack = "acme/networking/prod"\n\t}',
            "`c.OrgStack` set at app/config.go:{at}, under a condition or in a loop (not followed)",
        ),
        ("fill(c)", "what loadConfig() returns: `c` handed on at app/config.go:{at} (not followed)"),
        ('if c.Env == "x" {\n\t\treturn nil\n\t}', "what loadConfig() returns: it returns at 2 places (not followed)"),
    ],
)
def test_go_config_loader_in_another_file_never_guesses_a_field_set_elsewhere(
    tmp_path: Path, extra: str, why: str
) -> None:
    """config.go's loader sets the field again in a loop (or hands `c` on, or returns twice): unresolved, naming the
    loader and the line of config.go, never the literal's value (no edge to networking/dev)."""
    config = CONFIG_GO.replace("EXTRA", extra)
    at = _line(config, extra.splitlines()[min(1, len(extra.splitlines()) - 1)].strip())
    got = _refs(tmp_path, {"config.go": config, "main.go": MAIN_GO})
    assert got["org"].startswith("cannot resolve"), got
    assert why.format(at=at) in got["org"], got
    assert "a run-time value" not in got["org"], got


def test_go_config_loader_result_set_again_in_main_is_unknown(tmp_path: Path) -> None:
    """`cfg := loadConfig(ctx)` then `cfg.OrgStack = ..` in main.go: the loader's value is not the name."""
    main = MAIN_GO.replace("cfg := loadConfig(ctx)\n", 'cfg := loadConfig(ctx)\n\t\tcfg.OrgStack = "acme/other/dev"\n')
    got = _refs(tmp_path, {"config.go": CONFIG_GO.replace("EXTRA", ""), "main.go": main})
    assert "`cfg.OrgStack` set at app/main.go:8 after it is made" in got["org"], got
    assert got["net"] == "networking/dev", got


def test_go_config_loader_returning_its_literal_is_read_in_the_file_and_across_files(tmp_path: Path) -> None:
    """`return &ProjectsConfig{EnvStackName: conf.Require(..)}` (4-projects of the foundation), in main.go or
    in config.go."""
    config = """package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

type Config struct {
	OrgStack string
	NetStack string
}

func loadConfig(ctx *pulumi.Context) *Config {
	conf := config.New(ctx, "")
	return &Config{OrgStack: conf.Require("org_stack_name"), NetStack: "acme/networking/" + conf.Require("env")}
}
"""
    got = _refs(tmp_path / "apart", {"config.go": config, "main.go": MAIN_GO})
    assert (got["org"], got["net"], got["inline"]) == ("networking/dev",) * 3, got
    same = config + "\n" + MAIN_GO[MAIN_GO.index("func main") :]
    got = _refs(tmp_path / "same", {"main.go": same})
    assert (got["org"], got["net"], got["inline"]) == ("networking/dev",) * 3, got


def test_go_config_loader_of_a_file_go_build_leaves_out_is_not_read(tmp_path: Path) -> None:
    """Two files define `loadConfig`, one under `//go:build ignore`: the built one is read, never the other."""
    other = "//go:build ignore\n\n" + CONFIG_GO.replace("EXTRA", "").replace(
        'c.NetStack = fmt.Sprintf("acme/networking/%s", c.Env)', 'c.NetStack = "acme/other/dev"'
    )
    built = CONFIG_GO.replace("EXTRA", "").replace(
        'c.NetStack = fmt.Sprintf("acme/networking/%s", c.Env)', 'c.NetStack = "acme/networking/" + c.Env'
    )
    got = _refs(tmp_path / "a", {"a_config.go": other, "config.go": built, "main.go": MAIN_GO})
    assert got["net"] == "networking/dev", got
    got = _refs(tmp_path / "b", {"config.go": other, "main.go": MAIN_GO})
    assert got["net"].startswith("cannot resolve") and "acme/other" not in got["net"], got


def test_go_config_loader_in_another_package_of_the_module_is_read(tmp_path: Path) -> None:
    """`settings.Load(ctx)` of `example.com/app/internal/settings`: the same rules, in the package's files."""
    settings = (
        CONFIG_GO.replace("package main", "package settings")
        .replace("func loadConfig(", "func Load(")
        .replace("EXTRA", "")
    )
    main = MAIN_GO.replace(
        'import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n',
        'import (\n\t"example.com/app/internal/settings"\n\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n)\n',
    ).replace("loadConfig(ctx)", "settings.Load(ctx)")
    got = _refs(tmp_path, {"internal/settings/settings.go": settings, "main.go": main})
    assert (got["org"], got["net"], got["inline"]) == ("networking/dev",) * 3, got
    assert "field 'Region' of Config, not set where" in got["region"], got
    looped = settings.replace("\treturn c\n", '\tfor i := 0; i < 1; i++ {\n\t\tc.OrgStack = "x/y/z"\n\t}\n\treturn c\n')
    got = _refs(tmp_path / "looped", {"internal/settings/settings.go": looped, "main.go": main})
    assert "`c.OrgStack` set at app/internal/settings/settings.go:" in got["org"], got


def test_go_config_loader_result_handed_to_a_helper_is_the_struct_it_fills(tmp_path: Path) -> None:
    """`deployNet(ctx, cfg)` reading `cfg.OrgStack`, the loader (in the same file) setting `c.OrgStack` after its
    literal: the helper's StackReference took the literal's value, a false edge to networking/dev."""
    main = """package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

type Config struct{ OrgStack string }

func loadConfig(ctx *pulumi.Context) *Config {
	conf := config.New(ctx, "")
	c := &Config{OrgStack: conf.Require("org_stack_name")}
	c.OrgStack = "acme/other/dev"
	return c
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := loadConfig(ctx)
		pulumi.NewStackReference(ctx, "org", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.OrgStack)})
		return deployNet(ctx, cfg)
	})
}

func deployNet(ctx *pulumi.Context, cfg *Config) error {
	_, err := pulumi.NewStackReference(ctx, "helper", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.OrgStack)})
	return err
}
"""
    spec = {
        "app/Pulumi.yaml": project("app", runtime="go"),
        "app/Pulumi.dev.yaml": stack(config=CONFIG),
        "app/go.mod": "module example.com/app\n\ngo 1.21\n",
        "app/main.go": main,
        "net/Pulumi.yaml": project("networking"),
        "net/Pulumi.dev.yaml": stack(),
    }
    repo = scan(write_repo(tmp_path / "repo", spec))
    names = {r.line: r.target and (r.target.org, r.target.project, r.target.stack) for r in repo.references}
    assert names == {20: ("acme", "other", "dev"), 26: ("acme", "other", "dev")}, names


@pytest.mark.parametrize(
    "made",
    ['s := &Setup{Net: "acme/networking/dev"}', "s := loadSetup()"],
)
def test_go_struct_handed_to_a_helper_after_a_field_is_set_is_never_the_literal_value(
    tmp_path: Path, made: str
) -> None:
    """`s.Net = "acme/other/dev"` after `s` is made, then `deployNet(ctx, s)` reading `s.Net`: the helper took the
    literal's value (a false edge to networking/dev); the field is unknown, naming the line, as read in place."""
    main = f"""package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

type Setup struct{{ Net string }}

func loadSetup() *Setup {{
	return &Setup{{Net: "acme/networking/dev"}}
}}

func main() {{
	pulumi.Run(func(ctx *pulumi.Context) error {{
		{made}
		s.Net = "acme/other/dev"
		return deployNet(ctx, s)
	}})
}}

func deployNet(ctx *pulumi.Context, s *Setup) error {{
	_, err := pulumi.NewStackReference(ctx, "helper", &pulumi.StackReferenceArgs{{Name: pulumi.String(s.Net)}})
	return err
}}
"""
    got = _refs(tmp_path, {"main.go": main})
    assert got["helper"].startswith("cannot resolve"), got
    assert "`s.Net` set at app/main.go:14 after it is made" in got["helper"], got


HELPER_MAIN_GO = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		cfg := loadConfig(ctx)
		SET
		return deployNet(ctx, cfg)
	})
}

func deployNet(ctx *pulumi.Context, cfg *Config) error {
	pulumi.NewStackReference(ctx, "org", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.OrgStack)})
	pulumi.NewStackReference(ctx, "net", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.NetStack)})
	pulumi.NewStackReference(ctx, "region", &pulumi.StackReferenceArgs{Name: pulumi.String(cfg.Region)})
	return nil
}
"""


def test_go_config_loader_of_another_file_handed_to_a_helper_is_followed(tmp_path: Path) -> None:
    """`deployNet(ctx, cfg)` in main.go, the loader in config.go: the helper's StackReferences were unresolved as
    'helper parameter cfg.OrgStack (no call with a known argument)'; each is the field the loader fills."""
    config = CONFIG_GO.replace("EXTRA", "")
    got = _refs(tmp_path / "a", {"config.go": config, "main.go": HELPER_MAIN_GO.replace("SET", "")})
    assert (got["org"], got["net"]) == ("networking/dev", "networking/dev"), got
    assert "field 'Region' of Config, not set where loadConfig() makes it" in got["region"], got
    looped = CONFIG_GO.replace("EXTRA", 'for i := 0; i < 1; i++ {\n\t\tc.OrgStack = "acme/other/dev"\n\t}')
    got = _refs(tmp_path / "b", {"config.go": looped, "main.go": HELPER_MAIN_GO.replace("SET", "")})
    assert "`c.OrgStack` set at app/config.go:" in got["org"], got  # the loader's own reason, never the literal
    assert got["net"] == "networking/dev", got


def test_go_config_loader_of_another_file_set_in_main_before_a_helper_is_never_its_value(tmp_path: Path) -> None:
    """`cfg.NetStack = ..` in main.go after `cfg := loadConfig(ctx)`, then `deployNet(ctx, cfg)`: no field the
    helper reads is taken from the loader (the fields of main.go's struct are not tracked one by one then)."""
    main = HELPER_MAIN_GO.replace("SET", 'cfg.NetStack = "acme/other/dev"')
    got = _refs(tmp_path, {"config.go": CONFIG_GO.replace("EXTRA", ""), "main.go": main})
    for name in ("org", "net"):
        assert got[name].startswith("cannot resolve"), got
        assert "`cfg.NetStack` set at app/main.go:8, in the function that hands `cfg` on" in got[name], got
        assert "no call with a known argument" not in got[name], got
