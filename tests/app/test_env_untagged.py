"""app/env_untagged.py with a scripted backend: which untagged stacks NAME env up adopts and env down removes,
names or passes over. The real engine does the same in tests/e2e/test_env_engine.py (a SIGKILL between
`stack init` and the tags)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from stackgraph.app import env_untagged
from stackgraph.app.envs import _refuse_collisions, journal, journal_path
from stackgraph.envplan import EnvPlan
from stackgraph.errors import UsageError
from stackgraph.model import Project, Repo, Stack, StackId
from stackgraph.run import pulumi
from stackgraph.run.pulumi import Backend, Engine, StackState, workspace

PROJECTS = ("api", "db", "net")


def _repo(root: Path, files: tuple[str, ...] = ()) -> Repo:
    """Projects api, db, net with a `dev` stack file each, and the stack files `files` (ids)."""
    projects = tuple(Project(p, p, f"{p}/Pulumi.yaml", "yaml") for p in PROJECTS)
    for p in PROJECTS:
        (root / p).mkdir(parents=True, exist_ok=True)
    stacks = [Stack(p, "dev", f"{p}/Pulumi.dev.yaml", p) for p in PROJECTS]
    stacks += [
        Stack(sid.split("/")[0], sid.split("/")[1], f"{sid.replace('/', '/Pulumi.')}.yaml", sid.split("/")[0])
        for sid in files
    ]
    return Repo(str(root), projects, tuple(sorted(stacks, key=lambda s: s.id)), ())


def _engine(root: Path) -> Engine:
    return Engine(
        Path("/opt/pulumi/pulumi"), "STACKGRAPH_PULUMI_BIN", Backend("file:///st", "PULUMI_BACKEND_URL"), root, {}
    )


def _backend(monkeypatch: pytest.MonkeyPatch, stacks: dict[str, dict[str, Any]]) -> list[str]:
    """The backend holds `stacks` (id -> resources, updated, tags); return the list of the stacks removed."""
    removed: list[str] = []

    def states(_engine: Engine, repo: Repo, ids: Any) -> dict[StackId, StackState]:
        by_id = repo.stack_by_id()
        assert set(ids) <= set(by_id)
        return {s: StackState(s in stacks, stacks.get(s, {}).get("resources", 0)) for s in ids}

    monkeypatch.setattr(pulumi, "stack_states", states)
    monkeypatch.setattr(workspace, "tags", lambda _e, stack: dict(stacks[stack.id].get("tags", {})))
    monkeypatch.setattr(workspace, "ever_updated", lambda _e, stack: bool(stacks[stack.id].get("updated")))
    monkeypatch.setattr(workspace, "remove", lambda _e, stack: removed.append(stack.id))
    return removed


def _record(root: Path, name: str, ids: list[str]) -> dict[str, Any]:
    stacks = [{"id": s, "project_path": s.split("/")[0], "file": f"{s.replace('/', '/Pulumi.')}.yaml"} for s in ids]
    doc = {"schema": "stackgraph.env-journal/v1", "name": name, "base": "dev", "stacks": stacks}
    path = journal_path(root, name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(doc))
    return journal(root, name)


NEVER: dict[str, Any] = {}  # `stack init` and nothing else
DEPLOYED: dict[str, Any] = {"resources": 3, "updated": True}
DESTROYED: dict[str, Any] = {"resources": 0, "updated": True}
OTHER_ENV: dict[str, Any] = {"tags": {"stackgraph:env": "pr-9"}}


@pytest.mark.parametrize(
    ("backend", "recorded", "files", "expected"),
    [
        pytest.param({"api/pr-5": NEVER}, ["api/pr-5"], ["api/pr-5"], {"api/pr-5": "unfinished"}, id="recorded-never"),
        pytest.param({"api/pr-5": DEPLOYED}, ["api/pr-5"], ["api/pr-5"], {"api/pr-5": "named"}, id="recorded-deployed"),
        pytest.param({"api/pr-5": DESTROYED}, ["api/pr-5"], [], {"api/pr-5": "named"}, id="recorded-destroyed"),
        pytest.param({"api/pr-5": NEVER}, [], [], {"api/pr-5": "named"}, id="unrecorded-never-no-file"),
        pytest.param({"api/pr-5": DEPLOYED}, [], [], {}, id="unrecorded-deployed"),
        pytest.param({"api/pr-5": NEVER}, [], ["api/pr-5"], {}, id="unrecorded-never-with-its-stack-file"),
        pytest.param({"api/pr-5": OTHER_ENV}, ["api/pr-5"], ["api/pr-5"], {}, id="another-environment's"),
        pytest.param({}, ["api/pr-5"], ["api/pr-5"], {}, id="recorded-not-in-the-backend"),
        pytest.param(
            {"api/pr-5": NEVER, "db/pr-5": DEPLOYED, "net/pr-5": NEVER},
            ["api/pr-5", "db/pr-5"],
            ["api/pr-5", "db/pr-5"],
            {"api/pr-5": "unfinished", "db/pr-5": "named", "net/pr-5": "named"},
            id="mixed",
        ),
    ],
)
def test_which_untagged_stacks_env_down_removes_names_or_passes_over(
    monkeypatch: pytest.MonkeyPatch,
    tmp_path: Path,
    backend: dict[str, dict[str, Any]],
    recorded: list[str],
    files: list[str],
    expected: dict[str, str],
) -> None:
    _backend(monkeypatch, backend)
    repo = _repo(tmp_path, tuple(files))
    record = env_untagged.recorded_stacks(tmp_path, _record(tmp_path, "pr-5", recorded))
    found = env_untagged.find_untagged(_engine(tmp_path), repo, "pr-5", set(), record)
    assert {u.stack.id: "unfinished" if u.unfinished else "named" for u in found} == expected


def test_the_environment_s_own_tagged_stacks_are_not_untagged(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _backend(monkeypatch, {"api/pr-5": {"tags": {"stackgraph:env": "pr-5"}}})
    repo = _repo(tmp_path, ("api/pr-5",))
    record = env_untagged.recorded_stacks(tmp_path, _record(tmp_path, "pr-5", ["api/pr-5"]))
    assert env_untagged.find_untagged(_engine(tmp_path), repo, "pr-5", {StackId("api/pr-5")}, record) == []


def _plan(*ids: str) -> EnvPlan:
    return EnvPlan("pr-5", "dev", tuple((StackId(f"{s.split('/')[0]}/dev"), StackId(s)) for s in ids), ())


def test_env_up_adopts_a_recorded_never_deployed_untagged_stack(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    dev = {f"{p}/dev": DEPLOYED for p in PROJECTS}
    _backend(monkeypatch, {**dev, "api/pr-5": NEVER})
    _record(tmp_path, "pr-5", ["api/pr-5", "db/pr-5"])
    said: list[str] = []
    repo = _repo(tmp_path, ("api/pr-5", "db/pr-5"))
    existing = _refuse_collisions(_engine(tmp_path), repo, _plan("api/pr-5", "db/pr-5"), said.append)
    assert existing == {"api/pr-5"}  # db/pr-5 was never created: env up creates it
    assert said == [
        "stackgraph: api/pr-5 is in the backend without its tag, recorded in .stackgraph/envs/pr-5.json and never "
        "deployed: an earlier env up stopped while creating it; env up adopts it (tags it stackgraph:env=pr-5)"
    ]


@pytest.mark.parametrize(
    ("state", "recorded", "detail"),
    [
        pytest.param(DEPLOYED, True, "api/pr-5 (in the backend, without the tag stackgraph:env, deployed)", id="rec"),
        pytest.param(
            DESTROYED, False, "api/pr-5 (in the backend, without the tag stackgraph:env, deployed)", id="gone"
        ),
        pytest.param(
            NEVER,
            False,
            "api/pr-5 (in the backend without the tag stackgraph:env, never deployed, not in "
            ".stackgraph/envs/pr-5.json: if an interrupted env up left it, remove it with "
            "`/opt/pulumi/pulumi stack rm pr-5 --yes --cwd API`)",
            id="unrecorded",
        ),
        pytest.param(
            OTHER_ENV, True, "api/pr-5 (in the backend, tagged stackgraph:env=pr-9)", id="another-environment's"
        ),
    ],
)
def test_env_up_refuses_every_other_stack_called_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, state: dict[str, Any], recorded: bool, detail: str
) -> None:
    _backend(monkeypatch, {**{f"{p}/dev": DEPLOYED for p in PROJECTS}, "api/pr-5": state})
    _record(tmp_path, "pr-5", ["api/pr-5"] if recorded else [])
    with pytest.raises(UsageError) as caught:
        _refuse_collisions(_engine(tmp_path), _repo(tmp_path, ("api/pr-5",)), _plan("api/pr-5"), print)
    assert caught.value.message == (
        f"pr-5 is a permanent stack of a chosen project: {detail.replace('API', str(tmp_path / 'api'))}; "
        "env up never touches a stack it did not create: choose another NAME"
    )
