import * as pulumi from "@pulumi/pulumi";

export function network() {
    return new pulumi.StackReference(`acme/networking/${pulumi.getStack()}`);
}
export const dns = () => new pulumi.StackReference("acme/dns/prod");
