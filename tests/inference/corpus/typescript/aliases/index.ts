import { network } from "@refs/network";

export const vpc = network.getOutput("vpcId");
