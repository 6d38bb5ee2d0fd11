import * as pulumi from "@pulumi/pulumi";

export const vpcId = "vpc-1";
const host = "db.internal";
export { host as dbHost };
export interface Shape { x: string }
