import pulumi

# A literal dict read with the stack name: the entry of each stack.
UPSTREAM = {"dev": "acme/networking/staging", "prod": "acme/networking/prod"}
network = pulumi.StackReference(UPSTREAM[pulumi.get_stack()])
