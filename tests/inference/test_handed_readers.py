"""A StackReference passed to a function of another module that only reads keys on it (`vpcOf(net)`, `vpcOf` imported
from lib/net.ts; `vpc_of(net)` from netlib.py): the keys it reads are the reference's, checked where they are read; a
function the scan cannot follow, or that does anything else with the reference, keeps the reads open, saying where
(inference/handed.py). Scanned from real temporary repositories and checked as `stackgraph check` does."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.inference.handed import with_handed_reads
from stackgraph.inference.sources import finder
from tests.helpers.checked import outcome
from tests.helpers.repo_builder import project, stack, write_repo

TS_NET = 'export const vpcId = "vpc-1";\nexport const subnets = ["a"];\n'
TS_APP = (
    'import * as pulumi from "@pulumi/pulumi";\nimport { vpcOf } from "../lib/net";\n'
    "const net = new pulumi.StackReference(`acme/net/${pulumi.getStack()}`);\nexport const v = vpcOf(net);\n"
)
TS_LIB = (
    'import * as pulumi from "@pulumi/pulumi";\nexport function vpcOf(ref: pulumi.StackReference) {\n'
    '    return ref.getOutput("vpcIdd");\n}\n'
)
PY_NET = 'import pulumi\npulumi.export("vpc_id", "vpc-1")\npulumi.export("subnets", ["a"])\n'
PY_APP = (
    "import pulumi\nfrom netlib import vpc_of\n"
    'net = pulumi.StackReference(f"acme/net/{pulumi.get_stack()}")\npulumi.export("v", vpc_of(net))\n'
)
PY_LIB = "import pulumi\n\n\ndef vpc_of(ref):\n    return ref.get_output('vpc_idd')\n"


def ts_repo(root: Path, app: str, files: dict[str, str]) -> Path:
    spec = {
        "net/Pulumi.yaml": project("net", runtime="nodejs"),
        "net/Pulumi.dev.yaml": stack(),
        "net/index.ts": TS_NET,
        "app/Pulumi.yaml": project("app", runtime="nodejs"),
        "app/Pulumi.dev.yaml": stack(),
        "app/index.ts": app,
        **files,
    }
    return write_repo(root, spec)


def py_repo(root: Path, app: str, files: dict[str, str]) -> Path:
    spec = {
        "net/Pulumi.yaml": project("net", runtime="python"),
        "net/Pulumi.dev.yaml": stack(),
        "net/__main__.py": PY_NET,
        "app/Pulumi.yaml": project("app", runtime="python"),
        "app/Pulumi.dev.yaml": stack(),
        "app/__main__.py": app,
        **files,
    }
    return write_repo(root, spec)


@pytest.fixture(autouse=True)
def _no_cache(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", "off")


@pytest.mark.parametrize(
    ("app", "files", "errors", "opened"),
    [
        (TS_APP, {"lib/net.ts": TS_LIB}, ["lib/net.ts:3 vpcIdd"], []),  # read in the helper's file, at its line
        (
            TS_APP.replace("{ vpcOf }", "* as lib").replace("vpcOf(net)", "lib.vpcOf(net)"),
            {"lib/net.ts": TS_LIB},
            ["lib/net.ts:3 vpcIdd"],
            [],
        ),  # through a module alias
        (
            TS_APP.replace('"../lib/net"', '"../lib"'),
            {"lib/net.ts": TS_LIB, "lib/index.ts": 'export * from "./net";\n'},
            ["lib/net.ts:3 vpcIdd"],
            [],
        ),  # through a barrel
        (
            TS_APP.replace("vpcOf(net)", 'out(net, "subnetz")').replace("{ vpcOf }", "{ out }"),
            {"lib/net.ts": "export const out = (ref: any, key: string) => ref.requireOutput(key);\n"},
            ["app/index.ts:3 subnetz"],
            [],
        ),  # the key given by the call: read at the call
        (
            TS_APP.replace("vpcOf(net)", "out(net, k)").replace("{ vpcOf }", "{ out, k }"),
            {"lib/net.ts": "export const k = 'x';\nexport const out = (ref: any, key: any) => ref.getOutput(key);\n"},
            [],
            ["`out(net, k)` at app/index.ts:4"],
        ),  # a key that is not a literal of the calling file
        (
            TS_APP,
            {"lib/net.ts": TS_LIB.replace("    return", "    use(ref);\n    return")},
            [],
            ["`vpcOf(net)` at app/index.ts:4"],
        ),  # the helper hands the reference on: as before
        (
            TS_APP,
            {"lib/net.ts": "export { vpcOf } from './other';\n", "lib/other.ts": TS_LIB},
            ["lib/other.ts:3 vpcIdd"],
            [],
        ),  # re-exported by name
        (
            TS_APP.replace('"../lib/net"', '"../lib"'),
            {"lib/net.ts": TS_LIB, "lib/index.ts": 'export * from "./net";\nexport function vpcOf(r) { use(r); }\n'},
            [],
            ["`vpcOf(net)` at app/index.ts:4"],
        ),  # the barrel's own function of that name hides the star's
        (
            TS_APP.replace("export const v = vpcOf(net);", "function f(vpcOf: any) { return vpcOf(net); }"),
            {"lib/net.ts": TS_LIB},
            [],
            ["`vpcOf(net)` at app/index.ts:4"],
        ),  # a parameter hides the import
        (
            TS_APP,
            {"lib/net.ts": "export function vpcOf(ref: any) {\n    return ref.getOutput('vpcId');\n}\n"},
            [],
            [],
        ),  # read and exported: nothing to say, nothing open
        (
            TS_APP,
            {
                "lib/net.ts": "const out = (r: any, k: string) => r.getOutput(k);\nexport const vpcOf = (r: any) =>\n"
                "    out(r, 'vpcIdd');\n"
            },
            ["lib/net.ts:3 vpcIdd"],
            [],
        ),  # passed on to another reader of its module: read at the key's line there
    ],
)
def test_typescript(tmp_path: Path, app: str, files: dict[str, str], errors: list[str], opened: list[str]) -> None:
    assert outcome(ts_repo(tmp_path, app, files)) == (errors, opened)


@pytest.mark.parametrize(
    ("app", "files", "errors", "opened"),
    [
        (PY_APP, {"app/netlib.py": PY_LIB}, ["app/netlib.py:5 vpc_idd"], []),
        (
            PY_APP.replace("from netlib import vpc_of", "import netlib").replace("vpc_of(net)", "netlib.vpc_of(net)"),
            {"app/netlib.py": PY_LIB},
            ["app/netlib.py:5 vpc_idd"],
            [],
        ),  # through the module
        (
            PY_APP.replace("vpc_of(net)", "vpc_of(ref=net)"),
            {"app/netlib.py": PY_LIB},
            ["app/netlib.py:5 vpc_idd"],
            [],
        ),  # by keyword
        (
            PY_APP.replace("vpc_of(net)", "out(net, 'subnetz')").replace("import vpc_of", "import out"),
            {"app/netlib.py": "def out(ref, name):\n    return ref.require_output(name)\n"},
            ["app/__main__.py:3 subnetz"],
            [],
        ),  # the key given by the call
        (
            PY_APP.replace("vpc_of(net)", "out(net)").replace("import vpc_of", "import out"),
            {"app/netlib.py": "def out(ref, name='subnetz'):\n    return ref.require_output(name)\n"},
            ["app/__main__.py:3 subnetz"],
            [],
        ),  # its literal default
        (
            PY_APP,
            {"app/netlib.py": PY_LIB.replace("    return", "    use(ref)\n    return")},
            [],
            ["`vpc_of(net)` at app/__main__.py:4"],
        ),  # the helper hands the reference on: as before
        (
            PY_APP + "def vpc_of(r):\n    return r\n",
            {"app/netlib.py": PY_LIB},
            [],
            ["`vpc_of(net)` at app/__main__.py:4"],
        ),  # the name bound again in the module
        (
            PY_APP.replace("vpc_of(net)", "vpc_of(*more, net)"),
            {"app/netlib.py": PY_LIB},
            [],
            ["`vpc_of(*more, net)` at app/__main__.py:4"],
        ),  # unpacked arguments
        (
            PY_APP.replace("netlib", "pkg"),
            {"app/pkg/__init__.py": "from .impl import vpc_of\n", "app/pkg/impl.py": PY_LIB},
            ["app/pkg/impl.py:5 vpc_idd"],
            [],
        ),  # re-exported by a package
    ],
)
def test_python(tmp_path: Path, app: str, files: dict[str, str], errors: list[str], opened: list[str]) -> None:
    assert outcome(py_repo(tmp_path, app, files)) == (errors, opened)


def test_a_site_with_no_reader_found_keeps_the_reason_of_the_call() -> None:
    facts = finder("typescript")(TS_APP, "app/index.ts")
    [site] = facts.sites
    assert (site.reads_open, [h.why for h in site.handed]) == ("", ["`vpcOf(net)` at app/index.ts:4"])

    class Nothing:
        def origins(self, file: str, imp: object) -> set[tuple[str, str]]:
            return set()

    linked = with_handed_reads(site, Nothing(), None)  # type: ignore[arg-type]  # only origins is asked
    assert (linked.outputs, linked.reads_open, linked.handed) == ((), "`vpcOf(net)` at app/index.ts:4", ())


TS_OUT = 'import * as pulumi from "@pulumi/pulumi";\nfunction out(ref: any, key: any) { return ref.getOutput(key); }\n'
TS_NEW = 'const net = new pulumi.StackReference("acme/net/dev");\n'
PY_OUT = "import pulumi\n\n\ndef out(ref, name):\n    return ref.require_output(name)\n\n\n"
PY_NEW = "net = pulumi.StackReference('acme/net/dev')\n"


@pytest.mark.parametrize(
    ("language", "source", "keys", "why"),
    [
        ("typescript", TS_OUT + 'function vpcOf(r: any) { return out(r, "vpcId"); }\n' + TS_NEW + "vpcOf(net);\n",
         ["vpcId"], ""),
        ("typescript", TS_OUT + "const zoneOf = (r: any, k: string) => out(r, k);\n" + TS_NEW + 'zoneOf(net, "az");\n',
         ["az"], ""),  # the caller's key parameter, given by its call
        ("typescript", TS_OUT + "function f(r: any, k: string) { return out(r, k + 1); }\n" + TS_NEW + 'f(net, "a");\n',
         [], "`f(net, ...)` at t.ts:5 (f() uses the reference otherwise: `out(r, k + ...)` at t.ts:3)"),  # built key
        ("typescript", TS_OUT + "function a(r: any): any { return b(r); }\nfunction b(r: any): any { return a(r); }\n"
         + TS_NEW + "a(net);\n", [], "`a(net)` at t.ts:6 (a() uses the reference otherwise: `b(r)` at t.ts:3)"),
        ("python", PY_OUT + "def vpc_of(r):\n    return out(r, 'vpc_id')\n\n\n" + PY_NEW + "vpc_of(net)\n",
         ["vpc_id"], ""),
        ("python", PY_OUT + "def zone_of(r, k='zone'):\n    return out(r, name=k)\n\n\n" + PY_NEW + "zone_of(net)\n",
         ["zone"], ""),  # the caller's key parameter, its literal default
        ("python", PY_OUT + "def f(r, k):\n    return out(r, k.upper())\n\n\n" + PY_NEW + "f(net, 'a')\n",
         [], "`f(net, ...)` at p.py:13 (f() uses the reference otherwise: `out(r, k.upper())` at p.py:9)"),
        ("python", PY_OUT + "def a(r):\n    return b(r)\n\n\ndef b(r):\n    return a(r)\n\n\n" + PY_NEW + "a(net)\n",
         [], "`a(net)` at p.py:17 (a() uses the reference otherwise: `b(r)` at p.py:9)"),  # recursion
    ],
)  # fmt: skip
def test_a_helper_passing_the_reference_to_another_reader_of_its_file_reads_its_keys(
    language: str, source: str, keys: list[str], why: str
) -> None:
    [site] = finder(language)(source, "t.ts" if language == "typescript" else "p.py").sites
    assert (list(site.outputs), site.reads_open) == (keys, why)


def test_a_reference_passed_to_pulumi_itself_is_left_open_by_the_front_end() -> None:
    source = 'import * as pulumi from "@pulumi/pulumi";\n' + TS_NEW + "export const o = pulumi.output(net);\n"
    [site] = finder("typescript")(source, "t.ts").sites
    assert (site.handed, site.reads_open) == ((), "`pulumi.output(net)` at t.ts:3")
