"""Java `new StackReference("ref-0", new StackReferenceArgs(name), null)`: StackReferenceArgs' public constructor
takes the name (an `Output<String>`, `Output.of(x)` holding x; `null` leaves the logical name, as the SDK's
`args.name().orElse(name)` does). Found in a real Spring Boot deployment program (a `PulumiStack` class reading
`Output.of(config.require("cluster-stack-reference"))`) whose reference was 'StackReferenceArgs that are not
written out here'; the repository was seen only through the code index's text search, which names none."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

APP = """package app;

import com.pulumi.Context;
import com.pulumi.Pulumi;
import com.pulumi.core.Output;
import com.pulumi.resources.StackReference;
import com.pulumi.resources.StackReferenceArgs;

public class App {
    public static void main(String[] args) {
        Pulumi.run(App::stack);
    }

    static void stack(Context ctx) {
        final var netName = Output.of(ctx.config().require("netStack"));
        final var net = new StackReference("ref-0", new StackReferenceArgs(netName), null);
        new StackReference("acme/database/dev", new StackReferenceArgs(null));
        new StackReference("ref-2", StackReferenceArgs.builder().name(Output.of("acme/web/dev")).build());
        net.getOutput(Output.of("vpcId"));
    }
}
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def test_the_name_given_to_the_args_constructor(tmp_path: Path) -> None:
    spec = {
        **{f"{p}/Pulumi.yaml": project(p) for p in ("networking", "database", "web")},
        **{f"{p}/Pulumi.dev.yaml": stack() for p in ("networking", "database", "web")},
        "app/Pulumi.yaml": project("app", runtime="java"),
        "app/Pulumi.dev.yaml": stack(config={"app:netStack": "acme/networking/dev"}),
        "app/src/main/java/app/App.java": APP,
    }
    repo = scan(write_repo(tmp_path / "repo", spec))
    got = {r.site.rpartition(":")[2]: r.target_id or r.reason for r in repo.references}
    assert got == {"16": "networking/dev", "17": "database/dev", "18": "web/dev"}
