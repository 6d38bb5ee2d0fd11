"""References other modules import by name: their reads are made there."""
import pulumi
from helpers import ref
network = pulumi.StackReference(f"acme/networking/{pulumi.get_stack()}")
database = pulumi.StackReference(f"acme/database/{pulumi.get_stack()}")
cluster = ref("cluster")


def dns():
    return pulumi.StackReference("acme/dns/prod")
