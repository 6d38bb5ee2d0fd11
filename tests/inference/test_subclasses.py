"""A subclass of StackReference is a StackReference: `class OrgRef(pulumi.StackReference)` (Python) and
`class OrgRef extends pulumi.StackReference` (TypeScript/JavaScript), with a constructor that passes a name on
(`super().__init__(..)`, `super(..)`) or none (the arguments go to StackReference). Found on real repositories,
where such a reference was dropped without a word."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from stackgraph.inference import ir
from stackgraph.inference.sources import finder
from tests.helpers.clirun import cli

PY = """import pulumi

class OrgRef(pulumi.StackReference):
    def __init__(self, project, opts=None):
        super().__init__(f"org/{project}/{pulumi.get_stack()}", opts=opts)

    def domain(self):
        return self.get_output("baseDomain")

class Plain(pulumi.StackReference):
    pass

class Fixed(pulumi.StackReference):
    def __init__(self):
        super().__init__("org/infra/dev")

infra = OrgRef("infra")
pulumi.export("zone", infra.require_output("zoneId"))
p = Plain("org/infra/dev")
pulumi.export("a", p.get_output("a"))
f = Fixed()
pulumi.export("b", f.get_output("b"))
use(f)

class Leaky(pulumi.StackReference):
    def __init__(self):
        super().__init__("org/infra/dev")
        register(self)

Leaky()
"""

TS = """import * as pulumi from "@pulumi/pulumi";
import { StackReference } from "@pulumi/pulumi";

class OrgRef extends pulumi.StackReference {
  constructor(project: string) {
    super(`org/${project}/${pulumi.getStack()}`);
  }
  domain() { return this.getOutput("baseDomain"); }
}
class Plain extends StackReference {}
class Fixed extends StackReference {
  constructor() { super("org/infra/dev", { name: "org/infra/dev" }); }
}
const infra = new OrgRef("infra");
export const zone = infra.requireOutput("zoneId");
const p = new Plain("org/infra/dev");
export const a = p.getOutput("a");
const f = new Fixed();
export const b = f.getOutput("b");
use(f);

class Leaky extends StackReference {
  constructor() { super("org/infra/dev"); register(this); }
}
new Leaky();
"""

EXPECTED = {  # line: (outputs, the start of reads_open or None)
    "python": {
        5: (["baseDomain", "zoneId"], None),
        15: (["b"], "`use(f)`"),
        19: (["a"], None),
        27: ([], "`register(self)`"),
    },
    "nodejs": {
        6: (["baseDomain", "zoneId"], None),
        12: (["b"], "`use(f)`"),
        16: (["a"], None),
        23: ([], "`register(this)`"),
    },
}


@pytest.mark.parametrize("runtime", ["python", "nodejs"])
def test_a_subclass_of_stack_reference_is_a_site_with_its_reads(tmp_path: Path, runtime: str) -> None:
    main = "__main__.py" if runtime == "python" else "index.ts"
    for name in ("app", "infra"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime}\n")
        (folder / "Pulumi.dev.yaml").write_text("config: {}\n")
        (folder / main).write_text("\n")
    (tmp_path / "app" / main).write_text(PY if runtime == "python" else TS)
    if runtime == "nodejs":
        (tmp_path / "app" / "package.json").write_text('{"name": "app", "main": "index.ts"}')
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    refs = json.loads(out.stdout)["references"]
    assert all(r["target_id"] == "infra/dev" for r in refs), refs
    found = {int(r["site"].rpartition(":")[2]): (r["outputs"], r["reads_open"]) for r in refs}
    assert sorted(found) == sorted(EXPECTED[runtime])
    for at, (outputs, why) in EXPECTED[runtime].items():
        assert found[at][0] == outputs, at
        assert (found[at][1] or "").startswith(why or "") and bool(found[at][1]) == bool(why), found[at]


@pytest.mark.parametrize(
    ("language", "source", "at"),
    [
        (
            "csharp",
            "using Pulumi;\nclass OrgRef : StackReference\n{\n"
            '    public OrgRef(string p) : base($"org/{p}/dev") {}\n}\n',
            2,
        ),
        (
            "java",
            "package x;\nimport com.pulumi.resources.StackReference;\n"
            'public class OrgRef extends StackReference {\n  public OrgRef(String p) { super("org/" + p); }\n}\n',
            3,
        ),
        ("fsharp", 'module M\nopen Pulumi\ntype OrgRef(p: string) =\n    inherit StackReference(p + "/dev")\n', 4),
    ],
)
def test_a_subclass_the_finder_does_not_read_is_an_unresolved_site(language: str, source: str, at: int) -> None:
    """C#, Java and F# subclasses are not read: each is a site whose name is unknown and whose reads are open."""
    [site] = finder(language)(source, "f").sites
    assert site.line == at
    assert isinstance(site.name, ir.Unknown) and "a subclass of StackReference" in site.name.why
    assert site.reads_open.startswith("the instances of")
