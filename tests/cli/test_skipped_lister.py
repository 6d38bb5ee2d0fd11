"""Messages that name a way out name one the command has.

The line counting skipped files names `--verbose` where the command takes it, else a command that lists them:
`ci`, `why` and `env down` have no `--verbose`; they used to say "--verbose lists them", which each refused with
"no such option"."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.helpers.clirun import cli
from tests.helpers.repo_builder import project, write_repo

LISTER = "`stackgraph ls --verbose` lists them\n"
SUMMARY = "stackgraph: warning: 1 file skipped (not a regular file: 1); "


def _repo(tmp_path: Path) -> Path:
    root = write_repo(
        tmp_path,
        {
            "a/Pulumi.yaml": project("a"),
            "a/Pulumi.prod.yaml": {"config": {}},
            "b/Pulumi.yaml": project("b"),
            "b/Pulumi.prod.yaml": {"config": {}},
        },
    )
    os.mkfifo(root / "a/Pulumi.dev.yaml")  # skipped with a warning, never opened
    return root


@pytest.mark.parametrize(
    ("command", "extra", "code", "lister"),
    [
        ("plan", (), 0, "--verbose lists them\n"),
        ("ls", (), 0, "--verbose lists them\n"),
        ("ci", (), 0, LISTER),
        ("why", ("a/prod", "b/prod"), 1, LISTER),  # 1: neither depends on the other
    ],
)
def test_the_summary_names_an_option_the_command_has(
    tmp_path: Path, command: str, extra: tuple[str, ...], code: int, lister: str
) -> None:
    root = _repo(tmp_path)
    out = cli("ci", "github", root) if command == "ci" else cli(command, root, *extra)
    assert out.code == code, out.stderr
    assert out.stderr.endswith(SUMMARY + lister)
    takes_verbose = "--verbose" in cli(command, "--help").stdout
    assert takes_verbose == lister.startswith("--verbose")  # it names --verbose exactly when the command has it


def test_the_named_command_lists_them(tmp_path: Path) -> None:
    out = cli("ls", _repo(tmp_path), "--verbose")
    assert out.code == 0, out.stderr
    assert "stackgraph:   skipped: a/Pulumi.dev.yaml: not a regular file" in out.stderr


@pytest.mark.parametrize(
    "args", [("run", "--", "true"), ("up",), ("preview",), ("refresh",), ("destroy", "--yes"), ("verify",)]
)
def test_no_stack_file_names_env_on_every_command(tmp_path: Path, args: tuple[str, ...]) -> None:
    """Projects without stack files: the commands that deploy or compare say what `plan` says (they used to say
    "no stack to run; check the path and the selection", which names neither the cause nor --env)."""
    root = write_repo(tmp_path, {"a/Pulumi.yaml": project("a"), "b/Pulumi.yaml": project("b")})
    out = cli(args[0], root, *args[1:])
    assert (out.code, out.stdout) == (2, "")
    assert out.stderr.endswith(  # preview first says a note on upstream outputs
        f"stackgraph: error: {root}: 2 projects but no stack file (Pulumi.<stack>.yaml); "
        "pass --env NAME to plan a stack NAME for each, or add stack files\n"
    )
