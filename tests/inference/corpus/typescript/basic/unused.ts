import * as pulumi from "@pulumi/pulumi";

// Nothing imports this module.
export const stale = new pulumi.StackReference("acme/cluster/prod"); // @S21
