import * as pulumi from "@pulumi/pulumi";

// No program imports this file: it is nobody's reference.
export const orphan = new pulumi.StackReference("acme/dns/prod");
