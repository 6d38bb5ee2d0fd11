"""`stackgraph ls` output (text, --why, json) and the selection options on plan, graph and run."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.estate import ALL_IDS, commit_all, edit, git, git_estate

FULL_ORDER = [
    "api/sandbox",
    "networking/dev",
    "networking/prod",
    "cluster/dev",
    "cluster/prod",
    "database/dev",
    "database/prod",
    "api/dev",
    "api/prod",
    "web/dev",
    "web/prod",
    "monitoring/dev",
    "monitoring/prod",
]


@pytest.fixture(scope="module")
def estate(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = git_estate(tmp_path_factory.mktemp("estate"))
    git(root, "tag", "base")
    edit(root, "services/web/__main__.py")
    commit_all(root, "web: change")
    return root


def test_ls_lists_every_stack_in_plan_order(estate: Path) -> None:
    out = cli("ls", estate)
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout.split() == FULL_ORDER
    assert sorted(FULL_ORDER) == ALL_IDS


def test_ls_why_without_a_selection(estate: Path) -> None:
    out = cli("ls", estate, "--why", "-e", "prod", "-s", "networking/prod")
    assert out.stdout == "networking/prod  matches 'networking/prod'\n"
    out = cli("ls", estate, "--why", "-e", "prod")
    assert out.stdout.splitlines()[0] == "networking/prod  --env prod"
    out = cli("ls", estate, "--why")
    assert out.stdout.splitlines()[0] == "api/sandbox      every stack (no selection)"
    out = cli("ls", estate, "--why", "--exclude", "stack:dev")
    assert out.stdout.splitlines()[0] == "api/sandbox      every stack (no --select)"


def test_ls_why_text(estate: Path) -> None:
    out = cli("ls", estate, "--why", "-s", "[base],stack:prod", "-s", "+cluster/prod")
    assert (out.code, out.stderr) == (0, "")
    assert out.stdout == (
        "networking/prod  matches '+cluster/prod'\n"
        "cluster/prod     matches '+cluster/prod'\n"
        "web/prod         matches '[base],stack:prod'; changed: services/web/__main__.py\n"
        "monitoring/prod  matches '[base],stack:prod'; dependent of web/prod\n"
    )


def test_ls_json(estate: Path) -> None:
    out = cli("ls", estate, "-f", "json", "--changed-since", "base", "-e", "dev")
    assert (out.code, out.stderr) == (0, "")
    assert json.loads(out.stdout) == {
        "schema": "stackgraph.ls/v1",
        "stacks": [
            {
                "id": "web/dev",
                "project": "web",
                "stack": "dev",
                "path": "services/web",
                "level": 0,
                "why": ["changed: services/web/__main__.py"],
            },
            {
                "id": "monitoring/dev",
                "project": "monitoring",
                "stack": "dev",
                "path": "ops/monitoring",
                "level": 1,
                "why": ["dependent of web/dev"],
            },
        ],
    }


def test_ls_output_file_and_bad_format(estate: Path, tmp_path: Path) -> None:
    target = tmp_path / "ls.txt"
    out = cli("ls", estate, "-s", "project:web", "-o", target)
    assert (out.code, out.stdout, out.stderr) == (0, "", f"stackgraph: wrote {target}\n")
    assert target.read_text() == "web/dev\nweb/prod\n"
    out = cli("ls", estate, "-f", "yaml")
    assert (out.code, out.stderr) == (2, "stackgraph: error: --format yaml: choose one of text, json\n")


def test_plan_takes_the_selection_and_keeps_the_full_order(estate: Path) -> None:
    out = cli("plan", estate, "-f", "json", "-s", "networking/dev monitoring/dev")
    assert out.code == 0, out.stderr
    assert json.loads(out.stdout)["levels"] == [["networking/dev"], ["monitoring/dev"]]
    out = cli("plan", estate, "-f", "json", "--changed-since", "base", "--exclude", "stack:dev", "--destroy")
    assert json.loads(out.stdout)["levels"] == [["monitoring/prod"], ["web/prod"]]


def test_graph_takes_the_selection(estate: Path) -> None:
    out = cli("graph", estate, "-f", "json", "-s", "+web/prod")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    assert [n["id"] for n in doc["nodes"]] == ["cluster/prod", "networking/prod", "other/cdn/prod", "web/prod"]


def test_run_takes_the_selection(estate: Path) -> None:
    out = cli("run", estate, "-s", "[base]", "--no-dependents", "--", sys.executable, "-c", "pass")
    assert out.code == 0, out.stderr
    assert "web/dev" in out.stderr
    assert "networking/dev" not in out.stderr


@pytest.mark.parametrize("command", ["ls", "plan", "graph", "run"])
def test_help_shows_the_selection_options(command: str) -> None:
    out = cli(command, "--help")
    text = " ".join(out.stdout.split())
    for option in ("--select", "--exclude", "--changed-since", "--no-dependents", "--env"):
        assert option in text, (command, option)


@pytest.mark.parametrize("command", ["ls", "check", "graph"])
def test_a_folder_without_stacks_is_refused_as_plan_refuses_it(tmp_path: Path, command: str) -> None:
    """The wrong folder (`stackgraph check infra` where infra holds no project) must not pass a CI job with
    '0 reads checked' or print an empty list: exit 2 with plan's reason, on every command that reads stacks."""
    from tests.helpers.clirun import script
    from tests.helpers.repo_builder import project, write_repo

    for out in (cli(command, tmp_path), script(command, tmp_path)):
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr == (
            f"stackgraph: error: {tmp_path}: no Pulumi project here (no Pulumi.yaml below this folder); "
            "pass the folder that holds your projects\n"
        )
    write_repo(tmp_path, {"app/Pulumi.yaml": project("app")})
    out = cli(command, tmp_path)
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr.endswith(
        f"stackgraph: error: {tmp_path}: 1 project but no stack file (Pulumi.<stack>.yaml); pass --env NAME to "
        "plan a stack NAME for each, or add stack files\n"
    )


@pytest.mark.parametrize("command", ["ls", "graph", "plan"])
def test_a_project_without_stack_files_is_named_not_dropped(tmp_path: Path, command: str) -> None:
    """rashadataf/portfolio: `projects/hello-world-react/infra-standalone` is a Pulumi project that commits no
    stack file. `plan` said so, but `ls` and `graph` listed the other projects' stacks and left it out without
    a word: every command that lists stacks names the projects it cannot list."""
    from tests.helpers.repo_builder import project, write_repo

    write_repo(
        tmp_path,
        {
            "infra/Pulumi.yaml": project("portfolio-infra"),
            "infra/Pulumi.dev.yaml": "config: {}\n",
            "standalone/Pulumi.yaml": project("hello-world-standalone"),
        },
    )
    out = cli(command, tmp_path)
    assert out.code == 0 and "portfolio-infra/dev" in out.stdout
    assert out.stderr.endswith(
        "stackgraph: note: 1 project has no stack file (hello-world-standalone); "
        "pass --env NAME to plan a stack NAME for each\n"
    )
