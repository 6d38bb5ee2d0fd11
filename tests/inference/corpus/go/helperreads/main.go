package main

import (
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

// Output keys read through a helper without parameters: a package variable set in main.
var net *pulumi.StackReference

func vpcID() pulumi.AnyOutput {
	return net.GetOutput(pulumi.String("vpcId"))
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		var err error
		net, err = pulumi.NewStackReference(ctx, "acme/networking/"+ctx.Stack(), nil)
		if err != nil {
			return err
		}
		ctx.Export("vpc", vpcID())
		return nil
	})
}
