"""Reads on references imported from refs.py (by name, through the module, a function's result)."""

import pulumi

import refs
from audit import audit
from refs import database as db
from refs import dns

pulumi.export("vpc", refs.network.get_output("vpcId"))
pulumi.export("host", db.get_output("host"))
pulumi.export("port", db.outputs["port"])
pulumi.export("zone", dns().get_output("zoneId"))
pulumi.export("kube", refs.cluster.require_output("kubeconfig"))
audit(db)
