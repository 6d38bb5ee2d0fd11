"""A StackReference under an `if` on the stack runs only for the stacks that take it (`if get_stack() !=
"local":`): the others have no reference (found on grapl-security/grapl, where `local` got an edge and a
dangling warning for a reference its program never makes); an undecided test keeps the reference."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.helpers.clirun import cli

UNDER = (
    "StackReference under a test (an `if`, `?:`, `&&`, `||`, `and`, `or`, `case`, an early `return`, or the calls of "
    "its function) that stacks {} never take; "
    "no reference of theirs"
)

PY = """import pulumi
if pulumi.get_stack() != "local":
    net = pulumi.StackReference(f"acme/net/{pulumi.get_stack()}")
    pulumi.export("vpc", net.get_output("vpcId"))
else:
    db = pulumi.StackReference(f"acme/db/{pulumi.get_stack()}")
if pulumi.Config().get_bool("maybe"):
    cache = pulumi.StackReference(f"acme/cache/{pulumi.get_stack()}")
"""

TS = """import * as pulumi from "@pulumi/pulumi";
if (pulumi.getStack() !== "local") {
  const net = new pulumi.StackReference(`acme/net/${pulumi.getStack()}`);
  export const vpc = net.getOutput("vpcId");
} else {
  const db = new pulumi.StackReference(`acme/db/${pulumi.getStack()}`);
}
if (new pulumi.Config().getBoolean("maybe")) {
  const cache = new pulumi.StackReference(`acme/cache/${pulumi.getStack()}`);
}
"""


@pytest.mark.parametrize("runtime", ["python", "nodejs"])
def test_a_site_under_an_if_on_the_stack_is_only_for_the_stacks_that_take_it(tmp_path: Path, runtime: str) -> None:
    main = "__main__.py" if runtime == "python" else "index.ts"
    for name in ("app", "net", "db", "cache"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime}\n")
        for stack in ("prod", "local"):
            (folder / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
        (folder / main).write_text("\n")
    (tmp_path / "app" / main).write_text(PY if runtime == "python" else TS)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    edges = sorted((e["from"], e["to"]) for e in doc["edges"])
    assert edges == [("app/local", "db/local"), ("app/prod", "net/prod")]  # `maybe` is not set: falsy for both
    notes = [d["message"] for d in doc["diagnostics"] if d["code"] == "not-imported-by"]
    assert UNDER.format("local") in notes
    assert UNDER.format("prod") in notes
    assert UNDER.format("local, prod") in notes


HELPER_PY = """import pulumi

class Upstream:
    def __init__(self, env):
        self.net = pulumi.StackReference(f"acme/net/{env}")

def main():
    if pulumi.get_stack() != "local":
        up = Upstream(pulumi.get_stack())
        pulumi.export("vpc", up.net.get_output("vpcId"))

main()
"""


def test_a_helper_called_only_under_an_if_on_the_stack_makes_no_reference_for_the_others(tmp_path: Path) -> None:
    """grapl-security/grapl: `if not LOCAL: upstream = UpstreamStacks()`; the class holds the StackReferences."""
    for name in ("app", "net"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\n")
        for stack in ("prod", "local"):
            (folder / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
        (folder / "__main__.py").write_text("\n")
    (tmp_path / "app" / "__main__.py").write_text(HELPER_PY)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    assert sorted((e["from"], e["to"]) for e in doc["edges"]) == [("app/prod", "net/prod")]
    notes = [d["message"] for d in doc["diagnostics"] if d["code"] == "not-imported-by"]
    assert notes == [
        "StackReference in a helper that stacks local never run: each of their calls is under a test they never take "
        "(an `if`, `?:`, `&&`, `||`, `and`, `or`, `case`, an early `return`), or gives arguments that a test in the "
        "helper fails; no reference of theirs"
    ]


PREDICATES_PY = """import os
import pulumi
STACK_NAME = pulumi.get_stack()
if STACK_NAME.startswith("local-grapl"):
    a = pulumi.StackReference(f"acme/a/{STACK_NAME}")
if not STACK_NAME.endswith(("-us", "-eu")):
    b = pulumi.StackReference(f"acme/b/{STACK_NAME}")
if "prod" in STACK_NAME:
    c = pulumi.StackReference(f"acme/c/{STACK_NAME}")
if STACK_NAME in ("local-grapl", "dev"):
    d = pulumi.StackReference(f"acme/d/{STACK_NAME}")
if STACK_NAME not in ["local-grapl"]:
    e = pulumi.StackReference(f"acme/e/{STACK_NAME}")
else:
    f = pulumi.StackReference(f"acme/f/{STACK_NAME}")
