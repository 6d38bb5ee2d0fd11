import * as pulumi from "@pulumi/pulumi";

export const database = new pulumi.StackReference(`acme/database/${pulumi.getStack()}`);
