"use strict";
const more = require("./more");

module.exports.vpcId = "vpc-1";
Object.assign(module.exports, more);
