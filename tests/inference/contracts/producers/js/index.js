"use strict";
const pulumi = require("@pulumi/pulumi");

module.exports = { vpcId: "vpc-1", "dbHost": "db.internal" };
