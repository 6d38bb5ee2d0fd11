"""Option values a pipeline cannot carry, options of another system, and repositories without stacks:
one line naming the option (or folder) and exit 2, never a pipeline that fails later in CI."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest
import yaml

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import Spec, project, stack, write_repo

SECRET = "use letters, digits and '_', not starting with a digit or GITHUB_"


def small(root: Path) -> Path:
    return write_repo(root, {
        "net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack(), "net/Pulumi.prod.yaml": stack(),
        "app/Pulumi.yaml": project("app"), "app/Pulumi.dev.yaml": stack(["net/dev"]),
    })  # fmt: skip


BAD = [
    (("gitlab", "--parent", "--changed-since", "HEAD"), "--changed-since with --parent: the generate job selects what "
     'changed itself (--changed-since "$CI_COMMIT_BEFORE_SHA"); drop --changed-since'),
    (("gitlab", "--parent", "--check", "x.yml"), "--check with --parent: the parent jobs go into .gitlab-ci.yml"),
    (("github", "--review-envs", "dev", "--max-jobs", "7"), "8 jobs are more than github runs in one pipeline (7)"),
    (("github", "--backend-secret", "A B"), f"--backend-secret 'A B': not a github secret name; {SECRET}"),
    (("github", "--passphrase-secret", ""), f"--passphrase-secret '': not a github secret name; {SECRET}"),
    (("github", "--backend-secret", "GITHUB_URL"), "--backend-secret 'GITHUB_URL': not a github secret name"),
    (("gitlab", "--backend-secret", "1X"), "--backend-secret '1X': not a gitlab secret name"),
    (("argo", "--passphrase-secret", "a/b"), "--passphrase-secret 'a/b': not a argo secret name"),
    (("github", "--branch", ""), "--branch '': not a branch name git takes"),
    (("gitlab", "--branch", 'ma"in'), "--branch 'ma\"in': GitLab rules compare the branch as a quoted string"),
    (("github", "--environment", ""), "--environment '': give a name on one line, e.g. '{stack}'"),
    (("github", "--image", "foo"), "--image is an option of `stackgraph ci gitlab` and `stackgraph ci argo`, not of "
     "github"),
    (("gitlab", "--review-envs", "dev"), "--review-envs with gitlab goes with --parent (merge request pipelines run "
     "in the parent jobs); add it"),
    (("gitlab", "--manual", ""), "--manual '': give the stacks that wait for a person, e.g. --manual stack:prod"),
    (("gitlab", "--manual", "bogus:x"), "--manual: unknown selector 'bogus:' in 'bogus:x'"),
    (("github", "--review-envs", "dev", "--review-share", "bogus:x"), "--review-share: unknown selector 'bogus:'"),
    (("github", "--setup", "echo ${{ secrets.TOKEN }}"), "--setup 'echo ${{ secrets.TOKEN }}': GitHub would "
     "evaluate '${{' as an expression where the workflow repeats its command line (the freshness check); read the "
     "value from an environment variable ($NAME) instead"),
]  # fmt: skip


@pytest.mark.parametrize(("args", "message"), BAD)
def test_bad_option_values_are_one_line_and_exit_2(tmp_path: Path, args: tuple[str, ...], message: str) -> None:
    system, *rest = args
    out = cli("ci", system, small(tmp_path / "repo"), *rest)
    assert (out.code, out.stdout) == (2, ""), out.stderr
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith(f"stackgraph: error: {message}")


@pytest.mark.parametrize("system", ["github", "gitlab", "argo"])
@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ({}, "no Pulumi project here (no Pulumi.yaml below this folder); pass the folder that holds your projects"),
        ({"docs/README.md": "# not a project\n"}, "no Pulumi project here"),
        ({"a/Pulumi.yaml": project("a"), "b/Pulumi.yaml": project("b")},
         "2 projects but no stack file (Pulumi.<stack>.yaml); pass --env NAME to plan a stack NAME for each"),
    ],
)  # fmt: skip
def test_a_folder_without_stacks_is_exit_2_as_plan_says(tmp_path: Path, system: str, spec: Spec, message: str) -> None:
    root = write_repo(tmp_path / "repo", spec)
    root.mkdir(exist_ok=True)
    out = cli("ci", system, root)
    assert (out.code, out.stdout) == (2, ""), out.stderr
    (line,) = out.stderr.strip().splitlines()
    assert line.startswith(f"stackgraph: error: {root}: {message}")
    assert message in cli("plan", root).stderr  # the words of `stackgraph plan`


def test_output_makes_its_folders(tmp_path: Path) -> None:
    root = small(tmp_path / "repo")
    target = root / ".github" / "workflows" / "stackgraph.yml"
    out = cli("ci", "github", root, "-o", target)
    assert out.code == 0, out.stderr
    assert yaml.safe_load(target.read_text())["jobs"]["plan"]


def test_the_parents_child_command_runs_without_the_review_options(tmp_path: Path) -> None:
    root = small(tmp_path / "repo")
    out = cli("ci", "gitlab", root, "--parent", "--manual", "stack:prod", "--review-envs", "dev", "--review-ttl", "3d")
    assert out.code == 0, out.stderr
    script = yaml.safe_load(out.stdout)["stackgraph-generate"]["script"][0]
    everything = script.strip().splitlines()[-2].strip()
    assert everything == "stackgraph ci gitlab . --manual stack:prod -o stackgraph-pipeline.yml"
    words = shlex.split(everything)
    child = cli(*words[1:3], root, *words[4:-2])
    assert child.code == 0, child.stderr
    assert "stackgraph ci gitlab" in out.stdout.splitlines()[0] and "--review-envs dev" in out.stdout.splitlines()[0]
