import pulumi

stack = pulumi.get_stack()

# A loop, a comprehension or an unpacking hides the module constant of the same name.
for stack in ["dev", "prod"]:
    pulumi.StackReference(f"acme/networking/{stack}")

refs = [pulumi.StackReference(f"acme/database/{stack}") for stack in ("dev", "prod")]


def unpacked(pair):
    org, stack = pair
    return pulumi.StackReference(f"{org}/cluster/{stack}")
