"""A Java `get(k)` on a parameter declared another type than Config is no config read (java_optional.py).

`static void wire(Map<String, String> settings) { if (settings.get("env").equals("prod")) new StackReference(..) }`
was read as `config.get("env")`, an Optional that never equals a String, so the reference was dropped for every
stack (Java: `Map.get` gives the String "prod", and the `if` holds). A parameter declared `Config` is read as before.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

APP = """package app;

import com.pulumi.Config;
import com.pulumi.Pulumi;
import com.pulumi.resources.StackReference;
import java.util.Map;

public class App {
    static void wire(Map<String, String> settings) {
        if (settings.get("env").equals("prod")) {
            new StackReference("acme/map/prod");
        }
    }

    static void viaConfig(Config config) {
        if (config.get("env").equals("prod")) {
            new StackReference("acme/never/prod");
        }
    }

    public static void main(String[] args) {
        Pulumi.run(ctx -> {
            wire(Map.of("env", "prod"));
            viaConfig(ctx.config());
        });
    }
}
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def test_a_map_parameters_get_is_not_a_config_read(tmp_path: Path) -> None:
    files = {"app/Pulumi.yaml": project("app", runtime="java"), "app/src/main/java/app/App.java": APP}
    files["app/Pulumi.prod.yaml"] = stack(config={"app:env": "prod"})
    files["app/Pulumi.dev.yaml"] = stack(config={})
    found: dict[str, list[str]] = {"prod": [], "dev": []}
    for ref in scan(write_repo(tmp_path / "repo", files)).references:
        assert ref.stack is not None
        found[ref.stack].append(ref.target.project if ref.target else f"unresolved: {ref.reason}")
    # the Map's "prod" for every stack; Config's get(k) is an Optional, never equal to "prod"
    assert found == {"prod": ["map"], "dev": ["map"]}
