import * as pulumi from "@pulumi/pulumi";

// Output keys read as `ref.outputs["k"]` and `ref.outputs.k`, and uses the scan cannot read.
const net = new pulumi.StackReference(`acme/networking/${pulumi.getStack()}`);
const vpc = net.outputs["vpcId"];
const subnets = net.outputs.subnetIds;
const host = new pulumi.StackReference(`acme/database/${pulumi.getStack()}`).outputs.host;
const cluster = new pulumi.StackReference("acme/cluster/prod");
const kube = cluster.outputs.apply((o) => o["kubeconfig"]);
const dns = new pulumi.StackReference("acme/dns/prod");
const key = "zoneId";
const zone = dns.getOutput(key);
const shared = new pulumi.StackReference("acme/shared/global");
const region = shared.requireOutput("region");
describe({ shared });

function describe(refs: { shared: pulumi.StackReference }) {
    return refs.shared.getOutput("anything");
}

export const seen = [vpc, subnets, host, kube, zone, region, Object.keys(net.outputs)];
