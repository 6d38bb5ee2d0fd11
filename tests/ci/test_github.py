"""`stackgraph ci github`: the workflow's jobs follow the graph, and its `if:`s get GitHub's semantics right.

The `if:` expressions are evaluated with tests/helpers/gha.py (GitHub's expression semantics for the
subset generated) over EVERY combination of selected stacks and job results on a small graph.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.helpers import gha
from tests.helpers.clirun import both, cli
from tests.helpers.repo_builder import project, stack, write_repo

# dependent -> direct dependencies; net <- db, cluster <- api <- mon (a diamond, then a chain).
GRAPH: dict[str, tuple[str, ...]] = {
    "net": (),
    "db": ("net",),
    "cluster": ("net",),
    "api": ("db", "cluster"),
    "mon": ("api",),
}
IDS = [f"{p}/dev" for p in GRAPH]


def ancestors(name: str) -> set[str]:
    """Every project `name` depends on, at any depth (computed here, not by stackgraph)."""
    out: set[str] = set()
    todo = list(GRAPH[name])
    while todo:
        cur = todo.pop()
        if cur not in out:
            out.add(cur)
            todo += GRAPH[cur]
    return out


def small_repo(root: Path, seed: int | None = None) -> Path:
    spec: dict[str, Any] = {}
    for name, deps in GRAPH.items():
        spec[f"{name}/Pulumi.yaml"] = project(name)
        spec[f"{name}/Pulumi.dev.yaml"] = stack([f"{d}/dev" for d in deps])
    return write_repo(root, spec, seed=seed)


@pytest.fixture(scope="module")
def workflow_text(tmp_path_factory: pytest.TempPathFactory) -> str:
    root = small_repo(tmp_path_factory.mktemp("gh") / "repo")
    out = cli("ci", "github", root)
    assert out.code == 0, out.stderr
    return out.stdout


@pytest.fixture(scope="module")
def workflow(workflow_text: str) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(workflow_text)
    return data


def stack_jobs(workflow: dict[str, Any]) -> dict[str, str]:
    """stack id -> job id, read from each job's STACKGRAPH_STACK_ID."""
    return {
        job["env"]["STACKGRAPH_STACK_ID"]: name
        for name, job in workflow["jobs"].items()
        if "STACKGRAPH_STACK_ID" in job.get("env", {})
    }


def run(
    workflow: dict[str, Any],
    selected: set[str],
    results: dict[str, str],
    *,
    event: str = "push",
    pipeline: str = "success",
    cancelled: bool = False,
) -> dict[str, str]:
    """Simulate one run; returns stack id -> result of its job."""
    by_job = {job: sid for sid, job in stack_jobs(workflow).items()}

    def outcome(job: str) -> tuple[str, dict[str, str]]:
        if job == "plan":
            return "success", {"stacks": json.dumps(sorted(selected))}
        if job == "pipeline":
            return pipeline, {}
        if job in by_job:
            return results[by_job[job]], {}
        return "success", {}

    done = gha.simulate(workflow, event=event, outcome=outcome, cancelled=cancelled)
    return {sid: done[job] for sid, job in stack_jobs(workflow).items()}


def expected(selected: set[str], results: dict[str, str]) -> dict[str, str]:
    """The oracle: a stack runs when selected and no ancestor at any depth failed or was cancelled."""
    out: dict[str, str] = {}
    for name in GRAPH:  # dependencies first
        sid = f"{name}/dev"
        blocked = any(out[f"{a}/dev"] in ("failure", "cancelled") for a in ancestors(name))
        out[sid] = results[sid] if sid in selected and not blocked else "skipped"
    return out


def test_every_selection_and_every_result_runs_exactly_what_it_should(workflow: dict[str, Any]) -> None:
    checked = 0
    for mask in itertools.product((False, True), repeat=len(IDS)):
        selected = {sid for sid, on in zip(IDS, mask, strict=True) if on}
        for outcome in itertools.product(("success", "failure", "cancelled"), repeat=len(IDS)):
            results = dict(zip(IDS, outcome, strict=True))
            assert run(workflow, selected, results) == expected(selected, results), (selected, results)
            checked += 1
    assert checked == 2**5 * 3**5


