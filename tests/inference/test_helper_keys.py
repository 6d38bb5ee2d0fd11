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


CS = (
    "using Pulumi;\n"
    "class App : Stack {\n"
    "    static Output<object> StackOutput(StackReference r, string k) => r.RequireOutput(k);\n"
    "    public App() {\n"
    '        var net = new StackReference("acme/net/dev");\n'
)
CS_HELPER = "=> r.RequireOutput(k);"
KEEP = ("", "")  # no change to the helper
CS_CASES = [
    ('StackOutput(net, "vpcId");\nvar b = StackOutput(net, "subnetIds");\n', ["subnetIds", "vpcId"], "", KEEP),
    ('const string K = "vpcId";\nStackOutput(net, K);\n', ["vpcId"], "", KEEP),  # a constant
    ("StackOutput(net);\n", ["vpcId"], "", ("string k)", 'string k = "vpcId")')),  # the parameter's default
    (
        'StackOutput(net, "vpcId");\n',
        ["vpcId", "zone"],
        "",
        (CS_HELPER, '{ r.GetOutput("zone"); return r.RequireOutput(k); }'),
    ),  # a literal key the helper reads too
    ('StackOutput(net, "vpcId");\nUse(net);\n', ["vpcId"], "`Use(net)` at c:7", KEEP),  # handed on elsewhere
    (
        "var k = System.Console.ReadLine();\nStackOutput(net, k);\n",
        [],
        "`StackOutput(net, k)` at c:7 (the key StackOutput() reads is not a literal: `k`)",
        KEEP,
    ),
    ('StackOutput(r: net, k: "vpcId");\n', [], "`StackOutput(r: net, k: ...)` at c:6 (named arguments", KEEP),
    (
        'StackOutput(net, "v");\n',
        [],
        "`StackOutput(net, ...)` at c:6 (StackOutput() uses the reference otherwise: `Use(r)` at c:3)",
        (CS_HELPER, "{ Use(r); return r.RequireOutput(k); }"),
    ),
    (
        'StackOutput(net, "v");\n',
        [],
        "`StackOutput(net, ...)` at c:6 (StackOutput() uses the key `k` otherwise: `k = k.Trim()` at c:3)",
        (CS_HELPER, "{ k = k.Trim(); return r.RequireOutput(k); }"),
    ),
    (
        'StackOutput(net, "v");\n',
        [],
        "`StackOutput(net, ...)` at c:6 (StackOutput() uses the reference otherwise: `StackOutput(r, k)` at c:3)",
        (CS_HELPER, "=> StackOutput(r, k);"),
    ),  # recursion
    (
        'StackOutput(net, "vpcId");\n',
        ["vpcId"],
        "",
        (CS_HELPER, CS_HELPER + "\n    static object StackOutput(StackReference r, string k, string d) => r;"),
    ),  # the one overload taking two arguments
    (
        'StackOutput(net, "v");\n',
        [],
        "`StackOutput(net, ...)` at c:7 (2 of the 2 methods StackOutput() take 2 arguments)",
        (CS_HELPER, CS_HELPER + "\n    static object StackOutput(StackReference r, int k) => r;"),
    ),
]


@pytest.mark.parametrize("case", CS_CASES)
def test_csharp(case: tuple[str, list[str], str, tuple[str, str]]) -> None:
    body, keys, why, change = case  # the lines the site's method runs next, and a change to the helper
    source = CS.replace(*change) + "".join(f"        {text}\n" for text in body.splitlines()) + "    }\n}\n"
    found = site("csharp", source, "c")
    assert list(found.outputs) == keys
    assert found.reads_open.startswith(why) and bool(found.reads_open) == bool(why), found.reads_open


JAVA = (
    "import com.pulumi.core.Output;\n"
    "public class App {\n"
    "    static Output<String> out(StackReference ref, String key) "
    "{ return ref.requireOutput(key).applyValue(String::valueOf); }\n"
    "    public static void main(String[] args) {\n"
    '        var net = new StackReference("acme/net/dev");\n'
)
JAVA_HELPER = "{ return ref.requireOutput(key).applyValue(String::valueOf); }"
JAVA_CASES = [
    ('out(net, "vpcId");\nvar b = out(net, "subnetIds");\n', ["subnetIds", "vpcId"], "", KEEP),
    ('final String K = "vpcId";\nout(net, K);\n', ["vpcId"], "", KEEP),  # a constant
    ('out(ref, "vpcId");\n', ["vpcId"], "", ("var net =", "var ref =")),  # the helper's parameter's name: its own
    (
        'out(net, "vpcId");\n',
        ["vpcId", "zone"],
        "",
        (JAVA_HELPER, '{ ref.getOutput("zone"); return ref.requireOutput(key); }'),
    ),  # a literal key the helper reads too
    ('out(net, "vpcId");\nuse(net);\n', ["vpcId"], "`use(net)` at j:7", KEEP),  # handed on elsewhere
    (
        'String k = System.getenv("K");\nout(net, k);\n',
        [],
        "`out(net, k)` at j:7 (the key out() reads is not a literal: `key`)",
        KEEP,
    ),
    (
        'out(net, "v");\n',
        [],
        "`out(net, ...)` at j:6 (out() uses the reference otherwise: `use(ref)` at j:3)",
        (JAVA_HELPER, "{ use(ref); return ref.requireOutput(key); }"),
    ),
    (
        'out(net, "v");\n',
        [],
        "`out(net, ...)` at j:6 (out() uses the key `key` otherwise: `key = key.trim()` at j:3)",
        (JAVA_HELPER, "{ key = key.trim(); return ref.requireOutput(key); }"),
    ),
    (
        'out(net, "v");\n',
        [],
        "`out(net, ...)` at j:6 (out() uses the reference otherwise: `ref.requireOutput(... + key)` at j:3)",
        (JAVA_HELPER, '{ return ref.requireOutput("p-" + key); }'),
    ),  # a key made in the helper
    (
        'out(net, "v");\n',
        [],
        "`out(net, ...)` at j:6 (out() uses the reference otherwise: `out(ref, key)` at j:3)",
        (JAVA_HELPER, "{ return out(ref, key); }"),
    ),  # recursion
    (
        'out(net, "vpcId");\n',
        ["vpcId"],
        "",
        (JAVA_HELPER, JAVA_HELPER + "\n    static Object out(StackReference ref) { return ref; }"),
    ),  # the one overload taking two arguments
    (
        'out(net, "v");\n',
        [],
        "`out(net, ...)` at j:7 (2 of the 2 methods out() take 2 arguments)",
        (JAVA_HELPER, JAVA_HELPER + "\n    static Object out(StackReference ref, int key) { return ref; }"),
    ),
]


@pytest.mark.parametrize("case", JAVA_CASES)
def test_java(case: tuple[str, list[str], str, tuple[str, str]]) -> None:
    body, keys, why, change = case  # the lines the site's method runs next, and a change to the helper
    source = JAVA.replace(*change) + "".join(f"        {text}\n" for text in body.splitlines()) + "    }\n}\n"
    found = site("java", source, "j")
    assert list(found.outputs) == keys
    assert found.reads_open.startswith(why) and bool(found.reads_open) == bool(why), found.reads_open
