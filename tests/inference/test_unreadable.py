"""A program file that cannot be read, decoded or parsed is a warning naming it; `--strict` fails on it."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from stackgraph.model import Skipped
from tests.helpers.clirun import both, cli
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


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads a file whatever its permissions")
def test_a_file_without_read_permission_is_a_warning(tmp_path: Path) -> None:
    root = write_repo(tmp_path, {**BASE, "app/__main__.py": "import pulumi\n" + REF})
    (root / "app/__main__.py").chmod(0)
    out = cli("scan", root, "--strict")
    assert out.code == 1
    assert out.stderr.startswith(
        "stackgraph: warning: app/__main__.py: cannot be read: Permission denied; check its permissions; "
        "its StackReferences are not read\n"
    )


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
