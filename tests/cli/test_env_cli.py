"""`stackgraph env`: the bad input refused before anything is created (exit 2, one line each), through
typer's runner and the installed console script. The engine runs in tests/e2e/test_env_engine.py."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.helpers.clirun import both, cli

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    return Path(
        shutil.copytree(EXAMPLES, tmp_path / "shop", ignore=shutil.ignore_patterns("node_modules", ".stackgraph"))
    )


def _refused(args: tuple[str, ...], message: str) -> None:
    for out in both(*args):
        assert (out.code, out.stdout) == (2, ""), out.stderr
        assert out.stderr.splitlines()[-1] == f"stackgraph: error: {message}"


DOTS = "a name made only of dots is not a stack name; use a letter or digit too"
NAME_RULE = "not a name Pulumi accepts for a stack; use up to 100 letters, digits, '-', '_' and '.' (not '-' first)"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("a b", "--from", "dev"), f"NAME 'a b': {NAME_RULE}"),
        (("pr/7", "--from", "dev"), f"NAME 'pr/7': {NAME_RULE}"),
        (("pr-7", "--from", "dev x"), f"--from 'dev x': {NAME_RULE}"),
        ((".", "--from", "dev"), f"NAME '.': {DOTS}"),
        (("..", "--from", "dev"), f"NAME '..': {DOTS}"),
        (("...", "--from", "dev"), f"NAME '...': {DOTS}"),
        (("pr-7", "--from", ".."), f"--from '..': {DOTS}"),
        (("dev", "--from", "dev"), "NAME 'dev' is the base itself; give the environment another name"),
        (("pr-7", "--from", "dev", "--ttl", "3 days"), "--ttl 3 days: give a duration such as 90m, 72h, 1d12h or 2w"),
        (("pr-7", "--from", "dev", "--env", "dev"), "--env: env up copies the stacks named --from BASE; drop --env"),
    ],
)
def test_env_up_refuses_bad_names_and_options(repo: Path, args: tuple[str, ...], message: str) -> None:
    _refused(("env", "up", *args, str(repo)), message)


def test_env_up_refuses_an_unknown_base(repo: Path) -> None:
    _refused(
        ("env", "up", "pr-7", "--from", "staging", str(repo)),
        f"--from staging: no project under {repo} has a stack file Pulumi.staging.yaml; the stack names are: dev, prod",
    )


def test_env_up_refuses_a_name_with_stack_files_before_asking_any_backend(repo: Path) -> None:
    out = cli("env", "up", "prod", "--from", "dev", str(repo), "-s", "project:api project:web")
    assert out.code == 2, out.stderr
    assert out.stderr.splitlines()[-1] == (
        "stackgraph: error: prod is a permanent stack of a chosen project: api/prod (its stack file "
        "api/Pulumi.prod.yaml exists), web/prod (its stack file web/Pulumi.prod.yaml exists); env up never "
        "touches a stack it did not create: choose another NAME"
    )
    assert not (repo / ".stackgraph" / "state").exists()  # no backend was asked, nothing created


def test_env_up_refuses_to_share_a_stack_the_programs_name_from_the_current_stack(repo: Path) -> None:
    out = cli("env", "up", "pr-7", "--from", "dev", str(repo), "--share", "networking/dev")
    assert out.code == 2, out.stderr
    errors = [ln for ln in out.stderr.splitlines() if ln.startswith("stackgraph: error: ")]
    assert [e.split(":")[2].strip() for e in errors] == [
        "cluster/pr-7 would read networking/pr-7, which the environment does not create (networking/dev is shared)",
        "database/pr-7 would read networking/pr-7, which the environment does not create (networking/dev is shared)",
    ]
    assert "cluster/index.ts:11 (StackReference(" in errors[0]
    assert errors[1].endswith("read it from config to keep networking/dev, or do not share it")
    assert not list(repo.glob("*/Pulumi.pr-7.yaml"))


def test_env_up_names_share_in_a_bad_share_expression(repo: Path) -> None:
    _refused(
        ("env", "up", "pr-7", "--from", "dev", str(repo), "--share", "nope/dev"),
        "--share: 'nope/dev' matches no stack (did you mean 'web/dev'?)",
    )


def test_env_down_refuses_a_bad_name(repo: Path) -> None:
    _refused(("env", "down", "pr 7", str(repo)), f"NAME 'pr 7': {NAME_RULE}")


@pytest.mark.parametrize("args", [("up", "..", "--from", "dev"), ("down", "."), ("outputs", "..")])
def test_a_name_of_dots_is_one_line_before_anything_is_asked(repo: Path, args: tuple[str, ...]) -> None:
    """`.` and `..` would name a folder of the file backend (`..` its project's parent), not a stack in it."""
    for out in both("env", *args, str(repo)):
        assert (out.code, out.stdout, out.stderr) == (2, "", f"stackgraph: error: NAME {args[1]!r}: {DOTS}\n")
    assert not (repo / ".stackgraph").exists()  # no backend was asked, nothing recorded


def test_env_help_lists_its_commands() -> None:
    for out in both("env", "--help"):
        assert out.code == 0
        for command in ("up", "down", "ls", "gc"):
            assert f"  {command} " in out.stdout
