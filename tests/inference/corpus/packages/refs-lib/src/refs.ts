import * as pulumi from "@pulumi/pulumi";

// A workspace package of the repository, imported by its name: its references run in the importing program.
export function databaseRef(env: string): pulumi.StackReference {
    return new pulumi.StackReference(`acme/database/${env}`);
}
