"""A program file that cannot be read, decoded or parsed is a warning naming it; `--strict` fails on it."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import Skipped
from tests.helpers.clirun import both, cli, script
from tests.helpers.nobody import as_nobody, public_folder, readable
from tests.helpers.repo_builder import project, stack, write_repo

REF = 'net = pulumi.StackReference(f"acme/net/{pulumi.get_stack()}")\n'
BASE = {
    "net/Pulumi.yaml": project("net"),
    "net/Pulumi.dev.yaml": stack(),
    "app/Pulumi.yaml": project("app", runtime="python"),
    "app/Pulumi.dev.yaml": stack(),
}
LATIN1 = "stackgraph: warning: app/__main__.py: not valid UTF-8 (byte 0xe9 at offset 5); save it as UTF-8; "
LATIN1 += "its StackReferences are not read\n"


def test_a_latin1_byte_is_a_warning_naming_the_file(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {**BASE, "app/__main__.py": b"# caf\xe9\nimport pulumi\n" + REF.encode()})
    repo = scan(root)
    assert repo.skipped == (
        Skipped("app/__main__.py", "unreadable", "not valid UTF-8 (byte 0xe9 at offset 5); save it as UTF-8"),
    )
    for out in both("plan", root, "-f", "text"):
        assert (out.code, out.stdout) == (0, "deploy order: 2 stacks in 1 level\n1\tapp/dev\n1\tnet/dev\n")
        assert out.stderr == LATIN1 + "stackgraph: warning: 1 file skipped (unreadable: 1); --verbose lists them\n"
    for out in both("scan", root, "--strict"):
        assert out.code == 1
        assert out.stderr.endswith("stackgraph: 1 program file(s) could not be read (--strict)\n")
    fixed = root / "app/__main__.py"
    fixed.write_bytes(b"# cafe\nimport pulumi\n" + REF.encode())
    out = cli("scan", root, "--strict")
    assert (out.code, out.stderr) == (0, "")


def test_a_syntax_error_fails_strict(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path, {**BASE, "app/__main__.py": 'import pulumi\nx = pulumi.StackReference("acme/net/dev"\n'}
    )
    for out in both("scan", root, "--strict"):
        assert out.code == 1
        assert out.stderr == (
            "stackgraph: warning: app/__main__.py: cannot parse: '(' was never closed (line 2); "
            "its StackReferences are not read\n"
            "stackgraph: 1 program file(s) could not be read (--strict)\n"
        )


def test_a_file_without_read_permission_is_a_warning() -> None:
    """Run as an unprivileged user (as root, CI: `nobody` through setpriv), for whom a file of mode 0 cannot be read."""
    with public_folder() as base:
        root = write_repo(base / "repo", {**BASE, "app/__main__.py": "import pulumi\n" + REF})
        readable(root)
        (root / "app/__main__.py").chmod(0)
        env = {"STACKGRAPH_LOG_DIR": str(base / "logs"), "STACKGRAPH_CACHE_DIR": "off", "HOME": str(base)}
        out = script("scan", root, "--strict", prefix=as_nobody(), env=env)
        assert out.code == 1, out.stderr
        assert out.stderr == (
            "stackgraph: warning: app/__main__.py: cannot be read: Permission denied; check its permissions; "
            "its StackReferences are not read\n"
            "stackgraph: 1 program file(s) could not be read (--strict)\n"
        )
        out = script("plan", root, "-f", "text", prefix=as_nobody(), env=env)
        assert (out.code, out.stdout) == (0, "deploy order: 2 stacks in 1 level\n1\tapp/dev\n1\tnet/dev\n")
        assert out.stderr.endswith("stackgraph: warning: 1 file skipped (unreadable: 1); --verbose lists them\n")


def test_an_unreadable_shared_file_outside_every_project_is_named(tmp_path: Path) -> None:
    spec = {
        **BASE,
        "app/Pulumi.yaml": project("app", runtime="nodejs"),
        "app/index.ts": 'import * as pulumi from "@pulumi/pulumi";\n',
        "shared/refs.ts": b"// caf\xe9\nexport const x = 1;\n",
    }
    root = write_repo(tmp_path, spec)
    assert scan(root).skipped == (
        Skipped("shared/refs.ts", "unreadable", "not valid UTF-8 (byte 0xe9 at offset 6); save it as UTF-8"),
    )


@pytest.mark.parametrize(
    ("files", "broken", "error", "reason"),
    [
        (
            {
                "app/__main__.py": "import pulumi\nfrom names import NETWORK\n\nnet = pulumi.StackReference(NETWORK)\n",
                "app/names.py": 'NETWORK = "acme/net/dev"\nOTHER = (\n',
            },
            "app/names.py",
            "cannot parse: '(' was never closed (line 2)",
            "cannot resolve '<NETWORK>': 'NETWORK' from 'py:names', which is not a constant of the project: "
            "app/names.py: cannot parse: '(' was never closed (line 2)",
        ),
        (
            {
                "app/Pulumi.yaml": project("app", runtime="nodejs"),
                "app/index.ts": 'import * as pulumi from "@pulumi/pulumi";\nimport { NETWORK } from "./names";\n\n'
                "const net = new pulumi.StackReference(NETWORK);\n",
                "app/names.ts": 'export const NETWORK = "acme/net/dev" + ;\n',  # tree-sitter reads "acme/net/dev"
            },
            "app/names.ts",
            "cannot parse (syntax error at line 1)",
            "cannot resolve '<NETWORK>': 'NETWORK' from app/names.ts, which is not read whole: "
            "cannot parse (syntax error at line 1)",
        ),
    ],
)
def test_a_module_the_program_reads_with_a_syntax_error_is_a_warning(
    tmp_path: Path, files: dict[str, str], broken: str, error: str, reason: str
) -> None:
    """A module without a StackReference (constants) that the program imports, with a syntax error: a warning naming
    it and the line, counted by --strict; the site that reads a name from it says why the name is unknown."""
    root = write_repo(tmp_path, {**BASE, **files, "app/old.py": "def broken(:\n"})  # old.py: read by nothing
    repo = scan(root)
    assert [(r.resolved, r.reason) for r in repo.references] == [(False, reason)]
    warning = f"stackgraph: warning: {broken}: {error}; what other files read from it may not be known\n"
    for out in both("scan", root, "--strict"):
        assert out.code == 1
        assert warning in out.stderr
        assert "old.py" not in out.stderr
        strict = "1 stack reference(s) could not be resolved and 1 program file(s) could not be read (--strict)"
        assert out.stderr.endswith(f"stackgraph: {strict}\n")
