import * as pulumi from "@pulumi/pulumi";

// Second arguments: Pulumi takes `args.name` when it is set, so Args it cannot read leave the name unknown.
const sharedArgs = { name: "acme/dns/prod" };
const opaque = new pulumi.StackReference("dns", sharedArgs);
const noArgs = new pulumi.StackReference(`acme/networking/${pulumi.getStack()}`, undefined, { protect: true });
const spread = new pulumi.StackReference("db", { ...sharedArgs });
const empty = new pulumi.StackReference("acme/shared/global", {});
