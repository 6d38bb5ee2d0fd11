import * as pulumi from "@pulumi/pulumi";

// A module-level reference of a workspace package, imported by its deep path; the cluster comes from the environment.
const basename = process.env.CLUSTER_BASENAME;
export const infraStack = new pulumi.StackReference(`acme/cluster/infra.${basename}`);
