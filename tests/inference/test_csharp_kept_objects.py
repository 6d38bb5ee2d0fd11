"""A C# class that keeps the object its constructor is given in a field (`_setup = setup;`, the dependency
injection style) and reads its members in a method (`_setup.Environment`): the member of the object the
creation passes. Real case Virtual-Finland-Development/infrastructure's SimpleEmailService, whose
`{_setup.Organization}/access-finland/{_setup.Environment}` was 'a member of a run-time value' for every stack."""

from __future__ import annotations

from pathlib import Path

import pytest

from stackgraph.discovery.scan import scan
from tests.helpers.repo_builder import project, stack, write_repo

SETUP = """public class Setup
{
    public string Env;

    public Setup()
    {
        Env = Pulumi.Deployment.Instance.StackName;
    }
}
"""
PROGRAM = """using Pulumi;

return await Deployment.RunAsync(() =>
{
    var setup = new Setup();
    var dns = new Dns(setup);
    dns.Records();
});
"""


def dns(field: str, ctor: str, extra: str = "") -> str:
    return f"""using Pulumi;

public class Dns
{{
    private Setup {field};

    public Dns(Setup setup)
    {{
        {ctor}
    }}
{extra}
    public void Records()
    {{
        var net = new StackReference($"acme/networking/{{{field}.Env}}");
        net.GetOutput("zoneId");
    }}
}}
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path / "cache"))


def refs(tmp_path: Path, dns_cs: str) -> dict[str, str]:
    spec = {
        "net/Pulumi.yaml": project("networking"),
        "net/Pulumi.dev.yaml": stack(),
        "app/Pulumi.yaml": project("app", runtime="dotnet"),
        "app/Pulumi.dev.yaml": stack(),
        "app/Program.cs": PROGRAM,
        "app/Setup.cs": SETUP,
        "app/Dns.cs": dns_cs,
    }
    repo = scan(write_repo(tmp_path / "repo", spec))
    return {r.site: r.target_id or r.reason for r in repo.references}


@pytest.mark.parametrize(("field", "ctor"), [("_setup", "_setup = setup;"), ("setupKept", "this.setupKept = setup;")])
def test_a_member_of_the_object_a_constructor_keeps_is_the_creations(tmp_path: Path, field: str, ctor: str) -> None:
    assert refs(tmp_path, dns(field, ctor)) == {"app/Dns.cs:14": "networking/dev"}


@pytest.mark.parametrize(
    ("ctor", "extra", "why"),
    [
        # a method may give the field another object before the reference is made: never the constructor's
        ("_setup = setup;", "    public void Swap(Setup other) { _setup = other; }\n", "which a method sets again"),
        # a field the constructor computes (not the parameter as it is): not followed
        ("_setup = setup ?? new Setup();", "", "which its constructor does not set to an object it is given as it is"),
    ],
)
def test_a_kept_object_is_never_guessed(tmp_path: Path, ctor: str, extra: str, why: str) -> None:
    got = refs(tmp_path, dns("_setup", ctor, extra))
    line = 15 if extra else 14
    assert list(got) == [f"app/Dns.cs:{line}"]
    assert why in got[f"app/Dns.cs:{line}"]
