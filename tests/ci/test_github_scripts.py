"""The shell steps of the generated workflow, run for real with bash as GitHub runs them (`bash -eo pipefail`).

The `plan` step on a real git repository with the real stackgraph; the sticky-comment step with a
stand-in `gh` that records its calls (no network).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers.clirun import cli
from tests.helpers.estate import commit_all, edit, git
from tests.helpers.repo_builder import project, stack, write_repo

MARKER = "<!-- stackgraph:preview -->"


def chain(root: Path) -> Path:
    """net/dev <- db/dev <- api/dev <- mon/dev, and a lone solo/dev; a git repository with one commit."""
    write_repo(root, {
        "net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack(),
        "db/Pulumi.yaml": project("db"), "db/Pulumi.dev.yaml": stack(["net/dev"]),
        "api/Pulumi.yaml": project("api"), "api/Pulumi.dev.yaml": stack(["db/dev"]),
        "mon/Pulumi.yaml": project("mon"), "mon/Pulumi.dev.yaml": stack(["api/dev"]),
        "solo/Pulumi.yaml": project("solo"), "solo/Pulumi.dev.yaml": stack(),
    })  # fmt: skip
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "stacks")
    return root


def step(workflow: dict[str, Any], job: str, name: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s for s in workflow["jobs"][job]["steps"] if s.get("name") == name)
    return found


def bash(script: str, cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ["PATH"]])
    return subprocess.run(
        ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
        cwd=cwd, env={**os.environ, "PATH": path, **env}, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def run_plan(root: Path, tmp: Path, workflow: dict[str, Any], **env: str) -> tuple[list[str], str, str]:
    select = step(workflow, "plan", "select the stacks to deploy")
    outputs, summary = tmp / "output", tmp / "summary"
    outputs.write_text("")
    summary.write_text("")
    full = {"EVENT": "push", "BEFORE": "", "SELECT": "", "STACKGRAPH_JOBS": select["env"]["STACKGRAPH_JOBS"], **env}
    proc = bash(select["run"], root, {**full, "GITHUB_OUTPUT": str(outputs), "GITHUB_STEP_SUMMARY": str(summary)})
    assert proc.returncode == 0, proc.stdout + proc.stderr
    (line,) = outputs.read_text().splitlines()
    assert line.startswith("stacks=")
    stacks: list[str] = json.loads(line.removeprefix("stacks="))
    return stacks, proc.stdout, summary.read_text()


def test_plan_selects_what_changed_since_the_previous_commit_and_its_dependents(tmp_path: Path) -> None:
    root = chain(tmp_path / "repo")
    before = git(root, "rev-parse", "HEAD")
    workflow = yaml.safe_load(cli("ci", "github", root).stdout)
    edit(root, "db/Pulumi.dev.yaml", "# a change\n")
    commit_all(root, "change db")
    stacks, _, summary = run_plan(root, tmp_path, workflow, BEFORE=before)
    assert stacks == ["db/dev", "api/dev", "mon/dev"]
    assert summary == "### Selected stacks\n\n- db/dev\n- api/dev\n- mon/dev\n"
    assert run_plan(root, tmp_path, workflow, BEFORE=git(root, "rev-parse", "HEAD"))[0] == []  # nothing changed


def test_plan_takes_every_stack_when_the_previous_commit_is_unknown(tmp_path: Path) -> None:
    root = chain(tmp_path / "repo")
    workflow = yaml.safe_load(cli("ci", "github", root).stdout)
    stacks, out, _ = run_plan(root, tmp_path, workflow, BEFORE="0" * 40)
    assert sorted(stacks) == ["api/dev", "db/dev", "mon/dev", "net/dev", "solo/dev"]
    assert f"::warning::the previous commit '{'0' * 40}' is not in the history" in out


def test_a_manual_run_deploys_its_selection_and_names_stacks_without_a_job(tmp_path: Path) -> None:
    root = chain(tmp_path / "repo")
    workflow = yaml.safe_load(cli("ci", "github", root, "--exclude", "mon/dev").stdout)
    stacks, out, _ = run_plan(root, tmp_path, workflow, EVENT="workflow_dispatch", SELECT="api/dev+")
    assert stacks == ["api/dev"]
    assert "::warning::mon/dev is selected but this workflow has no job for it" in out
    assert run_plan(root, tmp_path, workflow, EVENT="workflow_dispatch")[0] == ["net/dev", "solo/dev", "db/dev",
                                                                               "api/dev"]  # fmt: skip


def run_comment(root: Path, tmp: Path, existing: str) -> tuple[list[str], str, str]:
    """Run the comment step in `root` with a stand-in gh; return its calls, the comment posted, the job summary."""
    workflow = yaml.safe_load(cli("ci", "github", root).stdout)
    script = step(workflow, "preview", "comment on the pull request (one comment, updated)")["run"]
    fake = tmp / "bin" / "gh"
    fake.parent.mkdir(exist_ok=True)
    fake.write_text(
        '#!/usr/bin/env bash\nprintf "%s\\n" "$*" >> "$GH_LOG"\n'
        'case "$*" in *--jq*) [ -n "$FAKE_ID" ] && echo "$FAKE_ID";;\n'
        '  *body=@comment.md*) cp comment.md "$GH_LOG.body";;\nesac\nexit 0\n'
    )
    fake.chmod(0o755)
    log, summary = tmp / "gh.log", tmp / "summary"
    summary.write_text("")
    env = {"PATH": f"{fake.parent}:{Path(sys.executable).parent}:{os.environ['PATH']}", "GH_LOG": str(log),
           "FAKE_ID": existing, "PR": "7", "GITHUB_REPOSITORY": "acme/infra", "RUN_URL": "https://example/run/1",
           "BASE_REF": "main", "GITHUB_STEP_SUMMARY": str(summary)}  # fmt: skip
    proc = subprocess.run(["bash", "-eo", "pipefail", "-c", script], cwd=root, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=120, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return log.read_text().splitlines(), Path(f"{log}.body").read_text(), summary.read_text()


@pytest.mark.parametrize(("existing", "method"), [("", "POST"), ("4242", "PATCH")])
def test_the_preview_summary_is_one_comment_found_by_its_marker(tmp_path: Path, existing: str, method: str) -> None:
    root = chain(tmp_path / "repo")
    (root / "preview.md").write_text(f"{MARKER}\n## preview\napi/dev now depends on db/dev\n")
    calls, body, summary = run_comment(root, tmp_path, existing)
    assert calls[0].startswith("api repos/acme/infra/issues/7/comments --paginate --jq")
    target = "repos/acme/infra/issues/comments/4242" if existing else "repos/acme/infra/issues/7/comments"
    assert calls[1:] == [f"api -X {method} {target} -F body=@comment.md"]
    assert body == (root / "preview.md").read_text()
    assert summary == ""  # the preview appended its own summary


def test_without_a_preview_summary_the_comment_is_the_graph_diff(tmp_path: Path) -> None:
    root = chain(tmp_path / "repo")
    git(root, "update-ref", "refs/remotes/origin/main", "HEAD")
    write_repo(root, {"cache/Pulumi.yaml": project("cache"), "cache/Pulumi.dev.yaml": stack(["net/dev"])})
    _, body, summary = run_comment(root, tmp_path, "")
    assert body.startswith(f"{MARKER}\n\nstackgraph preview wrote no summary: see https://example/run/1\n")
    assert "cache/dev" in body
    assert summary == body
