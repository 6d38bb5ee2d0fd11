// A project whose folder holds another project (app/) and the helpers that project imports (shared/).
import * as pulumi from "@pulumi/pulumi";

export const name = pulumi.getProject();
