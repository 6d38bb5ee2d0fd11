import * as pulumi from "@pulumi/pulumi";

// A literal map read with the stack name: the entry of each stack.
const upstream: Record<string, string> = { dev: "acme/networking/staging", prod: "acme/networking/prod" };
export const net = new pulumi.StackReference(upstream[pulumi.getStack()]);
const onlyProd = { prod: "acme/dns/prod" };
export const dns = new pulumi.StackReference(onlyProd[pulumi.getStack() as "prod"]);
