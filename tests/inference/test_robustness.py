"""Inputs from real repositories that once crashed the finders (exit 3) must give facts, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

from stackgraph.discovery.infer.sources import finder
from tests.foundation.clirun import cli


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


def test_an_index_that_python_would_reject_only_when_run_is_unresolved(tmp_path: Path) -> None:
    """`parts[-"a"]` parses; negating it crashed the lowering (TypeError, exit 3)."""
    (tmp_path / "Pulumi.yaml").write_text("name: neg\nruntime: python\n")
    (tmp_path / "Pulumi.dev.yaml").write_text("config: {}\n")
    (tmp_path / "__main__.py").write_text(
        "import pulumi\nparts = pulumi.get_stack().split('-')\n"
        "a = pulumi.StackReference('acme/net/' + parts[-'a'])\n"
        "b = pulumi.StackReference('acme/net/' + parts[-1])\n"
    )
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    refs = {r["site"]: r for r in json.loads(out.stdout)["references"]}
    assert refs["__main__.py:3"]["resolved"] is False
    assert "run-time value" in refs["__main__.py:3"]["reason"]
    assert refs["__main__.py:4"]["target"] == {"org": "acme", "project": "net", "stack": "dev"}
