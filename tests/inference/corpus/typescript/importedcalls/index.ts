// Reads on the results of functions imported from refs.ts.
import { network } from "./refs";
import * as refs from "./refs";

export const vpc = network().getOutput("vpcId");
export const zone = refs.dns().requireOutput("zoneId");
export function later() {
    return refs.dns();
}
