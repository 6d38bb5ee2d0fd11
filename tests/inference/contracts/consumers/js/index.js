"use strict";
const pulumi = require("@pulumi/pulumi");

const net = new pulumi.StackReference("acme/producers-js/dev");
const opened = new pulumi.StackReference("acme/open-js/dev");
const assigned = new pulumi.StackReference("acme/open-jsassign/dev");
module.exports = {
    vpc: net.getOutput("vpcid"),
    db: net.getOutput("dbHost"),
    other: opened.getOutput("anything"),
    extra: assigned.getOutput("dbHost"),
};
const mapped = new pulumi.StackReference("acme/producers-js/dev");
const host = mapped.outputs["dbhost"];
const opaque = new pulumi.StackReference("acme/producers-js/dev");
console.log(opaque.outputs); // not read: counted as not checked
