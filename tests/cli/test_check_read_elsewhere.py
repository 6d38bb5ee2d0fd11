"""`stackgraph check`: a read made in another file than the StackReference's is named by its own file and line
(`from refs import net` then `net.get_output("k")`; a helper of refs.py called in __main__.py), with the file and
line of the StackReference; a read in the site's own file keeps today's place."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

PY_NAME = {
    "app/refs.py": 'import pulumi\n\nnet = pulumi.StackReference("acme/net/dev")\n',
    "app/__main__.py": (
        "import pulumi\n"
        "from refs import net\n"
        "\n"
        'pulumi.export("a", net.get_output("vpcId"))\n'
        "\n"
        'pulumi.export("b", net.get_output("subnetId"))\n'
    ),
}
PY_HELPER = {
    "app/refs.py": 'import pulumi\n\ndef make(p):\n    return pulumi.StackReference(f"acme/{p}/dev")\n',
    "app/__main__.py": (
        "import pulumi\n"
        "from refs import make\n"
        "\n"
        'pulumi.export("a", make("net").get_output("vpcId"))\n'
        "\n"
        'pulumi.export("b", make("net").get_output("subnetId"))\n'
    ),
}
TS_FUNCTION = {
    "app/refs.ts": (
        'import * as pulumi from "@pulumi/pulumi";\n'
        "\n"
        "export function network() {\n"
        '    return new pulumi.StackReference("acme/net/dev");\n'
        "}\n"
    ),
    "app/index.ts": (
        'import { network } from "./refs";\n'
        "\n"
        'export const a = network().getOutput("vpcId");\n'
        "\n"
        'export const b = network().getOutput("subnetId");\n'
    ),
}
TS_HELPER = {
    "app/refs.ts": (
        'import * as pulumi from "@pulumi/pulumi";\n'
        "\n"
        "export function ref(p: string) {\n"
        "    return new pulumi.StackReference(`acme/${p}/dev`);\n"
        "}\n"
    ),
    "app/index.ts": (
        'import { ref } from "./refs";\n'
        "\n"
        'export const a = ref("net").getOutput("vpcId");\n'
        "\n"
        'export const b = ref("net")\n'
        '    .getOutput("subnetId");\n'
    ),
}


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


@pytest.mark.parametrize(
    ("runtime", "files", "read", "site"),
    [
        ("python", PY_NAME, ("app/__main__.py", 6), ("app/refs.py", 3)),
        ("python", PY_HELPER, ("app/__main__.py", 6), ("app/refs.py", 4)),
        ("nodejs", TS_FUNCTION, ("app/index.ts", 5), ("app/refs.ts", 4)),
        ("nodejs", TS_HELPER, ("app/index.ts", 6), ("app/refs.ts", 4)),  # the key on the line after the call
    ],
    ids=["py-imported-name", "py-helper", "ts-function", "ts-helper"],
)
def test_a_read_in_another_file_names_that_file_and_line(
    tmp_path: Path, runtime: str, files: dict[str, str], read: tuple[str, int], site: tuple[str, int]
) -> None:
    root = write(tmp_path, runtime, files)
    out = cli("check", root)
    assert out.code == 1, out.stderr
    assert out.stdout.splitlines() == [
        f"error: {read[0]}:{read[1]}: reads output 'subnetId' of net/dev (the StackReference at {site[0]}:{site[1]}), "
        "which does not export it (it exports subnetIds, vpcId); did you mean 'subnetIds'?",
        "1 error, 0 infos; 2 reads checked",
    ]
    doc = json.loads(cli("check", root, "-f", "json").stdout)
    (finding,) = doc["findings"]
    assert (finding["file"], finding["line"]) == read
    assert (finding["site_file"], finding["site_line"]) == site
    assert finding["message"] == out.stdout.splitlines()[0].removeprefix("error: ")


def test_a_key_read_in_the_site_file_and_in_another_is_reported_at_each(tmp_path: Path) -> None:
    files = {
        "app/refs.py": 'import pulumi\n\nnet = pulumi.StackReference("acme/net/dev")\nx = net.get_output("subnetId")\n',
        "app/__main__.py": 'import pulumi\nfrom refs import net\n\npulumi.export("b", net.get_output("subnetId"))\n',
    }
    root = write(tmp_path, "python", files)
    doc = json.loads(cli("check", root, "-f", "json").stdout)
    got = [(f["file"], f["line"], f["site_file"], f["site_line"]) for f in doc["findings"]]
    assert got == [("app/__main__.py", 4, "app/refs.py", 3), ("app/refs.py", 4, None, 3)]
    assert doc["checked"] == 1  # one read of the site, for one producer, as before


def test_a_read_in_the_site_file_has_no_site_file(tmp_path: Path) -> None:
    files = {
        "app/__main__.py": 'import pulumi\nnet = pulumi.StackReference("acme/net/dev")\nnet.get_output("subnetId")\n'
    }
    root = write(tmp_path, "python", files)
    (finding,) = json.loads(cli("check", root, "-f", "json").stdout)["findings"]
    assert (finding["file"], finding["line"], finding["site_file"], finding["site_line"]) == (
        "app/__main__.py",
        3,
        None,
        2,
    )


TS_REFS = 'import * as pulumi from "@pulumi/pulumi";\n\nexport const net = new pulumi.StackReference("acme/net/dev");\n'
TS_READS = 'export const a = {0}.getOutput("vpcId");\n\nexport const b = {0}.getOutput("{1}");\n'
TS_CONSUMERS = {
    "named": ('import {{ net }} from "./refs";\n\n', "net", "app/refs.ts"),
    "alias": ('import {{ net as n }} from "./refs";\n\n', "n", "app/refs.ts"),
    "namespace": ('import * as refs from "./refs";\n\n', "refs.net", "app/refs.ts"),
    "barrel-named": ('import {{ net }} from "./lib";\n\n', "net", "app/lib/index.ts"),
    "barrel-star": ('import * as lib from "./lib";\n\n', "lib.net", "app/lib/index.ts"),
    "require": ('const {{ net }} = require("./refs");\n\n', "net", "app/refs.ts"),
}
BARRELS = {"barrel-named": 'export { net } from "./refs";\n', "barrel-star": 'export * from "./refs";\n'}


def ts_const(kind: str, key: str) -> dict[str, str]:
    head, name, refs = TS_CONSUMERS[kind]
    files = {refs: TS_REFS.replace("./refs", "../refs"), "app/index.ts": head.format() + TS_READS.format(name, key)}
    if kind in BARRELS:
        files["app/lib/refs.ts"] = files.pop(refs)
        files["app/lib/index.ts"] = BARRELS[kind]
        refs = "app/lib/refs.ts"
    return files


@pytest.mark.parametrize("kind", sorted(TS_CONSUMERS))
def test_ts_reads_on_an_imported_module_level_const_are_checked(tmp_path: Path, kind: str) -> None:
    """`export const net = new StackReference(..)` in refs.ts, read in index.ts through an import (named, aliased,
    a namespace, a barrel re-exporting it by name or by `export *`, a CommonJS `require`): the key it does not
    export is an error at the read's own file and line; the keys it exports are none."""
    files = ts_const(kind, "subnetId")
    site = "app/lib/refs.ts" if kind in BARRELS else "app/refs.ts"
    out = cli("check", write(tmp_path / "bad", "nodejs", files))
    assert out.stdout.splitlines() == [
        f"error: app/index.ts:5: reads output 'subnetId' of net/dev (the StackReference at {site}:3), "
        "which does not export it (it exports subnetIds, vpcId); did you mean 'subnetIds'?",
        "1 error, 0 infos; 2 reads checked",
    ], out.stderr
    good = cli("check", write(tmp_path / "good", "nodejs", ts_const(kind, "subnetIds")))
    assert (good.code, good.stdout.splitlines()[-1]) == (0, "0 errors, 0 infos; 2 reads checked"), good.stdout


