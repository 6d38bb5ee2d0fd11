import pulumi

# One item of the split stack name (here the whole name: the stacks have no "-").
env = pulumi.get_stack().split("-")[-1]
network = pulumi.StackReference(f"acme/networking/{env}")
