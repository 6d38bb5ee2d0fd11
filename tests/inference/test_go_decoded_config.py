"""A Go struct decoded from structured config (`conf.RequireObject("settings", &s)`, then `s.NetworkStack`) is read
per stack as a config read with a path, matched as encoding/json does (frontends/go_decoded.py,
config_members.py); anything that may set its fields otherwise leaves the read unresolved, naming why.

Was: `&s` made `s` unknown, so every such reference was unresolved ("a run-time value (s.NetworkStack)")."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

SETTINGS = """type DnsSettings struct {
	Stack string
}

type Settings struct {
	NetworkStack string `json:"networkStack,omitempty"`
	Net          struct {
		Stack string `json:"stack"`
	} `json:"net"`
	Dns     *DnsSettings `json:"dns"`
	private string
	Skipped string `json:"-"`
}

type Setup struct{ NetworkStack string }

type Common struct{ Region string }

type Embedding struct {
	Common
	NetStack string `json:"networkStack"`
}

type Clash struct {
	Quoted   string `json:"networkstack,string"`
	NetStack string `json:"networkStack"`
}

func use(s Settings) {}
"""

MAIN = """package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

%s
func main() {
	var outer Settings
	pulumi.Run(func(ctx *pulumi.Context) error {
		conf := config.New(ctx, "")
%s		return nil
	})
}
"""

RESOLVED = """		var s Settings
		conf.RequireObject("settings", &s)
		pulumi.NewStackReference(ctx, s.NetworkStack, nil) // plain
		pulumi.NewStackReference(ctx, s.Net.Stack, nil) // nested
		pulumi.NewStackReference(ctx, s.Dns.Stack, nil) // untagged
		var o Settings
		config.RequireObject(ctx, "app:other", &o)
		pulumi.NewStackReference(ctx, o.NetworkStack, nil) // package_function
		shared := config.New(ctx, "shared")
		sh := Settings{}
		_ = shared.GetObject("settings", &sh)
		pulumi.NewStackReference(ctx, sh.NetworkStack, nil) // namespace
		var t Settings
		if err := conf.TryObject("settings", &t); err != nil {
			return err
		}
		pulumi.NewStackReference(ctx, t.NetworkStack, nil) // try_in_if
		var d Settings
		conf.GetObject("settings", &d)
		v := d.Net.Stack
		if v == "" {
			v = "acme/fallback/" + ctx.Stack()
		}
		pulumi.NewStackReference(ctx, v, nil) // with_default
		{
			s := Setup{NetworkStack: "acme/inner/dev"}
			pulumi.NewStackReference(ctx, s.NetworkStack, nil) // other_variable
		}
		late := func() { pulumi.NewStackReference(ctx, s.NetworkStack, nil) } // closure_after
		late()
		var k Settings
		conf.RequireObject("cased", &k)
		pulumi.NewStackReference(ctx, k.NetworkStack, nil) // cased
"""

REFUSED = """		var s Settings
		conf.RequireObject("settings", &s)
		pulumi.NewStackReference(ctx, s.private, nil) // unexported
		pulumi.NewStackReference(ctx, s.Skipped, nil) // dash
		var b Settings
		pulumi.NewStackReference(ctx, b.NetworkStack, nil) // before
		conf.RequireObject("settings", &b)
		var c Settings
		if ctx.Stack() == "prod" {
			conf.RequireObject("settings", &c)
		}
		pulumi.NewStackReference(ctx, c.NetworkStack, nil) // branch
		var l Settings
		for i := 0; i < 2; i++ {
			conf.RequireObject("settings", &l)
		}
		pulumi.NewStackReference(ctx, l.NetworkStack, nil) // loop
		var h Settings
		conf.RequireObject("settings", &h)
		use(h)
		pulumi.NewStackReference(ctx, h.NetworkStack, nil) // handed
		var f Settings
		conf.RequireObject("settings", &f)
		f.Net.Stack = "acme/x/dev"
		pulumi.NewStackReference(ctx, f.NetworkStack, nil) // field_set
		var p Settings
		conf.RequireObject("settings", &p)
		dns := p.Dns
		dns.Stack = "acme/x/dev"
		pulumi.NewStackReference(ctx, p.Dns.Stack, nil) // pointer_shared
		var w Settings
		conf.RequireObject("settings", &w)
		conf.GetObject("other", &w)
		pulumi.NewStackReference(ctx, w.NetworkStack, nil) // twice
		var e Elsewhere
		conf.RequireObject("settings", &e)
		pulumi.NewStackReference(ctx, e.NetworkStack, nil) // other_file
		lit := Settings{NetworkStack: "acme/lit/dev"}
		conf.GetObject("settings", &lit)
		pulumi.NewStackReference(ctx, lit.NetworkStack, nil) // literal
		conf.RequireObject("settings", &outer)
		pulumi.NewStackReference(ctx, outer.NetworkStack, nil) // outer
		var q Settings
		early := func() { pulumi.NewStackReference(ctx, q.NetworkStack, nil) } // closure_before
		early()
		conf.RequireObject("settings", &q)
		early()
		var m Settings
		conf.RequireObject("ambiguous", &m)
		pulumi.NewStackReference(ctx, m.NetworkStack, nil) // ambiguous
		var r Settings
		conf.RequireObject("settings", &r)
		check := r.Validate
		check()
		pulumi.NewStackReference(ctx, r.NetworkStack, nil) // method_value
		var a Settings
		conf.RequireObject("settings", &a)
		a, err := reload()
		_ = err
		pulumi.NewStackReference(ctx, a.NetworkStack, nil) // declared_again
		var emb Embedding
		conf.RequireObject("settings", &emb)
		pulumi.NewStackReference(ctx, emb.NetStack, nil) // embedding
		var cl Clash
		conf.RequireObject("settings", &cl)
		pulumi.NewStackReference(ctx, cl.NetStack, nil) // clash
		mine := loader()
		var n Settings
		mine.RequireObject("settings", &n)
		pulumi.NewStackReference(ctx, n.NetworkStack, nil) // not_pulumi
