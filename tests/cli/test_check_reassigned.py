"""`check` charges each read of a variable given a StackReference more than once to the reference the variable may
hold there: in source order, to each arm's reference after an `if` (both producers must export the key)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

TS_STRAIGHT = """import * as pulumi from "@pulumi/pulumi";
let net = new pulumi.StackReference("acme/p/dev");
export const v = net.getOutput("vpcId");
net = new pulumi.StackReference("acme/q/dev");
export const z = net.getOutput("zoneId");
"""
TS_BRANCHED = """import * as pulumi from "@pulumi/pulumi";
let net;
if (process.env.EAST) {  // decided at run time: either reference may be the one
    net = new pulumi.StackReference("acme/p/dev");
    const v = net.getOutput("vpcId");
} else {
    net = new pulumi.StackReference("acme/q/dev");
}
export const z = net.getOutput("zoneId");
"""
PY_BRANCHED = """import os
import pulumi
if os.environ.get("EAST"):
    net = pulumi.StackReference("acme/p/dev")
    pulumi.export("v", net.get_output("vpcId"))
else:
    net = pulumi.StackReference("acme/q/dev")
pulumi.export("z", net.get_output("zoneId"))
"""


def check(root: Path, main: str, source: str, more: dict[str, str] | None = None) -> dict[str, Any]:
    runtime = "python" if main.endswith(".py") else "nodejs"
    spec = {
        "stackgraph.yaml": "org: acme\n",
        "p/Pulumi.yaml": {**project("p"), "outputs": {"vpcId": "vpc-1"}},
        "p/Pulumi.dev.yaml": stack(),
        "q/Pulumi.yaml": {**project("q"), "outputs": {"zoneId": "z-1"}},
        "q/Pulumi.dev.yaml": stack(),
        "c/Pulumi.yaml": project("c", runtime),
        "c/Pulumi.dev.yaml": stack(),
        f"c/{main}": source,
        **{f"c/{name}": text for name, text in (more or {}).items()},
    }
    out = cli("check", write_repo(root, spec), "-f", "json")
    doc: dict[str, Any] = json.loads(out.stdout)
    return doc


@pytest.mark.parametrize(
    ("main", "source", "errors", "checked"),
    [
        ("index.ts", TS_STRAIGHT, [], 2),  # was: vpcId charged to q/dev and zoneId to p/dev, two false errors
        (
            "index.js",
            TS_STRAIGHT.replace('import * as pulumi from "@pulumi/pulumi"', 'const pulumi = require("@pulumi/pulumi")'),
            [],
            2,
        ),
        ("index.ts", TS_BRANCHED, [("zoneId", 9, "p")], 3),  # read after the `if`: p/dev may be the one
        ("__main__.py", PY_BRANCHED, [("zoneId", 8, "p")], 3),  # was: open, nothing checked
    ],
)
def test_each_read_is_checked_against_the_reference_the_variable_may_hold(
    tmp_path: Path, main: str, source: str, errors: list[tuple[str, int, str]], checked: int
) -> None:
    doc = check(tmp_path, main, source)
    got = [(f["output"], f["line"], f["producer"]) for f in doc["findings"]]
    assert got == errors, doc["findings"]
    assert (doc["errors"], doc["checked"], doc["open_reads"]) == (len(errors), checked, [])


REFS_PY = """import pulumi
net = pulumi.StackReference("acme/p/dev")
vpc = net.get_output("vpcId")
net = pulumi.StackReference("acme/q/dev")
"""
IMPORTER_PY = """import pulumi
from refs import net
pulumi.export("z", net.get_output("zoneId"))
"""


@pytest.mark.parametrize(
    ("refs", "errors", "checked"),
    [
        (REFS_PY, [], 2),  # was: zoneId charged to p/dev as well, a false error
        (
            REFS_PY.replace("import pulumi\n", "import os\nimport pulumi\n").replace(
                'net = pulumi.StackReference("acme/q',
                'if os.environ.get("EAST"):\n    net = pulumi.StackReference("acme/q',
            ),
            [("zoneId", 3, "p")],  # q/dev only under the `if`: p/dev may be the one imported
            3,
        ),
    ],
)
def test_a_name_imported_from_a_module_that_reassigns_it_is_the_last_reference(
    tmp_path: Path, refs: str, errors: list[tuple[str, int, str]], checked: int
) -> None:
    doc = check(tmp_path, "__main__.py", IMPORTER_PY, {"refs.py": refs})
    assert [(f["output"], f["line"], f["producer"]) for f in doc["findings"]] == errors, doc["findings"]
    assert (doc["errors"], doc["checked"], doc["open_reads"]) == (len(errors), checked, [])
