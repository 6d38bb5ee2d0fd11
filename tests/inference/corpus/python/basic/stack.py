"""Names of the stacks this program reads, imported by __main__."""

import pulumi

NETWORK_STACK = f"acme/networking/{pulumi.get_stack()}"
