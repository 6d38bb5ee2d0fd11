import * as pulumi from "@pulumi/pulumi";

export const unused = new pulumi.StackReference("acme/dns/prod");
