"""`stackgraph ci github|gitlab --review-envs BASE`: a pull request stands up pr-<number>, closed takes it down.

The workflow's `if:`s are evaluated with GitHub's semantics (tests/helpers/gha.py) for each event; the
comment step runs in bash with a stand-in `gh`; the GitLab jobs carry `environment: on_stop/auto_stop_in`.
The validators (actionlint, check-jsonschema) run on these variants in test_validate.py.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from stackgraph.ci.review import gitlab_duration
from tests.helpers import gha
from tests.helpers.clirun import both, cli
from tests.helpers.engine import EXAMPLES

REVIEW = ("--env", "dev", "--review-envs", "dev", "--review-share", "networking/dev")


@pytest.fixture(scope="module")
def workflow() -> dict[str, Any]:
    out = cli("ci", "github", EXAMPLES, *REVIEW)
    assert out.code == 0, out.stderr
    data: dict[str, Any] = yaml.safe_load(out.stdout)
    return data


def ran(workflow: dict[str, Any], event: str, action: str | None) -> set[str]:
    done = gha.simulate(workflow, event=event, action=action, outcome=lambda job: ("success", {"stacks": "[]"}))
    return {job for job, result in done.items() if result != "skipped"}


def test_opened_or_updated_stands_it_up_closed_takes_it_down_and_nothing_else_deploys(workflow: dict[str, Any]) -> None:
    assert workflow["on"]["pull_request"]["types"] == ["opened", "synchronize", "reopened", "closed"]
    for action in ("opened", "synchronize", "reopened"):
        assert ran(workflow, "pull_request", action) == {"pipeline", "preview", "review-env"}, action
    assert ran(workflow, "pull_request", "closed") == {"pipeline", "review-env-down"}
    assert ran(workflow, "push", None) == {"pipeline", "plan"}  # no stack selected: none deploys
    up, down = workflow["jobs"]["review-env"], workflow["jobs"]["review-env-down"]
    assert (
        up["concurrency"]
        == down["concurrency"]
        == {
            "group": "stackgraph-review-${{ github.event.pull_request.number }}",
            "cancel-in-progress": False,
        }
    )
    assert up["env"] == down["env"] == {"REVIEW_ENV": "pr-${{ github.event.pull_request.number }}"}
    runs = [s.get("run", "") for s in up["steps"]]
    assert 'stackgraph env up "$REVIEW_ENV" examples --from dev --ttl 72h --share networking/dev' in runs
    assert 'stackgraph env outputs "$REVIEW_ENV" examples -f markdown -o review-env.md' in runs
    assert down["steps"][0]["with"] == {"ref": "${{ github.event.pull_request.head.sha }}"}
    assert down["steps"][-1]["run"] == 'stackgraph env down "$REVIEW_ENV" examples'


def test_without_review_envs_the_workflow_has_no_review_job_and_no_closed_trigger() -> None:
    data = yaml.safe_load(cli("ci", "github", EXAMPLES, "--env", "dev").stdout)
    assert "types" not in data["on"]["pull_request"]
    assert not [job for job in data["jobs"] if job.startswith("review")]


def run_comment(workflow: dict[str, Any], tmp: Path, existing: str, outputs: str | None) -> tuple[list[str], str]:
    """Run the comment step with a stand-in gh; return its calls and the body it posted."""
    step = next(s for s in workflow["jobs"]["review-env"]["steps"] if s.get("name", "").startswith("comment"))
    if outputs is not None:
        (tmp / "review-env.md").write_text(outputs)
    fake = tmp / "bin" / "gh"
    fake.parent.mkdir()
    fake.write_text(
        '#!/usr/bin/env bash\nprintf "%s\\n" "$*" >> "$GH_LOG"\n'
        'case "$*" in *--jq*) [ -n "$FAKE_ID" ] && echo "$FAKE_ID";;\n'
        '  *body=@review-env.md*) cp review-env.md "$GH_LOG.body";;\nesac\nexit 0\n'
    )
    fake.chmod(0o755)
    log = tmp / "gh.log"
    env = {"PATH": f"{fake.parent}:{Path(sys.executable).parent}:{os.environ['PATH']}", "GH_LOG": str(log),
           "FAKE_ID": existing, "PR": "7", "REVIEW_ENV": "pr-7", "GITHUB_REPOSITORY": "acme/infra",
           "RUN_URL": "https://example/run/1"}  # fmt: skip
    proc = subprocess.run(["bash", "-eo", "pipefail", "-c", step["run"]], cwd=tmp, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60, check=False)  # fmt: skip
    assert proc.returncode == 0, proc.stderr
    return log.read_text().splitlines(), Path(f"{log}.body").read_text()


@pytest.mark.parametrize(("existing", "method"), [("", "POST"), ("4242", "PATCH")])
def test_the_outputs_are_one_comment_per_environment(
    workflow: dict[str, Any], tmp_path: Path, existing: str, method: str
) -> None:
    outputs = "<!-- stackgraph:env pr-7 -->\n## Environment pr-7: 1 stack(s)\n"
    calls, body = run_comment(workflow, tmp_path, existing, outputs)
    assert calls[0].startswith("api repos/acme/infra/issues/7/comments --paginate --jq")
    assert 'startswith("<!-- stackgraph:env pr-7 -->")' in calls[0]
    target = "repos/acme/infra/issues/comments/4242" if existing else "repos/acme/infra/issues/7/comments"
    assert calls[1:] == [f"api -X {method} {target} -F body=@review-env.md"]
    assert body == outputs


def test_when_env_up_failed_the_comment_says_so(workflow: dict[str, Any], tmp_path: Path) -> None:
    _calls, body = run_comment(workflow, tmp_path, "", None)
    assert body == (
        "<!-- stackgraph:env pr-7 -->\n\nThe review environment pr-7 could not be brought up: "
        "see https://example/run/1\n"
    )


def test_gitlab_review_job_stops_on_close_and_after_its_ttl() -> None:
    out = cli("ci", "gitlab", EXAMPLES, "--parent", "--review-envs", "dev", "--review-ttl", "1d12h")
    assert out.code == 0, out.stderr
    jobs = yaml.safe_load(out.stdout)
    up, stop = jobs["stackgraph-review-env"], jobs["stackgraph-review-env-stop"]
    assert up["environment"] == {
        "name": "review/pr-$CI_MERGE_REQUEST_IID",
        "on_stop": "stackgraph-review-env-stop",
        "auto_stop_in": "36 hours",
    }
    assert stop["environment"] == {"name": "review/pr-$CI_MERGE_REQUEST_IID", "action": "stop"}
    assert stop["rules"] == [{"if": '$CI_PIPELINE_SOURCE == "merge_request_event"', "when": "manual"}]
    assert up["resource_group"] == stop["resource_group"] == "stackgraph/review-$CI_MERGE_REQUEST_IID"
    assert up["script"][0] == 'stackgraph env up "$REVIEW_ENV" examples --from dev --ttl 1d12h'
    assert stop["script"] == ['stackgraph env down "$REVIEW_ENV" examples']


def test_gitlab_durations() -> None:
    assert [gitlab_duration(s) for s in (259200, 129600, 5400, 604800, 60, 45)] == [
        "3 days", "36 hours", "90 minutes", "1 week", "1 minute", "45 seconds"
    ]  # fmt: skip


NAME_RULE = "not a name Pulumi accepts for a stack; use up to 100 letters, digits, '-', '_' and '.' (not '-' first)"
BAD = [
    (("argo", "--review-envs", "dev"), "--review-envs is an option of `stackgraph ci github` and `ci gitlab`, "
     "not of argo"),
    (("github", "--review-ttl", "2h"), "--review-share and --review-ttl go with --review-envs BASE; add it or "
     "drop them"),
    (("github", "--review-envs", "dev", "--review-ttl", "soon"), "--review-ttl soon: give a duration such as 90m, 72h, "
     "1d12h or 2w"),
    (("github", "--review-envs", "a b"), f"--review-envs 'a b': {NAME_RULE}"),
    (("github", "--review-envs", "staging"), "--review-envs staging: no stack file Pulumi.staging.yaml to copy; the "
     "stack names are: dev, prod"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_review_options_are_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    system, *rest = args
    for out in both("ci", system, EXAMPLES, *rest):
        assert (out.code, out.stdout) == (2, ""), out.stderr
        assert out.stderr.splitlines()[-1] == f"stackgraph: error: {message}"
