"""Secrets never leave: the reasons `check` and `scan` give for exports they cannot all read quote the key and
the construct, never a value written in the program (it may be a secret), in every language."""

from __future__ import annotations

from pathlib import Path

from stackgraph.inference.frontends.treesitter import parse
from stackgraph.inference.frontends.typescript.finder import TypeScriptFinder
from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, stack, write_repo

PLANTED = "Pl4ntedS3cret"
TS_HEAD = 'import * as pulumi from "@pulumi/pulumi";\n'
PRODUCERS = {
    "tsdefault/index.ts": f'{TS_HEAD}export default {{ db: pulumi.secret("{PLANTED}") }};\n',
    "tskey/index.ts": f'{TS_HEAD}const k = "a";\nexport = {{ [k]: pulumi.secret("{PLANTED}") }};\n',
    "tsbuilt/index.ts": f'export = buildOutputs("{PLANTED}");\n',
    "tsspread/index.ts": f'export = {{ ...load("{PLANTED}") }};\n',
    "jsassign/index.js": f'Object.assign(exports, {{ pw: "{PLANTED}" }});\n',
    "jsbuilt/index.js": f'module.exports = Object.assign({{}}, {{ password: "{PLANTED}" }});\n',
    "cskey/Program.cs": "using System.Collections.Generic;\nusing Pulumi;\nvar k = \"a\";\n"
                        "return await Deployment.RunAsync(() => new Dictionary<string, object?>\n"
                        f'{{\n    [k] = Output.CreateSecret("{PLANTED}"),\n    {{ k + "b", "{PLANTED}" }},\n}});\n',
    "cscopy/Program.cs": "using System.Collections.Generic;\nusing Pulumi;\n"
                         "return await Deployment.RunAsync(() => new Dictionary<string, object?>"
                         f'(Load("{PLANTED}")) {{ ["a"] = 1 }});\n',
    "csbuilt/Program.cs": f'using Pulumi;\nreturn await Deployment.RunAsync(() => Build("{PLANTED}"));\n',
    "fskey/Program.fs": "module Program\nopen Pulumi.FSharp\nlet infra () =\n    let k = \"a\"\n"
                        f'    dict [ (k, Output.CreateSecret("{PLANTED}") :> obj) ]\n'
                        "[<EntryPoint>]\nlet main _ = Deployment.run infra\n",
    "fsbuilt/Program.fs": f'module Program\nopen Pulumi.FSharp\nlet outs = dict (load "{PLANTED}")\n',
    "gokey/main.go": 'package main\nimport "github.com/pulumi/pulumi/sdk/v3/go/pulumi"\nfunc main() {\n'
                     "  pulumi.Run(func(ctx *pulumi.Context) error {\n    k := \"a\"\n"
                     f'    ctx.Export(k, pulumi.ToSecret("{PLANTED}"))\n    return nil\n  }})\n}}\n',
    "javakey/src/main/java/App.java": "import com.pulumi.Pulumi;\nimport com.pulumi.core.Output;\npublic class App {\n"
                                      "  public static void main(String[] args) {\n    Pulumi.run(ctx -> {\n"
                                      f'      var k = "a";\n      ctx.export(k, Output.ofSecret("{PLANTED}"));\n'
                                      "    });\n  }\n}\n",
    "pykey/__main__.py": "import pulumi\nk = pulumi.get_stack()\n"
                         f'pulumi.export(k, pulumi.Output.secret("{PLANTED}"))\n',
}  # fmt: skip
RUNTIMES = {".ts": "nodejs", ".js": "nodejs", ".cs": "dotnet", ".fs": "dotnet", ".go": "go", ".java": "java",
            ".py": "python"}  # fmt: skip


def write_producers(root: Path) -> Path:
    spec: dict[str, object] = {"stackgraph.yaml": "org: acme\n"}
    reads = ["import pulumi"]
    for path, source in PRODUCERS.items():
        name = path.split("/", 1)[0]
        spec[path] = source
        spec[f"{name}/Pulumi.yaml"] = project(name, RUNTIMES[Path(path).suffix])
        spec[f"{name}/Pulumi.dev.yaml"] = stack()
        reads.append(f'pulumi.export("{name}", pulumi.StackReference("acme/{name}/dev").get_output("x"))')
    spec["yamlkey/Pulumi.yaml"] = {**project("yamlkey"), "outputs": {"x": {"fn::secret": PLANTED}}}
    spec["yamlkey/Pulumi.dev.yaml"] = stack()
    spec["cons/__main__.py"] = "\n".join(reads) + "\n"
    spec["cons/Pulumi.yaml"] = project("cons", "python")
    spec["cons/Pulumi.dev.yaml"] = stack()
    return write_repo(root, spec)


def test_no_planted_secret_is_in_the_reasons_of_check_or_scan(tmp_path: Path) -> None:
    root = write_producers(tmp_path)
    text = cli("check", root)
    assert text.code == 0, text.stderr
    assert text.stdout.count("not checked") == len(PRODUCERS), text.stdout  # each producer's set is open
    for out in (text, cli("check", root, "-f", "json"), cli("scan", root, "-f", "json")):
        assert PLANTED not in out.stdout + out.stderr
        assert PLANTED[:6] not in out.stdout + out.stderr  # not even cut short


def test_the_reason_quotes_the_key_and_the_construct() -> None:
    found = TypeScriptFinder.exported(parse("typescript", 'export = { [k]: pulumi.secret("v"), ...load("w") };'))
    assert [e.open for e in found] == ["a computed key ([k]: ...)", "a spread (...load(...))"]
