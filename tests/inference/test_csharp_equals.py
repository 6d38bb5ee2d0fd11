"""C# string equality tests in conditionals: `s.Equals("dev")`, `s.Equals("dev", StringComparison.OrdinalIgnoreCase)`,
`string.Equals(a, b, ..)` are decided like `==` (ordinal; case folded for `OrdinalIgnoreCase`); a comparison the
culture decides stays undecided.

Found on albinronnkvist/Course_DT002G_AppliedComputerEngineering (IamTemplateSuite/Templates/Containerization):
`StackReferenceHelper.GetStackReference(.., Environment.Equals("dev", StringComparison.OrdinalIgnoreCase) ?
StackNames.Dev : "prod")` with `Environment = Deployment.Instance.StackName` was unresolved for every stack.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def targets(tmp_path: Path, test: str) -> dict[str, str | None]:
    main = (
        "using Pulumi;\n\nnamespace Acme.App;\n\ninternal sealed class MainStack : Stack\n{\n"
        "    private static readonly string Environment = Deployment.Instance.StackName;\n\n"
        "    public MainStack()\n    {\n"
        f'        var net = new StackReference("acme/networking/" + ({test} ? "dev" : "prod"));\n'
        "    }\n}\n"
    )
    root = write_repo(
        tmp_path / "repo",
        {
            "net/Pulumi.yaml": project("networking"),
            **{f"net/Pulumi.{s}.yaml": stack() for s in ("dev", "prod")},
            "app/Pulumi.yaml": project("app", runtime="dotnet"),
            **{f"app/Pulumi.{s}.yaml": stack() for s in ("dev", "Dev", "prod")},
            "app/MainStack.cs": main,
        },
    )
    return {str(r.stack): r.target_id for r in scan(root).references}


DECIDED = {"Dev": "networking/prod", "dev": "networking/dev", "prod": "networking/prod"}
FOLDED = {"Dev": "networking/dev", "dev": "networking/dev", "prod": "networking/prod"}
NOT_PROD = {"Dev": "networking/dev", "dev": "networking/dev", "prod": "networking/prod"}


@pytest.mark.parametrize(
    ("test", "expected"),
    [
        ('Environment.Equals("dev")', DECIDED),
        ('Environment.Equals("dev", StringComparison.Ordinal)', DECIDED),
        ('Environment.Equals("dev", System.StringComparison.OrdinalIgnoreCase)', FOLDED),
        ('Environment.Equals("dev", StringComparison.OrdinalIgnoreCase)', FOLDED),
        ('string.Equals(Environment, "dev", StringComparison.OrdinalIgnoreCase)', FOLDED),
        ('String.Equals("dev", Environment)', DECIDED),
        ('!Environment.Equals("prod")', NOT_PROD),
        # the culture decides these (ignorable characters, a Turkish I): not decided
        ('Environment.Equals("dev", StringComparison.CurrentCultureIgnoreCase)', dict.fromkeys(DECIDED)),
        ('Environment.Equals("dev", comparison)', dict.fromkeys(DECIDED)),
    ],
)
def test_an_equals_test_is_decided_like_the_runtime_does(
    tmp_path: Path, test: str, expected: dict[str, str | None]
) -> None:
    assert targets(tmp_path, test) == expected
