"""Output keys read as `ref.outputs["k"]`, and uses of a reference's outputs the scan cannot read."""

import pulumi

net = pulumi.StackReference(f"acme/networking/{pulumi.get_stack()}")
vpc = net.outputs["vpcId"]
subnets = net.get_output(name="subnetIds")
host = pulumi.StackReference(f"acme/database/{pulumi.get_stack()}").outputs["host"]
cluster = pulumi.StackReference("acme/cluster/prod")
kube = cluster.outputs.apply(lambda outputs: outputs["kubeconfig"])
dns = pulumi.StackReference("acme/dns/prod")
key = "zoneId"
zone = dns.get_output(key)
shared = pulumi.StackReference("acme/shared/global")
region = shared.require_output("region")


def describe(ref):
    return ref.get_output("anything")


described = describe(shared)
pulumi.export("seen", [vpc, subnets, host, kube, zone, region, described, len(net.outputs)])
