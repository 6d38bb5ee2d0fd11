"""`stackgraph check`: reads of outputs their producers do not export, in every language; open sets and
stacks outside the repository are never errors; `--unused`, `-f json`, `-o`, `contracts.ignore`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from stackgraph.contracts import Finding, FindingKind, check, read_line
from stackgraph.discovery.scan import scan
from tests.helpers.clirun import both, cli, script
from tests.helpers.repo_builder import project, stack, write_repo

CONTRACTS = Path(__file__).parent.parent / "inference" / "contracts"


def label(f: Finding, prefix: str) -> str:
    hint = f" (did you mean {f.suggestion})" if f.suggestion else ""
    where = f"{f.file.removeprefix(prefix)}:{f.line}"
    return f"{f.severity.value} {where} {f.output} from {', '.join(f.producer_stacks)}{hint}"


def test_the_findings_in_every_language_are_as_labelled(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path))
    repo = scan(CONTRACTS)
    result = check(repo)
    got: dict[str, list[str]] = {}
    want: dict[str, list[str]] = {}
    for path in sorted(CONTRACTS.rglob("expect.yaml")):
        folder = path.parent.relative_to(CONTRACTS).as_posix()
        want[folder] = sorted(yaml.safe_load(path.read_text(encoding="utf-8"))["check"])
        got[folder] = sorted(label(f, folder + "/") for f in result.findings if f.file.startswith(folder + "/"))
    assert got == want
    opened: dict[str, list[str]] = {folder: [] for folder in want}
    for o in result.open_reads:
        folder = next(f for f in want if o.file.startswith(f + "/"))
        opened[folder].append(f"{o.file.removeprefix(folder + '/')}:{o.line}")
    assert opened == {folder: open_reads(CONTRACTS / folder / "expect.yaml") for folder in want}
    languages = {"cs", "fs", "go", "java", "js", "py", "ts", "yaml"}
    assert {f.file.split("/")[1] for f in result.errors} == languages | {"pyimport"}  # read in another module
    assert {f.file.split("/")[1] for f in result.findings if f.kind is FindingKind.OPEN} == languages
    assert {o.file.split("/")[1] for o in result.open_reads} == languages - {"yaml"}  # no YAML case (test_open_reads)
    assert all(f.producer.startswith("producers-") for f in result.errors)  # an open producer is never an error
    assert not any(f.output == "invoiceId" for f in result.findings)  # a stack outside the repository
    assert result.unchecked == 2 + len(result.open_reads)  # ... whose reads (consumers/py and consumers/ts) are
    # counted as not checked, and one per site whose outputs are used where the scan cannot read them


def open_reads(expect: Path) -> list[str]:
    return sorted(yaml.safe_load(expect.read_text(encoding="utf-8")).get("open_reads") or [])


def write_pair(root: Path, read: str = "vpcID", settings: str | None = None) -> Path:
    spec = {
        "stackgraph.yaml": settings or "org: acme\n",
        "net/Pulumi.yaml": {**project("net"), "outputs": {"vpcId": "vpc-1", "subnetIds": "[]"}},
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": {
            **project("app"),
            "resources": {
                "net": {"type": "pulumi:pulumi:StackReference", "properties": {"name": "acme/net/dev"}},
                "ext": {"type": "pulumi:pulumi:StackReference", "properties": {"name": "other/billing/prod"}},
            },
            "outputs": {"v": '${net.outputs["' + read + '"]}', "b": "${ext.outputs.invoiceId}"},
        },
        "app/Pulumi.dev.yaml": stack(),
    }
    return write_repo(root, spec)


NOT = "; 1 not (1 read from a stack outside the repository)"
MISSING = (
    "error: app/Pulumi.yaml:13: reads output 'vpcID' of net/dev (the StackReference at line 4), which does not "
    "export it "
    "(it exports subnetIds, vpcId); did you mean 'vpcId'?"
)


def test_a_misspelled_output_is_an_error_with_exit_1(tmp_path: Path) -> None:
    root = write_pair(tmp_path)
    for out in both("check", root):
        assert out.code == 1, out.stderr
        assert out.stdout == f"{MISSING}\n1 error, 0 infos; 1 read checked{NOT}\n"


def test_nothing_to_report_exits_0(tmp_path: Path) -> None:
    root = write_pair(tmp_path, read="vpcId")
    for out in both("check", root):
        assert (out.code, out.stdout) == (0, f"0 errors, 0 infos; 1 read checked{NOT}\n"), out.stderr


def test_unused_lists_the_exports_nobody_reads(tmp_path: Path) -> None:
    root = write_pair(tmp_path, read="vpcId")
    out = cli("check", root, "--unused")
    assert out.code == 0
    assert out.stdout.splitlines() == [
        "info: app/Pulumi.yaml:13: output 'v' of app is read by no stack of this repository",
        "info: app/Pulumi.yaml:14: output 'b' of app is read by no stack of this repository",
        "info: net/Pulumi.yaml:5: output 'subnetIds' of net is read by no stack of this repository",
        f"0 errors, 3 infos; 1 read checked{NOT}",  # other/billing/prod's invoiceId: said, not dropped
    ]
    only_net = cli("check", root, "--unused", "-s", "net/dev")
    assert only_net.stdout.splitlines() == [  # the selected producer's exports; reads anywhere count
        "info: net/Pulumi.yaml:5: output 'subnetIds' of net is read by no stack of this repository",
        "0 errors, 1 info; 0 reads checked",
    ]


def test_json_document_and_output_file(tmp_path: Path) -> None:
    root = write_pair(tmp_path / "repo")
    target = tmp_path / "check.json"
    for run in (cli, script):
        out = run("check", root, "-f", "json", "-o", target)
        assert out.code == 1
        doc = json.loads(target.read_text())
        assert doc["schema"] == "stackgraph.check/v1"
        assert (doc["checked"], doc["unchecked"], doc["errors"], doc["infos"]) == (1, 1, 1, 0)
        assert doc["findings"] == [
            {
                "severity": "error",
                "kind": "missing",
                "output": "vpcID",
                "file": "app/Pulumi.yaml",
                "line": 13,
                "site_line": 4,
                "site_file": None,
                "producer": "net",
                "producer_stacks": ["net/dev"],
                "consumer_stacks": ["app/dev"],
                "exports": ["subnetIds", "vpcId"],
                "suggestion": "vpcId",
                "open": [],
                "message": MISSING.removeprefix("error: "),
            }
        ]
        target.unlink()
    assert cli("check", root, "-f", "json").stdout.startswith('{\n  "schema": "stackgraph.check/v1",')


def write_python_consumer(root: Path) -> Path:
    spec = {
        "stackgraph.yaml": "org: acme\n",
        "net/Pulumi.yaml": {**project("net"), "outputs": {"vpcId": "vpc-1", "subnetIds": "[]"}},
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", "python"),
        "app/Pulumi.dev.yaml": stack(),
        "app/__main__.py": (
            "import pulumi\n"
            'net = pulumi.StackReference("acme/net/dev")\n'
            'pulumi.export("v", net.outputs["vpcID"])\n'
            'other = pulumi.StackReference("acme/net/dev")\n'
            'pulumi.export("all", other.outputs)\n'
        ),
    }
    return write_repo(root, spec)


OPEN = (
    "; 1 not (1 StackReference whose outputs are used where the scan cannot read them, so its reads are not all "
    "known: app/__main__.py:4 (`pulumi.export(..., other.outputs)` at line 5))"
)


def test_a_read_of_outputs_k_is_checked_and_outputs_passed_on_is_counted_not_checked(tmp_path: Path) -> None:
    root = write_python_consumer(tmp_path)
    error = (
        "error: app/__main__.py:3: reads output 'vpcID' of net/dev (the StackReference at line 2), which does not "
        "export it (it exports subnetIds, vpcId); did you mean 'vpcId'?"
    )
    for out in both("check", root):
        assert out.code == 1, out.stderr
        assert out.stdout == f"{error}\n1 error, 0 infos; 1 read checked{OPEN}\n"
    doc = json.loads(cli("check", root, "-f", "json").stdout)
    assert (doc["checked"], doc["unchecked"], doc["errors"]) == (1, 1, 1)
    assert doc["open_reads"] == [
        {
            "file": "app/__main__.py",
            "line": 4,
            "reason": "`pulumi.export(..., other.outputs)` at app/__main__.py:5",
            "producer_stacks": ["net/dev"],
            "consumer_stacks": ["app/dev"],
        }
    ]
    unused = cli("check", root, "--unused", "-s", "net/dev")  # `other` may read subnetIds: not claimed unused
    assert unused.stdout == "0 errors, 0 infos; 0 reads checked\n"


def test_each_call_of_a_helper_giving_the_same_reference_has_its_reads_checked(tmp_path: Path) -> None:
    root = write_python_consumer(tmp_path)
    (root / "app" / "__main__.py").write_text(
        "import pulumi\n"
        "def ref(project):\n"
        '    return pulumi.StackReference(f"acme/{project}/dev")\n'
        'a = ref("net").get_output("vpcId")\n'
        'b = ref("net").get_output("subnetId")\n',  # the second call: once dropped with its reads
        encoding="utf-8",
    )
    out = cli("check", root)
    assert out.stdout.splitlines() == [
        "error: app/__main__.py:5: reads output 'subnetId' of net/dev (the StackReference at line 3), which does not "
        "export it (it exports subnetIds, vpcId); did you mean 'subnetIds'?",
        "1 error, 0 infos; 2 reads checked",
    ]


def test_a_key_read_by_a_function_of_another_module_the_reference_is_passed_to_is_checked(tmp_path: Path) -> None:
    root = write_python_consumer(tmp_path)  # the producer exports subnetIds and vpcId
    (root / "app" / "__main__.py").write_text(
        "import pulumi\nfrom netlib import vpc_of, out\n"
        'net = pulumi.StackReference("acme/net/dev")\n'
        'pulumi.export("v", vpc_of(net))\n'
        'pulumi.export("s", out(net, "subnetIdz"))\n',
        encoding="utf-8",
    )
    (root / "app" / "netlib.py").write_text(
        'def vpc_of(ref):\n    return ref.get_output("vpcID")\n\n\n'
        "def out(ref, name):\n    return ref.get_output(name)\n",
        encoding="utf-8",
    )
    for out in both("check", root):
        assert out.code == 1, out.stderr
        assert out.stdout.splitlines() == [
            "error: app/__main__.py:5: reads output 'subnetIdz' of net/dev (the StackReference at line 3), which does "
            "not export it (it exports subnetIds, vpcId); did you mean 'subnetIds'?",
            "error: app/netlib.py:2: reads output 'vpcID' of net/dev (the StackReference at app/__main__.py:3), which "
            "does not export it (it exports subnetIds, vpcId); did you mean 'vpcId'?",
            "2 errors, 0 infos; 2 reads checked",
        ]


def test_a_reference_passed_to_a_ts_function_of_another_module_that_reads_a_key_is_checked(tmp_path: Path) -> None:
    spec = {
        "net/Pulumi.yaml": project("net", "nodejs"),
        "net/Pulumi.dev.yaml": stack(),
        "net/index.ts": 'export const vpcId = "vpc-1";\nexport const subnets = ["a"];\n',
        "app/Pulumi.yaml": project("app", "nodejs"),
        "app/Pulumi.dev.yaml": stack(),
        "app/index.ts": (
            'import * as pulumi from "@pulumi/pulumi";\nimport { vpcOf } from "../lib/net";\n'
            "const net = new pulumi.StackReference(`org/net/${pulumi.getStack()}`);\n"
            'export const v = vpcOf(net);\nexport const s = net.getOutput("subnets");\n'
        ),
        "lib/net.ts": (
            'import * as pulumi from "@pulumi/pulumi";\n'
            "export function vpcOf(ref: pulumi.StackReference): pulumi.Output<any> {\n"
            '    return ref.getOutput("vpcIdd");\n}\n'
        ),
    }
    root = write_repo(tmp_path, spec)
    for out in both("check", root):
        assert out.code == 1, out.stderr
        assert out.stdout == (
            "error: lib/net.ts:3: reads output 'vpcIdd' of net/dev (the StackReference at app/index.ts:3), which does "
            "not export it (it exports subnets, vpcId); did you mean 'vpcId'?\n1 error, 0 infos; 2 reads checked\n"
        )  # was: 0 errors, 1 not checked (`vpcOf(net)` at line 4)


def test_a_contracts_ignore_entry_silences_a_finding(tmp_path: Path) -> None:
    root = write_pair(tmp_path, settings='org: acme\ncontracts:\n  ignore: ["net:vpcID"]\n')
    out = cli("check", root)
    assert (out.code, out.stdout) == (0, f"0 errors, 0 infos; 0 reads checked{NOT}\n")
    every = write_pair(tmp_path / "every", settings="org: acme\ncontracts:\n  ignore: ['net:*']\n")
    assert cli("check", every).code == 0


@pytest.mark.parametrize(
    ("settings", "message"),
    [
        (
            "contracts:\n  ignore: [vpcID]\n",
            "stackgraph.yaml:3: 'contracts.ignore' entries are `PROJECT:OUTPUT` (OUTPUT may be *), not 'vpcID'",
        ),
        ("contracts: [x]\n", "stackgraph.yaml:2: 'contracts' must be a mapping with the one key 'ignore'"),
        (
            "contracts:\n  ignore: ['nett:vpcID']\n",
            "stackgraph.yaml:3: 'contracts.ignore' names project 'nett', which is not in this repository; "
            "write PROJECT:OUTPUT with the producer's project name",
        ),
    ],
)
def test_a_bad_contracts_entry_is_bad_input(tmp_path: Path, settings: str, message: str) -> None:
    root = write_pair(tmp_path, settings="org: acme\n" + settings)
    for out in both("check", root):
        assert out.code == 2
        assert out.stderr.strip().splitlines()[-1] == f"stackgraph: error: {message}"


def test_a_bad_format_is_a_usage_error(tmp_path: Path) -> None:
    out = cli("check", write_pair(tmp_path), "-f", "dot")
    assert (out.code, out.stderr.strip()) == (2, "stackgraph: error: --format dot: choose one of text, json")


def test_the_summary_says_what_was_not_checked_and_why() -> None:
    last = cli("check", CONTRACTS).stdout.splitlines()[-1]
    assert last == (
        "22 errors, 14 infos; 36 reads checked; 10 not (2 read from a stack outside the repository; "
        "8 StackReferences whose outputs are used where the scan cannot read them, so their "
        "reads are not all known: consumers/cs/Program.cs:25 (`all = opaque.Outputs` at line 26), "
        "consumers/fs/Program.fs:14 (`opaque.Outputs` at line 15), consumers/fs/Program.fs:20 (`zoneOf passed` at "
        "line 21) and 5 more)"
    )


def test_the_check_is_deterministic() -> None:
    runs = {cli("check", CONTRACTS, "-f", "json").stdout for _ in range(2)}
    assert len(runs) == 1


def test_each_error_points_at_the_line_that_reads_the_output() -> None:
    out = cli("check", CONTRACTS, "-f", "json")
    got = sorted(
        (f["file"], f["line"], f["site_line"]) for f in json.loads(out.stdout)["findings"] if f["severity"] == "error"
    )
    assert got == [
        ("consumers/cs/Program.cs", 12, 6),
        ("consumers/cs/Program.cs", 13, 7),
        ("consumers/cs/Program.cs", 15, 7),
        ("consumers/cs/Program.cs", 24, 23),
        ("consumers/cs/Program.cs", 31, 27),  # read in ZoneOf, a helper of the class the reference is passed to
        ("consumers/fs/Program.fs", 10, 7),
        ("consumers/fs/Program.fs", 27, 23),
        ("consumers/go/main.go", 12, 7),
        ("consumers/go/main.go", 24, 23),
        ("consumers/go/main.go", 32, 27),  # read in zoneOf, a function of the file the reference is passed to
        ("consumers/java/src/main/java/app/App.java", 11, 9),
        ("consumers/java/src/main/java/app/App.java", 21, 20),
        ("consumers/java/src/main/java/app/App.java", 29, 24),  # read in zoneOf, as in C#
        ("consumers/js/index.js", 8, 4),
        ("consumers/js/index.js", 14, 13),
        ("consumers/py/__main__.py", 5, 3),
        ("consumers/py/__main__.py", 23, 21),
        ("consumers/pyimport/__main__.py", 4, 5),  # read in __main__.py, which imports the reference of refs.py
        ("consumers/ts/index.ts", 5, 3),
        ("consumers/ts/index.ts", 8, 6),
        ("consumers/ts/index.ts", 19, 17),
        ("consumers/yaml/Pulumi.yaml", 13, 4),
    ]


@pytest.mark.parametrize(
    ("lines", "site", "want"),
    [
        (['net = StackReference("x")', 'a = net.get_output("vpcID")'], 1, 2),
        (['net = StackReference("x")', "a = net.get_output('vpcID')", "b = other['vpcID']"], 1, None),  # two: unsure
        (['a = "vpcID"', 'net = StackReference("x")'], 2, None),  # before the reference: not its read
        (['n = StackReference("x")', 'a = n.get_output("vpcIDs")'], 1, None),  # another key
        (["  net:", "outputs:", "  v: ${net.outputs.vpcID}"], 1, 3),  # YAML
        (["outputs:", '  v: ${net.outputs["vpcID"]}'], 1, 2),
        (['net = StackReference("x")', '# see "vpcID" handling in other.py'], 1, None),  # a comment reads nothing
        (['net = StackReference("x")', 'const u = "http://x"; // "vpcID"'], 1, None),
    ],
)
def test_the_read_line_is_named_only_when_one_line_surely_reads_the_key(
    lines: list[str], site: int, want: int | None
) -> None:
    assert read_line(lines, "vpcID", site) == want


def test_the_summary_says_why_each_read_was_not_checked(tmp_path: Path) -> None:
    """Reads that cannot be checked are counted by why: an unresolved name, a stack with no stack file here, a
    stack outside the repository (they were once lumped as "outside the repository or unresolved")."""
    resources = {
        "ext": {"type": "pulumi:pulumi:StackReference", "properties": {"name": "other/billing/prod"}},
        "gone": {"type": "pulumi:pulumi:StackReference", "properties": {"name": "acme/net/prod"}},
        "what": {"type": "pulumi:pulumi:StackReference", "properties": {"name": "${nowhere}"}},
        "what2": {"type": "pulumi:pulumi:StackReference", "properties": {"name": "${nowhere}"}},
    }
    outputs = {k: "${" + k + ".outputs.x}" for k in resources}
    root = write_repo(
        tmp_path,
        {
            "stackgraph.yaml": "org: acme\n",
            "net/Pulumi.yaml": {**project("net"), "outputs": {"x": "1"}},
            "net/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": {**project("app"), "resources": resources, "outputs": outputs},
            "app/Pulumi.dev.yaml": stack(),
        },
    )
    for out in both("check", root):
        assert out.code == 0, out.stderr
        assert out.stdout.splitlines()[-1] == (
            "0 errors, 0 infos; 0 reads checked; 4 not (2 read through an unresolved reference; 1 read from a stack "
            "that has no stack file here; 1 read from a stack outside the repository)"
        )
    doc = json.loads(cli("check", root, "-f", "json").stdout)
    assert (doc["unchecked"], doc["unchecked_why"]) == (4, {"unresolved": 2, "no-stack-file": 1, "outside": 1})
