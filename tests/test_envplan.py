"""Planning an environment (stackgraph/envplan.py) on real temporary repositories, scanned for real."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan, scan_planned
from stackgraph.envplan import (
    Environment,
    EnvStack,
    Rewrite,
    check,
    format_time,
    new_stacks,
    parse_duration,
    parse_time,
    plan_env,
)
from stackgraph.model import StackId
from tests.helpers.repo_builder import project, stack, write_repo

NET_FROM_CONFIG = """import pulumi
config = pulumi.Config()
net = pulumi.StackReference(f"organization/net/{config.get('netStack') or pulumi.get_stack()}")
db = pulumi.StackReference(f"organization/db/{pulumi.get_stack()}")
"""


def _repo(tmp_path: Path, seed: int | None = None) -> Path:
    return write_repo(
        tmp_path,
        {
            "net/Pulumi.yaml": project("net"),
            "net/Pulumi.dev.yaml": stack(),
            "net/Pulumi.prod.yaml": stack(),
            "db/Pulumi.yaml": project("db"),
            "db/Pulumi.dev.yaml": stack(["net/dev"], config={"db:peer": "organization/net/dev", "db:size": 2}),
            "app/Pulumi.yaml": project("app", runtime="python"),
            "app/__main__.py": NET_FROM_CONFIG,
            "app/Pulumi.dev.yaml": stack(
                ["db/dev"],
                config={
                    "app:netStack": "dev",
                    "app:mirror": "net/prod",
                    "app:note": "dev",
                    "app:token": {"secure": "v1:abc"},
                    "app:nested": {"targets": ["db/dev", "net/dev"]},
                },
            ),
        },
        seed=seed,
    )


def _ids(*names: str) -> list[StackId]:
    return [StackId(n) for n in names]


@pytest.mark.parametrize("seed", [None, 3])
def test_config_naming_copied_base_stacks_is_rewritten_shared_and_other_stacks_kept(
    tmp_path: Path, seed: int | None
) -> None:
    repo = scan(_repo(tmp_path, seed))
    plan = plan_env(repo, _ids("net/dev", "db/dev", "app/dev", "net/prod"), (), "pr-7", "dev")
    assert plan.created == (
        ("app/dev", "app/pr-7"),
        ("db/dev", "db/pr-7"),
        ("net/dev", "net/pr-7"),
    )
    assert plan.rewrites == (
        Rewrite(StackId("app/pr-7"), "app:nested.targets[0]", "db/dev", "db/pr-7", "app/Pulumi.dev.yaml"),
        Rewrite(StackId("app/pr-7"), "app:nested.targets[1]", "net/dev", "net/pr-7", "app/Pulumi.dev.yaml"),
        Rewrite(StackId("app/pr-7"), "app:netStack", "dev", "pr-7", "app/Pulumi.dev.yaml"),  # feeds a reference
        Rewrite(StackId("app/pr-7"), "stackgraph:dependsOn[0]", "db/dev", "db/pr-7", "app/Pulumi.dev.yaml"),
        Rewrite(StackId("db/pr-7"), "db:peer", "organization/net/dev", "organization/net/pr-7", "db/Pulumi.dev.yaml"),
        Rewrite(StackId("db/pr-7"), "stackgraph:dependsOn[0]", "net/dev", "net/pr-7", "db/Pulumi.dev.yaml"),
    )
    # `app:note: dev` feeds no reference and `app:mirror` names a prod stack: both kept; the secret is never read.
    assert plan.config[StackId("app/pr-7")] == {
        "app:nested": {"targets": ["db/pr-7", "net/pr-7"]},
        "app:netStack": "pr-7",
        "stackgraph:dependsOn": ["db/pr-7"],
    }
    planned = scan_planned(repo.root, new_stacks(plan, repo))
    checked, problems = check(plan, planned)
    assert problems == []
    assert {(e.dependent, e.dependency) for e in planned.edges if e.dependent.endswith("/pr-7")} == {
        ("app/pr-7", "db/pr-7"),
        ("app/pr-7", "net/pr-7"),
        ("db/pr-7", "net/pr-7"),
    }
    assert checked.reads == ()


def test_a_shared_stack_read_through_config_is_kept(tmp_path: Path) -> None:
    repo = scan(_repo(tmp_path))
    plan = plan_env(repo, _ids("net/dev", "db/dev", "app/dev"), _ids("net/dev"), "pr-7", "dev")
    assert [new for _, new in plan.created] == ["app/pr-7", "db/pr-7"]
    assert plan.shared == ("net/dev",)
    assert all(r.new != "net/pr-7" and r.key != "app:netStack" for r in plan.rewrites)
    checked, problems = check(plan, scan_planned(repo.root, new_stacks(plan, repo)))
    assert problems == []
    assert checked.reads == (("app/pr-7", "net/dev"), ("db/pr-7", "net/dev"))


def test_a_shared_stack_whose_name_follows_the_current_stack_is_a_problem_with_its_line(tmp_path: Path) -> None:
    repo = scan(_repo(tmp_path))
    plan = plan_env(repo, _ids("net/dev", "db/dev", "app/dev"), _ids("db/dev"), "pr-7", "dev")
    _checked, problems = check(plan, scan_planned(repo.root, new_stacks(plan, repo)))
    assert len(problems) == 1
    assert problems[0].startswith(
        "app/pr-7 would read db/pr-7, which the environment does not create (db/dev is shared): app/__main__.py:4 "
    )
    assert problems[0].endswith(
        "the program builds that name from the current stack: read it from config to keep db/dev, or do not share it"
    )


def test_a_stack_of_another_project_not_chosen_is_named_as_not_chosen(tmp_path: Path) -> None:
    repo = scan(_repo(tmp_path))
    plan = plan_env(repo, _ids("app/dev", "net/dev"), (), "pr-7", "dev")
    _checked, problems = check(plan, scan_planned(repo.root, new_stacks(plan, repo)))
    assert [p.split(":", 1)[0] for p in problems] == [
        "app/pr-7 would read db/pr-7, which the environment does not create (db/dev is not chosen)"
    ]
    assert problems[0].endswith("or choose db/dev too")


def test_durations_and_times() -> None:
    assert [parse_duration(t) for t in ("90m", "72h", "1d12h", "2w", "30s")] == [5400, 259200, 129600, 1209600, 30]
    assert [parse_duration(t) for t in ("", "h", "3x", "1.5h", "0h", "-1h")] == [None] * 6
    assert format_time(0) == "1970-01-01T00:00:00Z"
    assert parse_time("2026-12-05T12:00:00Z") == 1796472000.0
    assert parse_time("yesterday") is None


def test_environment_expiry_from_its_tags() -> None:
    tags = {"stackgraph:created": "2026-12-05T12:00:00Z", "stackgraph:ttl": "2h"}
    env = Environment("pr-7", (EnvStack(StackId("a/pr-7"), 1, tags), EnvStack(StackId("b/pr-7"), 0, tags)))
    assert env.expires() == 1796472000.0 + 7200
    assert not env.expired(1796472000.0 + 7199) and env.expired(1796472000.0 + 7200)
    forever = Environment("pr-8", (EnvStack(StackId("a/pr-8"), 1, {**tags, "stackgraph:ttl": "none"}),))
    assert forever.expires() is None and not forever.expired(4e9)
