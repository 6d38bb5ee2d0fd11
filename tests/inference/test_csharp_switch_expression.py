"""C# switch expressions choosing a stack's name (`Deployment.Instance.StackName switch { "prod" => .., _ => .. }`):
string constant arms (`"a" or "b"` too) and a discard are read per stack; a stack no arm takes (the switch throws)
and any other pattern (`var s when ..`, a relational pattern) stay unknown, reported at the site's line.

Before, every switch expression was a run-time value: each stack's reference was reported unresolved.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def outcome(tmp_path: Path, arms: str) -> dict[str, str]:
    """Each app stack's target ("?" and the reason's start when unresolved) for `var env = <stack> switch {arms};`."""
    program = (
        "using Pulumi;\n\nawait Deployment.RunAsync(() =>\n{\n"
        f"    var env = Deployment.Instance.StackName switch\n    {{\n{arms}\n    }};\n"
        '    var net = new StackReference($"acme/networking/{env}");\n});\n'
    )
    root = write_repo(
        tmp_path / "repo",
        {
            "net/Pulumi.yaml": project("networking"),
            **{f"net/Pulumi.{s}.yaml": stack() for s in ("dev", "prod")},
            "app/Pulumi.yaml": project("app", runtime="dotnet"),
            **{f"app/Pulumi.{s}.yaml": stack() for s in ("dev", "live", "prod", "staging")},
            "app/App.csproj": "<Project Sdk='Microsoft.NET.Sdk'></Project>\n",
            "app/Program.cs": program,
        },
    )
    refs = scan(root).references
    assert {(r.file, r.line) for r in refs} == {("app/Program.cs", 9 + arms.count("\n"))}
    return {r.stack or "": r.target_id or f"? {r.reason}" for r in refs}


def test_constant_arms_and_a_discard_are_read_per_stack(tmp_path: Path) -> None:
    arms = '        "prod" or "live" => "prod",\n        "staging" => "prod",\n        _ => "dev",'
    assert outcome(tmp_path, arms) == {
        "dev": "networking/dev",
        "live": "networking/prod",
        "prod": "networking/prod",
        "staging": "networking/prod",
    }


def test_a_stack_no_arm_takes_is_unknown(tmp_path: Path) -> None:
    found = outcome(tmp_path, '        "prod" => "prod",\n        "dev" => "dev",')
    assert (found["dev"], found["prod"]) == ("networking/dev", "networking/prod")
    assert found["live"].startswith("?") and "no arm" in found["live"]
    assert found["staging"].startswith("?")


WHEN = '        "prod" => "prod",\n        var s when s.StartsWith("p") => "prod",\n        _ => "dev",'


@pytest.mark.parametrize(
    ("arms", "prod"),
    [
        pytest.param(WHEN, "networking/prod", id="when"),
        pytest.param('        "prod" => "prod",\n        string s => s,', "networking/prod", id="declaration"),
        pytest.param('        { Length: > 3 } => "prod",\n        _ => "dev",', "?", id="property-pattern"),
    ],
)
def test_another_pattern_leaves_the_stacks_it_may_take_unknown(tmp_path: Path, arms: str, prod: str) -> None:
    found = outcome(tmp_path, arms)
    assert found.pop("prod").startswith(prod)  # the arm before the pattern is still read
    assert all(v.startswith("?") for v in found.values())
