"""`stackgraph check`: a key read through a helper that takes the StackReference and the key (`def out(ref, name):
return ref.require_output(name)`, `out(net, "subnetId")`) is checked like a direct read, at the call's line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

PY = (
    "import pulumi\n"
    "\n"
    "\n"
    "def out(ref, name):\n"
    "    return ref.require_output(name)\n"
    "\n"
    "\n"
    'net = pulumi.StackReference("acme/net/dev")\n'
    'pulumi.export("a", out(net, "vpcId"))\n'
    'pulumi.export("b", out(net, "{key}"))\n'
)
PY_IMPORTED = {  # the reference made in another module, read through a helper here
    "app/refs.py": 'import pulumi\n\nnet = pulumi.StackReference("acme/net/dev")\n',
    "app/__main__.py": (
        "import pulumi\n"
        "from refs import net\n"
        "\n"
        "def out(ref, name):\n"
        "    return ref.require_output(name)\n"
        "\n"
        'pulumi.export("a", out(net, "vpcId"))\n'
        'pulumi.export("b", out(net, "{key}"))\n'
    ),
}
TS = (
    'import * as pulumi from "@pulumi/pulumi";\n'
    "\n"
    "function stackOutput(ref: pulumi.StackReference, key: string) {\n"
    "    return ref.requireOutput(key);\n"
    "}\n"
    "\n"
    'const net = new pulumi.StackReference("acme/net/dev");\n'
    'export const a = stackOutput(net, "vpcId");\n'
    'export const b = stackOutput(net, "{key}");\n'
)
TS_IMPORTED = {
    "app/refs.ts": (
        'import * as pulumi from "@pulumi/pulumi";\n\nexport const net = new pulumi.StackReference("acme/net/dev");\n'
    ),
    "app/index.ts": (
        'import { net } from "./refs";\n'
        "\n"
        "const out = (ref, key) => ref.getOutput(key);\n"
        'export const a = out(net, "vpcId");\n'
        "export const b = out(\n"
        "    net,\n"
        '    "{key}");\n'
    ),
}
CS = (  # a Pulumi workshop's app: `StackOutput(baseStackRef, "ResourceGroupName")`
    "using Pulumi;\n"
    "\n"
    "return await Deployment.RunAsync<AppStack>();\n"
    "\n"
    "class AppStack : Stack\n"
    "{\n"
    "    static Output<object> StackOutput(StackReference r, string k) => r.RequireOutput(k);\n"
    "\n"
    "    public AppStack()\n"
    "    {\n"
    '        var net = new StackReference("acme/net/dev");\n'
    '        A = StackOutput(net, "vpcId");\n'
    '        B = StackOutput(net, "{key}");\n'
    "    }\n"
    "\n"
    "    [Output] public Output<object> A { get; set; }\n"
    "    [Output] public Output<object> B { get; set; }\n"
    "}\n"
)
JAVA = (  # cvonderheid/mappo: `stringOutput(reference, "runtimeAcrName")`
    "import com.pulumi.Pulumi;\n"
    "import com.pulumi.core.Output;\n"
    "import com.pulumi.resources.StackReference;\n"
    "\n"
    "public class App {\n"
    "    static Output<String> stringOutput(StackReference ref, String key) {\n"
    "        return ref.requireOutput(key).applyValue(String::valueOf);\n"
    "    }\n"
    "\n"
    "    public static void main(String[] args) {\n"
    "        Pulumi.run(ctx -> {\n"
    '            var reference = new StackReference("acme/net/dev");\n'
    '            ctx.export("a", stringOutput(reference, "vpcId"));\n'
    '            ctx.export("b", stringOutput(reference, "{key}"));\n'
    "        });\n"
    "    }\n"
    "}\n"
)
JAVA_FILE = "app/src/main/java/App.java"


def write(root: Path, runtime: str, files: dict[str, str]) -> Path:
    spec: dict[str, object] = {
        "stackgraph.yaml": "org: acme\n",
        "net/Pulumi.yaml": {**project("net"), "outputs": {"vpcId": "vpc-1", "subnetIds": "[]"}},
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime),
        "app/Pulumi.dev.yaml": stack(),
        **files,
    }
    return write_repo(root, spec)


CASES = [
    ("python", {"app/__main__.py": PY}, ("app/__main__.py", 10), ("app/__main__.py", 8)),
    ("python", PY_IMPORTED, ("app/__main__.py", 8), ("app/refs.py", 3)),
    ("nodejs", {"app/index.ts": TS}, ("app/index.ts", 9), ("app/index.ts", 7)),
    ("nodejs", TS_IMPORTED, ("app/index.ts", 7), ("app/refs.ts", 3)),  # the key's line, in a call over three
    ("dotnet", {"app/Program.cs": CS}, ("app/Program.cs", 13), ("app/Program.cs", 11)),
    ("java", {JAVA_FILE: JAVA}, (JAVA_FILE, 14), (JAVA_FILE, 12)),
]
IDS = ["py", "py-imported-name", "ts", "ts-imported-name", "cs", "java"]


@pytest.mark.parametrize(("runtime", "files", "read", "site"), CASES, ids=IDS)
def test_a_misspelt_key_given_to_a_helper_is_an_error_at_the_call(
    tmp_path: Path, runtime: str, files: dict[str, str], read: tuple[str, int], site: tuple[str, int]
) -> None:
    root = write(tmp_path, runtime, {k: v.replace("{key}", "subnetId") for k, v in files.items()})
    out = cli("check", root)
    assert out.code == 1, out.stdout + out.stderr
    where = (
        f" (the StackReference at {site[0]}:{site[1]})"
        if site[0] != read[0]
        else f" (the StackReference at line {site[1]})"
    )
    assert out.stdout.splitlines() == [
        f"error: {read[0]}:{read[1]}: reads output 'subnetId' of net/dev{where}, "
        "which does not export it (it exports subnetIds, vpcId); did you mean 'subnetIds'?",
        "1 error, 0 infos; 2 reads checked",
    ]
    (finding,) = json.loads(cli("check", root, "-f", "json").stdout)["findings"]
    assert (finding["file"], finding["line"]) == read


@pytest.mark.parametrize(("runtime", "files", "read", "site"), CASES, ids=IDS)
def test_a_right_key_given_to_a_helper_checks_clean(
    tmp_path: Path, runtime: str, files: dict[str, str], read: tuple[str, int], site: tuple[str, int]
) -> None:
    root = write(tmp_path, runtime, {k: v.replace("{key}", "subnetIds") for k, v in files.items()})
    out = cli("check", root)
    assert (out.code, out.stdout) == (0, "0 errors, 0 infos; 2 reads checked\n"), out.stderr


@pytest.mark.parametrize(
    ("runtime", "files", "reason"),
    [
        (
            "python",
            {"app/__main__.py": PY},
            "`out(net, pulumi.get_stack())` at app/__main__.py:10 (the key out() reads is not a literal: `name`)",
        ),
        (
            "python",
            PY_IMPORTED,
            "`out(net, pulumi.get_stack())` at app/__main__.py:8 (the key out() reads is not a literal: `name`)",
        ),
        (
            "nodejs",
            {"app/index.ts": TS},
            "`stackOutput(net, process.env.KEY)` at app/index.ts:9 (the key stackOutput()"
            " reads is not a literal: `key`)",
        ),
        (
            "nodejs",
            TS_IMPORTED,
            "`out( net, process.env.KEY)` at app/index.ts:5 (the key out() reads is not a literal: `key`)",
        ),
        (
            "dotnet",
            {"app/Program.cs": CS},
            "`StackOutput(net, Deployment.Instance.StackName)` at app/Program.cs:13 (the key StackOutput() reads is"
            " not a literal: `k`)",
        ),
        (
            "java",
            {JAVA_FILE: JAVA},
            f"`stringOutput(reference, ctx.stackName())` at {JAVA_FILE}:14 (the key stringOutput() reads is not a"
            " literal: `key`)",
        ),
    ],
    ids=IDS,
)
def test_a_key_that_is_not_a_literal_keeps_the_reads_open(
    tmp_path: Path, runtime: str, files: dict[str, str], reason: str
) -> None:
    keys = {"python": "pulumi.get_stack()", "dotnet": "Deployment.Instance.StackName", "java": "ctx.stackName()"}
    key = keys.get(runtime, "process.env.KEY")
    root = write(tmp_path, runtime, {k: v.replace('"{key}"', key) for k, v in files.items()})
    doc = json.loads(cli("check", root, "-f", "json").stdout)
    assert [o["reason"] for o in doc["open_reads"]] == [reason]
    assert (doc["errors"], doc["unchecked"]) == (0, 1)
