"""The real engine: a preview inside GitHub Actions writes the markdown summary a pull request shows.

A git copy of examples/ has dev deployed from main (all but api and monitoring: so the
preview of api/dev really reads deployed upstreams). A branch then makes database/dev depend on
cluster/dev. `stackgraph preview --changed-since main --markdown FILE --ci github` must: preview
database/dev and its dependents, write a summary whose first line is the marker, whose table has
the engine's resource changes, whose graph changes name the new edge with its evidence, whose
Mermaid graph parses, with a folded list of the resources that change; append the same text to
$GITHUB_STEP_SUMMARY; fold each stack's engine log in a group; and show no secret anywhere.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tests.helpers.estate import commit_all, git
from tests.helpers.mermaid import node, parse

pytestmark = pytest.mark.engine

STACKGRAPH = Path(sys.executable).with_name("stackgraph")


def stackgraph(*args: str | Path, env: Mapping[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [str(STACKGRAPH), *map(str, args)], env=dict(env), capture_output=True, text=True, timeout=600, check=False
    )


def show(proc: subprocess.CompletedProcess[str]) -> str:
    return f"exit {proc.returncode}\n--- stdout\n{proc.stdout}\n--- stderr\n{proc.stderr}"


def test_preview_markdown_summary_with_the_real_engine(
    pulumi_bin: Path,
    make_engine_env: Callable[[Path], dict[str, str]],
    make_examples_copy: Callable[[Path], Path],
    tmp_path: Path,
) -> None:
    copy = make_examples_copy(tmp_path / "examples")
    env = {
        **make_engine_env(tmp_path),
        "STACKGRAPH_PULUMI_BIN": str(pulumi_bin),
        "PULUMI_NODEJS_TRANSPILE_ONLY": "true",
        "TERM": "dumb",
    }
    with (copy / ".gitignore").open("a") as f:
        f.write("/node_modules\n.stackgraph/\n")
    git(copy, "init", "-q", "-b", "main")
    commit_all(copy, "examples")
    up = stackgraph("up", copy, "--env", "dev", "-s", "+database/dev", "-s", "+web/dev", "--create-stacks", env=env)
    assert up.returncode == 0, show(up)
    commit_all(copy, "salted stack files")
    git(copy, "checkout", "-q", "-b", "feature")
    stack_file = copy / "database" / "Pulumi.dev.yaml"
    text = stack_file.read_text()
    assert "    - networking/dev\n" in text
    stack_file.write_text(text.replace("    - networking/dev\n", "    - networking/dev\n    - cluster/dev\n"))

    markdown = tmp_path / "summary.md"
    step_summary = tmp_path / "step-summary.md"
    ci_env = {**env, "GITHUB_ACTIONS": "true", "GITHUB_STEP_SUMMARY": str(step_summary), "GITHUB_WORKSPACE": str(copy)}
    proc = stackgraph(
        "preview",
        copy,
        "--env",
        "dev",
        "--changed-since",
        "main",
        "--markdown",
        markdown,
        "--create-stacks",
        env=ci_env,
    )
    assert proc.returncode == 0, show(proc)
    summary = markdown.read_text()
    lines = summary.splitlines()
    assert lines[0] == "<!-- stackgraph:preview -->"
    assert lines[1].startswith("## stackgraph preview: 3 succeeded in ")
    rows = [ln for ln in lines if ln.startswith("| `") and "/dev`" in ln.split(" | ")[0]]
    assert [r.split(" | ")[0] for r in rows] == ["| `database/dev`", "| `api/dev`", "| `monitoring/dev`"]
    assert all(" | ✅ succeeded | " in r for r in rows)
    assert rows[2].endswith(" | +1 |")  # monitoring/dev was never deployed: its stack resource is created
    assert "- `database/dev` now depends on `cluster/dev` (`database/Pulumi.dev.yaml:" in summary
    assert "- `database/dev`: changed: database/Pulumi.dev.yaml" in summary
    assert "<details><summary><code>monitoring/dev</code>: +1</summary>" in summary
    assert "| `+ create` | `pulumi:pulumi:Stack` | `monitoring-dev` |" in summary
    assert "pulumi:providers:" not in summary  # default providers: the engine counts none of them either
    assert step_summary.read_text() == summary + "\n"
    assert sum(1 for ln in proc.stderr.splitlines() if ln.startswith("::group::")) == 3
    assert "::error" not in proc.stderr
    for output in (summary, proc.stderr, proc.stdout, step_summary.read_text()):
        assert "dev-seed-7f3a-dev-shop-pw" not in output  # database/dev's secret output (its value, as computed)
    mermaid = summary.split("```mermaid\n", 1)[1].split("```", 1)[0]
    (tmp_path / "status.mmd").write_text(mermaid, encoding="utf-8")
    code, results = parse(node(), [tmp_path / "status.mmd"])
    assert (code, results["status.mmd"]["ok"]) == (0, True)
