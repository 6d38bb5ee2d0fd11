"""A Go struct decoded by a `Secret` form of the structured config reads (`conf.RequireSecretObject("settings", &s)`,
`GetSecretObject`, `TrySecretObject`, `config.RequireSecretObject(ctx, ..)`), which decode as RequireObject does,
is read per stack as RequireObject's is (frontends/go_decoded.py); a `secure:` leaf stays unresolved, and no
output shows its ciphertext.

Was: `&s` given to a call not known as a decoding, every read of `s` unresolved as "a run-time value"."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

MAIN = """package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi/config"
)

type Settings struct {
	NetworkStack string `json:"networkStack"`
	Db           struct {
		Stack string `json:"stack"`
	} `json:"db"`
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		conf := config.New(ctx, "")
		var a Settings
		conf.RequireSecretObject("settings", &a)
		pulumi.NewStackReference(ctx, a.NetworkStack, nil)
		var b Settings
		if _, err := conf.TrySecretObject("settings", &b); err != nil {
			return err
		}
		pulumi.NewStackReference(ctx, b.Db.Stack, nil)
		var c Settings
		config.RequireSecretObject(ctx, "app:settings", &c)
		pulumi.NewStackReference(ctx, c.NetworkStack, nil)
		return nil
	})
}
"""
CIPHER = "AAABAJUSTCIPHERTEXTNEVERSHOWN=="


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def test_secret_object_reads_decode_as_require_object(tmp_path: Path) -> None:
    app = tmp_path / "app"
    app.mkdir()
    (app / "Pulumi.yaml").write_text("name: app\nruntime: go\n")
    (app / "go.mod").write_text("module app\n\ngo 1.21\n")
    (app / "main.go").write_text(MAIN)
    (tmp_path / "net").mkdir()
    (tmp_path / "net" / "Pulumi.yaml").write_text("name: net\nruntime: yaml\n")
    (tmp_path / "net" / "Pulumi.dev.yaml").write_text("config: {}\n")
    settings = {"networkStack": "acme/net/dev", "db": {"stack": {"secure": CIPHER}}}
    (app / "Pulumi.dev.yaml").write_text(json.dumps({"config": {"app:settings": settings}}))
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    got = {int(r["site"].rpartition(":")[2]): r for r in json.loads(out.stdout)["references"]}
    lines = MAIN.splitlines()
    site = {i: ln.strip() for i, ln in enumerate(lines, 1) if "NewStackReference" in ln}
    by_line = {site[n]: r for n, r in got.items()}
    assert by_line["pulumi.NewStackReference(ctx, a.NetworkStack, nil)"]["target_id"] == "net/dev"
    assert by_line["pulumi.NewStackReference(ctx, c.NetworkStack, nil)"]["target_id"] == "net/dev"
    secret = by_line["pulumi.NewStackReference(ctx, b.Db.Stack, nil)"]
    assert secret["target_id"] is None and "secret" in secret["reason"], secret
    assert CIPHER not in out.stdout and CIPHER not in out.stderr
