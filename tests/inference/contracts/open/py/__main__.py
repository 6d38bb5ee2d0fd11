import pulumi

pulumi.export("vpcId", "vpc-1")
for name in ["a", "b"]:
    pulumi.export(name, name)
