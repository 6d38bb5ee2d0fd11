import pulumi


class Platform:
    """A component that keeps the current stack in an attribute set once in __init__."""

    def __init__(self):
        self.env = pulumi.get_stack()
        self.region = "eu"
        self.network = pulumi.StackReference(f"acme/networking/{self.env}")

    def database(self):
        return pulumi.StackReference(f"acme/database/{self.env}")

    def cluster(self):
        self.target = "prod"
        return pulumi.StackReference(f"acme/cluster/{self.later}")


class Replica:
    def __init__(self):
        self.env = "staging"
        self.ref = pulumi.StackReference(f"acme/networking/{self.env}")
