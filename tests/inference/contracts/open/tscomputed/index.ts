const key = process.env.KEY || "vpcId";
export default async () => ({ [key]: "vpc-1" });
