"""`stackgraph check` on Go: a key given by a string constant (`pulumi.String(OutputKubeconfig)` with
`const OutputKubeconfig = "kubeconfig"` in the file, in a function or in another file of the package) is
recorded as that key; one given by a variable, or a constant whose value is not a string literal the scan
reads, keeps the reads open. Reads on a helper's result (`getNet(ctx).GetOutput(..)`) are the site's."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

HEAD = 'package main\n\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n\n'
SITE = (
    "func main() {\n"  # line 7 (after HEAD and `const ...` on line 5)
    "\tpulumi.Run(func(ctx *pulumi.Context) error {\n"
    '\t\tnet, err := pulumi.NewStackReference(ctx, "acme/net/dev", nil)\n'  # line 9
    "\t\tif err != nil {\n"
    "\t\t\treturn err\n"
    "\t\t}\n"
    '\t\tctx.Export("a", net.GetStringOutput(pulumi.String(outputVpc)))\n'  # line 13
    '\t\tctx.Export("b", net.GetStringOutput(pulumi.String(OutputSubnet)))\n'  # line 14
    "\t\treturn nil\n"
    "\t})\n"
    "}\n"
)
MISSING = (  # at the StackReference's line: no line of the file holds the key quoted (contracts.md)
    "error: app/main.go:9: reads output 'subnetId' of net/dev, which does not export "
    "it (it exports subnetIds, vpcId); did you mean 'subnetIds'?"
)


def write(root: Path, files: dict[str, str]) -> Path:
    spec: dict[str, object] = {
        "stackgraph.yaml": "org: acme\n",
        "net/Pulumi.yaml": {**project("net"), "outputs": {"vpcId": "vpc-1", "subnetIds": "[]"}},
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", "go"),
        "app/Pulumi.dev.yaml": stack(),
        "app/go.mod": "module app\n",
        **files,
    }
    return write_repo(root, spec)


def test_a_key_given_by_a_string_constant_of_the_package_is_checked(tmp_path: Path) -> None:
    root = write(
        tmp_path,
        {
            "app/main.go": HEAD + 'const outputVpc = "vpcId"\n\n' + SITE,
            "app/keys.go": 'package main\n\nconst (\n\tOutputSubnet = "subnet" + "Id"\n\tunused = 1\n)\n',
        },
    )
    out = cli("check", root)
    assert out.stdout.splitlines() == [MISSING, "1 error, 0 infos; 2 reads checked"], out.stderr


def test_a_constant_declared_in_the_function_is_checked(tmp_path: Path) -> None:
    body = SITE.replace("\tpulumi.Run(", '\tconst outputVpc, OutputSubnet = "vpcId", "subnetId"\n\tpulumi.Run(')
    root = write(tmp_path, {"app/main.go": HEAD + "\n\n" + body})
    out = cli("check", root)
    assert out.stdout.splitlines() == [MISSING.replace(":9:", ":10:"), "1 error, "
                                       "0 infos; 2 reads checked"], out.stderr  # fmt: skip


def test_a_key_given_by_a_variable_or_an_unreadable_constant_keeps_the_reads_open(tmp_path: Path) -> None:
    for keys in (
        'package main\n\nvar OutputSubnet = "subnetId"\n',  # a variable: it may be set anywhere
        "package main\n\nconst OutputSubnet = prefix + 1\n",  # not a string the scan reads
        'package main\n\nimport "os"\n\nvar OutputSubnet = os.Getenv("K")\n',
    ):
        root = write(tmp_path / str(len(keys)), {"app/main.go": HEAD + 'const outputVpc = "vpcId"\n\n' + SITE,
                                                 "app/keys.go": keys})  # fmt: skip
        doc = json.loads(cli("check", root, "-f", "json").stdout)
        assert doc["findings"] == [], keys
        assert [(o["file"], o["line"]) for o in doc["open_reads"]] == [("app/main.go", 9)], keys
        assert "OutputSubnet" in doc["open_reads"][0]["reason"]


def test_the_second_name_of_a_const_spec_has_its_own_value(tmp_path: Path) -> None:
    body = SITE.replace('"acme/net/dev"', "stackName").replace(
        "\tpulumi.Run(",
        '\tconst outputVpc, stackName, OutputSubnet = "vpcId", "acme/net/dev", "subnetId"\n\tpulumi.Run(',
    )  # the `,` between the names was taken for a name: stackName had the value of outputVpc's neighbour
    root = write(tmp_path, {"app/main.go": HEAD + "\n\n" + body})
    out = cli("check", root)
    assert out.stdout.splitlines() == [MISSING.replace(":9:", ":10:"), "1 error, 0 infos; 2 reads checked"], out.stderr


def test_a_read_on_a_helpers_result_is_checked_where_it_is_read(tmp_path: Path) -> None:
    refs = (
        HEAD + "func GetNet(ctx *pulumi.Context, name string) *pulumi.StackReference {\n"
        '\tr, _ := pulumi.NewStackReference(ctx, "acme/"+name+"/dev", nil)\n'  # line 6
        "\treturn r\n}\n"
    )
    main = (
        HEAD + "func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n"
        '\t\tctx.Export("a", GetNet(ctx, "net").GetOutput(pulumi.String("vpcId")))\n'
        '\t\tctx.Export("b", GetNet(ctx, "net").\n'  # line 8
        '\t\t\tGetOutput(pulumi.String("subnetId")))\n'  # line 9
        "\t\treturn nil\n\t})\n}\n"
    )
    root = write(tmp_path, {"app/main.go": main, "app/refs.go": refs})
    out = cli("check", root)
    assert out.stdout.splitlines() == [
        "error: app/main.go:9: reads output 'subnetId' of net/dev (the StackReference at app/refs.go:6), which does "
        "not export it (it exports subnetIds, vpcId); did you mean 'subnetIds'?",
        "1 error, 0 infos; 2 reads checked",
    ], out.stderr
