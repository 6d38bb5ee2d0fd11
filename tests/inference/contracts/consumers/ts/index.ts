import * as pulumi from "@pulumi/pulumi";

const net = new pulumi.StackReference("acme/producers-ts/dev");
export const vpc = net.getOutput("vpcId");
export const db = net.requireOutput("dbhost");
const main = new pulumi.StackReference("acme/producers-tsmain/dev");
export const host = main.getOutput("dbHost");
export const gone = main.getOutput("subnetIds");
const spread = new pulumi.StackReference("acme/open-ts/dev");
export const more = spread.getOutput("dbHost");
const computed = new pulumi.StackReference("acme/open-tscomputed/dev");
export const k = computed.getOutput("vpcId");
const reexport = new pulumi.StackReference("acme/open-tsreexport/dev");
export const r = reexport.getOutput("vpcId");
const ext = new pulumi.StackReference("otherorg/billing/prod");
export const invoice = ext.getOutput("invoiceId");
const mapped = new pulumi.StackReference("acme/producers-ts/dev");
const vpcMap = mapped.outputs["vpcId"];
const vpcLifted = mapped.outputs.vpcid;
const opaque = new pulumi.StackReference("acme/producers-ts/dev");
const whole = opaque.outputs.apply((o) => o["subnetID"]); // not read: counted as not checked
