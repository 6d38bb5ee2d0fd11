"""One warning line counts what the scan skipped, on every command that selects stacks; --verbose lists it.
`plan --strict` fails after the plan when a reference is unresolved or a program file unread."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.clirun import both, cli
from tests.helpers.repo_builder import project, stack, write_repo

SPEC = {
    ".gitignore": "Pulumi.local.yaml\n",
    "net/Pulumi.yaml": project("net"),
    "net/Pulumi.dev.yaml": stack(),
    "net/Pulumi.local.yaml": stack(),
    "templates/x/Pulumi.yaml": "name: ${PROJECT}\nruntime: yaml\n",
    "web/build/Pulumi.yaml": project("built"),
}
SUMMARY = "stackgraph: warning: 3 files skipped (build output: 1, ignored by .gitignore: 1, template: 1)"
LISTED = (
    f"{SUMMARY}:\n"
    "stackgraph:   skipped: net/Pulumi.local.yaml: ignored by .gitignore\n"
    "stackgraph:   skipped: templates/x/Pulumi.yaml: template (its name is a placeholder)\n"
    "stackgraph:   skipped: web/build/Pulumi.yaml: build output\n"
)
COMMANDS = [
    ("plan", "-f", "text"),
    ("ls",),
    ("graph", "-f", "json"),
    ("run", "--", "true"),
    ("up",),
    ("preview",),
    ("refresh",),
    ("destroy",),
]


@pytest.mark.parametrize("args", COMMANDS, ids=[a[0] for a in COMMANDS])
def test_every_command_counts_what_was_skipped_and_verbose_lists_it(
    tmp_path: Path, args: tuple[str, ...], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = write_repo(tmp_path / "repo", SPEC)
    monkeypatch.setenv("STACKGRAPH_PULUMI_BIN", str(tmp_path / "no-engine"))  # deploys stop before any engine
    command, rest = args[0], list(args[1:])
    extra = rest[rest.index("--") :] if "--" in rest else []
    opts = rest[: len(rest) - len(extra)]
    out = cli(command, root, *opts, *extra)
    assert f"{SUMMARY}; --verbose lists them" in out.stderr.splitlines(), out.stderr
    assert "skipped:" not in out.stderr
    verbose = cli(command, root, *opts, "--verbose", *extra)
    assert LISTED in verbose.stderr, verbose.stderr


def test_the_console_script_prints_the_same(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", SPEC)
    for out in both("ls", root, "--verbose"):
        assert (out.code, out.stdout, out.stderr) == (0, "net/dev\n", LISTED)


def test_nothing_skipped_says_nothing(tmp_path: Path) -> None:
    root = write_repo(tmp_path / "repo", {"net/Pulumi.yaml": project("net"), "net/Pulumi.dev.yaml": stack()})
    out = cli("ls", root, "--verbose")
    assert (out.code, out.stdout, out.stderr) == (0, "net/dev\n", "")


def test_plan_strict_fails_after_the_plan(tmp_path: Path) -> None:
    spec = {
        "net/Pulumi.yaml": project("net"),
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime="python"),
        "app/Pulumi.dev.yaml": stack(),
        "app/__main__.py": 'import os, pulumi\nref = pulumi.StackReference(os.environ["TARGET"])\n',
    }
    root = write_repo(tmp_path / "repo", spec)
    assert cli("plan", root, "-f", "text").code == 0
    for out in both("plan", root, "-f", "text", "--strict"):
        assert out.code == 1
        assert out.stdout == "deploy order: 2 stacks in 1 level\n1\tapp/dev\n1\tnet/dev\n"
        assert out.stderr.splitlines()[-1] == "stackgraph: 1 stack reference(s) could not be resolved (--strict)"
    (root / "app/__main__.py").write_bytes(b"# caf\xe9\nimport pulumi\n")
    out = cli("plan", root, "--strict")
    assert (out.code, out.stderr.splitlines()[-1]) == (1, "stackgraph: 1 program file(s) could not be read (--strict)")
    (root / "app/__main__.py").write_text("import pulumi\n")
    assert cli("plan", root, "--strict").code == 0
