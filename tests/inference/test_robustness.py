"""Inputs from real repositories that once crashed the finders (exit 3) must give facts, never an exception."""

from __future__ import annotations

from stackgraph.discovery.infer.sources import finder


def test_a_python_file_nested_deeper_than_the_parser_goes_is_unparsed() -> None:
    text = "import pulumi\nx = " + "+".join(['"a"'] * 3000) + "\npulumi.StackReference(x)\n"
    facts = finder("python")(text, "deep.py")
    assert facts.error is not None and "nested too deeply" in facts.error


def test_a_function_that_calls_itself_is_not_inlined_for_ever() -> None:
    text = (
        'import * as pulumi from "@pulumi/pulumi";\n'
        "function again(n: string): string { return again(n); }\n"
        'new pulumi.StackReference(again("x"));\n'
    )
    facts = finder("typescript")(text, "index.ts")
    assert len(facts.sites) == 1


def test_a_very_long_concatenation_is_read_without_error() -> None:
    text = 'import * as pulumi from "@pulumi/pulumi";\nconst x = ' + "+".join(['"a"'] * 5000) + ";\n"
    text += "new pulumi.StackReference(x);\n"
    facts = finder("typescript")(text, "index.ts")
    assert len(facts.sites) == 1
