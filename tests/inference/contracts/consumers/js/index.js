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
