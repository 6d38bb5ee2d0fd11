"""A program whose exports cannot all be read is open ("not checked"), never complete: sources in a language we do
not read, a prebuilt binary, an entry module the scan skips, a module the program runs that it cannot read."""

from __future__ import annotations

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
