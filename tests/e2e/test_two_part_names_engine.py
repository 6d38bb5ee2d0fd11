"""What a two-part StackReference name (`x/y`) means with a self-managed backend, proven with the real engine.

The file backend reads `organization/base` as stack `base` of the CURRENT project (the organization is
always the word `organization`), and fails on `net/dev` ("organization name must be 'organization'"):
it is not project `net`'s stack `dev`. stackgraph, scanning with the same backend, says the same.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import engine
from tests.helpers.deploy import deploy_env, show, stackgraph
from tests.helpers.repo_builder import write_repo

pytestmark = pytest.mark.engine

APP = """name: app
runtime: yaml
config:
  ref:
    type: string
resources:
  other:
    type: pulumi:pulumi:StackReference
    properties:
      name: ${ref}
outputs:
  got: ${other.outputs}
"""
REPO = {
    "net/Pulumi.yaml": "name: net\nruntime: yaml\noutputs:\n  vpc: vpc-1\n",
    "net/Pulumi.dev.yaml": "config: {}\n",
    "app/Pulumi.yaml": APP,
    "app/Pulumi.base.yaml": "config:\n  app:ref: organization/net/dev\n",
    "app/Pulumi.dev.yaml": "config:\n  app:ref: organization/base\n",
    "app/Pulumi.bad.yaml": "config:\n  app:ref: net/dev\n",
}
UNRESOLVED = (
    "cannot resolve 'net/dev': with a self-managed backend the organization is always 'organization', so the "
    "engine fails on organization 'net' (\"organization name must be 'organization'\"); write 'organization/net/dev'"
)


def test_two_part_names_in_a_file_backend(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> None:
    root = write_repo(tmp_path / "repo", REPO)
    env = deploy_env(pulumi_bin, make_engine_env(tmp_path / "engine"), STACKGRAPH_CACHE_DIR="off")
    scanned = stackgraph("scan", root, "-f", "json", env=env)
    assert scanned.returncode == 0, show(scanned)
    doc = json.loads(scanned.stdout)
    assert [(e["from"], e["to"]) for e in doc["edges"]] == [("app/base", "net/dev"), ("app/dev", "app/base")]
    [bad] = [r for r in doc["references"] if r["stack"] == "bad"]
    assert (bad["resolved"], bad["reason"]) == (False, UNRESOLVED)
    # The engine agrees: deployed in stackgraph's order, app/dev reads app/base (its own project's stack).
    up = stackgraph("up", root, "--exclude", "app/bad", "--create-stacks", env=env)
    assert up.returncode == 0, show(up)
    outputs = engine.stack_outputs(env, root / "app", "organization/app/dev")
    assert outputs == {"got": {"got": {"vpc": "vpc-1"}}}
    # ... and fails on `net/dev`, with the words stackgraph quotes.
    engine.select_stack(env, root / "app", "bad")
    failed = engine.up(env, root / "app", "organization/app/bad")
    assert failed.returncode != 0
    assert "organization name must be 'organization'" in failed.stdout + failed.stderr
