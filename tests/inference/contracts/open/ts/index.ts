import * as pulumi from "@pulumi/pulumi";
import { more } from "./more";

export = { vpcId: "vpc-1", ...more };
