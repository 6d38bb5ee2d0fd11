import * as pulumi from "@pulumi/pulumi";

// A variable reassigned under an if is a conditional of the two values; in a try or a loop it is unknown.
let target = "networking/dev";
if (pulumi.getStack() === "prod") {
    target = "networking/prod";
}
export const net = new pulumi.StackReference(`acme/${target}`);

let db: string;
if (pulumi.getStack() === "prod") {
    db = "acme/database/prod";
} else {
    db = "acme/database/dev";
}
export const database = new pulumi.StackReference(db);

let cluster = "acme/cluster/dev";
try {
    cluster = "acme/cluster/prod";
} catch (e) {}
export const clusterRef = new pulumi.StackReference(cluster);
