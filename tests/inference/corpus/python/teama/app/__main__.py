import pulumi

net = pulumi.StackReference(pulumi.Config().require("netStack"))
