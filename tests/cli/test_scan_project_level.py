"""`scan` text shows the references of projects without a stack file: they are counted in its first line and make
no edge until `--env NAME` plans a stack of each, so without them the summary counted references it never showed."""

from __future__ import annotations

from pathlib import Path

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

APP = (
    'import * as pulumi from "@pulumi/pulumi";\n\n'
    "const net = new pulumi.StackReference(`acme/net/${pulumi.getStack()}`);\n"
    'const dns = new pulumi.StackReference("acme/dns/shared");\n'
    'export const v = [net.getOutput("vpcId"), dns.getOutput("zone")];\n'
)


def test_scan_text_lists_the_references_of_projects_without_a_stack_file(tmp_path: Path) -> None:
    """codefly-dev/infrastructure-pulumi-aws (six stackless TypeScript projects over `network`) and
    aleon1220/azure-iac-provisioning-patterns (three Java folders of one project name): `scan` said
    `8 stack references` / `1 stack reference` and listed none of them."""
    root = write_repo(
        tmp_path,
        {
            "net/Pulumi.yaml": project("net"),
            "net/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": project("app", runtime="nodejs"),
            "app/index.ts": APP,
            "app/package.json": '{"name": "app", "main": "index.ts"}',
        },
    )
    out = cli("scan", root)
    assert out.code == 0, out.stderr
    assert out.stdout == (
        "2 projects, 1 stack, 0 dependencies, 2 stack references\n"
        "project app (nodejs) at app: (no stack files)\n"
        "project net (yaml) at net: dev\n"
        "references of projects without a stack file ({stack}: the stack that runs; --env NAME plans one):\n"
        "app/{stack} -> acme/net/{stack} [code]\n"
        "    app/index.ts:3\n"
        "app/{stack} -> acme/dns/shared [code]\n"
        "    app/index.ts:4\n"
    )
    planned = cli("plan", root, "--env", "dev")
    assert "2\tapp/dev\tafter acme/dns/shared, net/dev\n" in planned.stdout
