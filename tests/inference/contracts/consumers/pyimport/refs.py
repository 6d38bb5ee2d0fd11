"""A reference other modules import: its outputs are read there."""

import pulumi

net = pulumi.StackReference("acme/producers-py/dev")
