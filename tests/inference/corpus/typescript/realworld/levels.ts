import * as pulumi from "@pulumi/pulumi";

export function stackRef(project: string, stack: string) {
    return new pulumi.StackReference(`acme/${project}/${stack}`);
}

// Helpers that pass their own parameters on: each of their calls binds the site in turn.
export function databaseRef(stack?: string) {
    return stackRef("database", stack || pulumi.getStack());
}

export function lazyCluster(stack: string) {
    return () => stackRef("cluster", stack);
}
