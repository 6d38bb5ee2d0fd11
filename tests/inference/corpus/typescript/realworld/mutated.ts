import * as pulumi from "@pulumi/pulumi";

// A map the program changes after creating it is not read as written.
const targets: Record<string, string> = { dev: "acme/networking/dev", prod: "acme/networking/prod" };
targets["prod"] = "acme/networking/staging";
export const changed = new pulumi.StackReference(targets[pulumi.getStack()]);
