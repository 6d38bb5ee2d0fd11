import pulumi

net = pulumi.StackReference("acme/producers-py/dev")
vpc = net.get_output("vpcId")
typo = net.require_output("vpcID")
opened = pulumi.StackReference("acme/open-py/dev")
anything = opened.get_output("whatever")
ext = pulumi.StackReference("otherorg/billing/prod")
invoice = ext.get_output("invoiceId")
helper = pulumi.StackReference("acme/open-pyhelper/dev")
ok = helper.get_output("vpcId")
shared = pulumi.StackReference("acme/producers-pyshared/dev")
from_shared = shared.get_output("sharedKey")  # exported by a shared module the producer imports
entry = pulumi.StackReference("acme/producers-pyrun/dev")
db = entry.get_output("dbHost")
entry_open = pulumi.StackReference("acme/open-pyrun/dev")
maybe = entry_open.get_output("subnetIds")
alias = pulumi.StackReference("acme/open-pyalias/dev")
aliased = alias.get_output("dbHost")
pulumi.export("seen", [vpc, typo, anything, invoice, ok, from_shared, db, maybe, aliased])
mapped = pulumi.StackReference("acme/producers-py/dev")
vpc_map = mapped.outputs["vpcId"]
db_map = mapped.outputs["dbhost"]
opaque = pulumi.StackReference("acme/producers-py/dev")
everything = opaque.outputs.apply(lambda outputs: outputs["subnetID"])  # not read: counted as not checked
