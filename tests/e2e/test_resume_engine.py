"""`up --resume` and `destroy --resume` with the real engine: a run that fails, fixed, resumed.

`up`: a four-level run that fails at level three, fixed, resumed.

examples/ in dev has four levels: networking; database and cluster; api and web; monitoring. A
config value the api program cannot read as a number makes it raise (level three). After the fix,
`up --resume` skips what succeeded: the state of levels one and two (and web) keeps its version
(one update each in `pulumi stack history`), api and monitoring deploy; a stack whose stack file
was edited in between runs again even though it had succeeded.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest

from tests.helpers import engine
from tests.helpers.deploy import DB_PASSWORD, deploy_env, load_report, show, stackgraph
from tests.helpers.repo_builder import write_repo

pytestmark = pytest.mark.engine

DONE_BEFORE = ("networking/dev", "database/dev", "cluster/dev", "web/dev")


def updates(env: Mapping[str, str], copy: Path, sid: str) -> list[tuple[str, str, str]]:
    """(start time, kind, result) of every update in the stack's history, oldest first."""
    project, stack = sid.split("/")
    proc = engine.check(engine.run_pulumi(env, copy / project, "stack", "history", "--json", "-s", stack))
    rows = json.loads(proc.stdout or "[]")
    return sorted((str(r.get("startTime")), str(r.get("kind")), str(r.get("result"))) for r in rows)


def history(env: Mapping[str, str], copy: Path, sid: str) -> list[tuple[str, str]]:
    return [(kind, result) for _, kind, result in updates(env, copy, sid)]


@pytest.fixture
def setup(
    pulumi_bin: Path,
    make_engine_env: Callable[[Path], dict[str, str]],
    make_examples_copy: Callable[[Path], Path],
    tmp_path: Path,
) -> tuple[Path, Path, dict[str, str]]:
    copy = make_examples_copy(tmp_path / "examples")
    return tmp_path, copy, deploy_env(pulumi_bin, make_engine_env(tmp_path))


def test_a_run_that_failed_at_level_three_is_fixed_and_resumed(setup: tuple[Path, Path, dict[str, str]]) -> None:
    root, copy, env = setup
    api_stack = copy / "api" / "Pulumi.dev.yaml"
    good = api_stack.read_text()
    assert "api:replicas: 1" in good
    api_stack.write_text(good.replace("api:replicas: 1", 'api:replicas: "many"'))  # get_int raises
    first_report = root / "first.json"
    first = stackgraph("up", copy, "--env", "dev", "--create-stacks", "--report", first_report, env=env)
    assert first.returncode == 1, show(first)
    stacks = load_report(first_report)
    assert {sid: s["status"] for sid, s in stacks.items()} == {
        "networking/dev": "succeeded",
        "database/dev": "succeeded",
        "cluster/dev": "succeeded",
        "api/dev": "failed",
        "web/dev": "succeeded",
        "monitoring/dev": "skipped",
    }
    first_id = json.loads(first_report.read_text())["stacks"][0]["log"].split("/")[2]
    before = {sid: updates(env, copy, sid) for sid in DONE_BEFORE}
    assert all(history(env, copy, sid) == [("update", "succeeded")] for sid in DONE_BEFORE), before

    # The fix, and an edit of a stack that had succeeded: web's stack file.
    api_stack.write_text(api_stack.read_text().replace('api:replicas: "many"', "api:replicas: 1"))
    web_stack = copy / "web" / "Pulumi.dev.yaml"
    text = web_stack.read_text()  # stack init rewrote it (an encryption salt, quoted values)
    assert "web:baseDomain: example.com" in text
    web_stack.write_text(text.replace("web:baseDomain: example.com", "web:baseDomain: example.org"))

    report = root / "resumed.json"
    done = stackgraph("up", copy, "--env", "dev", "--resume", "--report", report, env=env)
    assert done.returncode == 0, show(done)
    stacks = load_report(report)
    assert {sid: (s["status"], s["cause"]) for sid, s in stacks.items()} == {
        "networking/dev": ("skipped", "resumed"),
        "database/dev": ("skipped", "resumed"),
        "cluster/dev": ("skipped", "resumed"),
        "api/dev": ("succeeded", None),
        "web/dev": ("succeeded", None),
        "monitoring/dev": ("succeeded", None),
    }
    lines = done.stderr.splitlines()
    assert f"stackgraph: --resume: web/dev runs again: its stack file changed since {first_id}" in lines
    for sid in ("networking/dev", "database/dev", "cluster/dev"):
        assert any(ln.endswith(f"skip {sid}: --resume: it succeeded in {first_id} and its inputs are unchanged")
                   for ln in lines), done.stderr  # fmt: skip
        assert updates(env, copy, sid) == before[sid]  # not run again: the same state, the same one update
    assert history(env, copy, "api/dev") == [("update", "failed"), ("update", "succeeded")]
    assert history(env, copy, "web/dev") == [("update", "succeeded"), ("update", "succeeded")]
    assert history(env, copy, "monitoring/dev") == [("update", "succeeded")]
    assert engine.stack_outputs(env, copy / "monitoring", "dev")["checks"]
    # api read database's outputs when it ran: recorded as digests only, and the same digest as
    # database's outputs (secret dbPassword as its placeholder) recorded by the run that deployed it.
    first_stacks = load_report(first_report)
    assert stacks["api/dev"]["inputs"]["upstreams"]["database/dev"] == first_stacks["database/dev"]["outputs"]
    for text in (first_report.read_text(), report.read_text()):
        assert DB_PASSWORD not in text


