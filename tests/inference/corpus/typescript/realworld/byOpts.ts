import * as pulumi from "@pulumi/pulumi";

type RefOpts = { environment: string; project: string; region?: string };

// A helper whose one parameter is destructured: each call's object literal binds it.
export const refByOpts = ({ environment, project: proj, region = "eu" }: RefOpts) => {
    return new pulumi.StackReference(`acme/${proj}/${environment}`);
};
