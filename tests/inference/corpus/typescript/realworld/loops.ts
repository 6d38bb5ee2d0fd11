import * as pulumi from "@pulumi/pulumi";

const stack = pulumi.getStack();

// Names bound by loops, array patterns and callbacks hide the constant they share a name with.
export function perRegion(regions: string[]) {
    for (const stack of regions) {
        new pulumi.StackReference(`acme/networking/${stack}`);
    }
    return pulumi.all([stack]).apply(([stack]) => new pulumi.StackReference(`acme/database/${stack}`));
}

export const current = new pulumi.StackReference(`acme/cluster/${stack}`);
