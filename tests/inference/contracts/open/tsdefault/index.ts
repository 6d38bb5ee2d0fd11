export default { vpcId: "vpc-1" };
