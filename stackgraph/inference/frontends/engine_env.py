"""A program's read of an environment variable, and the ones the Pulumi language host sets for the program.

The Go, .NET (C#, F#) and Java language hosts start the program with PULUMI_STACK and PULUMI_PROJECT set to the
stack and project being run, after the environment of the CLI (pulumi/pulumi pulumi-language-go, pulumi/pulumi-dotnet
pulumi-language-dotnet and pulumi/pulumi-java pulumi-language-java `constructEnv`): reading one is reading the
stack or project name. The Python and Node.js hosts pass them as command-line flags and set neither, so a Python or
TS/JS program does not use this: there, as for any other variable, the value is known only when it runs."""

from __future__ import annotations

from stackgraph.inference import ir

SET_BY_HOST = {"PULUMI_STACK": ir.CurrentStack(), "PULUMI_PROJECT": ir.CurrentProject()}
"""The variables the Go, .NET and Java language hosts set for the program, and what they hold."""


def environment_variable(name: ir.Expr) -> ir.Expr:
    """The value of the environment variable `name` read by a Go, C#, F# or Java program."""
    if isinstance(name, ir.Lit) and name.value in SET_BY_HOST:
        return SET_BY_HOST[name.value]
    shown = name.value if isinstance(name, ir.Lit) else "?"
    return ir.Unknown(f"environment variable {shown}, read at run time")
