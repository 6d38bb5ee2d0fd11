"""A field a helper method reads (`this._env`), when the call that runs it shows no object (another method of the
class calls it with no receiver: `Make("net")` in `Net()`): the reference stays unresolved, and the reason names the
field in the user's words. It used to read "helper parameter 'this._env', not given at the call", an internal name."""

from __future__ import annotations

from pathlib import Path

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

PROGRAM = """using Pulumi;

class Refs
{
    private readonly string _env;
    public Refs(string env) { _env = env; }
    public StackReference Net() => Make("net");
    private StackReference Make(string name) => new StackReference($"acme/{name}/{_env}");
}

class Program
{
    static System.Threading.Tasks.Task<int> Main() => Deployment.RunAsync(() =>
    {
        var refs = new Refs(Deployment.Instance.StackName);
        var n = refs.Net();
    });
}
"""


def test_a_field_the_call_does_not_show_is_named_as_a_field(tmp_path: Path) -> None:
    repo = scan(
        write_repo(
            tmp_path,
            {
                "net/Pulumi.yaml": project("net"),
                "net/Pulumi.dev.yaml": stack(),
                "app/Pulumi.yaml": project("app", runtime="dotnet"),
                "app/Pulumi.dev.yaml": stack(),
                "app/app.csproj": '<Project Sdk="Microsoft.NET.Sdk"></Project>\n',
                "app/Program.cs": PROGRAM,
            },
        )
    )
    [ref] = repo.references
    assert (ref.site, ref.target_id) == ("app/Program.cs:8", None)
    assert ref.reason == (
        "cannot resolve 'acme/net/<?>' via the call at app/Program.cs:7: the field '_env' of the object the method "
        "runs on, which this call does not show"
    )
