"""The environment renderers: golden strings."""

from __future__ import annotations

import json

from stackgraph.envplan import Environment, EnvPlan, EnvStack, Rewrite
from stackgraph.model import StackId
from stackgraph.render.env_formats import render_env_plan, render_envs_json, render_envs_text

S = StackId
PLAN = EnvPlan(
    "pr-7",
    "dev",
    ((S("api/dev"), S("api/pr-7")), (S("db/dev"), S("db/pr-7"))),
    (S("net/dev"),),
    (Rewrite(S("api/pr-7"), "stackgraph:dependsOn[0]", "db/dev", "db/pr-7", "api/Pulumi.dev.yaml"),),
    {},
    ((S("api/pr-7"), S("net/dev")), (S("db/pr-7"), S("net/dev")), (S("db/pr-7"), S("acme/dns/prod"))),
)


def test_env_plan() -> None:
    assert render_env_plan(PLAN, [[S("db/pr-7")], [S("api/pr-7")]]) == (
        "environment pr-7 from dev: 2 stack(s) to create, 1 config value(s) rewritten, 1 shared\n"
        "create (in this order):\n"
        "  1  db/pr-7  with the config of db/dev\n"
        "  2  api/pr-7  with the config of api/dev\n"
        "rewrite (stack  key  old -> new  where the old value is written):\n"
        "  api/pr-7  stackgraph:dependsOn[0]  db/dev -> db/pr-7  (api/Pulumi.dev.yaml)\n"
        "shared (read as they are, never copied nor changed):\n"
        "  acme/dns/prod  read by db/pr-7\n"
        "  net/dev  read by api/pr-7, db/pr-7\n"
    )


TAGS = {"stackgraph:env": "pr-7", "stackgraph:from": "dev", "stackgraph:created": "2026-12-05T12:00:00Z"}
ENVS = [
    Environment("pr-7", (EnvStack(S("api/pr-7"), 4, {**TAGS, "stackgraph:ttl": "2h"}),)),
    Environment("pr-8", (EnvStack(S("db/pr-8"), 0, {**TAGS, "stackgraph:ttl": "none"}),)),
]
NOW = 1796472000.0 + 3 * 3600  # three hours after both were created


def test_envs_text() -> None:
    assert render_envs_text(ENVS, NOW) == (
        "pr-7  from dev  1 stack(s)  3h  ttl 2h EXPIRED\n"
        "  api/pr-7  4 resource(s)\n"
        "pr-8  from dev  1 stack(s)  3h  ttl none\n"
        "  db/pr-8  0 resource(s)\n"
    )
    assert render_envs_text([], NOW) == "no environment (no stack carries the tag stackgraph:env)\n"


def test_envs_json() -> None:
    doc = json.loads(render_envs_json(ENVS, NOW))
    assert doc["schema"] == "stackgraph.envs/v1"
    assert doc["environments"][0] == {
        "name": "pr-7",
        "from": "dev",
        "created": "2026-12-05T12:00:00Z",
        "ttl": "2h",
        "ttl_s": 7200,
        "expires": "2026-12-05T14:00:00Z",
        "expired": True,
        "stacks": [{"id": "api/pr-7", "resources": 4}],
    }
    assert (doc["environments"][1]["ttl_s"], doc["environments"][1]["expired"]) == (None, False)
