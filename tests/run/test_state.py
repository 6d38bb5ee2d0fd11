"""Reading deployed state through `pulumi stack export` (a scripted fake CLI): references, positions,
stacks never deployed, a backend that cannot answer, a state newer than stackgraph reads, no secret kept."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stackgraph.deployed import DeployedReference, StateStatus
from stackgraph.discovery.scan import scan
from stackgraph.errors import StackgraphError
from stackgraph.model import Repo, StackId
from stackgraph.run.pulumi import Engine, prepare
from stackgraph.run.pulumi.state import NewerState, StackNotFound, read_states, references_in, stack_export
from tests.helpers.fake_state import calls, fake_pulumi, state_doc
from tests.helpers.repo_builder import project, stack, write_repo

NET, APP = StackId("net/dev"), StackId("app/dev")


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    root = write_repo(
        tmp_path / "repo",
        {
            "net/Pulumi.yaml": project("net"),
            "net/Pulumi.dev.yaml": stack([]),
            "app/Pulumi.yaml": project("app", "python"),
            "app/Pulumi.dev.yaml": stack([]),
            "app/__main__.py": "import pulumi\n",
        },
    )
    return scan(root)


def engine_for(repo: Repo, tmp_path: Path, states: dict[str, object]) -> Engine:
    env = {**os.environ, **fake_pulumi(tmp_path / "bin", states)}
    return prepare(repo, [s.id for s in repo.stacks], environ=env, secrets=False)


def test_references_keep_names_urns_and_positions_in_the_project_never_values() -> None:
    doc = state_doc("dev", "app", {"organization/net/dev": "lib/refs.py#7", "organization/db/dev": None})
    refs = references_in(doc, APP, "app")
    assert refs == (
        DeployedReference(
            APP, "organization/db/dev", "urn:pulumi:dev::app::pulumi:pulumi:StackReference::organization/db/dev"
        ),
        DeployedReference(
            APP,
            "organization/net/dev",
            "urn:pulumi:dev::app::pulumi:pulumi:StackReference::organization/net/dev",
            ("app/lib/refs.py:7",),
        ),
    )
    assert "CANARY" not in repr(refs)


def test_a_secret_name_is_kept_as_unknown_not_read() -> None:
    doc = state_doc("dev", "app", {"organization/net/dev": None})
    res = doc["deployment"]["resources"][1]
    res["inputs"]["name"] = res["outputs"]["name"] = {"4dabf18193072939515e22adb298388d": "x", "ciphertext": "v1:C"}
    [ref] = references_in(doc, APP, ".")
    assert ref.name == "" and "v1:C" not in repr(ref)


def test_read_states_in_parallel_with_each_outcome(repo: Repo, tmp_path: Path) -> None:
    engine = engine_for(repo, tmp_path, {"app/dev": state_doc("dev", "app", {"organization/net/dev": "__main__.py#1"})})
    states = read_states(engine, repo, [APP, NET], parallelism=2)
    assert list(states) == [APP, NET]
    assert states[APP].status is StateStatus.DEPLOYED and states[APP].resources == 2
    assert [r.positions for r in states[APP].references] == [("app/__main__.py:1",)]
    assert states[NET].status is StateStatus.NOT_DEPLOYED
    assert states[NET].problem == f"net/dev: not in the backend file://{tmp_path / 'bin' / 'state'}"
    for argv in calls(tmp_path / "bin"):
        assert argv[:3] == ["stack", "export", "--non-interactive"] and "--show-secrets" not in argv


def test_a_stack_without_resources_is_not_deployed(repo: Repo, tmp_path: Path) -> None:
    empty = {"version": 3, "deployment": {"manifest": {"version": "v3.274.1"}}}
    engine = engine_for(repo, tmp_path, {"net/dev": empty})
    [state] = read_states(engine, repo, [NET]).values()
    assert (state.status, state.problem) == (StateStatus.NOT_DEPLOYED, "net/dev: in the backend, without resources")


def test_a_state_newer_than_stackgraph_reads_names_the_stack_and_what_to_do(repo: Repo, tmp_path: Path) -> None:
    engine = engine_for(repo, tmp_path, {"net/dev": state_doc("dev", "net", version=4)})
    with pytest.raises(NewerState) as err:
        stack_export(engine, repo, NET)
    assert str(err.value) == (
        "net/dev: its state is in deployment format 4 (written by Pulumi v3.274.1), newer than stackgraph reads "
        "(up to 3): upgrade stackgraph to a release that reads it"
    )
    assert err.value.exit_code == 2


def test_the_cli_refusing_a_newer_state_says_to_upgrade_it(repo: Repo, tmp_path: Path) -> None:
    said = "error: could not deserialize deployment: the stack is newer than what this Pulumi CLI understands"
    engine = engine_for(repo, tmp_path, {"net/dev": {"error": said}})
    with pytest.raises(NewerState, match=r"^net/dev: the Pulumi CLI .* cannot read its state .*: upgrade that CLI"):
        stack_export(engine, repo, NET)


def test_an_unreachable_backend_is_one_line_per_stack(repo: Repo, tmp_path: Path) -> None:
    said = 'error: unable to open state directory "file:///nowhere": stat /nowhere: no such file or directory'
    engine = engine_for(repo, tmp_path, {"net/dev": {"error": said}, "app/dev": {"error": said}})
    states = read_states(engine, repo, [NET, APP])
    assert {s.status for s in states.values()} == {StateStatus.UNREADABLE}
    assert states[NET].problem == (
        f"net/dev: cannot read its state from the backend file://{tmp_path / 'bin' / 'state'} ({said}): check that "
        "the backend can be reached (PULUMI_BACKEND_URL, `pulumi login`) and run again"
    )


def test_stack_export_raises_for_a_missing_stack(repo: Repo, tmp_path: Path) -> None:
    engine = engine_for(repo, tmp_path, {})
    with pytest.raises(StackNotFound):
        stack_export(engine, repo, NET)
    assert issubclass(StackNotFound, StackgraphError)