if STACK_NAME.startswith(os.environ["PREFIX"]):
    g = pulumi.StackReference(f"acme/g/{STACK_NAME}")
ENVS = ["local-grapl"]
if STACK_NAME in ENVS:
    h = pulumi.StackReference(f"acme/h/{STACK_NAME}")
"""

PREDICATES_TS = """import * as pulumi from "@pulumi/pulumi";
const STACK = pulumi.getStack();
if (STACK.startsWith("local-grapl")) {
  const a = new pulumi.StackReference(`acme/a/${STACK}`);
}
if (!STACK.endsWith("-us")) {
  const b = new pulumi.StackReference(`acme/b/${STACK}`);
}
if (STACK.includes("prod")) {
  const c = new pulumi.StackReference(`acme/c/${STACK}`);
}
if (["local-grapl", "dev"].includes(STACK)) {
  const d = new pulumi.StackReference(`acme/d/${STACK}`);
}
if (!["local-grapl"].includes(STACK)) {
  const e = new pulumi.StackReference(`acme/e/${STACK}`);
} else {
  const f = new pulumi.StackReference(`acme/f/${STACK}`);
}
if (STACK.startsWith(process.env.PREFIX)) {
  const g = new pulumi.StackReference(`acme/g/${STACK}`);
}
const ENVS = ["local-grapl"];
if (ENVS.includes(STACK)) {
  const h = new pulumi.StackReference(`acme/h/${STACK}`);
}
"""


@pytest.mark.parametrize("runtime", ["python", "nodejs"])
def test_startswith_endswith_and_in_on_the_stack_name_are_decided(tmp_path: Path, runtime: str) -> None:
    """grapl-security/grapl: `if STACK_NAME.startswith("local-grapl"):` around its StackReferences (was undecided:
    kept for every stack). A prefix read at run time, or a list held by a name (not followed), stays undecided: the
    reference is kept for both stacks."""
    main = "__main__.py" if runtime == "python" else "index.ts"
    for name in ("app", "a", "b", "c", "d", "e", "f", "g", "h"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime}\n")
        for stack in ("local-grapl", "prod-us"):
            (folder / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
        (folder / main).write_text("\n")
    (tmp_path / "app" / main).write_text(PREDICATES_PY if runtime == "python" else PREDICATES_TS)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    edges = sorted((e["from"], e["to"]) for e in doc["edges"])
    local, prod = "app/local-grapl", "app/prod-us"
    assert edges == [
        (local, "a/local-grapl"),
        (local, "b/local-grapl"),
        (local, "d/local-grapl"),
        (local, "f/local-grapl"),
        (local, "g/local-grapl"),
        (local, "h/local-grapl"),
        (prod, "c/prod-us"),
        (prod, "e/prod-us"),
        (prod, "g/prod-us"),
        (prod, "h/prod-us"),
    ]
    notes = [d["message"] for d in doc["diagnostics"] if d["code"] == "not-imported-by"]
    assert notes.count(UNDER.format("prod-us")) == 4
    assert notes.count(UNDER.format("local-grapl")) == 2


CLOSURE_PY = """import pulumi

def make():
    def inner():
        return pulumi.StackReference(f"acme/a/{pulumi.get_stack()}")
    return inner

def make_called():
    def inner():
        return pulumi.StackReference(f"acme/b/{pulumi.get_stack()}")
    return inner

def make_passed():
    def inner():
        return pulumi.StackReference(f"acme/c/{pulumi.get_stack()}")
    return inner

def handed_out():
    def inner():
        return pulumi.StackReference(f"acme/d/{pulumi.get_stack()}")
    return inner

def main():
    make()
    unused = make()

main()
make_called()()
getter = make_passed()
pulumi.Output.from_input(1).apply(lambda _: getter)
"""


def test_a_closure_returned_but_never_called_makes_no_reference(tmp_path: Path) -> None:
    """`def make(): def inner(): return StackReference(..); return inner`: `make()` alone never runs `inner` (was
    an edge for every stack). A closure called (`make()()`), handed on (`getter` passed to a function) or whose
    maker another module of the program mentions (it may call the closure) keeps its reference."""
    for name in ("app", "a", "b", "c", "d"):
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: python\n")
        (folder / "Pulumi.prod.yaml").write_text("config: {}\n")
        (folder / "__main__.py").write_text("\n")
    (tmp_path / "app" / "refs.py").write_text(CLOSURE_PY)
    (tmp_path / "app" / "__main__.py").write_text("import refs\nfrom refs import handed_out\n")
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    edges = sorted((e["from"], e["to"]) for e in doc["edges"])
    assert edges == [("app/prod", "b/prod"), ("app/prod", "c/prod"), ("app/prod", "d/prod")]
    notes = [(d["message"], d["line"]) for d in doc["diagnostics"] if d["code"] == "not-imported"]
    assert notes == [
        ("StackReference in a function that make() returns, which the program never calls; no reference", 5)
    ]


JUNCTIONS_PY = """import os
import pulumi
config = pulumi.Config()
llm_image = config.get("llm_image")
bff_image = config.get("bff_image")
if not llm_image or not bff_image:
    images = pulumi.StackReference(f"acme/images/{pulumi.get_stack()}")
