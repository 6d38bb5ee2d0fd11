import pulumi

publish = pulumi.export
publish("vpcId", "vpc-1")
