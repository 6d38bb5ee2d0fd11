import * as pulumi from "@pulumi/pulumi";

export const networkStack = `acme/networking/${pulumi.getStack()}`;
export const names = { cluster: "acme/cluster/prod" } as const;
export const dbStack = `acme/database/${pulumi.getStack()}`;