if llm_image and bff_image:
    pinned = pulumi.StackReference(f"acme/pinned/{pulumi.get_stack()}")
else:
    floating = pulumi.StackReference(f"acme/floating/{pulumi.get_stack()}")
if not (pulumi.get_stack() == "prod" or config.get("maybe")):
    other = pulumi.StackReference(f"acme/other/{pulumi.get_stack()}")
if llm_image or pulumi.Config("aws").get("region"):
    regional = pulumi.StackReference(f"acme/regional/{pulumi.get_stack()}")
if llm_image or os.environ.get("FORCE"):
    kept = pulumi.StackReference(f"acme/kept/{pulumi.get_stack()}")
"""

JUNCTIONS_TS = """import * as pulumi from "@pulumi/pulumi";
const config = new pulumi.Config();
const llmImage = config.get("llm_image");
const bffImage = config.get("bff_image");
if (!llmImage || !bffImage) {
  const images = new pulumi.StackReference(`acme/images/${pulumi.getStack()}`);
}
if (llmImage && bffImage) {
  const pinned = new pulumi.StackReference(`acme/pinned/${pulumi.getStack()}`);
} else {
  const floating = new pulumi.StackReference(`acme/floating/${pulumi.getStack()}`);
}
if (!(pulumi.getStack() === "prod" || config.get("maybe"))) {
  const other = new pulumi.StackReference(`acme/other/${pulumi.getStack()}`);
}
if (llmImage || new pulumi.Config("aws").get("region")) {
  const regional = new pulumi.StackReference(`acme/regional/${pulumi.getStack()}`);
}
if (llmImage || process.env.FORCE) {
  const kept = new pulumi.StackReference(`acme/kept/${pulumi.getStack()}`);
}
"""


@pytest.mark.parametrize("runtime", ["python", "nodejs"])
def test_and_or_of_decided_tests_are_decided(tmp_path: Path, runtime: str) -> None:
    """A GCP Cloud Run program: `if not llm_api_image or not bff_api_image:` around the StackReference to the stack
    that builds its images, which a stack setting both images never makes (it was kept, unresolved, for that
    stack too). `and`/`or` (`&&`/`||`) are decided when the operands that matter are; an operand read at run time
    that decides the result (`aws:region`, set by no stack file here: unset, so falsy) is followed like any test; an
    environment variable is not: undecided, the reference is kept."""
    main = "__main__.py" if runtime == "python" else "index.ts"
    names = ("app", "images", "pinned", "floating", "other", "regional", "kept")
    for name in names:
        folder = tmp_path / name
        folder.mkdir()
        (folder / "Pulumi.yaml").write_text(f"name: {name}\nruntime: {runtime}\n")
        for stack in ("dev", "prod"):
            (folder / f"Pulumi.{stack}.yaml").write_text("config: {}\n")
        (folder / main).write_text("\n")
    images = "config:\n  app:llm_image: gcr.io/a/llm:1\n  app:bff_image: gcr.io/a/bff:1\n"
    (tmp_path / "app" / "Pulumi.prod.yaml").write_text(images)
    (tmp_path / "app" / main).write_text(JUNCTIONS_PY if runtime == "python" else JUNCTIONS_TS)
    out = cli("scan", tmp_path, "-f", "json")
    assert out.code == 0, out.stderr
    doc = json.loads(out.stdout)
    edges = sorted((e["from"], e["to"]) for e in doc["edges"])
    assert edges == [
        ("app/dev", "floating/dev"),
        ("app/dev", "images/dev"),
        ("app/dev", "kept/dev"),  # `FORCE` is read at run time: undecided for dev, kept
        ("app/dev", "other/dev"),
        ("app/prod", "kept/prod"),
        ("app/prod", "pinned/prod"),
        ("app/prod", "regional/prod"),
    ]
    notes = [d["message"] for d in doc["diagnostics"] if d["code"] == "not-imported-by"]
    assert notes.count(UNDER.format("prod")) == 3
    assert notes.count(UNDER.format("dev")) == 2
