"""Java's `Config.of(ns)` / `Config.of()` (com.pulumi.Config's static factory) is a config object like
`ctx.config(ns)`: found in cvonderheid/mappo (infra/pulumi), whose runtime stack names its platform stack with
`InfrastructureConfig.load(Config.of("mappo"), ctx.stackName())` and `config.get("platformStack").orElse("")`;
the reference was unresolved ('a value with a fallback that is not a config read')."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

APP = """package app;

import com.pulumi.Config;
import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;
import com.pulumi.resources.StackReferenceArgs;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            %s
            Platform.load(%s);
        });
    }
}

final class Platform {
    static StackReference load(String stackName) {
        var reference = new StackReference("platform-stack", StackReferenceArgs.builder().name(stackName).build());
        reference.requireOutput("runtimeAcrName");
        return reference;
    }
}
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def _targets(tmp_path: Path, setup: str, name: str, program: str = APP) -> dict[str, str | None]:
    root = write_repo(
        tmp_path / "repo",
        {
            "infra/Pulumi.yaml": project("mappo", runtime="java"),
            "infra/Pulumi.demo.yaml": stack(config={"mappo:stackKind": "platform"}),
            "infra/Pulumi.demo-runtime.yaml": stack(config={"mappo:platformStack": "demo"}),
            "infra/src/main/java/app/App.java": program % (setup, name),
        },
    )
    repo = scan(root)
    return {r.stack: r.target_id or r.reason for r in repo.references}


@pytest.mark.parametrize(
    ("setup", "name"),
    [
        ('var config = Config.of("mappo");', 'config.get("platformStack").orElse("")'),
        ("", 'Config.of("mappo").require("platformStack")'),
        ("", 'com.pulumi.Config.of("mappo").require("platformStack")'),
        ("var config = Config.of();", 'config.get("platformStack").orElse("")'),  # the project's own namespace
    ],
)
def test_config_of_reads_the_stack_config(tmp_path: Path, setup: str, name: str) -> None:
    found = _targets(tmp_path, setup, name)
    assert found["demo-runtime"] == "mappo/demo"
    # the platform stack has no mappo:platformStack: `.orElse("")` is an empty name, never a guess
    assert found["demo"] is not None and "mappo/" not in found["demo"]


def test_a_config_class_that_is_not_pulumis_is_not_read_as_config(tmp_path: Path) -> None:
    program = APP.replace("import com.pulumi.Config;\n", "import org.acme.Config;\n")
    found = _targets(tmp_path, "", 'Config.of("mappo").require("platformStack")', program)
    assert "mappo/demo" not in found.values()
