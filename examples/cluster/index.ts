// cluster: the Kubernetes cluster the api and web services run on.
//
// A real program would create a managed cluster with a cloud provider. This one
// only computes what such a cluster would export, so it deploys anywhere.
import * as pulumi from "@pulumi/pulumi";

const config = new pulumi.Config();
const stack = pulumi.getStack();

// Same organization, same environment: cluster/dev reads networking/dev.
const network = new pulumi.StackReference(`${pulumi.getOrganization()}/networking/${pulumi.getStack()}`);
const vpcId = network.requireOutput("vpcId");

const kubernetesVersion = config.get("kubernetesVersion") ?? "1.30";
const nodeCount = config.requireNumber("nodeCount");
const nodeSize = config.require("nodeSize");

export const clusterName = `k8s-${stack}`;
// e.g. "https://k8s-dev.vpc-dev-10-0.k8s.internal:6443"
export const clusterEndpoint = pulumi.interpolate`https://${clusterName}.${vpcId}.k8s.internal:6443`;
// Passed through so you can see the value that flowed from networking.
export const networkVpcId = vpcId;
export const nodePool = { count: nodeCount, size: nodeSize, kubernetesVersion };
