import * as pulumi from "@pulumi/pulumi";

// Output keys read through zero-parameter helpers: inside them, and on what they return.
const net = new pulumi.StackReference(`acme/networking/${pulumi.getStack()}`);
const vpcId = () => net.getOutput("vpcId");

const database = () => new pulumi.StackReference(`acme/database/${pulumi.getStack()}`);

function cluster() {
    return new pulumi.StackReference("acme/cluster/prod");
}

function dns(flag?: boolean) {
    if (flag) {
        return new pulumi.StackReference("acme/dns/prod");
    }
    return undefined;
}

const db = database();
export const vpc = vpcId();
export const host = db.requireOutput("host");
export const port = database().getOutput("port");
export const kube = cluster().getOutput("kubeconfig");
export const zone = dns(true)?.getOutput("zoneId");
