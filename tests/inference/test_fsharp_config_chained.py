"""F# reads a config key on the Config it makes in the same expression: `Config().Require("k")`,
`Config("ns").Get "k"`. Real case UnstoppableMango/the-cluster's ClusterProvider.FromConfig, where the name was
"'Config' from 'global:', which is not a constant of the project" instead of the key read."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

PROGRAM = """module Program

open Pulumi
open Pulumi.FSharp

let infra () =
    let a = StackReference(Config().Require("netStack"))
    let b = StackReference(Config("shared").Get "dbStack")
    let c = StackReference(Config().Require("missing"))
    dict []

[<EntryPoint>]
let main _ = Deployment.run infra
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def test_a_key_read_on_a_config_made_in_place(tmp_path: Path) -> None:
    config = {"app:netStack": "acme/networking/dev", "shared:dbStack": "acme/database/dev"}
    spec = {
        "net/Pulumi.yaml": project("networking"),
        "net/Pulumi.dev.yaml": stack(),
        "db/Pulumi.yaml": project("database"),
        "db/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime="dotnet"),
        "app/Pulumi.dev.yaml": stack(config=config),
        "app/Program.fs": PROGRAM,
    }
    repo = scan(write_repo(tmp_path / "repo", spec))
    got = {r.site: r.target_id or r.reason for r in repo.references}
    assert got["app/Program.fs:7"] == "networking/dev"
    assert got["app/Program.fs:8"] == "database/dev"
    assert "config key 'app:missing' is not set" in got["app/Program.fs:9"]
