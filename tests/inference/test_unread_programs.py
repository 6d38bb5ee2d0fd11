"""A program whose exports cannot all be read is open ("not checked"), never complete: sources in a language we do
not read, a prebuilt binary, an entry module the scan skips, a module the program runs that it cannot read."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import Exports
from tests.helpers.repo_builder import Spec, project, stack, write_repo


def exports_of(tmp_path: Path, spec: Spec, path: str = "p", monkeypatch: pytest.MonkeyPatch | None = None) -> Exports:
    root = write_repo(tmp_path / "repo", spec)
    return scan(root).exports_by_path()[path]


def producer(runtime: Any, files: dict[str, str], **extra: Any) -> dict[str, Any]:
    return {
        "p/Pulumi.yaml": project("p", runtime=runtime, **extra),
        "p/Pulumi.dev.yaml": stack(),
        **{f"p/{k}": v for k, v in files.items()},
    }


JAVA = 'class App { void run(Context ctx) { ctx.export("vpcId", 1); } }\n'


@pytest.mark.parametrize(
    ("runtime", "files", "why"),
    [
        ("java", {"src/main/kotlin/App.kt": 'ctx.export("vpcId", 1)\n', "build.gradle.kts": ""}, ".kt sources"),
        ("java", {"src/main/scala/App.scala": 'ctx.export("vpcId", 1)\n', "build.sbt": ""}, ".scala sources"),
        ("java", {"src/main/java/App.java": JAVA, "src/main/kotlin/More.kt": ""}, ".kt sources"),
        ({"name": "java", "options": {"binary": "target/app.jar"}}, {"README.md": ""}, "prebuilt binary"),
        ({"name": "java", "options": {"binary": "app.jar"}}, {"src/main/java/App.java": JAVA}, "prebuilt binary"),
        ("java", {"README.md": ""}, "without a .java source"),
        ("dotnet", {"Program.vb": 'Export("vpcId")\n', "vb.vbproj": "<Project/>\n"}, ".vb, .vbproj sources"),
        ("dotnet", {"README.md": ""}, "without a .cs or .fs source"),
        # Pulumi runs the YAML the compiler prints: Pulumi.yaml's own (absent) outputs are not the program's
        ({"name": "yaml", "options": {"compiler": "cue export"}}, {"main.cue": "outputs: vpcId: 1\n"}, "compiler"),
    ],
)
def test_a_program_not_read_in_full_is_open(tmp_path: Path, runtime: Any, files: dict[str, str], why: str) -> None:
    got = exports_of(tmp_path, producer(runtime, files))
    assert not got.complete
    assert [(d.file, why in d.value) for d in got.open] == [("p/Pulumi.yaml", True)]


def test_a_java_program_read_in_full_stays_complete(tmp_path: Path) -> None:
    got = exports_of(tmp_path, producer("java", {"src/main/java/App.java": JAVA, "build.gradle.kts": ""}))
    assert got.complete
    assert got.exported() == {"vpcId"}


TS_OTHER = "export const other = 1;\n"


@pytest.mark.parametrize(
    ("files", "extra", "why"),
    [
        ({"dist/index.js": "exports.vpcId = 1;\n", "index.ts": TS_OTHER}, {"main": "dist/index.js"}, "`dist/index.js`"),
        ({"bin/index.js": "exports.vpcId = 1;\n", "index.ts": TS_OTHER, "package.json": '{"main": "bin/index.js"}'},
         {}, "`bin/index.js` (`main` of p/package.json)"),
        ({"index.ts": TS_OTHER}, {"main": "lib/app.js"}, "not among the files the scan reads"),
    ],
)  # fmt: skip
def test_a_nodejs_main_not_read_opens_the_set_never_another_file(
    tmp_path: Path, files: dict[str, str], extra: dict[str, str], why: str
) -> None:
    root = write_repo(tmp_path / "repo", producer("nodejs", files, **extra))
    repo = scan(root)
    got = repo.exports_by_path()["p"]
    assert not got.complete
    assert got.exported() == set()
    assert [why in d.value for d in got.open] == [True]
    warned = [d.message for d in repo.diagnostics if d.file == "p/Pulumi.yaml"]
    assert len(warned) == 1
    assert "its exports are not known; its StackReferences are read from p/index.ts" in warned[0]


def test_a_python_entry_linked_out_of_the_folder_opens_the_set(tmp_path: Path) -> None:
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "main.py").write_text('import pulumi\npulumi.export("vpcId", 1)\n')
    root = write_repo(tmp_path / "repo", producer("python", {"helpers.py": "X = 1\n"}))
    (root / "p" / "__main__.py").symlink_to(tmp_path / "elsewhere" / "main.py")
    repo = scan(root)
    got = repo.exports_by_path()["p"]
    assert not got.complete
    assert "`p/__main__.py` is not among the files the scan reads" in got.open[0].value
    assert any("its StackReferences and exports are not known" in d.message for d in repo.diagnostics)


@pytest.mark.parametrize("how", ["link", "gitignore", "skipped folder"])
def test_a_python_module_the_program_imports_but_the_scan_skips_opens_the_set(tmp_path: Path, how: str) -> None:
    main = 'import pulumi\nimport outs\nfrom build import gen\npulumi.export("present", 1)\n'
    exporting = 'import pulumi\npulumi.export("sharedKey", 1)\n'
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "elsewhere" / "outs.py").write_text(exporting)
    files = {"__main__.py": main}
    if how == "gitignore":
        files |= {"outs.py": exporting, ".gitignore": "outs.py\n"}
    elif how == "skipped folder":
        files |= {"build/gen.py": exporting}
    root = write_repo(tmp_path / "repo", producer("python", files))
    if how == "link":
        (root / "p" / "outs.py").symlink_to(tmp_path / "elsewhere" / "outs.py")
    if how == "gitignore":
        subprocess.run(["git", "init", "-q", str(root)], check=True)
    got = scan(root).exports_by_path()["p"]
    assert not got.complete
    assert got.exported() == {"present"}
    assert [d.file for d in got.open] == ["p/__main__.py"]
    assert "the scan does not read" in got.open[0].value


def test_a_python_program_whose_imports_are_all_read_stays_complete(tmp_path: Path) -> None:
    files = {
        "__main__.py": 'import os\nimport pulumi\nimport outs\npulumi.export("present", 1)\n',
        "outs.py": "X = 1\n",
    }
    got = scan(write_repo(tmp_path / "repo", producer("python", files))).exports_by_path()["p"]
    assert got.complete
    assert got.exported() == {"present"}


TS_EXPORTS = 'import { net } from "./refs";\nexport const vpcId = net.getOutput("vpcId");\n'
TS_REF = 'import * as pulumi from "@pulumi/pulumi";\nexport const net = new pulumi.StackReference("acme/net/dev");\n'
TSCONFIG = '{\n  // tsc writes dist/ from src/\n  "compilerOptions": {"outDir": "dist", "rootDir": "src",},\n}\n'


@pytest.mark.parametrize(
    ("files", "extra", "source", "how"),
    [
        ({"tsconfig.json": TSCONFIG}, {"main": "dist/index.js"}, "p/src/index.ts", "rootDir p/src"),
        (
            {"tsconfig.json": TSCONFIG, "package.json": '{"main": "./dist/index.js"}'},
            {},
            "p/src/index.ts",
            "rootDir p/src",
        ),
        ({"tsconfig.json": '{"compilerOptions": {"outDir": "dist"}}'}, {"main": "dist"}, "p/src/index.ts", "common"),
        (  # the common folder of the sources is the project's: dist/src/index.js is src/index.ts
            {"tsconfig.json": '{"compilerOptions": {"outDir": "dist"}}', "tools.ts": "export const t = 1;\n"},
            {"main": "dist/src/index.js"},
            "p/src/index.ts",
            "common",
        ),
        (
            {
                "tsconfig.json": '{"extends": "./config/base"}',
                "config/base.json": '{"compilerOptions": {"outDir": "../out"}}',
            },
            {"main": "out/index.js"},
            "p/src/index.ts",
            "by p/tsconfig.json",
        ),
        (
            {"tsconfig.json": '{"compilerOptions": {"outDir": "lib", "rootDir": "src"}}'},
            {"main": "lib/index.mjs"},
            "p/src/index.mts",
            "rootDir p/src",
        ),
    ],
    ids=["pulumi-main", "package-main", "folder-main", "common-root", "extends", "mts"],
)
def test_a_nodejs_main_built_by_tsc_is_read_from_its_source(
    tmp_path: Path, files: dict[str, str], extra: dict[str, str], source: str, how: str
) -> None:
    """`main: dist/index.js`, dist/ the tsconfig outDir: the entry is the source tsc writes it from (rootDir, else the
    common folder of the sources), so its exports are known and only what it imports runs."""
    program = {source.removeprefix("p/"): TS_EXPORTS, "src/refs.ts": TS_REF, "src/unused.ts": TS_REF}
    if source.endswith(".mts"):
        program[source.removeprefix("p/")] = TS_EXPORTS.replace('"./refs"', '"./refs.js"')
    repo = scan(write_repo(tmp_path / "repo", producer("nodejs", {**program, **files}, **extra)))
    got = repo.exports_by_path()["p"]
    assert (got.complete, got.exported()) == (True, {"vpcId"})
    said = [(d.severity, d.message) for d in repo.diagnostics if d.file == "p/Pulumi.yaml"]
    assert len(said) == 1 and said[0][0] == "info", said
    assert f"is built output: {source} is read in its place" in said[0][1] and how in said[0][1], said
    unused = [d.message for d in repo.diagnostics if d.file == "p/src/unused.ts"]
    assert unused == ["StackReference in a module the program never imports; ignored"]


@pytest.mark.parametrize(
    ("files", "main"),
    [
        ({"tsconfig.json": '{"compilerOptions": {"rootDir": "src"}}'}, "dist/index.js"),  # no outDir: not tsc's
        ({"tsconfig.json": TSCONFIG}, "dist/main.js"),  # no src/main.ts
        ({"tsconfig.json": TSCONFIG}, "build/index.js"),  # not the outDir
        (
            {"tsconfig.json": '{"compilerOptions": {"outDir": "dist"}, "include": ["src", "../shared"]}'},
            "dist/index.js",
        ),
        ({"tsconfig.json": '{"compilerOptions": {"outDir": "dist"}, "exclude": ["src/index.ts"]}'}, "dist/index.js"),
        ({"tsconfig.json": '{"extends": "@acme/tsconfig/base.json"}'}, "dist/index.js"),  # a package: not read
    ],
    ids=["no-outdir", "no-source", "other-folder", "include-beyond", "excluded", "package-extends"],
)
def test_a_built_main_tsc_does_not_map_to_a_source_stays_unread(
    tmp_path: Path, files: dict[str, str], main: str
) -> None:
    program = {"src/index.ts": TS_EXPORTS, "src/refs.ts": TS_REF}
    repo = scan(write_repo(tmp_path / "repo", producer("nodejs", {**program, **files}, main=main)))
    got = repo.exports_by_path()["p"]
    assert not got.complete
    said = [(d.severity, d.message) for d in repo.diagnostics if d.file == "p/Pulumi.yaml"]
    assert [s for s, _ in said] == ["warning"], said
    assert said[0][1].startswith(f"the entry module `{main}` (`main` of p/Pulumi.yaml) is in a folder the scan skips")


KOTLIN_MAIN = """package ca.kittle

