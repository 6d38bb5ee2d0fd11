const pulumi = require("@pulumi/pulumi");

exports.networkStack = "acme/networking/" + pulumi.getStack();
module.exports.clusterStack = `acme/cluster/${pulumi.getStack()}`;
