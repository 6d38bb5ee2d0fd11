"""C#: a variable handed to a call as `out name` or `ref name` may be set there, so a later read of it is unknown,
naming the call (csharp.py `by_reference`). Was: the call was not read as setting it, so `var name =
"acme/net/dev"; Pick(out name); new StackReference(name)` gave every stack an edge to net/dev, though Pick sets the
name the program uses (a wrong edge, and the real one missed without a word)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.helpers.stack_targets import targets

PROGRAM = """using System.Collections.Generic;
using Pulumi;

return await Deployment.RunAsync(() =>
{
    var name = "acme/net/dev";
    Pick(out name);
    var r = new StackReference(name);
    var other = "acme/net/dev";
    Change(ref other);
    var q = new StackReference(other);
    var kept = "acme/net/dev";
    Read(in kept);
    var k = new StackReference(kept);
    var before = "acme/net/dev";
    var b = new StackReference(before);
    Pick(out before);
    return new Dictionary<string, object?> { ["x"] = r.GetOutput("x") };
});

static void Pick(out string n) { n = "acme/net/prod"; }
static void Change(ref string n) { n = "acme/net/prod"; }
static void Read(in string n) { }
"""


@pytest.fixture(autouse=True)
def _cache(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("STACKGRAPH_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))


def test_a_variable_handed_over_by_out_or_ref_is_unknown_after_the_call(tmp_path: Path) -> None:
    files = {"app.csproj": "<Project />", "Program.cs": PROGRAM}
    got = targets(tmp_path, "dotnet", files, ("dev", "prod"))
    for stack in ("dev", "prod"):
        assert "'name', set by Pick(out name) at line 7" in got[8, stack], got
        assert "'other', set by Change(ref other) at line 10" in got[11, stack], got
        assert got[14, stack] == "net/dev", got  # `in` hands it over read-only
        assert got[16, stack] == "net/dev", got  # read before the call
