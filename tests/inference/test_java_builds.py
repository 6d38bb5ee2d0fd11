"""Java multi-module builds: the modules of the repository a program depends on (Maven, Gradle) are read, and
a dependency that cannot be followed is said, never guessed."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.inference.javabuild import gradle_dependencies, gradle_includes, parse_pom
from stackgraph.model import Repo
from tests.helpers.repo_builder import project, stack, write_repo

REF = """package lib;

import com.pulumi.resources.StackReference;

public class Refs {
    public static StackReference net(String env) {
        return new StackReference("acme/networking/" + env);
    }
}
"""
APP = """package app;

import com.pulumi.Pulumi;
import lib.Refs;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> { Refs.net(ctx.stackName()); });
    }
}
"""


def pom(artifact: str, deps: str = "", group: str = "<groupId>com.acme</groupId>", version: str = "1.0") -> str:
    return (
        f'<project xmlns="http://maven.apache.org/POM/4.0.0">{group}<artifactId>{artifact}</artifactId>'
        f"<version>{version}</version>\n<dependencies>\n{deps}</dependencies>\n</project>\n"
    )


def dep(artifact: str, group: str = "com.acme", version: str = "1.0", scope: str = "") -> str:
    extra = f"<scope>{scope}</scope>" if scope else ""
    coordinates = f"<groupId>{group}</groupId><artifactId>{artifact}</artifactId><version>{version}</version>"
    return f"<dependency>{coordinates}{extra}</dependency>\n"


def app_repo(tmp_path: Path, build: dict[str, str]) -> Path:
    return write_repo(
        tmp_path / "repo",
        {
            "infra/net/Pulumi.yaml": project("networking"),
            "infra/net/Pulumi.dev.yaml": stack(),
            "infra/app/Pulumi.yaml": project("app", runtime="java"),
            "infra/app/Pulumi.dev.yaml": stack(),
            "infra/app/src/main/java/app/App.java": APP,
            "lib/src/main/java/lib/Refs.java": REF,
            "lib/src/test/java/lib/RefsTest.java": REF,
            **build,
        },
    )


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def sites(repo: Repo) -> dict[str, str | None]:
    return {f"{r.site} {r.stack}": r.target_id for r in repo.references}


def notes(repo: Repo) -> list[tuple[str, str, str | None, int | None]]:
    return [(d.severity.value, d.message, d.file, d.line) for d in repo.diagnostics if d.code == "not-followed"]


def test_a_maven_sibling_artifact_is_read_and_its_site_is_the_programs(tmp_path: Path) -> None:
    root = app_repo(
        tmp_path,
        {
            "pom.xml": pom("parent").replace(
                "<dependencies>\n</dependencies>", "<modules><module>lib</module></modules>"
            ),
            "lib/pom.xml": pom("lib", dep("pulumi", group="com.pulumi")),
            "infra/app/pom.xml": pom("app", dep("lib") + dep("pulumi", group="com.pulumi")),
        },
    )
    repo = scan(root)
    assert sites(repo) == {"lib/src/main/java/lib/Refs.java:7 dev": "networking/dev"}
    assert notes(repo) == []
    assert ("app/dev", "networking/dev") in {(e.dependent, e.dependency) for e in repo.edges}

    # the result cache follows the build file: without the dependency the module is no longer read
    (root / "infra/app/pom.xml").write_text(pom("app", dep("pulumi", group="com.pulumi")))
    assert sites(scan(root)) == {}


@pytest.mark.parametrize(
    ("lib_pom", "app_dep", "expected"),
    [
        # an artifact of the build's own group that no pom.xml of the repository declares: a note
        (pom("other"), dep("lib"), ("info", "com.acme:lib, the build's own group, but no pom.xml")),
        # the repository's module is another version: the dependency comes from a registry
        (pom("lib", version="2.0"), dep("lib"), ("warning", "com.acme:lib 1.0, but the repository's module is 2.0")),
        # a test dependency is not compiled into the program: nothing to say
        (pom("lib"), dep("lib", scope="test"), None),
        # another group (a library from a registry): nothing to say
        (pom("lib"), dep("lib", group="org.example"), None),
    ],
)
def test_a_maven_dependency_that_is_not_followed_reads_nothing(
    tmp_path: Path, lib_pom: str, app_dep: str, expected: tuple[str, str] | None
) -> None:
    repo = scan(app_repo(tmp_path, {"lib/pom.xml": lib_pom, "infra/app/pom.xml": pom("app", app_dep)}))
    assert sites(repo) == {}
    found = [(sev, file, line) for sev, msg, file, line in notes(repo) if expected and expected[1] in msg]
    assert found == ([(expected[0], "infra/app/pom.xml", 3)] if expected else [])
    assert len(notes(repo)) == len(found)


def test_a_program_of_pulumis_template_group_says_nothing_of_the_pulumi_sdk(tmp_path: Path) -> None:
    """Pulumi's Java template gives the program the group com.pulumi, which is also the group of the SDK and the
    providers it depends on: those come from a registry, not from a module of the repository (real case
    zbuchheit/BuchheitHistoryInfra's Database/pom.xml, where the scan said 'depends on com.pulumi:pulumi, the
    build's own group, but no pom.xml of the repository declares it')."""
    group = "<groupId>com.pulumi</groupId>"
    own = pom("app", dep("pulumi", group="com.pulumi") + dep("aws", group="com.pulumi") + dep("lib"), group=group)
    repo = scan(app_repo(tmp_path, {"infra/app/pom.xml": own}))
    assert notes(repo) == []
    # any other artifact of a build's own group that no pom.xml declares is still a note
    acme = pom("app", dep("pulumi", group="com.pulumi") + dep("lib"))
    assert [n[1] for n in notes(scan(app_repo(tmp_path / "acme", {"infra/app/pom.xml": acme})))] == [
        "depends on com.acme:lib, the build's own group, but no pom.xml of the repository declares it (taken from a "
        "registry): a StackReference in it is not read"
    ]


def test_two_modules_with_the_same_coordinates_are_not_guessed_between(tmp_path: Path) -> None:
    root = app_repo(
        tmp_path, {"lib/pom.xml": pom("lib"), "copy/pom.xml": pom("lib"), "infra/app/pom.xml": pom("app", dep("lib"))}
    )
    repo = scan(root)
    assert sites(repo) == {}
    assert [n[1] for n in notes(repo)] == [
        "depends on com.acme:lib, which several pom.xml declare (copy/pom.xml, lib/pom.xml): not followed"
    ]


def test_a_gradle_project_dependency_is_read_and_a_missing_one_is_a_warning(tmp_path: Path) -> None:
    settings = "rootProject.name = 'x'\ninclude ':infra:app', 'lib'\n// include 'old'\ninclude(\":gone\")\n"
    build = (
        "dependencies {\n"
        "    implementation project(':lib')  // the shared module\n"
        "    // implementation project(':old')\n"
        "    implementation project(':gone')\n"
        '    runtimeOnly(project(":old"))\n'
        "    testImplementation project(':testing')\n"
        "}\n"
    )
    repo = scan(app_repo(tmp_path, {"settings.gradle": settings, "infra/app/build.gradle": build}))
    assert sites(repo) == {"lib/src/main/java/lib/Refs.java:7 dev": "networking/dev"}
    assert notes(repo) == [
        ("warning", "depends on project ':gone', whose folder gone is not in the repository: not followed",
         "infra/app/build.gradle", 4),
        ("warning", "depends on project ':old', which settings.gradle does not include: not followed",
         "infra/app/build.gradle", 5),
    ]  # fmt: skip


def test_without_a_build_file_naming_the_module_nothing_outside_the_project_is_read(tmp_path: Path) -> None:
    repo = scan(app_repo(tmp_path, {"settings.gradle": "include 'lib'\n", "infra/app/build.gradle": "plugins {}\n"}))
    assert sites(repo) == {}
    assert notes(repo) == []


def test_gradle_settings_and_build_files_are_read_as_written() -> None:
    settings = 'include(":a", "b:c")\ninclude \'d\'\nproject(":d").projectDir = file("../elsewhere")\n'
    assert gradle_includes(settings, "build") == {":a": "build/a", ":b:c": "build/b/c", ":d": "elsewhere"}
    assert gradle_includes("include '../../../up'\n", "x") == {}  # above the root: no folder
    modules = {":shared-lib:core": "s", ":a": "a"}
    text = "/* project(':hidden') */\napi(projects.sharedLib.core)\nimplementation(project(path = \":a\"))\n"
    assert list(gradle_dependencies(text, modules)) == [(":shared-lib:core", 2), (":a", 3)]


def test_a_pom_with_a_doctype_is_not_read() -> None:
    assert parse_pom('<!DOCTYPE x [<!ENTITY a "b">]><project><artifactId>&a;</artifactId></project>', ".") is None
    assert parse_pom("<project><artifactId>x", ".") is None
    parsed = parse_pom(pom("app", dep("lib", group="${project.groupId}", version="${project.version}")), "f")
    assert parsed is not None and parsed.dependencies == (("com.acme", "lib", "1.0"),)


STEP = """package com.pulumi.example;

