"""A C# or Java method that makes a StackReference and returns a value no StackReference can be (`Task<bool>`,
`boolean`) gives its callers no reference: what they do with its result (`await setup.IsFirst()` in an `if`, a
value passed on) does not open the site's reads. Real case Virtual-Finland-Development/users-api, whose
StackSetup.IsInitialDeployment() reads its own stack's output in a `Task<bool>` method: `check` said its reads
were not all known because of `await stackSetup.IsInitialDeployment()` in Program.cs."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

SETUP_CS = """using System.Threading.Tasks;
using Pulumi;

public class Setup
{
    public string Env = default!;

    public async Task<bool> IsFirst()
    {
        var net = new StackReference($"acme/networking/{Env}");
        var url = await net.GetValueAsync("url");
        return url == null;
    }

    public StackReference Net()
    {
        var net = new StackReference($"acme/networking/{Env}");
        net.GetOutput("vpcId");
        return net;
    }
}
"""
PROGRAM_CS = """using Pulumi;

return await Deployment.RunAsync(async () =>
{
    var setup = new Setup { Env = Deployment.Instance.StackName };
    var first = await setup.IsFirst();
    Use(first);
    Use(setup.Net());
});
"""
SETUP_JAVA = """package app;

import com.pulumi.core.Output;
import com.pulumi.resources.StackReference;

public class Setup {
    public static boolean isFirst(String env) {
        var net = new StackReference("acme/networking/" + env);
        net.getOutput(Output.of("url"));
        return false;
    }
}
"""
APP_JAVA = """package app;

import com.pulumi.Pulumi;

public class App {
    public static void main(String[] args) {
        Pulumi.run(ctx -> { Other.use(Setup.isFirst(ctx.stackName())); });
    }
}
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


@pytest.mark.parametrize(
    ("runtime", "files", "want"),
    [
        (
            "dotnet",
            {"Setup.cs": SETUP_CS, "Program.cs": PROGRAM_CS},
            {
                "app/Setup.cs:10": ("url",),  # `Task<bool> IsFirst()`: `Use(first)` is no use of the reference
                "app/Setup.cs:17": "`Use(setup.Net())` at app/Program.cs:8",  # the reference itself handed on
            },
        ),
        ("java", {"src/main/java/app/Setup.java": SETUP_JAVA, "src/main/java/app/App.java": APP_JAVA},
         {"app/src/main/java/app/Setup.java:8": ("url",)}),
    ],
)  # fmt: skip
def test_a_helper_returning_no_reference_keeps_its_reads(
    tmp_path: Path, runtime: str, files: dict[str, str], want: dict[str, object]
) -> None:
    spec = {
        "net/Pulumi.yaml": project("networking"),
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime=runtime),
        "app/Pulumi.dev.yaml": stack(),
        **{f"app/{k}": v for k, v in files.items()},
    }
    repo = scan(write_repo(tmp_path / "repo", spec))
    assert {r.target_id for r in repo.references} == {"networking/dev"}
    got = {r.site: r.reads_open or r.outputs for r in repo.references}
    assert got == want
