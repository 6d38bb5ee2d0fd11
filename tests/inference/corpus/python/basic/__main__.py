"""py-basic: every way a Python program names the stack it reads.

A docstring that mentions pulumi.StackReference("acme/cluster/prod") is no site.
"""

import os

import pulumi
from pulumi import StackReference
from pulumi_pulumiservice import StackTag
from pulumi.automation import select_stack

from stack import NETWORK_STACK
import refs
from refs import ref

config = pulumi.Config()
stack = pulumi.get_stack()
org = config.require("org")

# A literal, fully qualified.
literal = pulumi.StackReference("acme/networking/prod")  # @S1
# The current stack substituted.
current = pulumi.StackReference(f"acme/networking/{pulumi.get_stack()}")  # @S2
# The org from get_organization(), the stack from a variable.
by_org = StackReference(f"{pulumi.get_organization()}/database/{stack}")  # @S3
# The whole name from one config key.
whole = StackReference(config.require("clusterStack"))  # @S4
# A default in code when the key is unset.
dns = StackReference(config.get("dnsStack") or "acme/dns/prod")  # @S5
# .format with a config part and a literal part.
shared = StackReference("{}/shared/{}".format(org, "global"))  # @S6
# %-formatting.
pct = StackReference("acme/%s/%s" % ("networking", stack))  # @S7
# + with a config value that has a default argument.
env = config.get("env", "prod")
plus = StackReference("acme/cluster/" + env)  # @S8
# The two-argument form: the first argument is only the resource name.
two = StackReference("net", stack_name=f"acme/networking/{stack}")  # @S9
# A config-driven conditional (decided per stack).
cond = StackReference(  # @S10
    "acme/networking/prod" if config.get_bool("usesProd") else f"acme/networking/{stack}"
)
# A conditional on a run-time value: unresolved, both literals as candidates.
ci = StackReference("acme/cluster/prod" if os.environ.get("CI") else "acme/cluster/dev")  # @S11
# A secret config value never resolves (and never shows).
secret = StackReference(config.require("secretStack"))  # @S12
# A key that only an ESC environment could supply.
esc = StackReference(config.require("fromEsc"))  # @S13
# An environment variable.
from_env = StackReference(os.environ["NET_STACK"])  # @S14
# A foreign namespace read through Config("infra").
infra = StackReference(pulumi.Config("infra").require("netStack"))  # @S15
# The project's config block in Pulumi.yaml (a default), overridden by Pulumi.prod.yaml.
db = StackReference(config.require("dbStack"))  # @S16
# Another organization: outside the tree.
payments = StackReference("other-org/payments/prod")  # @S17
# A project in the tree without that stack (dangling for dev).
dns_env = StackReference(f"acme/dns/{stack}")  # @S18
# A constant imported from another module.
imported = StackReference(NETWORK_STACK)  # @S19
# A helper from another module, called twice below.
cluster = refs.ref("cluster")
database = ref("database")
# A module-level helper in this file.


def own(project: str, env_name: str = "prod") -> pulumi.StackReference:
    return StackReference(f"{org}/{project}/{env_name}")  # @S20


own("networking", "staging")
# The project's own name and a `Pulumi.yaml` value wrapped as {value: ...}.
named = StackReference(f"acme/{config.require('clusterName')}/{pulumi.get_stack()}")  # @S21


# Not sites: type-only mentions, a look-alike resource, Automation API, comments.
def use(r: pulumi.StackReference) -> pulumi.StackReference:
    return r


tag = StackTag("t", organization="acme", project="networking", stack="prod", tag_name="k", tag_value="v")
auto = select_stack(stack_name="acme/networking/prod", work_dir=".")
# old = pulumi.StackReference("acme/cluster/prod")
pulumi.export("vpc", literal.get_output("vpcId"))
pulumi.export("db", db.require_output("dbHost"))
pulumi.export("kube", cluster.require_output("kubeconfig"))
