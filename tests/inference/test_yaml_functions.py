"""A StackReference name that a Pulumi YAML function computes says which function (probe of real programs:
`fn::secret` around the name, `fn::select` of an `fn::split`), and never shows the value it hides."""

from __future__ import annotations

from stackgraph.inference import ir
from stackgraph.inference.frontends.yaml_program import find

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
        fn::select: [0, {fn::split: [",", "acme/core/dev,x"]}]
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
