"""The truth of a config value read as a string is that of a string: `config.get("peering")` holding `false` is the
string "false", which is true in TS/JS and Python (only "" is false); a typed read (`getBoolean`, `get_bool`) of
`false` is false, and of a value it does not take ("0", "") is not decided. Before, every read counted "false" and
"0" as false: a stack whose flag is `false`, read with `get`, lost the reference its program makes (a dropped
edge)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import write_repo

PROGRAMS = {
    "nodejs": (
        "index.ts",
        'import * as pulumi from "@pulumi/pulumi";\nconst config = new pulumi.Config();\n'
        'if (config.get("peering")) {\n    new pulumi.StackReference("acme/net/text");\n}\n'
        'if (config.getBoolean("peering")) {\n    new pulumi.StackReference("acme/net/typed");\n}\n',
    ),
    "python": (
        "__main__.py",
        "import pulumi\n\nconfig = pulumi.Config()\n"
        'if config.get("peering"):\n    pulumi.StackReference("acme/net/text")\n'
        'if config.get_bool("peering"):\n    pulumi.StackReference("acme/net/typed")\n',
    ),
}
STACKS = {"off": "false", "on": "true", "zero": "0", "empty": '""'}


@pytest.mark.parametrize("runtime", sorted(PROGRAMS))
def test_a_string_read_is_false_only_when_empty(tmp_path: Path, runtime: str) -> None:
    file, program = PROGRAMS[runtime]
    files = {"app/Pulumi.yaml": f"name: app\nruntime: {runtime}\n", f"app/{file}": program}
    for stack, value in STACKS.items():
        files[f"app/Pulumi.{stack}.yaml"] = f"config:\n  app:peering: {value}\n"
    files["app/Pulumi.unset.yaml"] = "config: {}\n"
    out = cli("scan", write_repo(tmp_path, files), "-f", "json")
    assert out.code == 0, out.stderr
    got: dict[str, set[str]] = {}
    for edge in json.loads(out.stdout)["edges"]:
        got.setdefault(edge["from"].removeprefix("app/"), set()).add(edge["to"].removeprefix("acme/net/"))
    assert {s for s, t in got.items() if "text" in t} == {"off", "on", "zero"}  # "false", "0": non-empty strings
    # getBoolean / get_bool of "0" or "" fails the program (ConfigTypeError): not decided, the reference kept
    assert {s for s, t in got.items() if "typed" in t} == {"on", "zero", "empty"}
