"""`--check FILE` (fresh: 0, stale: 1 and a unified diff, not a pipeline: 2), GitLab and Argo specifics."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.helpers.clirun import both, cli
from tests.helpers.estate import commit_all, git
from tests.helpers.repo_builder import project, stack, write_repo


def two_stacks(root: Path) -> Path:
    return write_repo(root, {
        "net/Pulumi.yaml": project("net"), "net/Pulumi.prod.yaml": stack(),
        "app/Pulumi.yaml": project("app"), "app/Pulumi.prod.yaml": stack(["net/prod"]),
    })  # fmt: skip


@pytest.mark.parametrize("system", ["github", "gitlab", "argo"])
def test_check_is_0_when_fresh_and_1_with_a_diff_when_a_stack_or_edge_is_added(tmp_path: Path, system: str) -> None:
    root = two_stacks(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    target = root / "pipeline.yml"
    assert cli("ci", system, root, "-o", target).code == 0
    for out in both("ci", system, root, "--check", target):
        assert out.code == 0, out.stderr
        assert "matches the graph" in out.stderr
    write_repo(root, {"db/Pulumi.yaml": project("db"), "db/Pulumi.prod.yaml": stack(["net/prod"])})
    for out in both("ci", system, root, "--check", target):
        assert out.code == 1, out.stderr
        assert out.stdout.startswith(f"--- {target} (committed)\n+++ {target} (from the graph)\n")
        assert "+" in out.stdout and "db/prod" in out.stdout
        assert f"-o {target}" in out.stderr
    assert cli("ci", system, root, "-o", target).code == 0
    (root / "app/Pulumi.prod.yaml").write_text(yaml.safe_dump(stack(["net/prod", "db/prod"])))  # a new edge
    out = cli("ci", system, root, "--check", target)
    assert out.code == 1
    assert "db" in out.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("key: [unclosed\n", "not YAML, so not a github pipeline"),
        ("- a\n- b\n", "not a GitHub Actions workflow"),
        (None, "no such file; write it with `stackgraph ci github . -o"),
    ],
)
def test_check_of_a_file_that_is_not_a_pipeline_is_exit_2(tmp_path: Path, content: str | None, message: str) -> None:
    root = two_stacks(tmp_path / "repo")
    target = root / "x.yml"
    if content is not None:
        target.write_text(content)
    for out in both("ci", "github", root, "--check", target):
        assert out.code == 2
        assert len(out.stderr.strip().splitlines()) == 1
        assert message in out.stderr


def test_check_of_another_systems_pipeline_is_exit_2(tmp_path: Path) -> None:
    root = two_stacks(tmp_path / "repo")
    target = root / "argo.yaml"
    assert cli("ci", "argo", root, "-o", target).code == 0
    out = cli("ci", "gitlab", root, "--check", target)
    assert out.code == 2
    assert "not a GitLab CI pipeline" in out.stderr


def test_the_workflow_file_in_the_repository_is_named_relative_to_its_root(tmp_path: Path) -> None:
    root = two_stacks(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    (root / "infra").mkdir()
    for name in ("net", "app"):
        (root / name).rename(root / "infra" / name)
    target = root / ".github" / "workflows" / "deploy.yml"
    target.parent.mkdir(parents=True)
    assert cli("ci", "github", root / "infra", "-o", target).code == 0
    text = target.read_text()
    assert "stackgraph ci github infra --check .github/workflows/deploy.yml" in text
    assert 'stackgraph up infra --select "$STACKGRAPH_STACK_ID"' in text


def test_gitlab_jobs_follow_the_edges_with_resource_groups_tiers_and_manual_gates(tmp_path: Path) -> None:
    root = two_stacks(tmp_path / "repo")
    write_repo(root, {"app/Pulumi.dev.yaml": stack(), "net/Pulumi.dev.yaml": stack()})
    data = yaml.safe_load(cli("ci", "gitlab", root, "--manual", "stack:prod").stdout)
    assert data["stages"] == ["level-1", "level-2"]
    app = data["app/prod"]
    assert app["needs"] == ["net/prod"]
    assert app["resource_group"] == "stackgraph/app/prod"
    assert app["environment"] == {"name": "prod", "deployment_tier": "production"}
    assert app["variables"] == {"STACKGRAPH_STACK_ID": "app/prod"}
    assert (app["when"], app["allow_failure"]) == ("manual", False)
    assert data["app/dev"]["environment"]["deployment_tier"] == "development"
    assert "when" not in data["app/dev"]
    assert data["net/dev"]["needs"] == []


def test_gitlab_falls_back_to_stage_order_past_50_needs_and_says_so(tmp_path: Path) -> None:
    spec = {f"u{i:02d}/Pulumi.yaml": project(f"u{i:02d}") for i in range(51)}
    spec.update({f"u{i:02d}/Pulumi.dev.yaml": stack() for i in range(51)})
    spec["top/Pulumi.yaml"] = project("top")
    spec["top/Pulumi.dev.yaml"] = stack([f"u{i:02d}/dev" for i in range(51)])
    root = write_repo(tmp_path / "repo", spec)
    out = cli("ci", "gitlab", root)
    assert out.code == 0
    data = yaml.safe_load(out.stdout)
    assert "needs" not in data["top/dev"]
    assert data["top/dev"]["stage"] == "level-2"
    assert "# top/dev has 51 dependencies, more than GitLab's 50 needs" in out.stdout
    assert "warning: top/dev has more than 50 dependencies" in out.stderr


def test_gitlab_parent_runs_the_child_pipeline_and_an_empty_selection_is_a_valid_pipeline(tmp_path: Path) -> None:
    root = two_stacks(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    commit_all(root, "two stacks")
    parent = yaml.safe_load(cli("ci", "gitlab", root, "--parent").stdout)
    trigger = parent["stackgraph-deploy"]["trigger"]
    assert trigger == {"include": [{"artifact": "stackgraph-pipeline.yml", "job": "stackgraph-generate"}],
                       "strategy": "depend"}  # fmt: skip
    assert "--changed-since" in parent["stackgraph-generate"]["script"][0]
    empty = cli("ci", "gitlab", root, "--changed-since", "HEAD")
    assert empty.code == 0, empty.stderr
    assert "stackgraph: nothing to deploy" in yaml.safe_load(empty.stdout)


def test_argo_template_and_options(tmp_path: Path) -> None:
    root = two_stacks(tmp_path / "repo")
    data = yaml.safe_load(cli("ci", "argo", root, "--template", "--image", "img:1", "--service-account", "sa").stdout)
    assert data["kind"] == "WorkflowTemplate"
    assert data["metadata"] == {"name": "stackgraph"}
    assert data["spec"]["serviceAccountName"] == "sa"
    dag = data["spec"]["templates"][0]["dag"]
    assert dag["failFast"] is False
    assert [t.get("dependencies") for t in dag["tasks"]] == [None, ["net-prod"]]
    container = data["spec"]["templates"][1]["container"]
    assert container["image"] == "img:1"
    assert {"name": "STACKGRAPH_STACK_ID", "value": "{{inputs.parameters.stack}}"} in container["env"]


@pytest.mark.parametrize("system", ["gitlab", "argo"])
def test_the_same_graph_gives_the_same_bytes(tmp_path: Path, system: str) -> None:
    texts = set()
    for seed in (3, 4):
        root = write_repo(tmp_path / f"r{seed}", {
            "net/Pulumi.yaml": project("net"), "net/Pulumi.prod.yaml": stack(), "net/Pulumi.dev.yaml": stack(),
            "app/Pulumi.yaml": project("app"), "app/Pulumi.prod.yaml": stack(["net/prod"]),
            "db/Pulumi.yaml": project("db"), "db/Pulumi.prod.yaml": stack(["net/prod"]),
        }, seed=seed)  # fmt: skip
        texts.add(cli("ci", system, root).stdout)
    assert len(texts) == 1


def test_setup_is_the_own_scripts_in_stackgraph_and_what_the_programs_need_elsewhere(tmp_path: Path) -> None:
    from tests.helpers.engine import EXAMPLES, copy_examples

    own = yaml.safe_load(cli("ci", "github", EXAMPLES).stdout)["jobs"]["plan"]["steps"][1]
    assert own["run"].startswith("scripts/setup\n")
    root = copy_examples(tmp_path / "repo")
    git(root, "init", "-q", "-b", "main")
    steps = yaml.safe_load(cli("ci", "github", root).stdout)["jobs"]["plan"]["steps"]
    uses = [s.get("uses") for s in steps]
    assert uses[:4] == ["actions/checkout@v4", "actions/setup-python@v5", "actions/setup-node@v4", "pulumi/actions@v6"]
    assert steps[4]["run"].splitlines() == [
        "python3 -m pip install stackgraph==0.1.0",
        "npm ci --prefix . --no-audit --no-fund",
        "python3 -m pip install -r api/requirements.txt",
        "python3 -m pip install -r database/requirements.txt",
    ]
    custom = yaml.safe_load(cli("ci", "gitlab", root, "--setup", "make ci-tools", "--setup", "make deps").stdout)
    assert custom["default"] == {"before_script": ["make ci-tools", "make deps"]}


def test_a_folder_name_github_would_evaluate_is_bad_input(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {
        "${{ secrets.TOKEN }}/Pulumi.yaml": project("app", runtime="python"),
        "${{ secrets.TOKEN }}/Pulumi.dev.yaml": stack(),
        "${{ secrets.TOKEN }}/requirements.txt": "pulumi\n",
    })  # fmt: skip
    out = cli("ci", "github", root)
    assert out.code == 2
    assert "${{ secrets.TOKEN }}/requirements.txt: a path with '${{' or a line break cannot go into" in out.stderr


def test_a_nodejs_project_the_default_setup_cannot_install_is_named(tmp_path: Path) -> None:
    """Without a package-lock.json (its own or the scanned folder's) `npm ci` installs nothing for a Node.js
    program: its job would fail on `import "@pulumi/pulumi"`. Found generating the workflow of a repository
    with a TypeScript project and no lock file: no step installed its packages, and nothing said so."""
    root = write_repo(tmp_path / "repo", {
        "net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack(),
        "apps/app/Pulumi.yaml": "name: app\nruntime: nodejs\n", "apps/app/Pulumi.dev.yaml": stack(["net/dev"]),
        "apps/app/package.json": '{"name": "app"}\n',
        "apps/web/Pulumi.yaml": "name: web\nruntime: {name: nodejs}\n", "apps/web/Pulumi.dev.yaml": stack(),
        "apps/web/package.json": '{"name": "web"}\n', "apps/web/package-lock.json": "{}\n",
    })  # fmt: skip
    warning = (
        "stackgraph: warning: the default setup of the jobs installs no packages for the Node.js project(s) "
        "apps/app: no package-lock.json in them or in the scanned folder (npm ci needs one); commit one, "
        "or install them with --setup CMD\n"
    )
    for system in ("github", "gitlab", "argo"):
        out = cli("ci", system, root)
        assert out.code == 0, out.stderr
        assert out.stderr == warning, system
    assert cli("ci", "gitlab", root, "--parent").stderr == warning
    assert cli("ci", "github", root, "--setup", "npm install --prefix apps/app").stderr == ""
    (root / "package-lock.json").write_text("{}\n")  # one workspace for every program
    assert cli("ci", "github", root).stderr == ""


@pytest.mark.parametrize("system", ["github", "gitlab", "argo"])
def test_a_project_without_stack_files_is_named_as_plan_names_it(tmp_path: Path, system: str) -> None:
    """`ci` made jobs for the other projects' stacks and left a project without a stack file out without a word
    (plan, ls and graph name it); the note goes to stderr, the pipeline on stdout is the same as without it."""
    root = two_stacks(tmp_path / "repo")
    before = cli("ci", system, root)
    assert before.code == 0 and "note:" not in before.stderr
    write_repo(root, {"standalone/Pulumi.yaml": project("hello-world-standalone")})
    out = cli("ci", system, root)
    assert out.code == 0, out.stderr
    assert out.stdout == before.stdout
    assert out.stderr.endswith(
        "stackgraph: note: 1 project has no stack file (hello-world-standalone); "
        "pass --env NAME to plan a stack NAME for each\n"
    )
    assert "note:" not in cli("ci", system, root, "--env", "prod").stderr  # a stack prod for each: none left out