def test_a_failure_two_levels_up_stops_a_selected_dependent_across_unselected_ones(workflow: dict[str, Any]) -> None:
    ok = dict.fromkeys(IDS, "success")
    got = run(workflow, {"net/dev", "mon/dev"}, {**ok, "net/dev": "failure"})
    assert got == {"net/dev": "failure", "db/dev": "skipped", "cluster/dev": "skipped", "api/dev": "skipped",
                   "mon/dev": "skipped"}  # fmt: skip
    # the same selection with net/dev succeeding: mon/dev runs although db, cluster and api were skipped
    assert run(workflow, {"net/dev", "mon/dev"}, ok)["mon/dev"] == "success"


def test_nothing_deploys_on_a_pull_request_and_the_preview_runs(workflow: dict[str, Any]) -> None:
    ok = dict.fromkeys(IDS, "success")
    assert set(run(workflow, set(IDS), ok, event="pull_request").values()) == {"skipped"}
    done = gha.simulate(workflow, event="pull_request", outcome=lambda job: ("success", {}))
    assert done["preview"] == "success"
    assert done["plan"] == "skipped"
    assert (
        gha.simulate(workflow, event="push", outcome=lambda job: ("success", {"stacks": "[]"}))["preview"] == "skipped"
    )


def test_a_stale_pipeline_or_a_cancelled_run_deploys_nothing(workflow: dict[str, Any]) -> None:
    ok = dict.fromkeys(IDS, "success")
    assert set(run(workflow, set(IDS), ok, pipeline="failure").values()) == {"skipped"}
    assert set(run(workflow, set(IDS), ok, cancelled=True).values()) == {"skipped"}


def test_each_stack_job_needs_every_ancestor_and_deploys_only_its_stack(workflow: dict[str, Any]) -> None:
    jobs = stack_jobs(workflow)
    assert sorted(jobs) == sorted(IDS)
    for name in GRAPH:
        sid = f"{name}/dev"
        job = workflow["jobs"][jobs[sid]]
        assert set(job["needs"]) == {"plan"} | {jobs[f"{a}/dev"] for a in ancestors(name)}
        assert job["name"] == sid
        assert job["env"] == {"STACKGRAPH_STACK_ID": sid}
        assert job["environment"] == "dev"
        assert job["concurrency"] == {"group": f"stackgraph-{sid}", "cancel-in-progress": False}
        assert job["steps"][0] == {"uses": "actions/checkout@v4", "with": {"fetch-depth": 0}}
        assert job["steps"][-1]["run"].endswith('up . --select "$STACKGRAPH_STACK_ID" --create-stacks')


def test_the_workflow_checks_its_own_freshness_and_previews_pull_requests(workflow_text: str) -> None:
    data = yaml.safe_load(workflow_text)
    steps = data["jobs"]["pipeline"]["steps"]
    assert steps[-1]["run"] == "stackgraph ci github . --check .github/workflows/stackgraph.yml"
    preview = "\n".join(str(s.get("run", "")) for s in data["jobs"]["preview"]["steps"])
    assert 'stackgraph preview . --changed-since "origin/$BASE_REF" --markdown preview.md' in preview
    assert 'stackgraph diff "origin/$BASE_REF" . -f markdown' in preview
    assert "<!-- stackgraph:preview -->" in preview
    assert data["env"]["PULUMI_BACKEND_URL"] == "${{ secrets.PULUMI_BACKEND_URL }}"
    assert data["on"]["push"] == {"branches": ["main"]}  # written quoted: YAML 1.1 reads a bare on as true
    assert "queue" not in workflow_text


def test_the_commands_the_workflow_runs_exist() -> None:
    up = cli("up", "--help").stdout
    assert "--select" in up
    assert "--create-stacks" in up
    ls = cli("ls", "--help").stdout
    assert "--changed-since" in ls
    assert "--markdown" in cli("preview", "--help").stdout
    assert "--format" in cli("diff", "--help").stdout


def test_the_same_graph_gives_the_same_bytes(tmp_path: Path) -> None:
    texts = set()
    for seed in (1, 2):
        root = small_repo(tmp_path / f"r{seed}", seed=seed)
        texts.add(cli("ci", "github", root, "--branch", "trunk", "--backend-secret", "BACKEND").stdout)
    assert len(texts) == 1
    text = texts.pop()
    assert "${{ secrets.BACKEND }}" in text
    assert "--branch trunk --backend-secret BACKEND --check" in text


