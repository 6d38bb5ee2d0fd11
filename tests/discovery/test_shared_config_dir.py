"""Several projects reading one stack folder (`stackConfigDir` shared), as hyperledger-labs/splice does
(`cluster/pulumi/<project>/Pulumi.yaml` with `stackConfigDir: ../../stacks`, files `Pulumi.<project>.<stack>.yaml`).

Was: every project took every file there (splice's 6 files made 18 stacks) without a word."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

SHARED = "../../stacks"


def splice_like(root: Path) -> Path:
    return write_repo(root, {
        "cluster/pulumi/infra/Pulumi.yaml": project("infra", runtime="nodejs", stackConfigDir=SHARED),
        "cluster/pulumi/canton-network/Pulumi.yaml": project("canton-network", runtime="nodejs", stackConfigDir=SHARED),
        "cluster/pulumi/sv/Pulumi.yaml": project("sv", runtime="nodejs", stackConfigDir=SHARED),
        "cluster/pulumi/sv-canton/Pulumi.yaml": project("sv-canton", runtime="nodejs", stackConfigDir=SHARED),
        "cluster/stacks/Pulumi.infra.cimain.yaml": stack(),
        "cluster/stacks/Pulumi.canton-network.cimain.yaml": stack(["infra/infra.cimain"]),
        "cluster/stacks/Pulumi.sv-canton.sv-1-migration-2.mainzrh.yaml": stack(),
        "cluster/stacks/Pulumi.sv.main.yaml": stack(),
        "cluster/stacks/Pulumi.scratch.yaml": stack(),  # named for no project: a stack of each
    })  # fmt: skip


def test_each_file_of_a_shared_stack_folder_is_the_stack_of_the_project_it_is_named_for(tmp_path: Path) -> None:
    out = cli("scan", splice_like(tmp_path), "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    assert sorted(s["id"] for s in doc["stacks"]) == [
        "canton-network/canton-network.cimain", "canton-network/scratch", "infra/infra.cimain", "infra/scratch",
        "sv-canton/scratch", "sv-canton/sv-canton.sv-1-migration-2.mainzrh", "sv/scratch", "sv/sv.main",
    ]  # fmt: skip
    assert [(e["from"], e["to"]) for e in doc["edges"]] == [
        ("canton-network/canton-network.cimain", "infra/infra.cimain")
    ]
    said = [(d["severity"], d["code"], d["file"], d["message"]) for d in doc["diagnostics"]]
    assert said == [
        ("info", "shared-config-dir", "cluster/pulumi/canton-network/Pulumi.yaml",
         "cluster/stacks/ is the stack folder of projects canton-network, infra, sv, sv-canton: a file "
         "Pulumi.<project>.<stack>.yaml there is a stack of the project its name begins with; any other file is a "
         "stack of each of them"),
        ("warning", "shared-config-dir", "cluster/stacks/Pulumi.scratch.yaml",
         "a stack 'scratch' of each of projects canton-network, infra, sv, sv-canton, which share this folder (Pulumi "
         "reads it for any of them that has a stack 'scratch'); name it Pulumi.<project>.scratch.yaml to say whose"),
    ]  # fmt: skip
    assert out.stderr.count("warning:") == 1


def test_the_longest_project_name_a_file_begins_with_takes_it(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {
        "p/a/Pulumi.yaml": project("a", stackConfigDir="../../cfg"),
        "p/ab/Pulumi.yaml": project("a.b", stackConfigDir="../../cfg"),
        "cfg/Pulumi.a.b.main.yaml": stack(), "cfg/Pulumi.a.main.yaml": stack(), "cfg/Pulumi.a.b.yaml": stack(),
    })  # fmt: skip
    out = cli("ls", root)
    assert out.code == 0, out.stderr
    assert sorted(out.stdout.split()) == ["a.b/a.b.main", "a/a.b", "a/a.main"]


def test_a_project_folder_another_project_reads_is_shared_too(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {
        "net/Pulumi.yaml": project("net"), "net/Pulumi.net.dev.yaml": stack(),
        "net2/Pulumi.yaml": project("net2", stackConfigDir="../net"), "net/Pulumi.net2.dev.yaml": stack(),
    })  # fmt: skip
    out = cli("ls", root)
    assert (out.code, sorted(out.stdout.split())) == (0, ["net/net.dev", "net2/net2.dev"]), out.stderr
