"""Setup objects in Java, Go and F#: the shapes around the labelled corpus cases (java/setup, go/setup,
fsharp/setup) that must stay unresolved with their reason, or pick the right constructor."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

TARGETS = {"net/Pulumi.yaml": project("networking"), "net/Pulumi.dev.yaml": stack()}


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def refs(tmp_path: Path, runtime: str, files: dict[str, str]) -> dict[str, str]:
    spec = {"app/Pulumi.yaml": project("app", runtime=runtime), "app/Pulumi.dev.yaml": stack(), **TARGETS}
    repo = scan(write_repo(tmp_path / "repo", {**spec, **{f"app/{k}": v for k, v in files.items()}}))
    return {r.site.removeprefix("app/"): r.target_id or r.reason for r in repo.references}


JAVA_SETUP = """package s;
public class Setup {
    private final String env;
    private final String org;
    public Setup(String env) { this("acme", env); }
    public Setup(String org, String env) { this.org = org; this.env = env; }
    public Setup(String org, String env, boolean flip) {
        if (flip) { this.env = org; } else { this.env = env; }
        this.org = org;
    }
    public String net() { return org + "/networking/" + env; }
}
"""


def test_java_picks_the_constructor_of_the_arity_made_and_never_guesses_the_others(tmp_path: Path) -> None:
    app = """package s;
import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;
public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            new StackReference(new Setup("acme", ctx.stackName()).net());
            new StackReference(new Setup(ctx.stackName()).net());
            new StackReference(new Setup("acme", ctx.stackName(), true).net());
            new StackReference(new Other().name());
        });
    }
}
"""
    other = "package s;\npublic class Other {\n    private String env;\n    public String name() { return env; }\n}\n"
    got = refs(tmp_path, "java", {"src/main/java/s/App.java": app, "src/main/java/s/Setup.java": JAVA_SETUP,
                                  "src/main/java/s/Other.java": other})  # fmt: skip
    assert got["src/main/java/s/App.java:7"] == "networking/dev"
    assert "field 'org' of Setup, set through another constructor (this(..))" in got["src/main/java/s/App.java:8"]
    assert "field 'env' of Setup, assigned in a branch or more than once" in got["src/main/java/s/App.java:9"]
    assert "field 'env' of Other, which no constructor sets" in got["src/main/java/s/App.java:10"]


def test_go_reads_keyed_struct_literals_only(tmp_path: Path) -> None:
    main = """package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

type Setup struct{ Env, Org string }

func (s Setup) Net() string { return s.Org + "/networking/" + s.Env }

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		keyed := &Setup{Org: "acme", Env: ctx.Stack()}
		pulumi.NewStackReference(ctx, keyed.Net(), nil)
		positional := Setup{ctx.Stack(), "acme"}
		pulumi.NewStackReference(ctx, positional.Net(), nil)
		var later Setup
		later.Env = ctx.Stack()
		pulumi.NewStackReference(ctx, later.Net(), nil)
		return nil
	})
}
"""
    got = refs(tmp_path, "go", {"go.mod": "module example.com/app\n\ngo 1.21\n", "main.go": main})
    assert got["main.go:12"] == "networking/dev"
    assert got["main.go:14"].startswith("cannot resolve") and "networking/dev" not in got["main.go:14"]
    assert got["main.go:17"].startswith("cannot resolve")


def test_fsharp_reads_record_expressions_not_copies(tmp_path: Path) -> None:
    setup = """module Setup

type StackSetup =
    { Env: string
      Org: string }
    member this.Net = this.Org + "/networking/" + this.Env
"""
    program = """module Program

open Pulumi

let infra () =
    let setup = { Env = Deployment.Instance.StackName; Org = "acme" }
    let a = StackReference(setup.Net)
    let copy = { setup with Env = "prod" }
    let b = StackReference(copy.Net)
    ()
"""
    got = refs(tmp_path, "dotnet", {"Setup.fs": setup, "Program.fs": program})
    assert got["Program.fs:7"] == "networking/dev"
    assert got["Program.fs:9"].startswith("cannot resolve")
