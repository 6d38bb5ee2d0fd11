import pulumi

from .names import cluster_name

cfg = pulumi.Config()
network_ref = pulumi.StackReference(f"acme/networking/{cfg.require('network')}")  # @S1
cluster_ref = pulumi.StackReference(cluster_name)  # @S2
