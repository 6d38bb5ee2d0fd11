"""`export * from "./vpc"` in a TS/JS entry module is followed into the project's own files (recursively, a cycle
read once), so the names those modules export are the stack's outputs and consumers' reads are checked against
them (cabeaulac/localstack-pro-gdc-bp1: `iac/lsgdc/index.ts` re-exports `./iam`, `./dynamodb`, `./s3` ... so every
read of its stack was "not checked"). `export *` does not pass a module's default export on; `export * as ns` is
one output `ns`; a module outside the project, a package, or a file not found stays open with the reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.contracts import check
from stackgraph.discovery.scan import scan
from stackgraph.model import Repo
from tests.helpers.repo_builder import project, stack, write_repo

VPC = """export const vpcId = "vpc-1";
export default { hidden: 1 };
export * from "./deep";
"""
DEEP = """export const [deepA, deepB] = "a.b".split(".");
export * from "../vpc";
"""
READS = ("vpcId", "deepA", "deepB", "ns", "subnetTwo", "hidden", "nope")


def repo_of(tmp_path: Path, index: str, extra: dict[str, str] | None = None) -> Repo:
    consumer = 'import * as pulumi from "@pulumi/pulumi";\nconst net = new pulumi.StackReference("acme/net/dev");\n'
    consumer += "".join(f'export const r{i} = net.getOutput("{key}");\n' for i, key in enumerate(READS))
    spec = {
        "net/Pulumi.yaml": project("net", runtime="nodejs"),
        "net/Pulumi.dev.yaml": stack(),
        "net/index.ts": index,
        "net/vpc.ts": VPC,
        "net/lib/deep.ts": DEEP,
        "net/deep.ts": 'export * from "./lib/deep";\n',
        "net/extra.ts": "export const e1 = 1;\n",
        "net/subnets.ts": "export const subnetA = 1;\nexport const subnetB = 2;\n",
        "app/Pulumi.yaml": project("app", runtime="nodejs"),
        "app/Pulumi.dev.yaml": stack(),
        "app/index.ts": consumer,
        **(extra or {}),
    }
    return scan(write_repo(tmp_path / "repo", spec))


def exports_of(repo: Repo) -> tuple[dict[str, str], list[str]]:
    [net] = [x for x in repo.exports if x.project_path == "net"]
    where = [f"{d.file}:{d.line}" if d.line is not None else d.file for d in net.open]
    return {e.name: e.location() for e in net.names}, [
        f"{d.value} at {w}" for d, w in zip(net.open, where, strict=True)
    ]


def test_star_reexports_of_local_modules_are_the_stacks_outputs(tmp_path: Path) -> None:
    index = 'export * from "./vpc";\nexport * as ns from "./extra";\n'
    index += 'export { subnetA, subnetB as subnetTwo } from "./subnets";\n'
    repo = repo_of(tmp_path, index)
    names, opened = exports_of(repo)
    assert opened == []
    assert names == {
        "vpcId": "net/vpc.ts:1",
        "deepA": "net/lib/deep.ts:1",
        "deepB": "net/lib/deep.ts:1",
        "ns": "net/index.ts:2",
        "subnetA": "net/index.ts:3",
        "subnetTwo": "net/index.ts:3",
    }
    result = check(repo)
    assert sorted(f.output for f in result.errors) == ["hidden", "nope"]  # `export *` leaves the default out
    assert (result.checked, result.unchecked) == (len(READS), 0)


@pytest.mark.parametrize(
    ("line", "where"),
    [
        ('export * from "@acme/net-lib";\n', "net/index.ts:2"),  # a package
        ('export * from "./missing";\n', "net/index.ts:2"),  # no such file
        ('export * from "../shared/net";\n', "net/index.ts:2"),  # a file outside the project
        ('export * from "./bad";\n', "net/bad.ts"),  # a module that cannot be parsed
        ('export * from "./open";\n', "net/open.ts:2"),  # a module whose own exports are open
    ],
    ids=["package", "missing", "outside", "unparsable", "open-there"],
)
def test_a_star_reexport_that_cannot_be_followed_leaves_the_outputs_open(tmp_path: Path, line: str, where: str) -> None:
    extra = {
        "shared/net.ts": "export const vpcId = 1;\n",
        "net/bad.ts": "export const = = ;\n",
        "net/open.ts": "export const a = 1;\nmodule.exports = build();\n",
    }
    repo = repo_of(tmp_path, 'export * from "./vpc";\n' + line.replace("\n", "") + "\n", extra)
    names, opened = exports_of(repo)
    assert "vpcId" in names
    assert len(opened) == 1 and opened[0].endswith(f"at {where}"), opened
    result = check(repo)
    assert not result.errors and result.checked == 0
