import pulumi

# The same project name as teama/app: its own stack files and config apply here.
net = pulumi.StackReference(pulumi.Config().require("netStack"))