TS_OPEN = {
    "let-reassigned": (
        {"app/refs.ts": TS_REFS.replace("export const net", "export let net") + "net = other();\n"},
        "`export let net` at app/refs.ts:3",
    ),
    "passed-on": (
        {"app/index.ts": 'import { net } from "./refs";\n\nexport const a = net.getOutput("vpcId");\nuse(net);\n'},
        "`use(net)` at app/index.ts:4",
    ),
    "entry-reexports": (
        {"app/index.ts": 'export { net } from "./refs";\nimport { net } from "./refs";\nnet.getOutput("vpcId");\n'},
        "`net` at app/index.ts:1 (the entry module exports the reference as a stack output",
    ),
    "entry-star": (
        {"app/index.ts": 'export * from "./refs";\nimport { net } from "./refs";\nnet.getOutput("vpcId");\n'},
        '`export * from "./refs"` in app/index.ts (the entry module exports the reference as a stack output',
    ),
    "entry-declares": (
        {"app/refs.ts": "", "app/index.ts": TS_REFS + 'export const a = net.getOutput("vpcId");\n'},
        "`net` at app/index.ts:3 (the entry module exports the reference as a stack output",
    ),
    "namespace-passed-on": (
        {
            "app/index.ts": 'import * as refs from "./refs";\n\nexport const a = refs.net.getOutput("vpcId");\n'
            "f(refs);\n"
        },
        "`f(refs)` at app/index.ts:4",
    ),
}


@pytest.mark.parametrize("kind", sorted(TS_OPEN))
def test_ts_an_exported_const_whose_uses_cannot_all_be_read_is_not_checked(tmp_path: Path, kind: str) -> None:
    """The reads stay open (not checked, and said) when the name is assigned again (`export let`), passed on by an
    importer, or is a stack output of the program (the entry module declares or re-exports it)."""
    changes, why = TS_OPEN[kind]
    files = {**ts_const("named", "subnetId"), **changes}
    out = cli("check", write(tmp_path, "nodejs", {k: v for k, v in files.items() if v}))
    assert out.code == 0, out.stdout
    [last] = out.stdout.splitlines()
    checked = "0 reads" if kind == "let-reassigned" else "1 read"  # the keys known are checked all the same
    assert last.startswith(f"0 errors, 0 infos; {checked} checked; 1 not (1 StackReference whose outputs"), last
    assert why in last, last