import com.pulumi.Context
import com.pulumi.core.Output
import com.pulumi.kotlin.Pulumi
import com.pulumi.resources.StackReference

fun run(ctx: Context) {
    val env = ctx.stackName()
    // the network comes from StackReference("organization/kittle-infra/dev") in older versions
    val infraStack = StackReference("organization/kittle-infra/${env}")
    val vpcId = infraStack.output("vpcId") as? Output<String>
    ctx.export("containerRegistryUrl", vpcId)
}
"""


@pytest.mark.parametrize(
    ("runtime", "file", "text", "line"),
    [
        ("java", "src/main/kotlin/ca/kittle/Main.kt", KOTLIN_MAIN, 11),
        ("java", "src/main/scala/Main.scala", 'object Main:\n  val net = StackReference("org/net/dev")\n', 2),
        ("java", "src/main/groovy/App.groovy", 'def net = new StackReference("org/net/dev")\n', 1),
        ("dotnet", "Program.vb", 'Dim net = New StackReference("org/net/dev")\n', 1),
    ],
)
def test_a_stack_reference_in_a_source_we_do_not_read_is_an_unresolved_reference(
    tmp_path: Path, runtime: str, file: str, text: str, line: int
) -> None:
    """dkittle/dm-seer-infra: a Pulumi Java program written in Kotlin (`runtime: java`, src/main/kotlin) reads
    `StackReference("organization/kittle-infra/${env.stackName}")`. Its .kt sources are not read: the reference
    was dropped without a word (no reference, no diagnostic) and the two projects planned side by side. It is
    now an unresolved reference of each stack, naming the source, so `--strict` fails on it."""
    spec = {
        **producer(runtime, {file: text}),
        "p/Pulumi.prod.yaml": stack(),
        "p/src/test/kotlin/MainTest.kt": 'val t = StackReference("org/net/test")\n',
    }
    repo = scan(write_repo(tmp_path / "repo", spec))
    got = sorted((r.stack, r.site, r.resolved) for r in repo.references)
    assert got == [("dev", f"p/{file}:{line}", False), ("prod", f"p/{file}:{line}", False)]
    suffix = file.rpartition(".")[2]
    assert all(f"a .{suffix} source, which stackgraph does not read" in r.reason for r in repo.references)
    assert not repo.edges


def test_a_kotlin_source_without_a_stack_reference_adds_no_reference(tmp_path: Path) -> None:
    """The same Kotlin program without a StackReference (dkittle/kittle-infra, the producer): no reference; its
    exports stay open, as before."""
    spec = producer("java", {"src/main/kotlin/Main.kt": "import com.pulumi.resources.StackReference\nval x = 1\n"})
    repo = scan(write_repo(tmp_path / "repo", spec))
    assert not repo.references
    assert not repo.exports_by_path()["p"].complete


GO_MAIN = (
    'package main\nimport (\n\t"example.com/lib"\n\t"github.com/pulumi/pulumi/sdk/v3/go/pulumi"\n)\n'
    "func main() {\n\tpulumi.Run(func(ctx *pulumi.Context) error {\n\t\tlib.Publish(ctx)\n"
    '\t\tctx.Export("present", pulumi.String("x"))\n\t\treturn nil\n\t})\n}\n'
)


@pytest.mark.parametrize(
    ("runtime", "files", "where"),
    [
        ("python", {"requirements.txt": "pulumi>=3\n-e /opt/company_lib\n"}, ("p/requirements.txt", 2)),
        ("python", {"requirements.txt": "-e ../../outside/lib\n"}, ("p/requirements.txt", 1)),
        ("python", {"__main__.py": 'import sys\nsys.path.insert(0, "/opt/lib")\n'}, ("p/__main__.py", 2)),
        ("go", {"main.go": GO_MAIN, "go.mod": "module p\n\nrequire example.com/lib v1.0.0\n\nreplace example.com/lib"
                " => ../../lib\n"}, ("p/go.mod", 5)),
    ],
)  # fmt: skip
def test_a_module_from_a_folder_not_read_may_export(
    tmp_path: Path, runtime: str, files: dict[str, str], where: tuple[str, int]
) -> None:
    main = {"python": {"__main__.py": 'import pulumi\nimport company_lib\npulumi.export("present", 1)\n'}, "go": {}}
    first = main[runtime].get("__main__.py", "")
    program = {**main[runtime], **files}
    if "__main__.py" in files:
        program["__main__.py"] = files["__main__.py"] + first
    got = exports_of(tmp_path, producer(runtime, program))
    assert "present" in got.exported()
    assert not got.complete
    assert [(d.file, d.line) for d in got.open] == [where]
    assert "not read, nor what they export" in got.open[0].value


@pytest.mark.parametrize(
    "run",
    [
        'import runpy\nrunpy.run_path(os.path.join(os.path.dirname(__file__), "..", "shared", "outs.py"))\n',
        'from runpy import run_module\nrun_module(os.environ["OUTS"])\n',
        'exec(open(os.path.join("..", "shared", "outs.py")).read())\n',
    ],
)
def test_a_program_that_runs_code_it_names_at_run_time_may_export_what_that_code_does(tmp_path: Path, run: str) -> None:
    spec = producer("python", {"__main__.py": 'import os\nimport pulumi\npulumi.export("own", 1)\n' + run})
    spec["shared/outs.py"] = 'import pulumi\npulumi.export("sharedKey", 1)\n'
    got = exports_of(tmp_path, spec)
    assert not got.complete or "sharedKey" in got.exported()


def test_exec_of_a_string_literal_runs_nothing_else(tmp_path: Path) -> None:
    spec = producer("python", {"__main__.py": 'import pulumi\nexec("x = 1")\npulumi.export("own", 1)\n'})
    spec["shared/outs.py"] = 'import pulumi\npulumi.export("sharedKey", 1)\n'
    got = exports_of(tmp_path, spec)
    assert got.complete
    assert got.exported() == {"own"}


CSPROJ = '<Project Sdk="Microsoft.NET.Sdk"><PropertyGroup><OutputType>Exe</OutputType></PropertyGroup></Project>\n'
MY_STACK = "using Pulumi;\nclass MyStack : Stack\n{\n    [Output] public Output<string> Url { get; set; } = null!;\n}\n"


def test_a_dotnet_stack_class_no_program_file_declares_opens_the_set(tmp_path: Path) -> None:
    program = "return await Pulumi.Deployment.RunAsync<Company.Stacks.StandardStack>();\n"
    got = exports_of(tmp_path, producer("dotnet", {"p.csproj": CSPROJ, "Program.cs": program}))
    assert not got.complete
    assert [(d.file, d.line) for d in got.open] == [("p/Program.cs", 1)]
    assert "RunAsync<StandardStack> of a stack class no program file declares" in got.open[0].value


@pytest.mark.parametrize(
    "program", ["return await Deployment.RunAsync<MyStack>();\n", "await Deployment.RunAsync<Ns.MyStack>();\n"]
)
def test_a_dotnet_stack_class_declared_in_another_file_keeps_the_set_complete(tmp_path: Path, program: str) -> None:
    files = {"p.csproj": CSPROJ, "Program.cs": "using Pulumi;\n" + program, "MyStack.cs": MY_STACK}
    got = exports_of(tmp_path, producer("dotnet", files))
    assert got.complete
    assert got.exported() == {"Url"}


@pytest.mark.parametrize("compiler", ["jsonnet Main.jsonnet", "cue export"])
def test_a_yaml_program_its_compiler_prints_warns_that_its_references_are_not_known(
    tmp_path: Path, compiler: str
) -> None:
    """Pulumi runs the YAML program the `compiler` prints (a Main.jsonnet with a StackReference, as the GCP
    estates built from libsonnet files do): the scan reads none of it, and says so instead of a clean result."""
    jsonnet = "{ resources: { net: { type: 'pulumi:pulumi:StackReference', properties: { name: 'o/net/dev' } } } }\n"
    spec = producer({"name": "yaml", "options": {"compiler": compiler}}, {"Main.jsonnet": jsonnet})
    repo = scan(write_repo(tmp_path / "repo", spec))
    warned = [(d.severity.value, d.file, d.message) for d in repo.diagnostics]
    assert warned == [
        (
            "warning",
            "p/Pulumi.yaml",
            f"runs the YAML program its compiler {compiler!r} prints (runtime option `compiler`): not read: its "
            "StackReferences and exports are not known",
        )
    ]
    assert not repo.exports_by_path()["p"].complete
