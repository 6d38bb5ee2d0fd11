"""A TypeScript program's StackReference puts no secret of the stack it reads into stackgraph's files.

The Node.js SDK logs every resource RPC at debug level with the engine's raw response
(`ReadResource RPC finished: ... resp: ...`): for a StackReference that is every output of the
stack it reads, secret values in clear. The engine writes debug events into the `--event-log`
file (the CLI only hides them on screen), so `.stackgraph/logs/<run>/<project>/<stack>.events.jsonl`
held the upstream's secret output. Found by running `stackgraph up` on a YAML `net` with a secret
output and a TypeScript `app` that reads `net`'s plain output only.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.deploy import deploy_env, show, stackgraph

pytestmark = pytest.mark.engine

SECRET = "canary-node-s3cr3t-41"
NET = f"""\
name: net
runtime: yaml
outputs:
  vpcId: vpc-${{pulumi.stack}}
  token:
    fn::secret: {SECRET}
"""
APP = """\
import * as pulumi from "@pulumi/pulumi";

const net = new pulumi.StackReference(`organization/net/${pulumi.getStack()}`);
export const url = pulumi.interpolate`https://app.${net.requireOutput("vpcId")}`;
"""
TSCONFIG = """\
{"compilerOptions": {"strict": true, "target": "es2020", "module": "commonjs", "moduleResolution": "node"},
 "files": ["index.ts"]}
"""


def test_no_upstream_secret_in_the_logs_of_a_typescript_dependent(
    pulumi_bin: Path,
    make_engine_env: Callable[[Path], dict[str, str]],
    examples_node_modules: Path,
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    (repo / "net").mkdir(parents=True)
    (repo / "app").mkdir()
    (repo / "net" / "Pulumi.yaml").write_text(NET)
    (repo / "net" / "Pulumi.dev.yaml").write_text("config: {}\n")
    (repo / "app" / "Pulumi.yaml").write_text("name: app\nruntime: nodejs\n")
    (repo / "app" / "Pulumi.dev.yaml").write_text("config: {}\n")
    (repo / "app" / "index.ts").write_text(APP)
    (repo / "app" / "tsconfig.json").write_text(TSCONFIG)
    (repo / "app" / "package.json").write_text('{"name": "app", "private": true}\n')
    (repo / "node_modules").symlink_to(examples_node_modules)
    env = deploy_env(pulumi_bin, make_engine_env(tmp_path / "engine"))
    report = tmp_path / "run.json"

    proc = stackgraph("up", repo, "--create-stacks", "--report", report, "--junit", tmp_path / "junit.xml", env=env)

    assert proc.returncode == 0, show(proc)
    events = sorted((repo / ".stackgraph" / "logs").rglob("*.events.jsonl"))
    assert [p.parent.name for p in events] == ["app", "net"]  # the dependent's event log was written
    assert "ReadResource" not in (events[0].read_text())  # the SDK's debug lines are dropped
    written = [p for p in (repo / ".stackgraph").rglob("*") if p.is_file() and "state" not in p.parts]
    written += [report, tmp_path / "junit.xml"]
    leaks = [str(p) for p in written if SECRET in p.read_text(errors="replace")]
    assert leaks == [], leaks
    assert SECRET not in proc.stdout + proc.stderr