def test_level_granularity_runs_levels_in_order_and_stops_after_a_failure(tmp_path: Path) -> None:
    root = small_repo(tmp_path / "repo")
    data = yaml.safe_load(cli("ci", "github", root, "--granularity", "level").stdout)
    levels = [j for j in data["jobs"] if j.startswith("level-")]
    assert levels == ["level-1", "level-2", "level-3", "level-4"]
    assert data["jobs"]["level-3"]["needs"] == ["plan", "level-2"]
    assert data["jobs"]["level-2"]["env"]["LEVEL_STACKS"] == "cluster/dev db/dev"

    def outcome(job: str) -> tuple[str, dict[str, str]]:
        return ("failure" if job == "level-2" else "success"), {"stacks": "[]"}

    done = gha.simulate(data, event="push", outcome=outcome)
    assert [done[j] for j in levels] == ["success", "failure", "skipped", "skipped"]
    done = gha.simulate(data, event="push", outcome=lambda job: ("success", {"stacks": "[]"}), cancelled=True)
    assert [done[j] for j in levels] == ["skipped"] * 4
    assert gha.simulate(data, event="pull_request", outcome=lambda job: ("success", {}))["level-1"] == "skipped"


def test_the_evaluator_reads_github_semantics() -> None:
    status = gha.Status(["success", "skipped"])
    ctx = {"needs": {"a": {"result": "SUCCESS"}, "b": {"result": "skipped"}}}
    assert gha.evaluate(gha.parse("needs.a.result == 'success'"), ctx, status) is True  # case-insensitive
    assert gha.evaluate(gha.parse("contains(needs.*.result, 'skipped')"), ctx, status) is True
    assert gha.evaluate(gha.parse("!contains(needs.*.result, 'failure') && 'x' || 'y'"), ctx, status) == "x"
    assert gha.evaluate(gha.parse("contains(fromJSON('[\"it''s\"]'), 'it''s')"), ctx, status) is True
    assert gha.evaluate(gha.job_condition({"if": "true"}), ctx, status) is False  # success() && true
    assert gha.evaluate(gha.job_condition({"if": "${{ !cancelled() }}"}), ctx, status) is True


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("ci", "jenkins"), "ci jenkins: unknown CI system; choose one of github, gitlab, argo"),
        (("ci", "github", "{root}", "--max-jobs", "4"), "8 jobs are more than github runs in one pipeline (4)"),
        (("ci", "github", "{root}", "--manual", "stack:dev"), "--manual is an option of `stackgraph ci gitlab`"),
        (("ci", "github", "{root}", "--granularity", "env"), "--granularity env: choose stack or level"),
        (("ci", "argo", "{root}", "--parent"), "--parent is an option of `stackgraph ci gitlab`, not of argo"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    root = small_repo(tmp_path / "repo")
    for out in both(*(a.replace("{root}", str(root)) for a in args)):
        assert out.code == 2, out.stderr
        lines = out.stderr.strip().splitlines()
        assert len(lines) == 1
        assert message in lines[0]


def test_a_cycle_is_exit_2(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {
        "a/Pulumi.yaml": project("a"), "a/Pulumi.dev.yaml": stack(["b/dev"]),
        "b/Pulumi.yaml": project("b"), "b/Pulumi.dev.yaml": stack(["a/dev"]),
    })  # fmt: skip
    out = cli("ci", "github", root)
    assert out.code == 2
    assert "cycle" in out.stderr


def test_a_workflow_over_500_kb_is_refused(tmp_path: Path) -> None:
    """A chain of 240 stacks: every job needs all its ancestors, about 29,000 needs in all."""
    spec: dict[str, Any] = {}
    for i in range(240):
        spec[f"p{i:03d}/Pulumi.yaml"] = project(f"p{i:03d}")
        spec[f"p{i:03d}/Pulumi.dev.yaml"] = stack([f"p{i - 1:03d}/dev"] if i else [])
    root = write_repo(tmp_path / "chain", spec)
    out = cli("ci", "github", root)
    assert out.code == 2
    assert "the github pipeline would be" in out.stderr
    assert "more than github accepts (500 KB); use --granularity level" in out.stderr
    assert cli("ci", "github", root, "--granularity", "level").code == 0