import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.resources.StackReference;

public class Main {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var a = new StackReference("acme/networking/" + ctx.stackName());
            ctx.export("val2", Output.of("b"));
        });
    }
}
"""


@pytest.mark.parametrize(
    ("build", "extra", "compiled"),
    [
        ({"build.gradle": "plugins { id 'application' }\n", "settings.gradle": "rootProject.name = 'x'\n"}, {}, False),
        ({"pom.xml": pom("app")}, {}, False),
        # a folder with a build of its own is a module (followed as before); a custom source folder is not read
        ({"build.gradle": "plugins {}\n"}, {"step1/build.gradle": "plugins {}\n"}, True),
        ({"build.gradle": "sourceSets { main { java { srcDirs = ['step1/src/main/java'] } } }\n"}, {}, True),
        ({}, {}, True),  # no build file: not known how the program is built
    ],
)
def test_a_source_folder_no_build_compiles_is_not_the_program(
    tmp_path: Path, build: dict[str, str], extra: dict[str, str], compiled: bool
) -> None:
    """pulumi/pulumi-java tests/integration/stack-reference: the program is src/main/java of the project (its
    build.gradle, no sourceSets), and step1/src/main/java, step2/src/main/java hold the next versions of Main.java
    that the test copies in. They were read as the program: their StackReferences and exports counted."""
    main = STEP.replace('"acme/networking/" + ctx.stackName()', '"acme/networking/dev"').replace("val2", "val")
    root = write_repo(
        tmp_path / "repo",
        {
            "net/Pulumi.yaml": project("networking"),
            "net/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": project("app", runtime="java"),
            "app/Pulumi.dev.yaml": stack(),
            "app/src/main/java/com/pulumi/example/Main.java": main,
            "app/step1/src/main/java/com/pulumi/example/Main.java": STEP,
            **{f"app/{k}": v for k, v in {**build, **extra}.items()},
        },
    )
    repo = scan(root)
    step = "app/step1/src/main/java/com/pulumi/example/Main.java"
    assert {r.site for r in repo.references} == {"app/src/main/java/com/pulumi/example/Main.java:10"} | (
        {f"{step}:10"} if compiled else set()
    )
    exported = repo.exports_by_path()["app"]
    assert [e.name for e in exported.names] == (["val", "val2"] if compiled else ["val"])
    ignored = [(d.code, d.message, d.file) for d in repo.diagnostics if d.file == step]
    assert ignored == (
        []
        if compiled
        else [
            (
                "not-imported",
                "StackReference in a Java file no build of the project compiles: step1/src/main/java is not the "
                "project's source folder (src/main/java), and step1 holds no pom.xml or build.gradle; ignored",
                step,
            )
        ]
    )
