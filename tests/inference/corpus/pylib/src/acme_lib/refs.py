import pulumi


def database_ref(stack: str) -> pulumi.StackReference:
    return pulumi.StackReference(f"acme/database/{stack}")
