"""A StackReference and a key passed to a helper of the same file that reads that key on it (`def out(ref, name):
return ref.require_output(name)`, `out(net, "vpcId")`): the key is read on the reference at each call; a call or a
helper that cannot be followed keeps the reads open, saying why. Read by the finder alone."""

from __future__ import annotations

import pytest

from stackgraph.inference import ir
from stackgraph.inference.sources import finder

PY = (
    "import pulumi\n\n\ndef out(ref, name):\n    return ref.require_output(name)\n\n\n"
    "net = pulumi.StackReference('acme/net/dev')\n"
)


def site(language: str, source: str, file: str) -> ir.Site:
    [found] = finder(language)(source, file).sites
    return found


@pytest.mark.parametrize(
    ("source", "keys", "why"),
    [
        (PY + "a = out(net, 'vpcId')\nb = out(ref=net, name='subnetIds')\n", ["subnetIds", "vpcId"], ""),
        (PY + "K = 'vpcId'\na = out(net, K)\n", ["vpcId"], ""),  # a constant of the file
        (PY.replace("net = ", "ref = ") + "a = out(ref, 'vpcId')\n", ["vpcId"], ""),  # the helper's own name: its
        # reads are its parameter's, not the module's `ref`
        (PY.replace("(ref, name)", "(ref, name='vpcId')") + "a = out(net)\n", ["vpcId"], ""),  # a default
        (
            PY.replace("    return", "    ref.get_output('zone')\n    return") + "a = out(net, 'vpcId')\n",
            ["vpcId", "zone"],
            "",
        ),  # a literal key the helper reads too
        (PY + "a = out(net, 'vpcId')\nuse(net)\n", ["vpcId"], "`use(net)` at p.py:10"),
        (PY + "def f(k):\n    return out(net, k)\n", [], "`out(net, k)` at p.py:10 (the key out() reads is not"),
        (PY + "a = out(net, *ks)\n", [], "`out(net, *ks)` at p.py:9 (arguments out() is given are not all"),
        (
            PY.replace("    return", "    use(ref)\n    return") + "a = out(net, 'v')\n",
            [],
            "`out(net, ...)` at p.py:10 (out() uses the reference otherwise: `use(ref)` at p.py:5)",
        ),
        (
            PY.replace("    return", "    ref = other\n    return") + "a = out(net, 'v')\n",
            [],
            "`out(net, ...)` at p.py:10 (out() assigns `ref` at p.py:5)",
        ),
        (
            PY.replace("    return", "    name = name.upper()\n    return") + "a = out(net, 'v')\n",
            [],
            "`out(net, ...)` at p.py:10 (out() assigns `name` at p.py:5)",
        ),
        (
            PY.replace("    return ref.require_output(name)", "    return out(ref, name)") + "a = out(net, 'v')\n",
            [],
            "`out(net, ...)` at p.py:9 (out() uses the reference otherwise: `out(ref, name)` at p.py:5)",
        ),  # recursion
        (PY.replace("def out", "@cache\ndef out") + "a = out(net, 'v')\n", [], "`out(net, ...)` at p.py:10"),
        (PY + "def out(r, k):\n    return r\na = out(net, 'v')\n", [], "`out(net, ...)` at p.py:11"),  # defined twice
    ],
)
def test_python(source: str, keys: list[str], why: str) -> None:
    found = site("python", source, "p.py")
    assert list(found.outputs) == keys
    assert found.reads_open.startswith(why) and bool(found.reads_open) == bool(why), found.reads_open


def test_python_a_reassigned_name_charges_each_call_to_the_reference_it_holds() -> None:
    source = (
        "import pulumi\n\ndef out(ref, name):\n    return ref.get_output(name)\n\n"
        "net = pulumi.StackReference('acme/net/dev')\nout(net, 'vpcId')\n"
        "net = pulumi.StackReference('acme/db/dev')\nout(net, 'host')\n"
    )
    first, second = finder("python")(source, "p.py").sites
    assert (first.outputs, first.reads_open, second.outputs, second.reads_open) == (("vpcId",), "", ("host",), "")


