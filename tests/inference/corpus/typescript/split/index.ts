import * as pulumi from "@pulumi/pulumi";

// Stack names that carry a region and an environment: the environment is one item of the split name.
const env = pulumi.getStack().split(".")[1];
export const network = new pulumi.StackReference(`acme/networking/${env}`);
const parts = pulumi.getStack().split(".");
export const database = new pulumi.StackReference(`acme/database/${parts[1]}`);
export const beyond = new pulumi.StackReference(`acme/cluster/${parts[2]}`);
