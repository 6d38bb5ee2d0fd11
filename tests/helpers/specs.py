"""Repository specs shared by several test packages: examples/ as a spec, and the discovery extras."""

from __future__ import annotations

import subprocess
from pathlib import Path

from tests.helpers.repo_builder import Content, project, stack

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def examples_spec() -> dict[str, Content]:
    """The tracked files of examples/ (programs included, for the inference), as a spec."""
    names = subprocess.run(
        ["git", "ls-files", "."], cwd=EXAMPLES, capture_output=True, text=True, check=True
    ).stdout.split()
    return {f"examples/{n}": (EXAMPLES / n).read_bytes() for n in names}


def extras_spec() -> dict[str, Content]:
    """Everything else discovery handles: dotted stacks, nesting, stackConfigDir, defaults, externals."""
    return {
        "stackgraph.yaml": {"org": "acme"},
        "platform/Pulumi.yaml": project(
            "platform", config={"stackgraph:dependsOn": {"default": ["acme/base/{stack}"]}}
        ),
        "platform/Pulumi.dev.yaml": stack(),
        "platform/Pulumi.prod.yaml": stack(),
        "platform/Pulumi.demo.example.yaml": stack([]),
        "platform/addons/Pulumi.yaml": project("addons", stackConfigDir="stacks"),
        "platform/addons/stacks/Pulumi.dev.yaml": stack(["platform/dev", "t0/dev"]),
        "platform/addons/stacks/Pulumi.prod.yaml": stack(["platform/prod", "other/shared/prod"]),
        "platform/addons/stacks/Pulumi.demo.example.yaml": stack(["platform/demo.example"]),
        **{f"tools/t{i}/Pulumi.yaml": project(f"t{i}") for i in range(12)},
        **{
            f"tools/t{i}/Pulumi.dev.yaml": stack([f"t{j}/dev" for j in range(i) if (i + j) % 3 == 0]) for i in range(12)
        },
        "app/node_modules/x/Pulumi.yaml": project("ignored"),
    }


def full_spec() -> dict[str, Content]:
    return {**examples_spec(), **extras_spec()}
