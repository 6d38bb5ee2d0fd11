"""Pulumi Java's `config.get(k)` is an `Optional<String>` (com.pulumi.Config), read as Java runs it
(frontends/java_optional.py). Before, the Optional was read as the string it holds: `config.get("env").equals("prod")`
held for a stack setting `prod` (Java: false, an Optional never equals a String), a wrong edge there and a dropped one
on the `else` arm; `"a/" + config.get("env")` read `a/prod` where Java writes `a/Optional[prod]`; `.isPresent()`,
`.map(..)`, `getBoolean(k)` (as in pulumi/pulumi-java's tests/integration/stack-reference:
`ctx.config().getBoolean("local").orElse(false)`) and `Optional.ofNullable(..)` were not read at all."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

APP = """package app;

import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;
import java.util.Optional;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            var config = ctx.config();
            var env = config.get("env");
            %s
        });
    }
}
"""
STACKS = {
    "prod": stack(config={"app:env": "prod", "app:flag": True}),
    "dev": stack(config={"app:env": "dev", "app:flag": "yes"}),  # Boolean.parseBoolean("yes") is false
    "bare": stack(config={}),  # sets neither key
    "esc": stack(config={}, environment=["shared"]),  # may get either from its ESC environment
}


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def _found(tmp_path: Path, body: str) -> dict[str, list[str]]:
    """Each stack's references: the target's id, or `unresolved: <reason>`."""
    files = {"app/Pulumi.yaml": project("app", runtime="java"), "app/src/main/java/app/App.java": APP % body}
    files.update({f"app/Pulumi.{name}.yaml": spec for name, spec in STACKS.items()})
    out: dict[str, list[str]] = {name: [] for name in STACKS}
    for ref in scan(write_repo(tmp_path / "repo", files)).references:
        assert ref.stack is not None
        target = ref.target
        out[ref.stack].append(f"{target.project}/{target.stack}" if target else f"unresolved: {ref.reason}")
    return {name: sorted(found) for name, found in out.items()}


def test_an_optional_never_equals_a_string(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        'if (env.equals("prod")) { new StackReference("acme/never/a"); }'
        ' else { new StackReference("acme/always/b"); }'
        ' if ("prod".equals(config.get("env"))) { new StackReference("acme/never/c"); }',
    )
    assert found == {name: ["always/b"] for name in STACKS}


def test_an_optional_as_a_string_is_javas_text(tmp_path: Path) -> None:
    found = _found(tmp_path, 'new StackReference("acme/text/" + env);')
    assert found["bare"] == ["text/Optional.empty"]
    assert found["prod"][0].startswith("unresolved") and "Optional[prod]" in found["prod"][0]
    assert "text/prod" not in found["prod"] and "text/dev" not in found["dev"]


def test_is_present_and_is_empty_are_decided_by_the_stack_config(tmp_path: Path) -> None:
    found = _found(
        tmp_path,
        'if (env.isPresent()) { new StackReference("acme/set/" + env.get()); }'
        ' if (config.get("env").isEmpty()) { new StackReference("acme/unset/x"); }',
    )
    assert found["prod"] == ["set/prod"]
    assert found["dev"] == ["set/dev"]
    assert found["bare"] == ["unset/x"]
    # the ESC environment may set the key: both kept, the first one's name unknown
    assert len(found["esc"]) == 2 and "unset/x" in found["esc"]


@pytest.mark.parametrize(
    ("name", "want"),
    [
        # a default in code is taken for a key the stack file does not set (ConfigRead.default, as in every language)
        ('env.orElse("dev")', {"prod": "net/prod", "dev": "net/dev", "bare": "net/dev", "esc": "net/dev"}),
        ('env.orElseGet(() -> "dev")', {"prod": "net/prod", "dev": "net/dev", "bare": "net/dev", "esc": "net/dev"}),
        ('env.map(e -> e + "-x").orElse("none")', {"prod": "net/prod-x", "dev": "net/dev-x", "bare": "net/none"}),
        ('config.get("env").map(String::toUpperCase).orElse("none")', {"bare": "net/none"}),
        ('config.get("env").orElseThrow()', {"prod": "net/prod", "dev": "net/dev"}),
        (
            'Optional.ofNullable(ctx.stackName()).orElse("x")',
            {"prod": "net/prod", "dev": "net/dev", "bare": "net/bare", "esc": "net/esc"},
        ),
        ('Optional.<String>empty().orElse("x")', {"prod": "net/x", "dev": "net/x", "bare": "net/x", "esc": "net/x"}),
    ],
)
def test_an_optionals_value(tmp_path: Path, name: str, want: dict[str, str]) -> None:
    found = _found(tmp_path, f'new StackReference("acme/net/" + {name});')
    for stack_name, target in want.items():
        assert found[stack_name] == [target], stack_name
    others = [found[s][0] for s in STACKS if s not in want]
    assert all(f.startswith("unresolved") for f in others)


def test_get_boolean_is_javas_parse_boolean(tmp_path: Path) -> None:
    # pulumi/pulumi-java tests/integration/stack-reference:
    # `var isLocal = ctx.config().getBoolean("local").orElse(false)`
    found = _found(
        tmp_path,
        'var on = ctx.config().getBoolean("flag").orElse(false);'
        ' if (on) { new StackReference("acme/flag/on"); } else { new StackReference("acme/flag/off"); }',
    )
    assert found["prod"] == ["flag/on"]  # `true`
    assert found["dev"] == ["flag/off"]  # "yes" parses as false
    assert found["bare"] == ["flag/off"]  # not set: the default
    assert len(found["esc"]) == 2  # may be set in its ESC environment: both kept


def test_require_boolean(tmp_path: Path) -> None:
    found = _found(tmp_path, 'if (config.requireBoolean("flag")) { new StackReference("acme/flag/on"); }')
    assert found["prod"] == ["flag/on"]
    assert found["dev"] == []


def test_get_secret_is_an_output_of_an_optional_not_the_string(tmp_path: Path) -> None:
    found = _found(tmp_path, 'new StackReference("acme/net/" + config.getSecret("env"));')
    assert all(f[0].startswith("unresolved") for f in found.values())


def test_an_optional_handed_to_a_method_is_not_read_as_its_string(tmp_path: Path) -> None:
    body = 'Refs.net(config.get("env"));'
    program = APP % body + (
        "\nfinal class Refs {\n    static StackReference net(Optional<String> env) {\n"
        '        return new StackReference("acme/net/" + env.orElse("dev"));\n    }\n}\n'
    )
    files = {"app/Pulumi.yaml": project("app", runtime="java"), "app/src/main/java/app/App.java": program}
    files.update({f"app/Pulumi.{name}.yaml": spec for name, spec in STACKS.items()})
    refs = scan(write_repo(tmp_path / "repo", files)).references
    assert refs and all(r.target is None and "Optional handed in" in r.reason for r in refs)
