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
    ],
)
def test_a_jvm_or_dotnet_program_not_read_in_full_is_open(
    tmp_path: Path, runtime: Any, files: dict[str, str], why: str
) -> None:
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
