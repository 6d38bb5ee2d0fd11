"""A Python import that must be local and leads to no file the scan reads is a warning `not-followed` on its line,
naming the paths looked for, once per file and module; a name read through it is unresolved, saying the same. Must
be local: a relative import (`from .gone import net`), or an absolute one whose first part is a package or module of
the program (`from refs.missing import net` beside refs/, `import shared.refs` beside shared/ without refs.py). It
was silent: the name was unresolved with no reason, and a read through the module was lost without a word. An
installed package (`requests`, the standard library), an import under `try: .. except ImportError` or
`if TYPE_CHECKING:` (optional, or types only) and a namespace package that is there are not said."""

from __future__ import annotations

from pathlib import Path

from stackgraph.discovery.scan import scan
from stackgraph.model import Repo
from tests.helpers.repo_builder import project, stack, write_repo

MAIN = """import os
import pulumi
import requests
from infra.stacks import net_stack
from refs.missing import net
import shared.refs
try:
    from refs.optional import extra
except ImportError:
    extra = None
from typing import TYPE_CHECKING
if TYPE_CHECKING:
    from refs.types import Shape
from refs.missing import again
import refs.other
import spaced.mod
pulumi.StackReference(net)
pulumi.StackReference(net_stack)
pulumi.StackReference(shared.refs.name)
"""
STACKS = """from .gone import prefix
from . import present
from .present import value
net_stack = "acme/net/dev"
"""
WHY = (
    "which leads to no file the scan reads (tried {}, as a module and as a package: missing, generated and not "
    "checked in, or skipped by the scan)"
)
NOT_KNOWN = ": its StackReferences, and the names read from it, are not known"


def _repo(tmp_path: Path) -> Repo:
    root = write_repo(
        tmp_path,
        {
            "app/Pulumi.yaml": project("app", runtime="python"),
            "app/Pulumi.dev.yaml": stack(),
            "app/__main__.py": MAIN,
            "app/infra/__init__.py": "",
            "app/infra/stacks.py": STACKS,
            "app/infra/present.py": "value = 1\n",
            "app/refs/other.py": "x = 1\n",
            "app/shared/__init__.py": "",
            "app/spaced/mod/deep.py": "y = 2\n",
        },
    )
    return scan(root)


def _said(repo: Repo) -> list[tuple[str, str | None, int | None, str]]:
    return sorted((d.severity.value, d.file, d.line, d.message) for d in repo.diagnostics if d.code == "not-followed")


def test_an_import_that_must_be_local_and_leads_to_no_file_is_said_on_its_line(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    assert _said(repo) == [
        ("warning", "app/__main__.py", 5, "imports 'refs.missing', " + WHY.format("app/refs/missing") + NOT_KNOWN),
        ("warning", "app/__main__.py", 6, "imports 'shared.refs', " + WHY.format("app/shared/refs") + NOT_KNOWN),
        ("warning", "app/infra/stacks.py", 1, "imports '.gone', " + WHY.format("app/infra/gone") + NOT_KNOWN),
    ]


def test_a_name_read_through_it_says_the_same(tmp_path: Path) -> None:
    repo = _repo(tmp_path)
    unresolved = sorted(r.reason or "" for r in repo.references if not r.resolved)
    assert unresolved == [
        "cannot resolve '<name>': 'name' from 'py:shared.refs', which is not a constant of the project: "
        "app/__main__.py imports 'shared.refs', " + WHY.format("app/shared/refs"),
        "cannot resolve '<net>': 'net' from 'py:refs.missing', which is not a constant of the project: "
        "app/__main__.py imports 'refs.missing', " + WHY.format("app/refs/missing"),
    ]
    assert [(r.target.project, r.target.stack) for r in repo.references if r.target] == [("net", "dev")]


def test_installed_packages_and_optional_imports_are_not_said(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "app/Pulumi.yaml": project("app", runtime="python"),
            "app/Pulumi.dev.yaml": stack(),
            "app/__main__.py": "import pulumi\nimport requests.adapters\nfrom google.cloud import storage\n"
            "from collections.abc import Mapping\n"
            "try:\n    import refs.fast\nexcept (ModuleNotFoundError, OSError):\n    pass\n"
            "import typing\nif typing.TYPE_CHECKING:\n    from refs.types import Shape\n"
            'pulumi.StackReference("acme/net/dev")\n',
            "app/refs/__init__.py": "",
            "app/docs/readme.md": "text\n",
        },
    )
    assert _said(scan(root)) == []


def test_a_name_of_a_submodule_imported_by_its_dotted_name_is_read(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "app/Pulumi.yaml": project("app", runtime="python"),
            "app/Pulumi.dev.yaml": stack(),
            "app/__main__.py": "import pulumi\nimport shared.refs\npulumi.StackReference(shared.refs.name)\n",
            "app/shared/__init__.py": "",
            "app/shared/refs.py": 'name = "acme/net/dev"\n',
        },
    )
    repo = scan(root)
    assert [(r.target.project, r.target.stack) for r in repo.references if r.target] == [("net", "dev")]
    assert _said(repo) == []


def test_a_name_reexported_from_a_missing_module_says_why(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "app/Pulumi.yaml": project("app", runtime="python"),
            "app/Pulumi.dev.yaml": stack(),
            "app/__main__.py": "import pulumi\nfrom lib import ref\npulumi.StackReference(ref)\n",
            "app/lib/__init__.py": "from .gen import ref\n",
        },
    )
    repo = scan(root)
    assert _said(repo) == [
        ("warning", "app/lib/__init__.py", 1, "imports '.gen', " + WHY.format("app/lib/gen") + NOT_KNOWN)
    ]
    assert [r.reason for r in repo.references] == [
        "cannot resolve '<ref>': 'ref' from 'py:.gen', which is not a constant of the project: "
        "app/lib/__init__.py imports '.gen', " + WHY.format("app/lib/gen")
    ]


def test_when_which_modules_run_is_not_known_a_module_with_a_stack_reference_is_still_said(tmp_path: Path) -> None:
    root = write_repo(
        tmp_path,
        {
            "app/Pulumi.yaml": project("app", runtime="python"),
            "app/Pulumi.dev.yaml": stack(),
            "app/__main__.py": "import importlib\nimport os\nimportlib.import_module('envs.' + os.environ['E'])\n",
            "app/envs/__init__.py": "",
            "app/envs/dev.py": "import pulumi\nfrom .names import net\npulumi.StackReference(net)\n",
            "app/envs/other.py": "from .gone import x\n",  # no StackReference: not parsed for this
        },
    )
    assert [s for s in _said(scan(root)) if s[0] == "warning"] == [
        ("warning", "app/envs/dev.py", 2, "imports '.names', " + WHY.format("app/envs/names") + NOT_KNOWN)
    ]
