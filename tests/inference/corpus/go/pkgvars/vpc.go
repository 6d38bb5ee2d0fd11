package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func vpc() pulumi.StringOutput {
	return network.GetStringOutput(pulumi.String("vpcId"))
}