def test_python_reads_on_an_imported_name_passed_to_a_helper_are_at_the_call() -> None:
    source = "from refs import net\n\ndef out(ref, name):\n    return ref.get_output(name)\n\n"
    source += "x = out(\n    net,\n 'vpcId')\n"
    (read,) = finder("python")(source, "p.py").name_reads
    assert (read.name.name, read.outputs, read.lines, read.reads_open) == ("net", ("vpcId",), (8,), "")


TS = (
    'import * as pulumi from "@pulumi/pulumi";\n'
    "function stackOutput(ref: pulumi.StackReference, key: string) {\n"
    "    return ref.requireOutput(key);\n"
    "}\n"
    'const net = new pulumi.StackReference("acme/net/dev");\n'
)


@pytest.mark.parametrize("language", ["typescript", "javascript"])
@pytest.mark.parametrize(
    ("source", "keys", "why"),
    [
        (
            TS + 'const a = stackOutput(net, "vpcId");\nconst b = stackOutput(net, `subnetIds`);\n',
            ["subnetIds", "vpcId"],
            "",
        ),
        (TS + 'const K = "vpcId";\nconst a = stackOutput(net, K);\n', ["vpcId"], ""),  # a constant of the file
        (TS.replace("const net", "const ref") + 'stackOutput(ref, "vpcId");\n', ["vpcId"], ""),  # its parameter's name
        (TS.replace("key: string)", 'key: string = "vpcId")') + "stackOutput(net);\n", ["vpcId"], ""),  # a default
        (
            TS.replace(
                "function stackOutput(ref: pulumi.StackReference, key: string) {\n    return ref.requireOutput(key);"
                "\n}",
                "const stackOutput = (ref: any, key: string) => ref.outputs[key];",
            )
            + 'stackOutput(net, "vpcId");\n',
            ["vpcId"],
            "",
        ),
        (
            TS.replace("    return", '    ref.getOutput("zone");\n    return') + 'stackOutput(net, "vpcId");\n',
            ["vpcId", "zone"],
            "",
        ),
        (TS + 'stackOutput(net, "vpcId");\nuse(net);\n', ["vpcId"], "`use(net)` at t:7"),
        (
            TS + "function f(k: string) { return stackOutput(net, k); }\n",
            [],
            "`stackOutput(net, k)` at t:6 (the key stackOutput() reads is not a literal: `key`)",
        ),
        (TS + "stackOutput(net, ...ks);\n", [], "`stackOutput(net, ...ks)` at t:6 (arguments stackOutput() is given"),
        (
            TS.replace("    return", "    use(ref);\n    return") + 'stackOutput(net, "v");\n',
            [],
            "`stackOutput(net, ...)` at t:7 (stackOutput() uses the reference otherwise: `use(ref)` at t:3)",
        ),
        (
            TS.replace("    return", "    ref = other;\n    return") + 'stackOutput(net, "v");\n',
            [],
            "`stackOutput(net, ...)` at t:7 (stackOutput() assigns or declares `ref` at t:3)",
        ),
        (
            TS.replace("    return", "    key = key.trim();\n    return") + 'stackOutput(net, "v");\n',
            [],
            "`stackOutput(net, ...)` at t:7 (stackOutput() assigns or declares `key` at t:3)",
        ),
        (
            TS.replace("return ref.requireOutput(key)", "return stackOutput(ref, key)") + 'stackOutput(net, "v");\n',
            [],
            "`stackOutput(net, ...)` at t:6 (stackOutput() uses the reference otherwise: `stackOutput(ref, key)` at "
            "t:3)",
        ),
        (
            TS.replace("    return", "    const f = (ref) => ref;\n    return") + 'stackOutput(net, "v");\n',
            [],
            "`stackOutput(net, ...)` at t:7 (stackOutput() assigns or declares `ref` at t:3)",
        ),
    ],
)
def test_typescript_and_javascript(language: str, source: str, keys: list[str], why: str) -> None:
    if language == "javascript":
        source = source.replace(": pulumi.StackReference", "").replace(": string", "").replace(": any", "")
        source = source.replace(
            'import * as pulumi from "@pulumi/pulumi";', 'const pulumi = require("@pulumi/pulumi");'
        )
    found = site(language, source, "t")
    assert list(found.outputs) == keys
    assert found.reads_open.startswith(why) and bool(found.reads_open) == bool(why), found.reads_open
