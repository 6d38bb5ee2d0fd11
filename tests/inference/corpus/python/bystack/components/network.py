import pulumi

shared = pulumi.StackReference("acme/shared/global")
