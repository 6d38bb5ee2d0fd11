"""Inputs from real repositories that once crashed the finders (exit 3) must give facts, never an exception."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackgraph.inference.sources import finder
from tests.helpers.clirun import cli


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


def _reassigned_under_ifs(n: int, lang: str) -> str:
    if lang == "python":
        lines = ["import pulumi", "x = 'acme'"]
        lines += [f"if pulumi.get_stack() == 's{i}':\n    x = x + '-{i}'" for i in range(n)]
        return "\n".join([*lines, "ref = pulumi.StackReference(x + '/net/dev')"]) + "\n"
    lines = ['import * as pulumi from "@pulumi/pulumi";', 'let x = "acme";']
    lines += [f'if (pulumi.getStack() === "s{i}") {{ x = x + "-{i}"; }}' for i in range(n)]
    return "\n".join([*lines, 'new pulumi.StackReference(x + "/net/dev");']) + "\n"


@pytest.mark.parametrize("lang", ["python", "typescript"])
def test_a_name_reassigned_under_many_ifs_is_lowered_in_linear_work(lang: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each branch looked the name up and settled its earlier values again: 2**n steps (minutes at
    n = 25, for a 4.5 KB file found in the wild). Counted, not timed: at n = 16, about 65,000 steps
    when exponential, a few hundred when linear."""
    from stackgraph.inference.frontends.python import PythonFinder
    from stackgraph.inference.frontends.treesitter import TSFinder

    owner: type = PythonFinder if lang == "python" else TSFinder
    names = ("_lookup", "_settled") if lang == "python" else ("_lookup", "settled")
    steps: list[str] = []
    for method in names:
        real = getattr(owner, method)

        def counted(self, *a, _real=real, _method=method, **k):  # type: ignore[no-untyped-def]
            steps.append(_method)
            return _real(self, *a, **k)

        monkeypatch.setattr(owner, method, counted)
    facts = finder(lang)(_reassigned_under_ifs(16, lang), "main.py" if lang == "python" else "index.ts")
    assert len(facts.sites) == 1
    assert set(steps) == set(names) and len(steps) < 600, len(steps)


@pytest.mark.parametrize("lang", ["python", "typescript"])
def test_a_scan_of_a_name_reassigned_under_forty_ifs_ends(tmp_path: Path, lang: str) -> None:
    """The expression of such a name has 2**40 nodes as a tree: past MAX_NODES it is unknown, never walked."""
    main = "__main__.py" if lang == "python" else "index.ts"
    runtime = "python" if lang == "python" else "nodejs"
    (tmp_path / "Pulumi.yaml").write_text(f"name: many\nruntime: {runtime}\n")
    for stack in ("dev", "s3"):
        (tmp_path / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
    (tmp_path / main).write_text(_reassigned_under_ifs(40, lang))
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    refs = json.loads(out.stdout)["references"]
    assert {r["stack"] for r in refs} == {"dev", "s3"}
    assert all(not r["resolved"] or r["target"]["project"] == "net" for r in refs)
