"""One project whose stacks are its components: each stack imports only its own module."""

import pulumi

stack = pulumi.get_stack()
if stack == "net":
    import components.network  # noqa: F401
elif stack == "app":
    from components.app import *  # noqa: F403
else:
    from components import tools  # noqa: F401
