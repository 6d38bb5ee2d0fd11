import * as pulumi from "@pulumi/pulumi";

export const network = new pulumi.StackReference(`acme/networking/${pulumi.getStack()}`);
