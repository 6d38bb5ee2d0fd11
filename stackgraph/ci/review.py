"""Review environments in the generated pipelines (`stackgraph ci github|gitlab --review-envs BASE`). Pure.

A pull request (merge request) opened or updated stands up environment `pr-<number>` from BASE with
`stackgraph env up` and comments its outputs (`stackgraph env outputs -f markdown`, one sticky
comment per environment); closed, it is taken down with `stackgraph env down`. GitHub: two jobs on the
`pull_request` event, told apart by `github.event.action`, one concurrency group per pull request so an
update and a close never overlap. GitLab: a job with `environment: {name, on_stop, auto_stop_in}` and
its stop job (`action: stop`), which GitLab runs when the merge request is merged or closed, or when
`auto_stop_in` (the TTL) has passed; one `resource_group` per merge request.
"""

from __future__ import annotations

import shlex
from collections.abc import Callable
from typing import Any

from stackgraph.ci.model import CiOptions, Review

ENV_VAR = "REVIEW_ENV"
OUTPUTS_FILE = "review-env.md"
GITHUB_PR = "${{ github.event.pull_request.number }}"
GITLAB_MR = "$CI_MERGE_REQUEST_IID"
GITLAB_MR_RULE = '$CI_PIPELINE_SOURCE == "merge_request_event"'
_UNITS = (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60))


def _review(options: CiOptions) -> Review:
    assert options.review is not None
    return options.review


def up_command(options: CiOptions) -> str:
    """`stackgraph env up "$REVIEW_ENV" PATH --from BASE --ttl TTL [--share EXPR]...`."""
    review = _review(options)
    share = [w for expr in review.share for w in ("--share", shlex.quote(expr))]
    words = ["stackgraph", "env", "up", f'"${ENV_VAR}"', shlex.quote(options.path), "--from", shlex.quote(review.base)]
    return " ".join([*words, "--ttl", shlex.quote(review.ttl), *share])


def outputs_command(options: CiOptions) -> str:
    return f'stackgraph env outputs "${ENV_VAR}" {shlex.quote(options.path)} -f markdown -o {OUTPUTS_FILE}'


def down_command(options: CiOptions) -> str:
    return f'stackgraph env down "${ENV_VAR}" {shlex.quote(options.path)}'


def gitlab_duration(seconds: int) -> str:
    """A TTL as GitLab's `auto_stop_in` reads it: `3 days`, `90 minutes` (the largest unit that divides it)."""
    for unit, size in _UNITS:
        if seconds % size == 0:
            count = seconds // size
            return f"{count} {unit}{'s' if count != 1 else ''}"
    return f"{seconds} seconds"


# --- GitHub Actions ------------------------------------------------------------------------------

NOT_CLOSED = "github.event_name == 'pull_request' && github.event.action != 'closed'"
CLOSED = "github.event_name == 'pull_request' && github.event.action == 'closed'"


def github_jobs(options: CiOptions, setup: Callable[[CiOptions], list[dict[str, Any]]]) -> dict[str, Any]:
    """The `review-env` and `review-env-down` jobs; `setup` gives the steps that install stackgraph."""
    common = {
        "runs-on": "ubuntu-latest",
        "concurrency": {"group": f"stackgraph-review-{GITHUB_PR}", "cancel-in-progress": False},
        "env": {ENV_VAR: f"pr-{GITHUB_PR}"},
    }
    up_steps = [
        {"uses": "actions/checkout@v4"},
        *setup(options),
        {"name": "stand up the review environment", "run": up_command(options)},
        {"name": "read its outputs", "if": "${{ !cancelled() }}", "run": outputs_command(options)},
        {
            "name": "comment its outputs on the pull request (one comment, updated)",
            "if": "${{ !cancelled() }}",
            "env": {
                "GH_TOKEN": "${{ github.token }}",
                "PR": GITHUB_PR,
                "RUN_URL": "${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}",
            },
            "run": _GITHUB_COMMENT,
        },
    ]
    # The pull request's head commit: it still exists once the pull request is closed, and holds the projects.
    down_checkout = {"uses": "actions/checkout@v4", "with": {"ref": "${{ github.event.pull_request.head.sha }}"}}
    down_steps = [
        down_checkout,
        *setup(options),
        {"name": "take down the review environment", "run": down_command(options)},
    ]
    return {
        "review-env": {
            "name": "review environment",
            "if": NOT_CLOSED,
            "needs": ["pipeline"],
            **common,
            "permissions": {"contents": "read", "pull-requests": "write"},
            "steps": up_steps,
        },
        "review-env-down": {"name": "take down the review environment", "if": CLOSED, **common, "steps": down_steps},
    }