def chain(n: int) -> dict[str, str]:
    """Projects s1..sn in YAML, each (but s1) reading the one before it: n levels, no provider needed."""
    files = {"s1/Pulumi.yaml": "name: s1\nruntime: yaml\noutputs:\n  v: 1\n"}
    for i in range(2, n + 1):
        files[f"s{i}/Pulumi.yaml"] = (
            f"name: s{i}\nruntime: yaml\nresources:\n  up:\n    type: pulumi:pulumi:StackReference\n"
            f'    properties:\n      name: organization/s{i - 1}/dev\noutputs:\n  v: ${{up.outputs["v"]}}\n'
        )
    files.update({f"s{i}/Pulumi.dev.yaml": "config: {}\n" for i in range(1, n + 1)})
    return files


def test_a_destroy_that_failed_at_one_stack_is_fixed_and_resumed(
    pulumi_bin: Path, make_engine_env: Callable[[Path], dict[str, str]], tmp_path: Path
) -> None:
    root = write_repo(tmp_path / "repo", chain(4))
    # With locking on, a lock left behind (a crashed run elsewhere) makes s2's destroy fail.
    env = deploy_env(pulumi_bin, make_engine_env(tmp_path / "engine"), PULUMI_SELF_MANAGED_STATE_LOCKING="1")
    deployed = stackgraph("up", root, "--create-stacks", env=env)
    assert deployed.returncode == 0, show(deployed)
    backend = Path(env["PULUMI_BACKEND_URL"].removeprefix("file://"))
    lock = backend / ".pulumi" / "locks" / "organization" / "s2" / "dev" / "0b5a8f06-1111-2222-3333-444455556666.json"
    lock.parent.mkdir(parents=True, exist_ok=True)
    lock.write_text('{"pid": 1, "username": "ci", "hostname": "elsewhere", "timestamp": "2026-01-01T00:00:00Z"}')
    first_report = tmp_path / "first.json"
    first = stackgraph("destroy", root, "--yes", "--report", first_report, env=env)
    assert first.returncode == 1, show(first)
    assert {sid: s["status"] for sid, s in load_report(first_report).items()} == {
        "s4/dev": "succeeded", "s3/dev": "succeeded", "s2/dev": "failed", "s1/dev": "skipped",
    }  # fmt: skip
    first_id = json.loads(first_report.read_text())["stacks"][0]["log"].split("/")[2]
    before = {sid: updates(env, root, sid) for sid in ("s3/dev", "s4/dev")}
    deployed_and_destroyed = [("destroy", "succeeded"), ("update", "succeeded")]  # sorted: within one second
    assert all(sorted(history(env, root, sid)) == deployed_and_destroyed for sid in before), before

    lock.unlink()  # the fix
    report = tmp_path / "resumed.json"
    done = stackgraph("destroy", root, "--yes", "--resume", "--report", report, env=env)
    assert done.returncode == 0, show(done)
    assert {sid: (s["status"], s["cause"]) for sid, s in load_report(report).items()} == {
        "s4/dev": ("skipped", "resumed"), "s3/dev": ("skipped", "resumed"),
        "s2/dev": ("succeeded", None), "s1/dev": ("succeeded", None),
    }  # fmt: skip
    for sid, was in before.items():  # not destroyed again: the same history, one update and one destroy
        assert updates(env, root, sid) == was
        assert any(
            ln.endswith(f"skip {sid}: --resume: it succeeded in {first_id} and its inputs are unchanged")
            for ln in done.stderr.splitlines()
        ), done.stderr
    for sid in ("s1/dev", "s2/dev"):
        assert sorted(history(env, root, sid)) == deployed_and_destroyed
