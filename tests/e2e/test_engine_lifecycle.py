"""The real engine, one environment's whole life on a copy of examples/: up, preview, refresh, destroy.

The tests of this module run in order on ONE copy and ONE backend (the embedded one:
no PULUMI_BACKEND_URL and no passphrase are set, so stackgraph picks
`file://<copy>/.stackgraph/state` and its default passphrase, and says so).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.helpers import engine
from tests.helpers.deploy import (
    DB_PASSWORD,
    DEV,
    DEV_EDGES,
    deploy_env,
    files_containing,
    interval,
    load_report,
    show,
    stack_list,
    stackgraph,
)

pytestmark = pytest.mark.engine

PROJECTS = ("api", "cluster", "database", "monitoring", "networking", "web")


class Life:
    """What the tests of this module share: the copy, the environments, every output seen."""

    def __init__(self, root: Path, copy: Path, env: dict[str, str], pulumi_env: dict[str, str]) -> None:
        self.root = root
        self.copy = copy
        self.env = env  # for stackgraph: no backend, no passphrase
        self.pulumi_env = pulumi_env  # for direct pulumi calls: the embedded backend spelled out
        self.outputs: list[str] = []

    def run(self, *args: str | Path) -> Any:
        proc = stackgraph(*args, env=self.env)
        self.outputs += [proc.stdout, proc.stderr]
        return proc


@pytest.fixture(scope="module")
def life(
    pulumi_bin: Path,
    make_engine_env: Callable[[Path], dict[str, str]],
    make_examples_copy: Callable[[Path], Path],
    tmp_path_factory: pytest.TempPathFactory,
) -> Life:
    root = tmp_path_factory.mktemp("lifecycle")
    copy = make_examples_copy(root / "examples")
    base = make_engine_env(root)
    for key in ("PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE"):
        base.pop(key)
    env = deploy_env(pulumi_bin, base)
    state = copy / ".stackgraph" / "state"
    pulumi_env = {**env, "PULUMI_BACKEND_URL": state.as_uri(), "PULUMI_CONFIG_PASSPHRASE": "stackgraph-local"}
    return Life(root, copy, env, pulumi_env)


def test_missing_stacks_are_named_before_anything_runs(life: Life) -> None:
    proc = life.run("up", life.copy, "--env", "dev")
    assert proc.returncode == 2, show(proc)
    state = (life.copy / ".stackgraph" / "state").as_uri()
    assert proc.stderr.splitlines()[-1] == (
        f"stackgraph: error: 6 stack(s) not found in the backend {state}: networking/dev, cluster/dev, "
        "database/dev, api/dev, web/dev, monitoring/dev; pass --create-stacks to create them "
        "(keeping the config in their stack files)"
    )
    for project in PROJECTS:
        assert stack_list(life.pulumi_env, life.copy / project) == {}, project
    assert not (life.copy / ".stackgraph" / "logs").exists()


def test_destroying_stacks_that_were_never_created_has_nothing_to_do(life: Life) -> None:
    report = life.root / "destroy-prod.json"
    proc = life.run("destroy", life.copy, "--env", "prod", "--report", report)
    assert proc.returncode == 0, show(proc)
    state = (life.copy / ".stackgraph" / "state").as_uri()
    notes = [ln for ln in proc.stderr.splitlines() if ln.endswith("nothing to destroy")]
    assert notes == [
        f"stackgraph: {sid} is not in the backend {state}: nothing to destroy"
        for sid in ("monitoring/prod", "api/prod", "web/prod", "cluster/prod", "database/prod", "networking/prod")
    ]
    stacks = load_report(report)
    assert {s["status"] for s in stacks.values()} == {"succeeded"}
    assert {s["summary"]["note"] for s in stacks.values()} == {"not in the backend: nothing to destroy"}
    for project in PROJECTS:
        assert stack_list(life.pulumi_env, life.copy / project) == {}, project


def test_up_creates_the_stacks_and_deploys_in_order_with_levels_in_parallel(life: Life) -> None:
    report = life.root / "up.json"
    junit = life.root / "up.xml"
    proc = life.run("up", life.copy, "--env", "dev", "--create-stacks", "--report", report, "--junit", junit)
    assert proc.returncode == 0, show(proc)
    state = (life.copy / ".stackgraph" / "state").as_uri()
    assert (
        "stackgraph: no Pulumi backend is configured (no PULUMI_BACKEND_URL, no `pulumi login`): using the "
        f"embedded local file backend {state}; set PULUMI_BACKEND_URL to use another"
    ) in proc.stderr.splitlines()
    assert sorted(ln for ln in proc.stderr.splitlines() if ln.startswith("stackgraph: created stack")) == sorted(
        f"stackgraph: created stack {sid}" for sid in DEV
    )
    stacks = load_report(report)
    assert sorted(stacks) == sorted(DEV)
    for sid, s in stacks.items():
        assert s["status"] == "succeeded", (sid, s)
        assert s["summary"]["changes"] == {"create": 1}, (sid, s)
        assert (life.copy / s["log"]).is_file()
    for dependent, dependency in DEV_EDGES:
        assert interval(stacks[dependent])[0] >= interval(stacks[dependency])[1], (dependent, dependency)
    # One level at the same time: database and cluster both wait only for networking.
    db, cluster = interval(stacks["database/dev"]), interval(stacks["cluster/dev"])
    assert max(db[0], cluster[0]) < min(db[1], cluster[1]), (db, cluster)
    assert abs(db[0] - cluster[0]) < 0.5
    # Eager: web waits for cluster only, not for database.
    assert interval(stacks["web/dev"])[0] - cluster[1] < 0.5
    assert junit.read_text().count("<testcase") == 6
    # The stack files kept their config; the engine added its salt.
    text = (life.copy / "database" / "Pulumi.dev.yaml").read_text()
    assert "database:passwordSeed: dev-seed-7f3a" in text and "encryptionsalt:" in text


def test_outputs_flowed_through_the_stack_references(life: Life) -> None:
    monitoring = engine.stack_outputs(life.pulumi_env, life.copy / "monitoring", "dev")
    # networking's vpcId -> cluster's endpoint and database's host -> api's URL -> monitoring's check.
    assert monitoring["checks"] == [
        {
            "name": "api-dev",
            "url": "https://k8s-dev.vpc-dev-10-0.k8s.internal:6443/shop/api/healthz?db=shop-dev.vpc-dev-10-0.db.internal",
            "intervalSeconds": 300,
            "alertChannel": "#shop-dev-alerts",
        },
        {
            "name": "web-dev",
            "url": "https://web.apps.k8s-dev.example.com",
            "intervalSeconds": 300,
            "alertChannel": "#shop-dev-alerts",
        },
    ]
    api = engine.stack_outputs(life.pulumi_env, life.copy / "api", "dev")
    assert api["databaseUrl"] == "[secret]"
    # The needle of test_secrets_never_left is right: this is the secret the state holds.
    shown = engine.check(
        engine.run_pulumi(
            life.pulumi_env, life.copy / "database", "stack", "output", "dbPassword", "--show-secrets", "-s", "dev"
        )
    )
    assert shown.stdout.strip() == DB_PASSWORD


def test_destroy_refuses_to_break_deployed_dependents(life: Life) -> None:
    proc = life.run("destroy", life.copy, "--select", "database/dev")
    assert proc.returncode == 2, show(proc)
    assert proc.stderr.splitlines()[-1] == (
        "stackgraph: error: refusing to destroy: database/dev has deployed dependents outside the selection: "
        "api/dev, monitoring/dev; destroying it would break them; select them too, or pass --force"
    )
    assert stack_list(life.pulumi_env, life.copy / "database")["dev"]["resourceCount"] > 0


def test_preview_over_the_graph_says_what_it_sees(life: Life) -> None:
    report = life.root / "preview.json"
    proc = life.run("preview", life.copy, "--env", "dev", "--report", report)
    assert proc.returncode == 0, show(proc)
    assert (
        "stackgraph: note: each preview reads its upstream stacks' CURRENT outputs, not the outputs their "
        "pending updates would produce; a dependent's preview can change once its upstream is deployed"
    ) in proc.stderr.splitlines()
    stacks = load_report(report)
    for sid in DEV:
        assert stacks[sid]["status"] == "succeeded"
        assert set(stacks[sid]["summary"]["changes"]) == {"same"}, stacks[sid]


def test_refresh(life: Life) -> None:
    proc = life.run("refresh", life.copy, "--env", "dev")
    assert proc.returncode == 0, show(proc)
    assert "refresh summary: 6 succeeded, 0 failed" in proc.stderr


def test_destroy_empties_the_backend_in_reverse_order(life: Life) -> None:
    report = life.root / "destroy.json"
    proc = life.run("destroy", life.copy, "--env", "dev", "--report", report)
    assert proc.returncode == 0, show(proc)
    stacks = load_report(report)
    for dependent, dependency in DEV_EDGES:
        assert interval(stacks[dependency])[0] >= interval(stacks[dependent])[1], (dependent, dependency)
    for sid, s in stacks.items():
        assert s["status"] == "succeeded", (sid, s)
        assert s["summary"]["changes"].get("delete", 0) >= 1, (sid, s)
    for project in PROJECTS:
        row = stack_list(life.pulumi_env, life.copy / project)["dev"]
        assert row.get("resourceCount", 0) == 0, (project, row)


def test_destroying_a_stack_whose_dependents_are_empty_is_allowed(life: Life) -> None:
    proc = life.run("destroy", life.copy, "--env", "dev", "--select", "networking/dev")
    assert proc.returncode == 0, show(proc)


def test_secrets_never_left(life: Life) -> None:
    assert life.outputs and all(DB_PASSWORD not in text for text in life.outputs)
    assert files_containing(life.copy / ".stackgraph" / "logs", DB_PASSWORD) == []
    assert files_containing(life.copy / ".stackgraph" / "runs", DB_PASSWORD) == []
    assert [p for p in life.root.glob("*.*") if DB_PASSWORD.encode() in p.read_bytes()] == []
