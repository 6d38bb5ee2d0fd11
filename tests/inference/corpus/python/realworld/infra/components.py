import pulumi


class Cluster(pulumi.ComponentResource):
    """A component whose __init__ takes the stack name: each `Cluster(...)` binds it."""

    def __init__(self, name, env, opts=None):
        super().__init__("acme:Cluster", name, None, opts)
        self.ref = pulumi.StackReference(f"acme/cluster/{env}")


Cluster("cluster", pulumi.get_stack())
