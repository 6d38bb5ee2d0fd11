"""A program's read of an environment variable, and the ones the Pulumi language host sets for the program.

The Go, .NET (C#, F#) and Java language hosts start the program with PULUMI_STACK and PULUMI_PROJECT set to the
stack and project being run, after the environment of the CLI (pulumi/pulumi pulumi-language-go, pulumi/pulumi-dotnet
pulumi-language-dotnet and pulumi/pulumi-java pulumi-language-java `constructEnv`): reading one is reading the
stack or project name. The Python and Node.js hosts pass them as command-line flags and set neither: in a Python
program, as for any other variable, the value is known only when it runs. A Node.js program (TS/JS, also under Bun)
is started by @pulumi/pulumi's own runner (cmd/run), which copies those flags into PULUMI_NODEJS_STACK,
PULUMI_NODEJS_PROJECT and PULUMI_NODEJS_ORGANIZATION before it loads the program (`addToEnvIfDefined`, so that
every copy of the SDK sees them); the SDK's getStack() reads the same variable."""

from __future__ import annotations

from stackgraph.inference import ir

SET_BY_HOST = {"PULUMI_STACK": ir.CurrentStack(), "PULUMI_PROJECT": ir.CurrentProject()}
"""The variables the Go, .NET and Java language hosts set for the program, and what they hold."""

SET_BY_NODEJS_RUNNER = {
    "PULUMI_NODEJS_STACK": ir.CurrentStack(),
    "PULUMI_NODEJS_PROJECT": ir.CurrentProject(),
    "PULUMI_NODEJS_ORGANIZATION": ir.CurrentOrg(),
}
"""The variables @pulumi/pulumi's runner sets in a Node.js program's process.env, and what they hold."""


def environment_variable(name: ir.Expr) -> ir.Expr:
    """The value of the environment variable `name` read by a Go, C#, F# or Java program."""
    if isinstance(name, ir.Lit) and name.value in SET_BY_HOST:
        return SET_BY_HOST[name.value]
    shown = name.value if isinstance(name, ir.Lit) else "?"
    return ir.Unknown(f"environment variable {shown}, read at run time")


def nodejs_environment_variable(name: str) -> ir.Expr:
    """The value of `process.env.NAME` read by a TS/JS program."""
    return SET_BY_NODEJS_RUNNER.get(name, ir.Unknown(f"environment variable {name}, read at run time"))
