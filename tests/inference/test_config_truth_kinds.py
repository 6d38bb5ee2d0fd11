"""A config read's truth and equality follow what the read gives, wherever its value is tested.

- A string read (`config.get`) held by another module's constant is still a string: `peering: false` gives "false",
  true in TS/JS and Python. Before, only a read written in the test itself was read as a string; through an import
  (or a helper's parameter) "false" and "0" counted as false (a dropped edge).
- A number read (`getNumber`, `get_float`) is the number: "0.0" is 0, false (before: true, a wrong edge); compared
  with a number it is compared as one (`getNumber("replicas") === 3` holds for "3.0"; before: false).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import write_repo

PROGRAMS = {
    "nodejs": {
        "settings.ts": 'import * as pulumi from "@pulumi/pulumi";\nconst config = new pulumi.Config();\n'
        'export const peering = config.get("peering");\n',
        "index.ts": 'import * as pulumi from "@pulumi/pulumi";\nimport { peering } from "./settings";\n'
        "const config = new pulumi.Config();\n"
        'if (peering) {\n    new pulumi.StackReference("acme/net/text");\n}\n'
        'if (config.getNumber("size")) {\n    new pulumi.StackReference("acme/net/number");\n}\n'
        'if (config.getNumber("size") === 3) {\n    new pulumi.StackReference("acme/net/three");\n}\n',
    },
    "python": {
        "settings.py": 'import pulumi\n\nconfig = pulumi.Config()\npeering = config.get("peering")\n',
        "__main__.py": "import pulumi\nfrom settings import peering\n\nconfig = pulumi.Config()\n"
        'if peering:\n    pulumi.StackReference("acme/net/text")\n'
        'if config.get_float("size"):\n    pulumi.StackReference("acme/net/number")\n'
        'if config.get_float("size") == 3:\n    pulumi.StackReference("acme/net/three")\n',
    },
}
STACKS = {"off": ("false", "0.0"), "on": ("true", "3.0"), "odd": ("x", "0x10")}


@pytest.mark.parametrize("runtime", sorted(PROGRAMS))
def test_a_read_is_tested_as_what_it_gives(tmp_path: Path, runtime: str) -> None:
    files = {"app/Pulumi.yaml": f"name: app\nruntime: {runtime}\n"}
    files.update({f"app/{name}": text for name, text in PROGRAMS[runtime].items()})
    for stack, (peering, size) in STACKS.items():
        files[f"app/Pulumi.{stack}.yaml"] = f'config:\n  app:peering: "{peering}"\n  app:size: "{size}"\n'
    out = cli("scan", write_repo(tmp_path, files), "-f", "json")
    assert out.code == 0, out.stderr
    got: dict[str, set[str]] = {s: set() for s in STACKS}
    for edge in json.loads(out.stdout)["edges"]:
        got[edge["from"].removeprefix("app/")].add(edge["to"].removeprefix("acme/net/"))
    assert got["off"] == {"text"}  # "false" is a non-empty string; 0.0 is 0
    assert got["on"] == {"text", "number", "three"}  # 3.0 is 3
    assert got["odd"] == {"text", "number", "three"}  # "0x10": parseFloat gives 0, Python's float fails: undecided
