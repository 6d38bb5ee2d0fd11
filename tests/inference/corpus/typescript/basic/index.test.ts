import * as pulumi from "@pulumi/pulumi";

// Tests mock references; they are not the program.
const mocked = new pulumi.StackReference("acme/cluster/prod");
