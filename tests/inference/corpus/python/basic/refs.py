"""A helper that builds references from its parameter."""

import pulumi


def ref(project: str) -> pulumi.StackReference:
    return pulumi.StackReference(f"acme/{project}/{pulumi.get_stack()}")  # @S22
