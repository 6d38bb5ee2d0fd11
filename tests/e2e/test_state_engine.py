"""`verify` and `--with-state` with the real engine: a StackReference whose name comes from an environment
variable is unresolved statically; after a deploy, `verify` names it (exit 1) and `--with-state` orders the
consumer after the producer, in `plan` and in `up`. A secret output of the producer reaches no output."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.deploy import deploy_env, interval, load_report, show, stackgraph
from tests.helpers.repo_builder import write_repo

pytestmark = pytest.mark.engine

CANARY = "CANARY-7731-state-secret"
NET = f"""name: net
runtime: yaml
variables:
  token:
    fn::secret: {CANARY}
outputs:
  vpc: vpc-1
  token: ${{token}}
"""
APP = """import os

import pulumi

net = pulumi.StackReference(os.environ["NET_STACK"])
pulumi.export("vpc", net.get_output("vpc"))
pulumi.export("token", net.get_output("token"))
"""
REPO = {
    "net/Pulumi.yaml": NET,
    "net/Pulumi.dev.yaml": "config: {}\n",
    "app/Pulumi.yaml": "name: app\nruntime: python\n",
    "app/Pulumi.dev.yaml": "config: {}\n",
    "app/__main__.py": APP,
}
UNRESOLVED = "cannot resolve '<?>': environment variable NET_STACK, read at run time"


def test_state_tells_what_code_cannot(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> None:
    root = write_repo(tmp_path / "repo", REPO)
    env = deploy_env(pulumi_bin, make_engine_env(tmp_path / "engine"), STACKGRAPH_CACHE_DIR="off")
    scanned = stackgraph("scan", root, "-f", "json", env=env)
    [ref] = json.loads(scanned.stdout)["references"]
    assert (ref["site"], ref["resolved"], ref["reason"]) == ("app/__main__.py:5", False, UNRESOLVED)
    # Not deployed yet: verify has nothing to compare, says so naming the backend, and is not a pass.
    fresh = stackgraph("verify", root, env=env)
    assert fresh.returncode == 2, show(fresh)
    assert fresh.stdout.startswith("verify: 2 stacks (0 deployed, 2 not deployed)")
    assert fresh.stderr.splitlines()[-1] == (
        f"stackgraph: error: none of the 2 selected stack(s) is deployed in the backend {env['PULUMI_BACKEND_URL']}: "
        "nothing was verified; check that PULUMI_BACKEND_URL (or `pulumi login`) points at the backend they were "
        "deployed to"
    )
    # Deploy the producer, then the consumer with its environment variable.
    for sid, extra in (("net/dev", {}), ("app/dev", {"NET_STACK": "organization/net/dev"})):
        done = stackgraph("up", root, "-s", sid, "--create-stacks", env={**env, **extra})
        assert done.returncode == 0, show(done)
    verified = stackgraph("verify", root, env=env)
    assert verified.returncode == 1, show(verified)
    urn = "urn:pulumi:dev::app::pulumi:pulumi:StackReference::organization/net/dev"
    assert verified.stdout.splitlines()[1] == (
        f"error: app/dev reads net/dev in its deployed state ({urn}), but the graph has no edge app/dev -> net/dev: "
        f"the scan left app/__main__.py:5 unresolved ({UNRESOLVED}); the order may be wrong: make the name static, "
        "declare it (stackgraph:dependsOn: [net/dev] in app/Pulumi.dev.yaml), or order with --with-state"
    )
    as_json = stackgraph("verify", root, "-f", "json", env=env)
    assert json.loads(as_json.stdout)["summary"]["error"] == 1
    plain = stackgraph("plan", root, "-f", "text", env=env)
    assert plain.stdout == "deploy order: 2 stacks in 1 level\n1\tapp/dev\n1\tnet/dev\n"
    ordered = stackgraph("plan", root, "-f", "text", "--with-state", env=env)
    assert ordered.returncode == 0, show(ordered)
    assert ordered.stdout == "deploy order: 2 stacks in 2 levels\n1\tnet/dev\n2\tapp/dev\tafter net/dev\n"
    # The deploy commands order by it too: app/dev starts once net/dev is done.
    report = tmp_path / "run.json"
    again = stackgraph(
        "up", root, "--with-state", "-p", "2", "--report", report, env={**env, "NET_STACK": "organization/net/dev"}
    )
    assert again.returncode == 0, show(again)
    stacks = load_report(report)
    assert interval(stacks["app/dev"])[0] >= interval(stacks["net/dev"])[1]
    for proc in (fresh, verified, as_json, ordered, again):
        assert CANARY not in proc.stdout + proc.stderr
    # Bad input, with the real CLI: a backend that cannot be reached, then a state newer than stackgraph reads.
    nowhere = stackgraph("verify", root, env={**env, "PULUMI_BACKEND_URL": f"file://{tmp_path / 'nowhere'}"})
    assert nowhere.returncode == 2, show(nowhere)
    assert nowhere.stderr.splitlines()[-2].startswith(
        "stackgraph: error: app/dev, net/dev: cannot read its state from the backend file://"
    )
    checkpoint = Path(env["PULUMI_BACKEND_URL"].removeprefix("file://")) / ".pulumi" / "stacks" / "net" / "dev.json"
    data = json.loads(checkpoint.read_text())
    checkpoint.write_text(json.dumps({**data, "version": 4}))
    newer = stackgraph("verify", root, env=env)
    assert newer.returncode == 2, show(newer)
    assert newer.stderr.splitlines()[-2] == (
        "stackgraph: error: net/dev: its state is in deployment format 4 (written by Pulumi "
        f"{data['checkpoint']['latest']['manifest']['version']}), newer than stackgraph reads (up to 3): upgrade "
        "stackgraph to a release that reads it"
    )
    assert verified.stdout.splitlines()[1] in newer.stdout.splitlines()  # app/dev is still verified
