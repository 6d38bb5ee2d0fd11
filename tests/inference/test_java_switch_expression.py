"""Java switch expressions choosing a stack's name (`switch (ctx.stackName()) { case "prod", "live" -> "prod";
default -> "dev"; }`): string constant cases and `default`, each giving one value (`-> v;`, `-> { yield v; }`,
`case "a": yield v;`), are read per stack; a stack no case takes (the switch throws) and the cases from one that
cannot be read on stay unknown, reported at the site's line.

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


def outcome(tmp_path: Path, cases: str) -> dict[str, str]:
    """Each app stack's target ("?" and the reason when unresolved) for `var env = switch (stack) {cases};`."""
    program = (
        "package app;\n\nimport com.pulumi.Pulumi;\nimport com.pulumi.resources.StackReference;\n\n"
        "public class App {\n    public static void main(String[] args) {\n        Pulumi.run(ctx -> {\n"
        f"            var env = switch (ctx.stackName()) {{\n{cases}\n            }};\n"
        '            var net = new StackReference("acme/networking/" + env);\n        });\n    }\n}\n'
    )
    root = write_repo(
        tmp_path / "repo",
        {
            "net/Pulumi.yaml": project("networking"),
            **{f"net/Pulumi.{s}.yaml": stack() for s in ("dev", "prod")},
            "app/Pulumi.yaml": project("app", runtime="java"),
            **{f"app/Pulumi.{s}.yaml": stack() for s in ("dev", "live", "prod", "staging")},
            "app/pom.xml": "<project/>\n",
            "app/src/main/java/app/App.java": program,
        },
    )
    refs = scan(root).references
    assert {(r.file, r.line) for r in refs} == {("app/src/main/java/app/App.java", 12 + cases.count("\n"))}
    return {r.stack or "": r.target_id or f"? {r.reason}" for r in refs}


@pytest.mark.parametrize(
    "cases",
    [
        pytest.param(
            '                case "prod", "live" -> "prod";\n                case "staging" -> { yield "prod"; }\n'
            '                default -> "dev";',
            id="rules",
        ),
        pytest.param(
            '                case "prod", "live": yield "prod";\n                case "staging": yield "prod";\n'
            '                default: yield "dev";',
            id="yield-groups",
        ),
    ],
)
def test_constant_cases_and_default_are_read_per_stack(tmp_path: Path, cases: str) -> None:
    assert outcome(tmp_path, cases) == {
        "dev": "networking/dev",
        "live": "networking/prod",
        "prod": "networking/prod",
        "staging": "networking/prod",
    }


def test_a_stack_no_case_takes_is_unknown(tmp_path: Path) -> None:
    found = outcome(tmp_path, '                case "prod" -> "prod";\n                case "dev" -> "dev";')
    assert (found["dev"], found["prod"]) == ("networking/dev", "networking/prod")
    assert "no case matches" in found["live"] and found["staging"].startswith("?")


def test_a_case_that_cannot_be_read_leaves_the_stacks_after_it_unknown(tmp_path: Path) -> None:
    cases = (
        '                case "prod" -> "prod";\n'
        '                case "live" -> { var x = "prod"; yield x; }\n                default -> "dev";'
    )
    found = outcome(tmp_path, cases)
    assert found.pop("prod") == "networking/prod"
    assert all(v.startswith("? ") and "switch case that is not read" in v for v in found.values())
