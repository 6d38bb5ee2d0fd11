"""The StackReference class given another name by the program itself: `const Ref = pulumi.StackReference` then
`new Ref(..)` (TS/JS), `Ref = pulumi.StackReference` then `Ref(..)` (Python), `using Ref = Pulumi.StackReference;`
then `new Ref(..)` (C#). Each such construction is a site like any other (it was dropped silently: no reference,
no warning). A name bound more than once, or to anything else, stays no StackReference."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.stack_targets import targets

TS_ALIAS = """import * as pulumi from "@pulumi/pulumi";
const Ref = pulumi.StackReference;
const Again = Ref;
const net = new Ref(`acme/network/${pulumi.getStack()}`);
export const vpc = net.getOutput("vpcId");
function build() {
    const Local = pulumi.StackReference;
    return new Local("acme/dns/prod");
}
export const dns = build();
const db = new Again("acme/db/prod");
"""

PY_ALIAS = """import pulumi
from pulumi import StackReference
Ref = pulumi.StackReference
Short = StackReference
net = Ref(f"acme/network/{pulumi.get_stack()}")
def build():
    Local = pulumi.StackReference
    return Local("acme/dns/prod")
dns = build()
db = Short("acme/db/prod")
"""

CS_ALIAS = """using Pulumi;
using Ref = Pulumi.StackReference;

return await Deployment.RunAsync(() =>
{
    var net = new Ref($"acme/network/{Deployment.Instance.StackName}");
    var vpc = net.GetOutput("vpcId");
});
"""


@pytest.mark.parametrize(
    ("runtime", "file", "source", "expected"),
    [
        ("nodejs", "index.ts", TS_ALIAS, {4: "network/dev", 8: "dns/prod", 11: "db/prod"}),
        ("python", "__main__.py", PY_ALIAS, {5: "network/dev", 8: "dns/prod", 10: "db/prod"}),
        ("dotnet", "Program.cs", CS_ALIAS, {6: "network/dev"}),
    ],
)
def test_a_name_the_program_gives_the_class_makes_sites(
    tmp_path: Path, runtime: str, file: str, source: str, expected: dict[int, str]
) -> None:
    project = {"app.csproj": '<Project Sdk="Microsoft.NET.Sdk"></Project>\n'} if runtime == "dotnet" else {}
    files = {file: source} | project
    found = targets(tmp_path, runtime, files, ["dev"])
    assert found == {(line, "dev"): target for line, target in expected.items()}


@pytest.mark.parametrize(
    ("runtime", "file", "source"),
    [
        (
            "nodejs",
            "index.ts",
            'import * as pulumi from "@pulumi/pulumi";\nlet Ref: any = pulumi.StackReference;\n'
            "if (process.env.X) { Ref = Map; }\nexport const r = new Ref();\n",
        ),
        ("nodejs", "index.ts", "const Ref = Map;\nexport const r = new Ref();\n"),
        (
            "python",
            "__main__.py",
            "import pulumi\nRef = pulumi.StackReference\nif pulumi.get_stack() == 'x':\n    Ref = dict\nr = Ref()\n",
        ),
        ("python", "__main__.py", "Ref = dict\nr = Ref()\n"),
    ],
)
def test_a_name_bound_more_than_once_or_to_another_class_is_no_site(
    tmp_path: Path, runtime: str, file: str, source: str
) -> None:
    assert targets(tmp_path, runtime, {file: source}, ["dev"]) == {}
