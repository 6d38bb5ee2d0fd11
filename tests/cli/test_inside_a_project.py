"""Run from inside a project folder (`cd api && stackgraph plan`): the repository root is found above it, the
whole graph is built, and the stacks under the folder are taken, their upstreams named as context."""

from __future__ import annotations

import json
from pathlib import Path

from tests.helpers.clirun import cli, script
from tests.helpers.estate import commit_all, git
from tests.helpers.fake_backend import fake_backend
from tests.helpers.repo_builder import project, stack, write_repo

SPEC = {
    "infra/net/Pulumi.yaml": project("net"),
    "infra/net/Pulumi.dev.yaml": stack(),
    "infra/db/Pulumi.yaml": project("db"),
    "infra/db/Pulumi.dev.yaml": stack(["net/dev"]),
    "apps/api/Pulumi.yaml": project("api"),
    "apps/api/Pulumi.dev.yaml": stack(["db/dev"]),
    "apps/api/Pulumi.prod.yaml": stack(),
    "apps/api/src/handler.py": "print('hi')\n",
    "apps/web/Pulumi.yaml": project("web"),
    "apps/web/Pulumi.dev.yaml": stack(["api/dev"]),
}
PLAN = "deploy order: 2 stacks in 1 level\n1\tapi/dev\n1\tapi/prod\n"
CONTEXT = "stackgraph: note: upstream of them, read as they are and not taken: db/dev, net/dev\n"


def note(given: str | Path, root: Path, how: str, scope: str = "apps/api") -> str:
    return (
        f"stackgraph: note: {given} is inside a project: the repository is {root} ({how} above it); "
        f"taking the stacks under {scope}\n"
    )


def test_the_nearest_settings_file_is_the_root(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {**SPEC, "stackgraph.yaml": "org: acme\n"})
    out = cli("plan", root / "apps/api", "-f", "text")
    assert (out.code, out.stdout) == (0, PLAN)
    assert out.stderr == note(root / "apps/api", root, "the nearest stackgraph.yaml") + CONTEXT
    inside = script("plan", "-f", "text", cwd=root / "apps/api")  # `cd apps/api && stackgraph plan`
    assert (inside.code, inside.stdout) == (0, PLAN)
    assert inside.stderr == note(".", root, "the nearest stackgraph.yaml") + CONTEXT
    deeper = script("ls", "--env", "dev", cwd=root / "apps/api/src")  # a folder inside the project
    assert (deeper.code, deeper.stdout) == (0, "api/dev\n")
    assert deeper.stderr == note(".", root, "the nearest stackgraph.yaml", "apps/api/src") + CONTEXT


def test_the_git_top_level_is_the_root_without_a_settings_file(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", SPEC)
    git(root, "init", "-q")
    commit_all(root, "init")
    out = cli("ls", root / "apps/web", "--why")
    assert out.code == 0, out.stderr
    assert out.stdout == "web/dev  under apps/web (the folder stackgraph ran in)\n"
    assert out.stderr == (
        note(root / "apps/web", root, "the top of the git work tree", "apps/web")
        + "stackgraph: note: upstream of them, read as they are and not taken: api/dev, db/dev, net/dev\n"
    )


def test_a_selection_applies_within_the_folder(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {**SPEC, "stackgraph.yaml": ""})
    out = cli("ls", root / "apps/api", "-s", "stack:prod")
    assert (out.code, out.stdout) == (0, "api/prod\n")


def test_run_and_graph_take_the_folder_and_graph_draws_the_upstreams(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {**SPEC, "stackgraph.yaml": ""})
    report = tmp_path / "run.json"
    out = cli("run", root / "apps/api", "--env", "dev", "--report", report, "--", "true")
    assert out.code == 0, out.stderr
    assert [s["id"] for s in json.loads(report.read_text())["stacks"]] == ["api/dev"]
    graph = cli("graph", root / "apps/api", "--env", "dev", "-f", "json")
    assert graph.code == 0
    doc = json.loads(graph.stdout)
    assert sorted(n["id"] for n in doc["nodes"]) == ["api/dev", "db/dev", "net/dev"]


def test_outside_any_repository_the_folder_is_its_own_root(tmp_path: Path) -> None:
    """No settings file, no git: the project folder alone, as before (its dependency is then unknown)."""
    root = write_repo(tmp_path / "repo", SPEC)
    out = cli("plan", root / "infra/net", "-f", "text")
    assert (out.code, out.stdout, out.stderr) == (0, "deploy order: 1 stack in 1 level\n1\tnet/dev\n", "")


def test_a_folder_of_projects_is_its_own_root(tmp_path: Path) -> None:
    """`stackgraph plan apps` (no project there): the folder is the repository, as ever."""
    root = write_repo(tmp_path / "repo", {**SPEC, "stackgraph.yaml": ""})
    out = cli("ls", root / "infra")
    assert (out.code, out.stdout, out.stderr) == (0, "net/dev\ndb/dev\n", "")


def test_diff_from_inside_a_project_compares_the_repository(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", SPEC)
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "init")
    out = cli("diff", "main", root / "infra/db")
    assert out.code == 0, out.stderr
    assert out.stdout.startswith("graph changes since main (merge base ")
    assert out.stdout.endswith("): none\n")
    assert out.stderr == (
        f"stackgraph: note: {root / 'infra/db'} is inside a project: the repository is {root} (the top of the git "
        "work tree above it); comparing its whole graph\n"
    )


def test_env_commands_inside_a_project_say_they_take_the_whole_environment(tmp_path: Path) -> None:
    """`cd apps/api && stackgraph env down pr-7` takes down the environment's stacks of EVERY project (an
    environment goes as a whole): the note must not say it takes only the stacks under apps/api."""
    root = write_repo(tmp_path / "repo", {**SPEC, "stackgraph.yaml": "org: acme\n"})
    env = fake_backend(tmp_path / "bin", {})  # an empty backend: no environment
    for args in (("env", "ls"), ("env", "down", "pr-7")):
        out = script(*args, cwd=root / "apps/api", env=env)
        assert out.code == 0, out.stderr
        assert out.stderr.splitlines()[0] == (
            f"stackgraph: note: . is inside a project: the repository is {root} (the nearest stackgraph.yaml "
            "above it); env down, ls, outputs and gc take the environment's stacks of every project in it"
        )
        assert "taking the stacks under" not in out.stderr


def test_a_folder_in_no_project_below_the_settings_file_names_the_repository(tmp_path: Path) -> None:
    """`cd docs && stackgraph plan`: not inside a project, so its own root, with no stack; the refusal names
    the repository above (its stackgraph.yaml) as the folder to pass."""
    root = write_repo(tmp_path / "repo", {**SPEC, "stackgraph.yaml": "org: acme\n", "docs/notes/a.md": "# a\n"})
    for out in (cli("plan", root / "docs/notes"), script("ls", "docs/notes", cwd=root)):
        assert (out.code, out.stdout) == (2, "")
        assert out.stderr.endswith(
            "no Pulumi project here (no Pulumi.yaml below this folder); the repository is "
            f"{root} above it (its stackgraph.yaml): pass that folder, or run from inside a project folder\n"
        ), out.stderr
        assert out.stderr.count("\n") == 1
    bare = write_repo(tmp_path / "bare", {"notes/a.md": "# a\n"})  # no settings file above: plan's words
    out = cli("plan", bare / "notes")
    assert out.stderr.endswith("no Pulumi.yaml below this folder); pass the folder that holds your projects\n")
