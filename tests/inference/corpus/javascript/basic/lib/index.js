"use strict";
const pulumi = require("@pulumi/pulumi");
const { StackReference } = require("@pulumi/pulumi");
const { networkStack } = require("./names");
const names = require("./names");
const shared = require("./shared.mjs");

const config = new pulumi.Config();
const env = pulumi.getStack();

const a = new pulumi.StackReference(`acme/networking/${env}`); // @S1
const b = new StackReference(networkStack); // @S2
const c = new pulumi.StackReference(names.clusterStack); // @S3
const d = new pulumi.StackReference(config.require("dbStack")); // @S4
const e = new pulumi.StackReference("shared", { name: "acme/shared/global" }); // @S5
let target = "acme/dns/prod";
const f = new pulumi.StackReference(target); // @S6
const g = new pulumi.StackReference(config.get("fallback") || "acme/networking/" + env); // @S7
const h = new pulumi.StackReference(process.env["STACK"]); // @S8
const i = new pulumi.StackReference(shared.projectStack("cluster")); // @S9

module.exports = { vpc: a.getOutput("vpcId") };
