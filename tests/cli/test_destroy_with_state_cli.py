"""`destroy --with-state` finds the deployed dependents only state knows (a scripted `pulumi` answering
`stack ls` and `stack export`): it reads the state of every deployed stack outside the selection, refuses
naming them as known from state, and stops when one of them cannot be read. `plan` reads what it read
before, and without the flag `destroy` asks for no state at all. The real engine: tests/e2e."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.clirun import Outcome, cli
from tests.helpers.fake_state import calls, fake_pulumi, state_doc
from tests.helpers.repo_builder import project, stack, write_repo

REPO = {  # app/dev's code reads a name from the environment; db/dev declares it reads net/dev
    "net/Pulumi.yaml": project("net"),
    "net/Pulumi.dev.yaml": stack(),
    "net/Pulumi.prod.yaml": stack(),
    "app/Pulumi.yaml": project("app", "python"),
    "app/Pulumi.dev.yaml": stack(),
    "app/Pulumi.prod.yaml": stack(),
    "app/__main__.py": "import os\n\nimport pulumi\n\nref = pulumi.StackReference(os.environ['NET_STACK'])\n",
    "db/Pulumi.yaml": project("db"),
    "db/Pulumi.dev.yaml": stack(["net/dev"]),
}
STATES = {  # prod is not deployed: stack ls does not list it
    "app/dev": state_doc("dev", "app", {"organization/net/dev": "__main__.py#5"}),
    "net/dev": state_doc("dev", "net"),
    "db/dev": state_doc("dev", "db"),
}


def run(args: list[str | Path], env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Outcome:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return cli(*args)


def exported(folder: Path) -> list[str]:
    """The stacks whose state the fake engine was asked for, as `<project folder>/<stack>`, sorted."""
    return sorted(
        {f"{Path(c[-1]).name}/{c[c.index('--stack') + 1]}" for c in calls(folder) if c[:2] == ["stack", "export"]}
    )


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return write_repo(tmp_path / "repo", REPO)


def test_destroy_reads_every_deployed_stack_outside_the_selection_and_refuses(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = fake_pulumi(tmp_path / "bin", STATES)
    out = run(["destroy", root, "-s", "net/dev", "--with-state", "--yes"], env, monkeypatch)
    assert out.code == 2, out.stderr
    assert out.stderr.splitlines()[-1] == (
        "stackgraph: error: refusing to destroy: net/dev has deployed dependents outside the selection: app/dev "
        "(known from deployed state), db/dev; destroying it would break them; select them too, or pass --force"
    )
    assert (
        "stackgraph: note: --with-state: read the 1 stack(s) the selection needs (chosen, upstream of them) and the "
        "2 deployed outside it (its possible dependents); not the 2 other(s), not deployed"
    ) in out.stderr.splitlines()
    assert exported(tmp_path / "bin") == ["app/dev", "db/dev", "net/dev"]
    assert "CANARY" not in out.stdout + out.stderr


def test_force_names_the_dependents_known_from_state(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = fake_pulumi(tmp_path / "bin", STATES)
    out = run(["destroy", root, "-s", "net/dev", "--with-state", "--force", "--yes"], env, monkeypatch)
    assert out.code == 1, out.stderr  # the fake cannot destroy: what matters is that it was let through
    assert (
        "stackgraph: warning: --force: destroying net/dev although app/dev (known from deployed state), db/dev "
        "still depend(s) on it"
    ) in out.stderr.splitlines()


def test_plan_and_destroy_without_the_flag_read_what_they_read_before(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = fake_pulumi(tmp_path / "plan", STATES)
    out = run(["plan", root, "-s", "net/dev", "--with-state"], env, monkeypatch)
    assert out.code == 0, out.stderr
    assert exported(tmp_path / "plan") == ["net/dev"]
    assert not [c for c in calls(tmp_path / "plan") if c[:2] == ["stack", "ls"]]
    env = fake_pulumi(tmp_path / "bare", STATES)
    out = run(["destroy", root, "-s", "net/dev", "--yes"], env, monkeypatch)
    assert out.code == 2, out.stderr
    assert out.stderr.splitlines()[-1] == (  # only the declared dependent: the code cannot tell what app/dev reads
        "stackgraph: error: refusing to destroy: net/dev has deployed dependents outside the selection: db/dev; "
        "destroying it would break them; select them too, or pass --force"
    )
    assert exported(tmp_path / "bare") == []


def test_a_deployed_stack_whose_state_cannot_be_read_stops_destroy(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    down = {"error": 'error: unable to open state directory "s3://prod-state": access denied'}
    env = fake_pulumi(tmp_path / "bin", {**STATES, "app/prod": down})
    args: list[str | Path] = ["destroy", root, "--env", "dev", "-s", "net/dev", "-s", "db/dev", "--with-state"]
    out = run([*args, "--yes"], env, monkeypatch)  # a deployed stack of any environment can be a dependent
    assert out.code == 2, out.stderr
    assert out.stderr.splitlines()[-1] == (
        "stackgraph: error: --with-state: the state of 1 stack(s) could not be read (said above); app/prod is "
        "deployed outside the selection and could depend on a stack to destroy (destroy reads every deployed stack, "
        "in every environment: a stack may read one of another environment); give this run access to its backend, "
        "or run without --with-state (then only the dependents the code names are checked)"
    )
    assert out.stderr.splitlines()[-2].startswith("stackgraph: error: app/prod: cannot read its state")
    assert not [c for c in calls(tmp_path / "bin") if c[:1] == ["destroy"]]


def test_a_selected_stack_whose_state_cannot_be_read_stops_destroy_as_any_command(
    root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    down = {"error": "error: access denied"}
    env = fake_pulumi(tmp_path / "bin", {**STATES, "net/dev": down})
    out = run(["destroy", root, "-s", "net/dev", "--with-state", "--yes"], env, monkeypatch)
    assert out.code == 2, out.stderr
    assert out.stderr.splitlines()[-1] == (
        "stackgraph: error: --with-state: the state of 1 stack(s) could not be read (said above); fix that, or run "
        "without --with-state"
    )
