import pulumi

never = pulumi.StackReference("acme/cluster/prod")
