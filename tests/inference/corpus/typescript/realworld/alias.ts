import { StackReference as Ref } from "@pulumi/pulumi";

// The constructor imported under another name is still a StackReference.
export const aliased = new Ref("acme/dns/prod");
