"""A module nothing imports: its reference never runs."""

import pulumi

legacy = pulumi.StackReference("acme/cluster/prod")  # @S23
