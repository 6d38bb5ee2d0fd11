import * as pulumi from "@pulumi/pulumi";

export function makeRef(logical: string, target: string): pulumi.StackReference {
    const org = pulumi.getOrganization();
    const full = `${org}/networking/${target}`;
    return new pulumi.StackReference(logical, { name: full });
}
