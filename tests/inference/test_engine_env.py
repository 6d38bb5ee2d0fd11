"""The stack and project names a program takes from the environment the Pulumi language host gives it.

The Go, .NET (C#, F#) and Java language hosts start the program with PULUMI_STACK and PULUMI_PROJECT set to the
stack and project being run (pulumi/pulumi sdk/go/pulumi-language-go `constructEnv`: `maybeAppendEnv(pulumi.EnvStack,
req.GetStack())`; pulumi/pulumi-dotnet pulumi-language-dotnet and pulumi/pulumi-java pulumi-language-java
`constructEnv`: `maybeAppendEnv("stack", req.GetStack())`, upper-cased with a PULUMI_ prefix), appended after the
environment of the CLI so they win. Such a read is the stack name (real case: a C#/F# program `let stack =
Environment.GetEnvironmentVariable "PULUMI_STACK"`, was: unresolved, an environment variable read at run time).
The Python and Node.js hosts pass the stack as a command-line flag instead and set no PULUMI_STACK: there it
stays unknown, as any other environment variable."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.inference.test_string_methods import DEV, PROD, scan

FS = """module Program

open System
open Pulumi

let infra () =
    let stack = Environment.GetEnvironmentVariable "PULUMI_STACK"
    let a = StackReference($"acme/net/{stack}")
    let b = StackReference("acme/" + System.Environment.GetEnvironmentVariable("PULUMI_PROJECT") + "-b/" + stack)
    let c = StackReference("acme/c/" + Environment.GetEnvironmentVariable("OTHER"))
    ()
"""

CS = """using System;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var stack = Environment.GetEnvironmentVariable("PULUMI_STACK");
    var a = new StackReference($"acme/net/{stack}");
    var b = new StackReference("acme/" + System.Environment.GetEnvironmentVariable("PULUMI_PROJECT") + "-b/" + stack);
    var c = new StackReference("acme/c/" + Environment.GetEnvironmentVariable("OTHER"));
});
"""

GO = """package main

import (
	"os"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		stack := os.Getenv("PULUMI_STACK")
		_, err := pulumi.NewStackReference(ctx, "acme/net/"+stack, nil)
		_, err = pulumi.NewStackReference(ctx, "acme/"+os.Getenv("PULUMI_PROJECT")+"-b/"+stack, nil)
		_, err = pulumi.NewStackReference(ctx, "acme/c/"+os.Getenv("OTHER"), nil)
		return err
	})
}
"""

JAVA = """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var stack = System.getenv("PULUMI_STACK");
            new StackReference("acme/net/" + stack);
            new StackReference("acme/" + System.getenv("PULUMI_PROJECT") + "-b/" + stack);
            new StackReference("acme/c/" + System.getenv("OTHER"));
        });
    }
}
"""

PROGRAMS = {
    "fsharp": ("dotnet", {"Program.fs": FS, "App.fsproj": "<Project/>\n"}, 8),
    "csharp": ("dotnet", {"Program.cs": CS, "App.csproj": "<Project/>\n"}, 7),
    "go": ("go", {"main.go": GO, "go.mod": "module app\n\ngo 1.21\n"}, 12),
    "java": ("java", {"src/main/java/app/App.java": JAVA, "pom.xml": "<project/>\n"}, 10),
}


@pytest.mark.parametrize("language", sorted(PROGRAMS))
def test_the_stack_and_project_the_language_host_sets_are_read(tmp_path: Path, language: str) -> None:
    runtime, files, first = PROGRAMS[language]
    got = scan(tmp_path, runtime, files)
    for stack in (PROD, DEV):
        assert got[first, stack] == f"net/{stack}"
        assert got[first + 1, stack] == f"app-b/{stack}"
        assert "environment variable OTHER, read at run time" in got[first + 2, stack]


PY = """import os
import pulumi

pulumi.StackReference("acme/net/" + os.environ["PULUMI_STACK"])
pulumi.StackReference("acme/net/" + os.getenv("PULUMI_STACK"))
"""
TS = """import * as pulumi from "@pulumi/pulumi";
new pulumi.StackReference(`acme/net/${process.env.PULUMI_STACK}`);
"""


@pytest.mark.parametrize(("runtime", "files"), [("python", {"__main__.py": PY}), ("nodejs", {"index.ts": TS})])
def test_a_host_that_sets_no_pulumi_stack_leaves_it_unknown(
    tmp_path: Path, runtime: str, files: dict[str, str]
) -> None:
    got = scan(tmp_path, runtime, files)
    assert got and all("PULUMI_STACK" in why and why.endswith("read at run time") for why in got.values())


NODE_ENV = """import * as pulumi from "@pulumi/pulumi";
export const organization = process.env.PULUMI_NODEJS_ORGANIZATION!;
export const projectName = process.env.PULUMI_NODEJS_PROJECT ?? pulumi.getProject().toLowerCase();
export const stack = process.env.PULUMI_NODEJS_STACK ?? pulumi.getStack().toLowerCase();
new pulumi.StackReference(`${organization}/net/${stack}`);
new pulumi.StackReference(`acme/${projectName}-b/${process.env["PULUMI_NODEJS_STACK"]}`);
new pulumi.StackReference(`acme/c/${process.env.PULUMI_NODEJS_OTHER}`);
"""


@pytest.mark.parametrize("runtime", ["nodejs", "bun"])
def test_the_names_the_nodejs_runner_puts_in_process_env_are_read(tmp_path: Path, runtime: str) -> None:
    """@pulumi/pulumi's runner (cmd/run `addToEnvIfDefined`) sets PULUMI_NODEJS_STACK, _PROJECT and _ORGANIZATION.

    Real case: baoduy/drunk-pulumi-azure's Common/StackEnv.ts (`stack = process.env.PULUMI_NODEJS_STACK ??
    pulumi.getStack().toLowerCase()`, copied by the programs built on it) feeding `${organization}/${projectName}/
    ${stack}`: was unresolved ('environment variable PULUMI_NODEJS_ORGANIZATION, read at run time').
    """
    got = scan(tmp_path, runtime, {"index.ts": NODE_ENV})
    for stack in (PROD, DEV):
        assert got[5, stack] == f"net/{stack}"
        assert got[6, stack] == f"app-b/{stack}"
        assert "environment variable PULUMI_NODEJS_OTHER, read at run time" in got[7, stack]
