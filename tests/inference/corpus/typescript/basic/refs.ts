import * as pulumi from "@pulumi/pulumi";

export function ref(project: string): pulumi.StackReference {
    return new pulumi.StackReference(`${pulumi.getOrganization()}/${project}/${pulumi.getStack()}`); // @S19
}

export const never = (p: string) => new pulumi.StackReference(`acme/${p}/prod`); // @S20
