import * as pulumi from "@pulumi/pulumi";

// A member of a structured config value.
interface Platform {
    upstream: string;
    missing?: string;
}
const platform = new pulumi.Config().requireObject<Platform>("platform");
export const upstream = new pulumi.StackReference(platform.upstream);
export const missing = new pulumi.StackReference(platform.missing);
