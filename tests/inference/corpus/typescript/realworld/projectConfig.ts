import * as pulumi from "@pulumi/pulumi";

// Config of the project's own namespace, named by getProject().
const cfg = new pulumi.Config(pulumi.getProject());
export const byProject = new pulumi.StackReference(`${cfg.require("org")}/cluster/${pulumi.getStack()}`);
