"""The folder a Python program adds to sys.path, worked out from its code (never run)."""

from __future__ import annotations

import ast

import pytest

from stackgraph.inference.frontends.python.paths import added_folder


def folder(code: str, file: str = "infra/app/__main__.py") -> str | None:
    call = ast.parse(code).body[0].value  # type: ignore[attr-defined]  # an expression statement
    assert isinstance(call, ast.Call)
    return added_folder(call, file)


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ('sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "shared"))', "infra/shared"),
        ("sys.path.append(os.path.dirname(os.path.abspath(__file__)))", "infra/app"),
        ('sys.path.append(str(Path(__file__).resolve().parent.parent / "lib"))', "infra/lib"),
        ('sys.path.append(str(Path(__file__).parents[1] / "lib" / "py"))', "infra/lib/py"),
        ('sys.path.append("../common")', "@../common"),
        ('site.addsitedir(os.path.join(os.getcwd(), "vendor"))', "@vendor"),
        # outside the repository (marked `!`): above the root, absolute, the home folder
        ('sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", ".."))', "!.."),
        ('sys.path.insert(0, os.path.join(os.path.dirname(__file__), "..", "..", "..", "lib"))', "!../lib"),
        ('sys.path.append("/opt/shared")', "!/opt/shared"),
        ('sys.path.append(str(Path("/opt") / "shared" / "py"))', "!/opt/shared/py"),
        ('sys.path.append("~/lib")', "!~/lib"),
        ('sys.path.append(os.environ["SHARED"])', None),
        ("sys.path.extend(folders)", None),
        ("sys.path.append(folder)", None),
    ],
)
def test_the_folder_is_known_only_from_literals_and_file(code: str, expected: str | None) -> None:
    assert folder(code) == expected
