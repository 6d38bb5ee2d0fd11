import pulumi


def publish(key, value):
    pulumi.export(key, value)


publish("vpcId", "vpc-1")
