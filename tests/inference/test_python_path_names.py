"""A Python program that puts the repository root on sys.path through a name (`root = Path(__file__)...;
sys.path.append(root.as_posix())`) has its shared modules read: no false warning that it should add the folder,
no "computed import" info, and the references the shared module makes resolve."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

SHARED = 'import pulumi\n\n\ndef network():\n    return pulumi.StackReference("organization/net/dev")\n'
IMPORTS = "from common.refs import network\n\nnet = network()\n"


def deep_repo(tmp_path: Path, edit: str) -> Path:
    return write_repo(
        tmp_path,
        {
            "infra/net/Pulumi.yaml": project("net", runtime="python"),
            "infra/net/Pulumi.dev.yaml": stack(),
            "apps/web/Pulumi.yaml": project("web", runtime="python"),
            "apps/web/Pulumi.dev.yaml": stack(),
            "apps/web/__main__.py": f"import pathlib\nimport sys\n\n{edit}\n\n{IMPORTS}",
            "common/__init__.py": "",
            "common/refs.py": SHARED,
        },
    )


@pytest.mark.parametrize(
    "edit",
    [
        "root = pathlib.Path(__file__).resolve().parents[2]\nsys.path.append(root.as_posix())",
        "sys.path.append(pathlib.Path(__file__).resolve().parents[2].as_posix())",
        "here = pathlib.Path(__file__).parent\nroot = here.parent.parent\nsys.path.insert(0, str(root))",
    ],
)
def test_the_root_put_on_sys_path_through_a_name_or_as_posix_is_read(tmp_path: Path, edit: str) -> None:
    """iganosaigo/pulumi-py-openstack-example: each project (`app/test`, `infra/sg/default`) binds
    `directory = pathlib.Path(__file__).resolve().parents[N]` and calls `sys.path.append(directory.as_posix())`
    before importing the repository's `utils` package. The scan warned that the program should add the root to
    sys.path (it does), said the program imports a module by a computed name (it does not), and left the shared
    module's references unread."""
    repo = scan(deep_repo(tmp_path, edit))
    assert [(d.code, d.file) for d in repo.diagnostics] == []
    assert [(r.site, r.stack, r.target_id) for r in repo.references] == [("common/refs.py:5", "dev", "net/dev")]
    assert [(e.dependent, e.dependency) for e in repo.edges] == [("web/dev", "net/dev")]


@pytest.mark.parametrize(
    "edit",
    [
        # given twice: which value holds at the edit is not worked out
        "root = pathlib.Path(__file__).parents[2]\nroot = root / 'vendor'\nsys.path.append(str(root))",
        # given after the edit
        "sys.path.append(str(root))\nroot = pathlib.Path(__file__).parents[2]",
        # a loop variable
        "for root in [pathlib.Path(__file__).parents[2]]:\n    sys.path.append(str(root))",
        # a function declares it global: another value may be given at run time
        "root = pathlib.Path(__file__).parents[2]\ndef move():\n    global root\n    root = None\n"
        "sys.path.append(str(root))",
    ],
)
def test_a_name_not_bound_once_before_the_edit_stays_unknown(tmp_path: Path, edit: str) -> None:
    """Never guessed: the folder is unknown, so every file of the project counts (the shared module is not on the
    import path the scan knows) and the scan says the imports are not followed."""
    repo = scan(deep_repo(tmp_path, edit))
    assert repo.edges == ()
    assert [r.resolved for r in repo.references] == [False]
    assert {d.code for d in repo.diagnostics} >= {"not-followed"}