"""

DEV = {
    "app:settings": {
        "networkStack": "acme/net/dev",
        "net": {"stack": "acme/data/dev"},
        "dns": {"stack": "acme/dns/dev"},
    },
    "app:other": {"networkStack": "acme/other/dev"},
    "shared:settings": {"networkStack": "acme/shared/dev"},
    "app:cased": {"NETWORKSTACK": "acme/cased/dev"},
    "app:ambiguous": {"networkStack": "acme/a/dev", "NetworkStack": "acme/b/dev"},
}
PROD = {
    "app:settings": {"networkStack": "acme/net/prod", "dns": {"Stack": "acme/dns/prod"}},
    "app:other": {"networkStack": "acme/other/prod"},
    "shared:settings": {"networkStack": "acme/shared/prod"},
    "app:cased": {"networkStack": "acme/cased/prod"},
    "app:ambiguous": {"networkstack": "acme/a/prod", "NetworkStack": "acme/b/prod"},
}


def scan(tmp_path: Path, body: str) -> dict[str, tuple[str, str]]:
    """Tag (the `// tag` ending a reference's line) -> what it names on dev and on prod (or why not)."""
    source = MAIN % (SETTINGS, body)
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text("name: app\nruntime: go\n")
    (app / "go.mod").write_text("module app\n\ngo 1.21\n")
    (app / "main.go").write_text(source)
    (app / "types.go").write_text('package main\n\ntype Elsewhere struct {\n\tNetworkStack string `json:"n"`\n}\n')
    for stack, config in (("dev", DEV), ("prod", PROD)):
        (app / f"Pulumi.{stack}.yaml").write_text(json.dumps({"config": config}))
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    got = {
        (int(r["site"].rpartition(":")[2]), r["stack"]): (
            f"{r['target']['project']}/{r['target']['stack']}" if r["target"] else r["reason"]
        )
        for r in json.loads(out.stdout)["references"]
    }
    lines = {n: m.group(1) for n, t in enumerate(source.splitlines(), 1) if (m := re.search(r"// (\w+)$", t))}
    return {tag: (got[n, "dev"], got[n, "prod"]) for n, tag in lines.items()}


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def test_go_struct_decoded_from_config_is_read_per_stack(tmp_path: Path) -> None:
    got = scan(tmp_path, RESOLVED)
    assert got["plain"] == ("net/dev", "net/prod"), got
    assert got["nested"][0] == "data/dev", got  # `net.stack`
    assert "config key 'app:settings' has no 'net.stack'" in got["nested"][1], got  # prod sets no `net`
    assert got["untagged"] == ("dns/dev", "dns/prod"), got  # no tag: the field's name, in any case
    assert got["package_function"] == ("other/dev", "other/prod"), got  # config.RequireObject(ctx, "app:other", ..)
    assert got["namespace"] == ("shared/dev", "shared/prod"), got  # config.New(ctx, "shared").GetObject
    assert got["try_in_if"] == ("net/dev", "net/prod"), got  # an `if`'s initializer always runs
    assert got["with_default"] == ("data/dev", "fallback/prod"), got  # `if v == "" { v = .. }`
    assert got["closure_after"] == ("net/dev", "net/prod"), got
    assert got["other_variable"] == ("inner/dev", "inner/dev"), got  # another `s`, in a block: its own value
    assert got["cased"] == ("cased/dev", "cased/prod"), got  # encoding/json takes `NETWORKSTACK` for the tag


REASONS = {
    "unexported": "field private of Settings, decoded from config: unexported",
    "dash": 'field Skipped of Settings, decoded from config: tagged json:"-"',
    "before": "'b', read before its function assigns it at line",
    "branch": "'c', assigned in a branch or a loop",
    "loop": "'l', assigned in a branch or a loop",
    "handed": "'h' is used whole at line",
    "field_set": "`f.Net.Stack` is set at line",
    "pointer_shared": "`p.Dns` is read whole at line",
    "twice": "'w' is decoded 2 times",
    "other_file": "decoded from config into Elsewhere, no struct type declared in this file",
    "literal": "'lit' is declared at line",
    "outer": "'outer' is not a local variable of the function making the call",
    "closure_before": "written before 'q' is decoded from config at line",
    "method_value": "`r.Validate` at line",
    "declared_again": "'a' is declared again in its block at line",
    "embedding": "field NetStack of Embedding, decoded from config: which keys `Common` takes is not known",
    "clash": "field NetStack of Clash, decoded from config: another field takes the JSON name 'networkStack' too",
    "not_pulumi": "'n', decoded by mine.RequireObject(), not of a Pulumi config object",
}


def test_go_struct_decoded_from_config_refusals(tmp_path: Path) -> None:
    """Never a guess: whatever may set a field other than the one decoding call leaves the read unresolved."""
    got = scan(tmp_path, REFUSED)
    for tag, why in REASONS.items():
        assert why in got[tag][0] and why in got[tag][1], (tag, got[tag])
    for stack in (0, 1):  # two keys that both match the field: encoding/json keeps the last, not decided here
        assert "all match 'networkStack'" in got["ambiguous"][stack], got["ambiguous"]
