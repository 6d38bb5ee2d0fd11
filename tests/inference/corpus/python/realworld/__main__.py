import pulumi

from infra.platform import Platform, Replica

platform = Platform()
replica = Replica()
# stack_name=None leaves the first argument as the stack name.
shared = pulumi.StackReference("acme/shared/global", stack_name=None)

from infra.levels import network

staging = network("staging")
current = network()
import infra.loops
import infra.branches
import infra.alias
import infra.split
import infra.maps
import infra.numbers
import infra.instances
import infra.components
import infra.structured
import infra.mutated
