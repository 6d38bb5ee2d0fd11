import * as pulumi from "@pulumi/pulumi";
import { databaseRef } from "@acme/refs-lib";

export const db = databaseRef(pulumi.getStack()).getOutput("endpoint");
