"""Output keys read through zero-parameter helpers: inside them, and on what they return."""

import pulumi

net = pulumi.StackReference(f"acme/networking/{pulumi.get_stack()}")


def vpc_id():
    return net.get_output("vpcId")


def database():
    return pulumi.StackReference(f"acme/database/{pulumi.get_stack()}")


def cluster():
    ref = pulumi.StackReference("acme/cluster/prod")
    return ref


def dns(flag=None):
    if flag:
        return pulumi.StackReference("acme/dns/prod")
    return None


db = database()
pulumi.export("vpc", vpc_id())
pulumi.export("host", db.require_output("host"))
pulumi.export("port", database().get_output("port"))
pulumi.export("kube", cluster().get_output("kubeconfig"))
pulumi.export("zone", dns(True).get_output("zoneId"))
