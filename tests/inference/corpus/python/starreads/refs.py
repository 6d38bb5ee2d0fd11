import pulumi

network = pulumi.StackReference(f"acme/networking/{pulumi.get_stack()}")
