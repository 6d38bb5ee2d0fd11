// web: the storefront frontend, deployed onto the environment's cluster.
//
// A real program would deploy a Deployment and an Ingress onto the cluster.
// This one only computes where the frontend is served, so it deploys anywhere.
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const stack = pulumi.getStack();

// The two-argument form: "cluster" is only this resource's logical name,
// the stack it reads is the `name` argument (cluster/dev for the dev stack).
const cluster = new pulumi.StackReference("cluster", {
    name: `${pulumi.getOrganization()}/cluster/${stack}`,
});
const clusterName = cluster.requireOutput("clusterName");

const baseDomain = config.require("baseDomain");
const replicas = config.getNumber("replicas") ?? 1;

// The cluster's ingress serves every app under apps.<cluster>.<domain>,
// e.g. "https://web.apps.k8s-dev.example.com".
export const webUrl = pulumi.interpolate`https://web.apps.${clusterName}.${baseDomain}`;
export const webReplicas = replicas;
