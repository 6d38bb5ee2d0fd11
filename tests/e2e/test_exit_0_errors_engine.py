"""An engine that exits 0 although it reported errors, with the real engine: the stack fails, its dependents skip.

Pulumi 3.274.1 with pulumi-yaml: `fn::readFile: ${net.outputs["token"]}` (a path that is an output of a
StackReference) fails inside the program; the engine prints "creating failed ... 1 error" and "1 errored"
and exits 0, from `pulumi up` and from `pulumi preview`. stackgraph used to count `bad` as succeeded and
deploy `app`, which reads it. Recorded event lines of these runs: tests/run/test_exit_0_errors.py.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers import engine
from tests.helpers.deploy import deploy_env, load_report, show, stackgraph
from tests.helpers.repo_builder import write_repo

pytestmark = pytest.mark.engine

BAD = """name: bad
runtime: yaml
resources:
  net:
    type: pulumi:pulumi:StackReference
    properties:
      name: organization/net/${pulumi.stack}
  box:
    type: pulumi:index:Stash
    properties:
      input:
        fn::readFile: ${net.outputs["token"]}
outputs:
  boxed: ${box.output}
"""
APP = """name: app
runtime: yaml
resources:
  bad:
    type: pulumi:pulumi:StackReference
    properties:
      name: organization/bad/${pulumi.stack}
outputs:
  got: ${bad.outputs["boxed"]}
"""
REPO = {
    "net/Pulumi.yaml": "name: net\nruntime: yaml\noutputs:\n  token: /nonexistent/stackgraph-token\n",
    "net/Pulumi.dev.yaml": "config: {}\n",
    "bad/Pulumi.yaml": BAD,
    "bad/Pulumi.dev.yaml": "config: {}\n",
    "app/Pulumi.yaml": APP,
    "app/Pulumi.dev.yaml": "config: {}\n",
}
SAID = "the engine exited 0 but reported 1 error (see its log)"
ENGINE_ERROR = "Error reading file at path /nonexistent/stackgraph-token"


def _statuses(report: Path) -> dict[str, str]:
    return {sid: s["status"] for sid, s in load_report(report).items()}


def test_an_engine_exit_0_with_errors_fails_the_stack_and_skips_its_dependents(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> None:
    root = write_repo(tmp_path / "repo", REPO)
    env = deploy_env(pulumi_bin, make_engine_env(tmp_path / "engine"), STACKGRAPH_CACHE_DIR="off")
    report = tmp_path / "up.json"
    up = stackgraph("up", root, "--create-stacks", "--report", report, env=env)
    assert up.returncode == 1, show(up)
    assert _statuses(report) == {"net/dev": "succeeded", "bad/dev": "failed", "app/dev": "skipped"}
    stacks = load_report(report)
    bad = stacks["bad/dev"]
    assert bad["summary"]["error"] == SAID  # plainly, without the engine's text
    assert bad["summary"]["exit_0_errors"] == 1
    assert bad["summary"]["engine_error"].startswith(f"{SAID}: {ENGINE_ERROR}")
    assert stacks["app/dev"]["cause"] == "bad/dev"
    assert "  failed bad/dev after " in up.stderr and f": {SAID}: {ENGINE_ERROR}" in up.stderr, up.stderr
    assert "  skipped because bad/dev failed: app/dev" in up.stderr.splitlines()
    # The engine itself did exit 0 (what this test is about), and app was never deployed.
    assert "step up exited with code 0 after " in (root / bad["log"]).read_text()
    assert stacks["app/dev"]["log"] is None
    assert engine.stack_outputs(env, root / "net", "dev") == {"token": "/nonexistent/stackgraph-token"}

    # `pulumi preview` exits 0 on the same error: the preview of bad fails too, app's is skipped.
    previewed = tmp_path / "preview.json"
    preview = stackgraph("preview", root, "--report", previewed, env=env)
    assert preview.returncode == 1, show(preview)
    assert _statuses(previewed) == {"net/dev": "succeeded", "bad/dev": "failed", "app/dev": "skipped"}
    assert load_report(previewed)["bad/dev"]["summary"]["error"] == SAID
