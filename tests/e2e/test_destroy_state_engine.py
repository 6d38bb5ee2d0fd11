"""`destroy --with-state` with the real engine: a deployed dependent that only its state shows is found.

`appx/dev` was deployed reading `netx/dev`; its code was then changed to name `otherx/dev` (not
deployed), so the scan resolves every site of appx and orders it after otherx: only appx's deployed
state still reads netx. `destroy -s netx/dev --with-state` reads the state of every deployed stack
outside the selection, so it refuses (exit 2) naming appx/dev as known from state; `--force` destroys
and warns; without `--with-state` the graph has no such edge and netx/dev is destroyed, as documented.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.deploy import deploy_env, show, stack_list, stackgraph
from tests.helpers.repo_builder import write_repo

pytestmark = pytest.mark.engine

NETX = "name: netx\nruntime: yaml\noutputs:\n  vpc: vpc-1\n"
APPX = """name: appx
runtime: yaml
resources:
  net:
    type: pulumi:pulumi:StackReference
    properties:
      name: organization/{target}/dev
outputs:
  vpc: ${{net.outputs["vpc"]}}
"""
REPO = {
    "netx/Pulumi.yaml": NETX,
    "netx/Pulumi.dev.yaml": "config: {}\n",
    "otherx/Pulumi.yaml": "name: otherx\nruntime: yaml\noutputs:\n  vpc: vpc-2\n",
    "otherx/Pulumi.dev.yaml": "config: {}\n",
    "appx/Pulumi.yaml": APPX.format(target="netx"),
    "appx/Pulumi.dev.yaml": "config: {}\n",
}
REFUSED = (
    "stackgraph: error: refusing to destroy: netx/dev has deployed dependents outside the selection: appx/dev "
    "(known from deployed state); destroying it would break them; select them too, or pass --force"
)


def _resources(env: dict[str, str], root: Path, project: str) -> int:
    return int(stack_list(env, root / project)["dev"].get("resourceCount", 0))


def test_destroy_with_state_finds_a_dependent_only_state_knows(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> None:
    root = write_repo(tmp_path / "repo", REPO)
    env = deploy_env(pulumi_bin, make_engine_env(tmp_path / "engine"), STACKGRAPH_CACHE_DIR="off")
    deployed = stackgraph("up", root, "-s", "netx/dev", "-s", "appx/dev", "--create-stacks", env=env)
    assert deployed.returncode == 0, show(deployed)
    (root / "appx" / "Pulumi.yaml").write_text(APPX.format(target="otherx"))  # the code now names another stack

    refused = stackgraph("destroy", root, "-s", "netx/dev", "--with-state", "--yes", env=env)
    assert refused.returncode == 2, show(refused)
    assert refused.stderr.splitlines()[-1] == REFUSED
    assert _resources(env, root, "netx") > 0  # nothing ran

    forced = stackgraph("destroy", root, "-s", "netx/dev", "--with-state", "--force", "--yes", env=env)
    assert forced.returncode == 0, show(forced)
    assert (
        "stackgraph: warning: --force: destroying netx/dev although appx/dev (known from deployed state) still "
        "depend(s) on it"
    ) in forced.stderr.splitlines()
    assert _resources(env, root, "netx") == 0

    # Without --with-state the graph knows only the code (appx reads otherx): netx/dev is destroyed, unasked.
    again = stackgraph("up", root, "-s", "netx/dev", env=env)
    assert again.returncode == 0, show(again)
    plain = stackgraph("destroy", root, "-s", "netx/dev", "--yes", env=env)
    assert plain.returncode == 0, show(plain)
    assert "refusing" not in plain.stderr and "--with-state" not in plain.stderr
    assert _resources(env, root, "netx") == 0
    assert _resources(env, root, "appx") > 0
