package main

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		ctx.Export("vpcId", pulumi.String("vpc-1"))
		ctx.Export(`dbHost`, pulumi.String("db.internal"))
		return nil
	})
}
