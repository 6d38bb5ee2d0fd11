"use strict";
const pulumi = require("@pulumi/pulumi");

// Output keys read as `ref.outputs["k"]` and `ref.outputs.k`, and uses the scan cannot read.
const net = new pulumi.StackReference(`acme/networking/${pulumi.getStack()}`);
const db = new pulumi.StackReference(`acme/database/${pulumi.getStack()}`);
const cluster = new pulumi.StackReference("acme/cluster/prod");
const outputs = cluster.outputs;
module.exports = {
    vpc: net.outputs["vpcId"],
    subnets: net.outputs.subnetIds,
    host: db.outputs.host,
    kube: outputs,
    dns: new pulumi.StackReference("acme/dns/prod").outputs["zoneId"],
};
