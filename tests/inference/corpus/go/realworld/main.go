package main

import (
	"fmt"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func refArgs() *pulumi.StackReferenceArgs {
	return &pulumi.StackReferenceArgs{Name: pulumi.String("acme/dns/prod")}
}

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		// The name argument is only the resource name when the Args carry a Name.
		net, err := pulumi.NewStackReference(ctx, fmt.Sprintf("acme/networking/%s", ctx.Stack()), &pulumi.StackReferenceArgs{})
		if err != nil {
			return err
		}
		_ = net
		args := refArgs()
		dns, err := pulumi.NewStackReference(ctx, "dns", args)
		_ = dns
		db, err := pulumi.NewStackReference(ctx, "db", &pulumi.StackReferenceArgs{
			Name: pulumi.Sprintf("acme/database/%s", ctx.Stack()),
		})
		_ = db
		return err
	})
}

func heldArgs(ctx *pulumi.Context) error {
	args := &pulumi.StackReferenceArgs{Name: pulumi.String("acme/cluster/prod")}
	_, err := pulumi.NewStackReference(ctx, "cluster", args)
	return err
}
