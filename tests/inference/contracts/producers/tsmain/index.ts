import * as pulumi from "@pulumi/pulumi";

export = async () => {
    const inner = () => { return { notAnOutput: 1 }; };
    return { vpcId: "vpc-1", dbHost: "db.internal" };
};
