import pulumi


def stack_ref(project, stack):
    return pulumi.StackReference(f"acme/{project}/{stack}")


def network(stack=None):
    return stack_ref("networking", stack or pulumi.get_stack())
