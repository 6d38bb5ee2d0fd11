import * as pulumi from "@pulumi/pulumi";

// Not a project: programs import it by a relative path and run its StackReferences as their own.
export const clusterRef = (stack: string) =>
    new pulumi.StackReference(`acme/cluster/${stack}`);
