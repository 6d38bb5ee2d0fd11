import pulumi


def ref(project):
    return pulumi.StackReference(f"acme/{project}/prod")
