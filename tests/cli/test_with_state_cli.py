"""`--with-state` on scan, plan, graph and ls (a scripted `pulumi stack export`): edges of kind `state`,
unresolved sites resolved, drawn dashed; and without the flag, nothing runs the engine at all."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.helpers.clirun import Outcome, cli, script
from tests.helpers.fake_state import calls, fake_pulumi, state_doc
from tests.helpers.repo_builder import project, stack, write_repo

APP_PROGRAM = """import os

import pulumi

ref = pulumi.StackReference(os.environ["NET_STACK"])
"""
REPO = {
    "net/Pulumi.yaml": project("net"),
    "net/Pulumi.dev.yaml": stack(),
    "app/Pulumi.yaml": project("app", "python"),
    "app/Pulumi.dev.yaml": stack(),
    "app/__main__.py": APP_PROGRAM,
}
URN = "urn:pulumi:dev::app::pulumi:pulumi:StackReference::organization/net/dev"
STATES = {
    "app/dev": state_doc("dev", "app", {"organization/net/dev": "__main__.py#5"}),
    "net/dev": state_doc("dev", "net"),
}


def run(args: list[str | Path], env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> list[Outcome]:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return [cli(*args), script(*args, env=env)]


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "repo", REPO)


def failing_pulumi(folder: Path) -> dict[str, str]:
    """A `pulumi` that records that it ran, then fails."""
    folder.mkdir(parents=True)
    exe = folder / "pulumi"
    exe.write_text(f"#!{sys.executable}\nimport pathlib\npathlib.Path('{folder}/ran').touch()\nraise SystemExit(7)\n")
    exe.chmod(0o755)
    return {"STACKGRAPH_PULUMI_BIN": str(folder)}


@pytest.mark.parametrize(
    "args",
    [["plan", "-f", "text"], ["graph", "-f", "json"], ["ls"], ["scan"], ["why", "app/dev", "net/dev"]],
    ids=lambda a: a[0],
)
def test_without_the_flag_nothing_runs_the_engine(
    args: list[str], root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = failing_pulumi(tmp_path / "bin")
    for out in run([args[0], root, *args[1:]], env, monkeypatch):
        assert out.code in (0, 1), out.stderr  # why: 1 when no chain links them
    assert not (tmp_path / "bin" / "ran").exists()


def test_with_the_flag_the_engine_runs_and_its_failure_is_exit_2(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = failing_pulumi(tmp_path / "bin")
    out = run(["plan", root, "--with-state"], env, monkeypatch)[0]
    assert (tmp_path / "bin" / "ran").exists()
    assert out.code == 2
    assert out.stderr.splitlines()[-1] == (
        "stackgraph: error: --with-state: the state of 2 stack(s) could not be read (said above); fix that, or run "
        "without --with-state"
    )
    assert "app/dev, net/dev: cannot read its state from the backend" in out.stderr


def test_plan_with_state_orders_the_consumer_after_the_producer(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = fake_pulumi(tmp_path / "bin", STATES)
    for out in run(["plan", root, "-f", "text"], env, monkeypatch):
        assert out.stdout == "deploy order: 2 stacks in 1 level\n1\tapp/dev\n1\tnet/dev\n"
    for out in run(["plan", root, "-f", "text", "--with-state"], env, monkeypatch):
        assert out.code == 0, out.stderr
        assert out.stdout == "deploy order: 2 stacks in 2 levels\n1\tnet/dev\n2\tapp/dev\tafter net/dev\n"
        assert (
            f"stackgraph: --with-state: read 2 deployed stack(s) from {env['PULUMI_BACKEND_URL']}: 1 edge(s) only "
            "state knows, 1 unresolved site(s) resolved"
        ) in out.stderr.splitlines()
        assert "environment variable NET_STACK" not in out.stderr  # the site is resolved: no warning left
        assert "CANARY" not in out.stdout + out.stderr
    exported = calls(tmp_path / "bin")
    assert len(exported) == 4  # two stacks, twice (--with-state runs only); never --show-secrets
    assert all(c[:3] == ["stack", "export", "--non-interactive"] and "--show-secrets" not in c for c in exported)


def test_graph_json_dot_and_mermaid_show_state_edges_apart(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = fake_pulumi(tmp_path / "bin", STATES)
    out = run(["graph", root, "-f", "json", "--with-state"], env, monkeypatch)[0]
    assert json.loads(out.stdout)["edges"] == [
        {
            "from": "app/dev",
            "to": "net/dev",
            "kind": "state",
            "evidence": [{"kind": "state", "file": "state:app/dev", "line": None, "detail": URN}],
        }
    ]
    out = run(["graph", root, "-f", "dot", "--with-state"], env, monkeypatch)[0]
    assert f'"net/dev" -> "app/dev" [style=dashed tooltip="state:app/dev {URN}"]' in out.stdout
    out = run(["graph", root, "-f", "mermaid", "--with-state"], env, monkeypatch)[0]
    assert "  s1 -. state .-> s0" in out.stdout.splitlines()


def test_scan_with_state_resolves_the_site_state_answers(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = fake_pulumi(tmp_path / "bin", STATES)
    for out in run(["scan", root, "-f", "json", "--with-state"], env, monkeypatch):
        assert out.code == 0, out.stderr
        doc = json.loads(out.stdout)
        [ref] = doc["references"]
        assert (ref["site"], ref["resolved"], ref["target_id"], ref["reason"]) == (
            "app/__main__.py:5", True, "net/dev", "",
        )  # fmt: skip
        assert [(d["severity"], d["code"]) for d in doc["diagnostics"]] == [("info", "unresolved")]
        assert doc["diagnostics"][0]["message"].startswith(
            "StackReference resolved from deployed state (--with-state): net/dev; was: StackReference for dev:"
        )
    out = run(["scan", root, "--strict", "--with-state"], env, monkeypatch)[0]
    assert out.code == 0, out.stderr  # nothing left unresolved
    out = run(["scan", root, "--strict"], env, monkeypatch)[0]
    assert out.code == 1


def test_a_stack_never_deployed_adds_nothing_and_is_said(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = fake_pulumi(tmp_path / "bin", {"net/dev": STATES["net/dev"]})
    out = run(["ls", root, "--with-state"], env, monkeypatch)[0]
    assert out.code == 0, out.stderr
    assert out.stdout == "app/dev\nnet/dev\n"
    assert "stackgraph: note: --with-state: not deployed, nothing in state to add: app/dev" in out.stderr.splitlines()


def test_a_cycle_through_a_state_edge_says_where_it_comes_from(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_repo(tmp_path / "repo", {**REPO, "net/Pulumi.dev.yaml": stack(["app/dev"])})
    out = run(["plan", root, "--with-state"], fake_pulumi(tmp_path / "bin", STATES), monkeypatch)[0]
    assert out.code == 2
    assert out.stderr.splitlines()[-1] == (
        "stackgraph: error: dependency cycle: app/dev -> net/dev -> app/dev; app/dev depends on net/dev "
        "(state:app/dev); net/dev depends on app/dev (net/Pulumi.dev.yaml:3); remove one of these dependencies (one "
        "known only from deployed state, state:<stack>, goes away with that stack's next up; or run without "
        "--with-state)"
    )


TWO_ENVS = {
    **REPO,
    "net/Pulumi.prod.yaml": stack(),
    "app/Pulumi.prod.yaml": stack(),
    "db/Pulumi.yaml": project("db"),
    "db/Pulumi.dev.yaml": stack(),
}
PROD_DOWN = {"error": 'error: unable to open state directory "s3://prod-state": access denied'}
DEV_ONLY = {**STATES, "db/dev": state_doc("dev", "db"), "net/prod": PROD_DOWN, "app/prod": PROD_DOWN}


def exported(folder: Path) -> list[str]:
    """The stacks the fake engine was asked for, as `<project folder>/<stack>`, sorted and without repeats."""
    return sorted({f"{Path(c[-1]).name}/{c[c.index('--stack') + 1]}" for c in calls(folder)})


def test_with_an_env_only_that_envs_stacks_are_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_repo(tmp_path / "repo", TWO_ENVS)
    env = fake_pulumi(tmp_path / "bin", DEV_ONLY)  # prod's backend cannot be read
    for out in run(["plan", root, "-f", "text", "--env", "dev", "--with-state"], env, monkeypatch):
        assert out.code == 0, out.stderr
        assert out.stdout == ("deploy order: 3 stacks in 2 levels\n1\tdb/dev\n1\tnet/dev\n2\tapp/dev\tafter net/dev\n")
        assert "stackgraph: note: --with-state: read only the 3 stack(s) the selection needs (chosen, upstream of " \
            "them); not the 2 other(s)" in out.stderr.splitlines()  # fmt: skip
    assert exported(tmp_path / "bin") == ["app/dev", "db/dev", "net/dev"]
    out = run(["plan", root, "--with-state"], env, monkeypatch)[0]  # every stack: prod too, and it fails
    assert out.code == 2
    assert "stackgraph: error: app/prod, net/prod: cannot read its state" in out.stderr


@pytest.mark.parametrize(
    ("args", "order", "read"),
    [
        # app/dev, then net/dev: upstream of it in the state read first (a second round)
        (["-s", "+app/dev"], "1\tnet/dev\n2\tapp/dev\tafter net/dev\n", ["app/dev", "net/dev"]),
        # net/dev's dependents: within --env dev, the stacks with an unresolved site are read too
        (["-s", "net/dev+", "--env", "dev"], "1\tnet/dev\n2\tapp/dev\tafter net/dev\n", ["app/dev", "net/dev"]),
        (["-s", "db/dev"], "1\tdb/dev\n", ["db/dev"]),
    ],
    ids=["upstream", "dependents", "alone"],
)
def test_a_selection_reads_its_stacks_and_what_orders_them(
    args: list[str], order: str, read: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_repo(tmp_path / "repo", TWO_ENVS)
    env = fake_pulumi(tmp_path / "bin", DEV_ONLY)
    out = run(["plan", root, "-f", "text", "--with-state", *args], env, monkeypatch)[0]
    assert out.code == 0, out.stderr
    assert out.stdout.split("\n", 1)[1] == order
    assert exported(tmp_path / "bin") == read


def test_a_deploy_command_reads_only_what_its_selection_needs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = write_repo(tmp_path / "repo", TWO_ENVS)
    env = fake_pulumi(tmp_path / "bin", DEV_ONLY)
    out = run(["up", root, "--dry-run", "--env", "dev", "--with-state"], env, monkeypatch)[0]
    assert out.code == 0, out.stderr
    assert exported(tmp_path / "bin") == ["app/dev", "db/dev", "net/dev"]
