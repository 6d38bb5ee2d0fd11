import * as pulumi from "@pulumi/pulumi";

const cfg = new pulumi.Config();
export const stackConfig = {
    database: cfg.require("databaseStack"),
};
