"""A StackReference name that a Pulumi YAML function computes says which function (probe of real programs:
`fn::secret` around the name, `fn::select` of an `fn::split`), and never shows the value it hides."""

from __future__ import annotations

from pathlib import Path

from stackgraph.discovery.scan import scan
from stackgraph.inference import ir
from stackgraph.inference.frontends.yaml_program import find
from tests.helpers.repo_builder import project, stack, write_repo

PROGRAM = """\
name: app
runtime: yaml
resources:
  hidden:
    type: pulumi:pulumi:StackReference
    properties:
      name:
        fn::secret: acme/core/hush
  picked:
    type: pulumi:pulumi:StackReference
    properties:
      name:
        fn::select: ["${index}", {fn::split: [",", "acme/core/dev,x"]}]
"""


def test_the_reason_names_the_function() -> None:
    sites = find(PROGRAM, "Pulumi.yaml").sites
    whys = [s.name.why for s in sites if isinstance(s.name, ir.Unknown)]
    assert whys == ["a value computed by fn::secret", "a value computed by fn::select"]
    assert not any("hush" in why for why in whys)


def test_a_stack_reference_read_with_get_is_not_named_by_its_key() -> None:
    """`get: {id: ..}` reads an existing StackReference resource: the resource's key is not the stack it reads (the
    scan once made an edge to a stack named like the key, `app/other`, and a dangling warning about it)."""
    program = """\
name: app
runtime: yaml
resources:
  other:
    type: pulumi:pulumi:StackReference
    get:
      id: acme/core/dev
  named:
    type: pulumi:pulumi:StackReference
"""
    sites = find(program, "Pulumi.yaml").sites
    assert [(s.line, s.name) for s in sites] == [
        (4, ir.Unknown("'other' is read with `get:`; which stack it names is not followed")),
        (8, ir.Lit("named")),  # no `get:`: the key is the stack's name, as Pulumi has it
    ]


SELECTED = """\
name: app
runtime: yaml
variables:
  env:
    fn::select:
      - 0
      - fn::split:
          - "-"
          - ${pulumi.stack}
  region:
    fn::select: [1, {fn::split: ["-", "${pulumi.stack}"]}]
resources:
  net:
    type: pulumi:pulumi:StackReference
    properties:
      name: acme/net/${env}
  regional:
    type: pulumi:pulumi:StackReference
    properties:
      name: acme/${region}/${env}
  listed:
    type: pulumi:pulumi:StackReference
    properties:
      name:
        fn::select: [1, [acme/a/dev, acme/b/dev]]
  beyond:
    type: pulumi:pulumi:StackReference
    properties:
      name:
        fn::select: [2, [acme/a/dev, acme/b/dev]]
"""


def test_select_of_a_split_of_the_stack_name_is_followed(tmp_path: Path) -> None:
    """`fn::select: [0, fn::split: ["-", ${pulumi.stack}]]`, the YAML form of `get_stack().split("-")[0]` (named as
    "a value computed by fn::select" before, unresolved): pulumi-yaml splits with Go's strings.Split and selects a
    non-negative integral index, an index past the end failing the program."""
    root = write_repo(
        tmp_path,
        {
            "app/Pulumi.yaml": SELECTED,
            "app/Pulumi.dev-eu.yaml": stack(),
            **{f"{p}/Pulumi.yaml": project(p, runtime="yaml") for p in ("net", "eu", "b")},
            "net/Pulumi.dev.yaml": stack(),
            "eu/Pulumi.dev.yaml": stack(),
            "b/Pulumi.dev.yaml": stack(),
        },
    )
    repo = scan(root)
    assert sorted((e.dependent, e.dependency) for e in repo.edges) == [
        ("app/dev-eu", "b/dev"),
        ("app/dev-eu", "eu/dev"),
        ("app/dev-eu", "net/dev"),
    ]
    assert [(r.line, r.reason) for r in repo.references if not r.resolved] == [
        (26, "cannot resolve '<?>': fn::select of item 2 of a list of 2 (Pulumi YAML refuses it)")
    ]
