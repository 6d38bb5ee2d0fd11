import * as pulumi from "@pulumi/pulumi";

// `+` of two numbers adds them: not a name; a string followed by numbers concatenates.
const version = 1;
export const next = new pulumi.StackReference("acme/networking/v" + (version + 1));
export const text = new pulumi.StackReference("acme/shared/glob" + "al");
function again(n: string): string { return again(n); }
export const loop = new pulumi.StackReference(again("x"));