_GITHUB_COMMENT = f"""marker="<!-- stackgraph:env $REVIEW_ENV -->"
if [ ! -s {OUTPUTS_FILE} ]; then
  printf '%s\\n\\nThe review environment %s could not be brought up: see %s\\n' \\
    "$marker" "$REVIEW_ENV" "$RUN_URL" > {OUTPUTS_FILE}
fi
mine='.[] | select(.user.login == "github-actions[bot]" and (.body | startswith("'"$marker"'"))) | .id'
id=$(gh api "repos/$GITHUB_REPOSITORY/issues/$PR/comments" --paginate --jq "$mine" | head -n 1)
if [ -n "$id" ]; then
  gh api -X PATCH "repos/$GITHUB_REPOSITORY/issues/comments/$id" -F body=@{OUTPUTS_FILE} > /dev/null
else
  gh api -X POST "repos/$GITHUB_REPOSITORY/issues/$PR/comments" -F body=@{OUTPUTS_FILE} > /dev/null
fi
"""


# --- GitLab CI -----------------------------------------------------------------------------------


def gitlab_jobs(options: CiOptions, setup: list[str], ttl_s: int) -> dict[str, Any]:
    """The review job and its stop job, for the parent pipeline (merge request pipelines run there)."""
    name = f"review/pr-{GITLAB_MR}"
    common = {
        "stage": "deploy",
        "variables": {ENV_VAR: f"pr-{GITLAB_MR}"},
        "resource_group": f"stackgraph/review-{GITLAB_MR}",
        "before_script": setup,
    }
    return {
        "stackgraph-review-env": {
            **common,
            "rules": [{"if": GITLAB_MR_RULE}],
            "environment": {
                "name": name,
                "on_stop": "stackgraph-review-env-stop",
                "auto_stop_in": gitlab_duration(ttl_s),
            },
            "script": [up_command(options), outputs_command(options)],
            "after_script": [_GITLAB_NOTE],
            "artifacts": {"when": "always", "paths": [OUTPUTS_FILE]},
        },
        "stackgraph-review-env-stop": {
            **common,
            "rules": [{"if": GITLAB_MR_RULE, "when": "manual"}],
            "allow_failure": True,  # a manual job that blocks nothing: the merge request can merge meanwhile
            "environment": {"name": name, "action": "stop"},
            "script": [down_command(options)],
        },
    }


_GITLAB_NOTE = f"""marker="<!-- stackgraph:env $REVIEW_ENV -->"
if [ ! -s {OUTPUTS_FILE} ]; then
  printf '%s\\n\\nThe review environment %s could not be brought up: see %s\\n' \\
    "$marker" "$REVIEW_ENV" "$CI_JOB_URL" > {OUTPUTS_FILE}
fi
if [ -z "$STACKGRAPH_GITLAB_TOKEN" ]; then echo "STACKGRAPH_GITLAB_TOKEN is not set: no note posted"; exit 0; fi
api="$CI_API_V4_URL/projects/$CI_PROJECT_ID/merge_requests/$CI_MERGE_REQUEST_IID/notes"
id=$(curl -fsS -H "PRIVATE-TOKEN: $STACKGRAPH_GITLAB_TOKEN" "$api?per_page=100" | MARKER="$marker" python3 -c '
import json, os, sys
print(next((str(n["id"]) for n in json.load(sys.stdin) if n["body"].startswith(os.environ["MARKER"])), ""))')
if [ -n "$id" ]; then method=PUT; url="$api/$id"; else method=POST; url="$api"; fi
curl -fsS -X "$method" -H "PRIVATE-TOKEN: $STACKGRAPH_GITLAB_TOKEN" \\
  --data-urlencode "body@{OUTPUTS_FILE}" "$url" > /dev/null
"""
