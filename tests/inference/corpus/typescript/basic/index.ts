import * as pulumi from "@pulumi/pulumi";
import { StackReference } from "@pulumi/pulumi";
import type { StackReferenceOutputDetails } from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import { LocalWorkspace } from "@pulumi/pulumi/automation";
import { networkStack, names } from "./config";
import * as cfgmod from "./config";
import { ref } from "./refs";

const config = new pulumi.Config();
const stack = pulumi.getStack();
const org = config.require("org");

const literal = new pulumi.StackReference("acme/networking/prod"); // @S1
const current = new pulumi.StackReference(`acme/networking/${pulumi.getStack()}`); // @S2
const byOrg = new StackReference(`${pulumi.getOrganization()}/database/${stack}`); // @S3
const whole = new pulumi.StackReference(config.require("clusterStack")); // @S4
const withDefault = new pulumi.StackReference(config.get("dnsStack") ?? "acme/dns/prod"); // @S5
const orDefault = new pulumi.StackReference(config.get("sharedStack") || `${org}/shared/global`); // @S6
const plus = new pulumi.StackReference("acme/cluster/" + stack); // @S7
const twoArg = new pulumi.StackReference("network", { // @S8
    name: `acme/networking/${stack}`,
});
const ternary = new pulumi.StackReference(stack === "prod" ? "acme/database/prod" : "acme/database/dev"); // @S9
const runtime = new pulumi.StackReference(process.env.CI ? "acme/cluster/prod" : "acme/cluster/dev"); // @S10
const secret = new pulumi.StackReference(config.require("secretStack")); // @S11
const foreign = new pulumi.StackReference(new pulumi.Config("infra").require("netStack")); // @S12
const imported = new pulumi.StackReference(networkStack); // @S13
const member = new pulumi.StackReference(names.cluster); // @S14
const nsImport = new pulumi.StackReference(cfgmod.dbStack); // @S15
const joined = new pulumi.StackReference(["acme", "networking", stack].join("/")); // @S16
const external = new pulumi.StackReference(`other-org/payments/${stack}`); // @S17
const interpolated = new pulumi.StackReference(pulumi.interpolate`acme/cluster/${stack}`); // @S18
const cluster = ref("cluster");
const db = ref("database");

function typed(r: pulumi.StackReference): StackReferenceOutputDetails | undefined {
    return undefined;
}
const tag = new pulumiservice.StackTag("owner", {
    organization: "acme", project: "networking", stack: "prod", name: "owner", value: "platform",
});
// const old = new pulumi.StackReference("acme/cluster/prod");
/* const older = new pulumi.StackReference("acme/cluster/dev"); */
const doc = "new pulumi.StackReference('acme/cluster/prod')";
async function automation() {
    await LocalWorkspace.selectStack({ stackName: "acme/networking/prod", workDir: "." });
}
export const vpcId = literal.getOutput("vpcId");
export const kube = cluster.requireOutput("kubeconfig");
