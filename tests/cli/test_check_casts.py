"""`check` reads a TypeScript output read through every cast: `as`, `!`, `satisfies`, parentheses and the old
angle-bracket form `<T>ref` (a `type_assertion`, whose type comes before the expression)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo


@pytest.mark.parametrize(
    "reference",
    ["(<pulumi.StackReference>ref)", "(ref as any)", "ref!", "(ref satisfies pulumi.StackReference)", "(ref)"],
)
def test_a_read_through_a_cast_is_checked(tmp_path: Path, reference: str) -> None:
    root = write_repo(
        tmp_path,
        {
            "stackgraph.yaml": "org: acme\n",
            "p/Pulumi.yaml": {**project("p"), "outputs": {"vpcId": "vpc-1"}},
            "p/Pulumi.dev.yaml": stack(),
            "c/Pulumi.yaml": project("c", "nodejs"),
            "c/Pulumi.dev.yaml": stack(),
            "c/index.ts": 'import * as pulumi from "@pulumi/pulumi";\n'
            'const ref = new pulumi.StackReference("acme/p/dev");\n'
            f'export const d = {reference}.getOutput("typo6");\n',
        },
    )
    doc = json.loads(cli("check", root, "-f", "json").stdout)
    assert [(f["output"], f["file"], f["line"]) for f in doc["findings"]] == [("typo6", "c/index.ts", 3)]
    assert (doc["checked"], doc["errors"], doc["open_reads"]) == (1, 1, [])
