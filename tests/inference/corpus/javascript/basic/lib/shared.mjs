import * as pulumi from "@pulumi/pulumi";

export function projectStack(project) {
    return `acme/${project}/${pulumi.getStack()}`;
}

export const direct = new pulumi.StackReference(`${pulumi.getOrganization()}/database/prod`); // @S10
